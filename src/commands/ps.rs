//! `ecs-cli ps`: List the containers of all tasks in the cluster.

use crate::aws::ecs_reads;
use crate::commands::flags::Levels;
use crate::ecs_tasks::ps_rows;
use crate::error::executing;
use crate::output::table;

/// List the containers of all tasks in the cluster
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

/// The desired statuses to list for a `--desired-status` value (both when empty).
pub fn desired_statuses(value: Option<&str>) -> Result<Vec<&'static str>, String> {
    match value.unwrap_or("").to_ascii_uppercase().as_str() {
        "" => Ok(vec!["RUNNING", "STOPPED"]),
        "RUNNING" => Ok(vec!["RUNNING"]),
        "STOPPED" => Ok(vec!["STOPPED"]),
        _ => Err(format!(
            "Invalid value for --desired-status: {}. Valid values are RUNNING and STOPPED",
            value.unwrap_or("")
        )),
    }
}

/// Lists the containers of the cluster's tasks.
pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    let fail = |e: &anyhow::Error| executing("ps", crate::error::chain_text(e));
    let statuses =
        desired_statuses(args.desired_status.as_deref()).map_err(|e| executing("ps", e))?;
    let cfg = ctx.command_config().await.map_err(|e| fail(&e))?.clone();
    if cfg.cluster.is_empty() {
        return Err(executing(
            "ps",
            "Please configure a cluster using the configure command or the '--cluster' flag",
        ));
    }
    let ecs = crate::aws::ecs(&cfg);
    let ec2 = crate::aws::ec2(&cfg);
    ecs_reads::validate_cluster(&ecs, &cfg.cluster)
        .await
        .map_err(|e| fail(&e))?;
    let tasks = ecs_reads::collect_tasks(&ecs, &cfg.cluster, &statuses, None)
        .await
        .map_err(|e| fail(&e))?;
    let rows = ps_rows::rows(&ecs, &ec2, &cfg.cluster, &tasks)
        .await
        .map_err(|e| fail(&e))?;
    print!("{}", table::render(&ps_rows::COLUMNS, &rows));
    Ok(())
}
