//! `ecs-cli compose stop`: Stop all tasks of the project.

/// Stop all tasks of the project
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
    /// ECS cluster name
    #[arg(long = "cluster", short = 'c', value_name = "VALUE")]
    pub cluster: Option<String>,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Stops every running task of the project.
pub async fn exec(ctx: &mut crate::context::Context, _args: &Args) -> anyhow::Result<()> {
    let p = crate::tasks::compose::prepare(ctx, None, false).await?;
    p.runner.stop().await
}
