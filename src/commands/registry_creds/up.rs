//! `ecs-cli registry-creds up`: Store registry credentials in Secrets Manager and grant a task execution role access to them.

use crate::commands::flags::Levels;
use crate::error::{executing, Fatal};

/// Store registry credentials in Secrets Manager and grant a task execution role access to them
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub aws_flags: crate::commands::flags::AwsFlags,
    /// Update secrets that already exist with the new credentials
    #[arg(long = "update-existing-secrets")]
    pub update_existing_secrets: bool,
    /// Name of the task execution role to create or update
    #[arg(long = "role-name", value_name = "VALUE")]
    pub role_name: Option<String>,
    /// Do not create or update a task execution role
    #[arg(long = "no-role")]
    pub no_role: bool,
    /// Do not write the output file used by compose
    #[arg(long = "no-output-file")]
    pub no_output_file: bool,
    /// Directory in which to write the output file (default: the current directory)
    #[arg(long = "output-dir", value_name = "VALUE")]
    pub output_dir: Option<String>,
    /// Tags as key=value pairs, comma separated
    #[arg(long = "tags", value_name = "VALUE")]
    pub tags: Option<String>,
    /// YAML file that lists the registries and their credentials
    #[arg(value_name = "FILE", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

/// Stores registry credentials in Secrets Manager and sets up a task execution role.
pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.aws_flags);
    if args.args.len() != 1 {
        return Err(Fatal::new(format!(
            "Exactly 1 credential file is required. Found: {}",
            args.args.len()
        ))
        .into());
    }
    let file = &args.args[0];
    if let Err(e) = std::fs::read(file) {
        let path = std::path::Path::new(file);
        return Err(executing(
            "up",
            format!(
                "Error reading file '{file}': {}",
                crate::go::os::path_error("open", path, &e)
            ),
        ));
    }
    ctx.command_config()
        .await
        .map_err(|e| executing("up", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("registry-creds up"))
}
