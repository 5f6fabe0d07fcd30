//! `ecs-cli scale`: Change the number of container instances in the cluster's stack.

use crate::context::Context;
use crate::error::executing;

/// Change the number of container instances in the cluster's stack
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Acknowledge that the command may create IAM resources (required unless --instance-role is given)
    #[arg(long = "capability-iam")]
    pub capability_iam: bool,
    /// Number of container instances to scale the cluster to
    #[arg(long = "size", value_name = "VALUE")]
    pub size: Option<String>,
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

/// Changes the number of container instances of the cluster's stack.
pub async fn exec(ctx: &mut Context, args: &Args) -> anyhow::Result<()> {
    if !args.capability_iam {
        return Err(executing("scale", "Please acknowledge that this command may create IAM resources with the '--capability-iam' flag"));
    }
    let size = args.size.clone().unwrap_or_default();
    if size.is_empty() {
        return Err(executing("scale", "Missing required flag '--size'"));
    }
    if size.parse::<i64>().is_err() {
        return Err(executing(
            "scale",
            format!(
                "strconv.Atoi: parsing {}: invalid syntax",
                crate::gofmt::quote(&size)
            ),
        ));
    }
    ctx.command_config()
        .await
        .map_err(|e| executing("scale", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("scale"))
}
