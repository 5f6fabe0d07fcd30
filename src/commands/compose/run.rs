//! `ecs-cli compose run`: Run one task with the given commands overriding the services' commands.

use crate::commands::flags::Levels;
use crate::compose::ProjectOptions;

/// Run one task with the given commands overriding the services' commands
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
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
pub async fn exec(parents: Levels, opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    let t = super::ProjectTasks::open(&mut ctx, opts, &args.tags, args.disable_ecs_managed_tags)
        .await?;
    let overrides = crate::ecs_tasks::run::parse_run_args(&args.args)?;
    t.runner.run_once(&overrides, t.register(false)).await
}
