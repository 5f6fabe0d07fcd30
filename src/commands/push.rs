//! `ecs-cli push`: Push a local image to an ECR repository, creating the repository if needed.

/// Push a local image to an ECR repository, creating the repository if needed
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// AWS account ID of the ECR registry (default: your account)
    #[arg(long = "registry-id", value_name = "VALUE")]
    pub registry_id: Option<String>,
    /// Tags as key=value pairs, comma separated
    #[arg(long = "tags", value_name = "VALUE")]
    pub tags: Option<String>,
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
    /// Print debug log lines
    #[arg(long = "verbose", visible_alias = "debug")]
    pub verbose: bool,
    /// Use the FIPS endpoint of ECR
    #[arg(long = "use-fips", visible_alias = "fips")]
    pub use_fips: bool,
    /// Local image to push ([REGISTRY/]REPOSITORY[:TAG])
    #[arg(value_name = "IMAGE", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

pub async fn exec(ctx: &mut crate::context::Context, _args: &Args) -> anyhow::Result<()> {
    // Resolve the configuration first, so configuration errors read as they will when built.
    ctx.command_config()
        .await
        .map_err(|e| crate::error::executing("push", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("push"))
}
