//! `ecs-cli configure default`: Make a stored cluster configuration the default.

use crate::config::file::ClusterFile;
use crate::error::Fatal;

/// Make a stored cluster configuration the default
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Name under which to store this cluster configuration
    #[arg(long = "config-name", value_name = "VALUE")]
    pub config_name: Option<String>,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Makes `--config-name` the default cluster configuration.
pub async fn exec(args: &Args) -> anyhow::Result<()> {
    let name = super::required(&args.config_name, "config-name")?;
    let set = || -> anyhow::Result<()> {
        let path = crate::config::config_path()?;
        let mut file = ClusterFile::read(&path).map_err(anyhow::Error::msg)?;
        if !file.clusters.contains_key(&name) {
            anyhow::bail!("{name} must be defined as a profile before it can be set as default. ");
        }
        file.default = name.clone();
        file.write(&path).map_err(anyhow::Error::msg)
    };
    set().map_err(|e| Fatal::new(format!("Error setting default config: {e}")).into())
}
