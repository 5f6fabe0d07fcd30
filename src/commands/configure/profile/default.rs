//! `ecs-cli configure profile default`: Make a stored ECS profile the default.

use crate::config::file::ProfileFile;
use crate::error::Fatal;

/// Make a stored ECS profile the default
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Name under which to store (or which to make default) this ECS profile
    #[arg(long = "profile-name", value_name = "VALUE")]
    pub profile_name: Option<String>,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Makes `--profile-name` the default ECS profile.
pub async fn exec(args: &Args) -> anyhow::Result<()> {
    let name = crate::commands::configure::required(&args.profile_name, "profile-name")?;
    let set = || -> anyhow::Result<()> {
        let path = crate::config::credentials_path()?;
        let mut file = ProfileFile::read(&path).map_err(anyhow::Error::msg)?;
        if !file.ecs_profiles.contains_key(&name) {
            anyhow::bail!("{name} must be defined as a profile before it can be set as default. ");
        }
        file.default = name.clone();
        file.write(&path).map_err(anyhow::Error::msg)
    };
    set().map_err(|e| Fatal::new(format!("Error setting default config: {e}")).into())
}
