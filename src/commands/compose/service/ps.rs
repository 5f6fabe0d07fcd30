//! `ecs-cli compose service ps`: List the containers of the service's tasks.

use crate::commands::flags::Levels;
use crate::compose::ProjectOptions;
use crate::ecs_tasks::ps_rows;
use crate::output::table;

/// List the containers of the service's tasks
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

/// Lists the containers of the service's tasks (ListTasks by service name).
pub async fn exec(parents: Levels, opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    let o = super::open(&mut ctx, opts, Default::default(), Default::default()).await?;
    let statuses = crate::commands::ps::desired_statuses(args.desired_status.as_deref())
        .map_err(crate::error::Fatal::new)?;
    let s = &o.service;
    let tasks =
        crate::aws::ecs_reads::collect_service_tasks(&s.ecs, &s.cluster, &statuses, &s.name)
            .await?;
    let ec2 = crate::aws::ec2(&o.cfg);
    let rows = ps_rows::rows(&s.ecs, &ec2, &s.cluster, &tasks).await?;
    print!("{}", table::render(&ps_rows::COLUMNS, &rows));
    Ok(())
}
