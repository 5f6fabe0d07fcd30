//! `ecs-cli compose stop`: Stop all tasks of the project.

use crate::commands::flags::Levels;
use crate::compose::ProjectOptions;

/// Stop all tasks of the project
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Stops every running task of the project.
pub async fn exec(parents: Levels, opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    let t = super::ProjectTasks::open(&mut ctx, opts, &None, false).await?;
    t.runner.stop().await
}
