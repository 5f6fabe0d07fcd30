//! `ecs-cli compose start`: Start one task of the project unless one is already running.

/// Start one task of the project unless one is already running
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Launch type: EC2 or FARGATE (default: the cluster configuration's)
    #[arg(long = "launch-type", value_name = "VALUE")]
    pub launch_type: Option<String>,
    /// Create the CloudWatch log groups named in the awslogs logging options
    #[arg(long = "create-log-groups")]
    pub create_log_groups: bool,
    /// Tags as key=value pairs, comma separated
    #[arg(long = "tags", value_name = "VALUE")]
    pub tags: Option<String>,
    /// Do not add the ECS managed tags to the tasks or service
    #[arg(long = "disable-ecs-managed-tags")]
    pub disable_ecs_managed_tags: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Starts one task of the project unless some already run.
pub async fn exec(ctx: &mut crate::context::Context, args: &Args) -> anyhow::Result<()> {
    let p =
        crate::tasks::compose::prepare(ctx, args.tags.as_deref(), args.disable_ecs_managed_tags)
            .await?;
    p.runner.up(p.register(args.create_log_groups), false).await
}
