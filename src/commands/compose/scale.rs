//! `ecs-cli compose scale`: Run exactly COUNT tasks of the project.

use crate::commands::flags::{Level, Levels};
use crate::compose::ProjectOptions;

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
pub async fn exec(parents: Levels, opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(Level::from(&args.cluster_flags).launch_type(&args.launch_type));
    let t = super::ProjectTasks::open(&mut ctx, opts, &args.tags, args.disable_ecs_managed_tags)
        .await?;
    if args.args.len() != 1 {
        return Err(crate::error::Fatal::new(
            "Please pass arguments in the form: ecs-cli compose scale COUNT",
        )
        .into());
    }
    let count: usize = crate::ecs_tasks::run::parse_count(&args.args[0]).ok_or_else(|| {
        crate::error::Fatal::new("Please pass an integer value for argument COUNT")
    })?;
    t.runner.scale(count, t.register(false)).await
}
