//! `ecs-cli compose ps`: List the containers of the project's tasks.

/// List the containers of the project's tasks
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Only list tasks with this desired status: RUNNING or STOPPED
    #[arg(long = "desired-status", value_name = "VALUE")]
    pub desired_status: Option<String>,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Lists the containers of the project's tasks.
pub async fn exec(ctx: &mut crate::context::Context, args: &Args) -> anyhow::Result<()> {
    let p = crate::tasks::compose::prepare(ctx, None, false).await?;
    let statuses = crate::commands::ps::desired_statuses(args.desired_status.as_deref())
        .map_err(crate::error::Fatal::new)?;
    let ec2 = crate::aws::ec2(&p.cfg);
    let tasks = crate::tasks::api::collect_tasks(
        &p.runner.ecs,
        &p.cfg.cluster,
        &statuses,
        Some(&p.runner.filter),
    )
    .await?;
    let rows = crate::tasks::info::rows(&p.runner.ecs, &ec2, &p.cfg.cluster, &tasks).await?;
    print!(
        "{}",
        crate::tasks::table::render(&crate::tasks::info::COLUMNS, &rows)
    );
    Ok(())
}
