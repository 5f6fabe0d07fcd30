//! `ecs-cli down`: Delete the cluster's CloudFormation stack and the ECS cluster.

use crate::context::Context;
use crate::error::executing;

/// Delete the cluster's CloudFormation stack and the ECS cluster
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Delete the cluster without asking for confirmation
    #[arg(long = "force", short = 'f')]
    pub force: bool,
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
    /// ECS cluster name
    #[arg(long = "cluster", short = 'c', value_name = "VALUE")]
    pub cluster: Option<String>,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Deletes the cluster's stack and the cluster, after confirmation unless `--force`.
pub async fn exec(ctx: &mut Context, args: &Args) -> anyhow::Result<()> {
    if !args.force {
        confirm().map_err(|e| executing("down", e))?;
    }
    ctx.command_config()
        .await
        .map_err(|e| executing("down", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("down"))
}

/// `Are you sure you want to delete your cluster? [y/N]`; only y/yes proceeds.
fn confirm() -> Result<(), String> {
    println!("Are you sure you want to delete your cluster? [y/N]");
    let mut input = String::new();
    match std::io::stdin().read_line(&mut input) {
        Ok(0) => return Err("Error reading input: EOF".into()),
        Err(e) => return Err(format!("Error reading input: {e}")),
        Ok(_) => {}
    }
    if !input.ends_with('\n') {
        return Err("Error reading input: EOF".into());
    }
    match input.trim().to_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err("Aborted cluster deletion. To delete your cluster, re-run this command and specify the '--force' flag or confirm that you'd like to delete your cluster at the prompt.".into()),
    }
}
