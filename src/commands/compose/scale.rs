//! `ecs-cli compose scale`: Run exactly COUNT tasks of the project.

/// Run exactly COUNT tasks of the project
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Launch type: EC2 or FARGATE (default: the cluster configuration's)
    #[arg(long = "launch-type", value_name = "VALUE")]
    pub launch_type: Option<String>,
    /// Tags as key=value pairs, comma separated
    #[arg(long = "tags", value_name = "VALUE")]
    pub tags: Option<String>,
    /// Do not add the ECS managed tags to the tasks or service
    #[arg(long = "disable-ecs-managed-tags")]
    pub disable_ecs_managed_tags: bool,
    /// Number of tasks to run
    #[arg(value_name = "COUNT", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

/// Runs or stops tasks until COUNT of them run.
pub async fn exec(ctx: &mut crate::context::Context, args: &Args) -> anyhow::Result<()> {
    let p =
        crate::tasks::compose::prepare(ctx, args.tags.as_deref(), args.disable_ecs_managed_tags)
            .await?;
    if args.args.len() != 1 {
        return Err(crate::error::Fatal::new(
            "Please pass arguments in the form: ecs-cli compose scale COUNT",
        )
        .into());
    }
    let count: usize = crate::tasks::run::parse_count(&args.args[0]).ok_or_else(|| {
        crate::error::Fatal::new("Please pass an integer value for argument COUNT")
    })?;
    p.runner.scale(count, p.register(false)).await
}
