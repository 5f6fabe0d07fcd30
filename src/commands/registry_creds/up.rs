//! `ecs-cli registry-creds up`: Store registry credentials in Secrets Manager and grant a task execution role access to them.

use crate::context::Context;
use crate::error::{executing, Fatal};

/// Store registry credentials in Secrets Manager and grant a task execution role access to them
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// AWS region
    #[arg(long = "region", short = 'r', value_name = "VALUE")]
    pub region: Option<String>,
    /// Name of the ECS profile in ~/.ecs/credentials to use (default: the default one)
    #[arg(
        long = "ecs-profile",
        env = "ECS_PROFILE",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub ecs_profile: Option<String>,
    /// Use this named profile from the AWS shared config/credentials files (takes precedence over --ecs-profile)
    #[arg(
        long = "aws-profile",
        env = "AWS_PROFILE",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub aws_profile: Option<String>,
    /// Name of the cluster configuration in ~/.ecs/config to use (default: the default one)
    #[arg(long = "cluster-config", value_name = "VALUE")]
    pub cluster_config: Option<String>,
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
pub async fn exec(ctx: &mut Context, args: &Args) -> anyhow::Result<()> {
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
                crate::gofmt::path_error("open", path, &e)
            ),
        ));
    }
    ctx.command_config()
        .await
        .map_err(|e| executing("up", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("registry-creds up"))
}
