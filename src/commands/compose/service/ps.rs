//! `ecs-cli compose service ps`: List the containers of the service's tasks.

use crate::commands::flags::Levels;
use crate::compose::ProjectOptions;

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

pub async fn exec(parents: Levels, _opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    // Resolve the configuration first, so configuration errors read as they will when built.
    ctx.command_config()
        .await
        .map_err(|e| crate::error::executing("ps", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("compose service ps"))
}
