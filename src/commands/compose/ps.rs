//! `ecs-cli compose ps`: List the containers of the project's tasks.

use crate::commands::flags::Levels;
use crate::compose::ProjectOptions;
use crate::ecs_tasks::ps_rows;
use crate::output::table;

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
pub async fn exec(parents: Levels, opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    let t = super::ProjectTasks::open(&mut ctx, opts, &None, false).await?;
    let statuses = crate::commands::ps::desired_statuses(args.desired_status.as_deref())
        .map_err(crate::error::Fatal::new)?;
    let ec2 = crate::aws::ec2(&t.cfg);
    let tasks = crate::aws::ecs_reads::collect_tasks(
        &t.runner.ecs,
        &t.cfg.cluster,
        &statuses,
        Some(&t.runner.filter),
    )
    .await?;
    let rows = ps_rows::rows(&t.runner.ecs, &ec2, &t.cfg.cluster, &tasks).await?;
    print!("{}", table::render(&ps_rows::COLUMNS, &rows));
    Ok(())
}
