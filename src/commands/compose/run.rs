//! `ecs-cli compose run`: Run one task with the given commands overriding the services' commands.

/// Run one task with the given commands overriding the services' commands
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
    /// Tags as key=value pairs, comma separated
    #[arg(long = "tags", value_name = "VALUE")]
    pub tags: Option<String>,
    /// Do not add the ECS managed tags to the tasks or service
    #[arg(long = "disable-ecs-managed-tags")]
    pub disable_ecs_managed_tags: bool,
    /// The service, then the command to run in it (repeat as SERVICE COMMAND pairs)
    #[arg(value_name = "SERVICE [COMMAND]", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

/// Runs one task with command overrides.
pub async fn exec(ctx: &mut crate::context::Context, args: &Args) -> anyhow::Result<()> {
    let p =
        crate::tasks::compose::prepare(ctx, args.tags.as_deref(), args.disable_ecs_managed_tags)
            .await?;
    let overrides = crate::tasks::run::parse_run_args(&args.args)?;
    p.runner.run_once(&overrides, p.register(false)).await
}
