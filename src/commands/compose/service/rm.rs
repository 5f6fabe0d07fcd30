//! `ecs-cli compose service rm`: Scale the service to 0 and delete it.

use crate::commands::flags::Levels;
use crate::compose::ProjectOptions;

/// Scale the service to 0 and delete it
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Minutes to wait for the service to become stable (0: do not wait)
    #[arg(long = "timeout", default_value_t = 5.0, value_name = "N")]
    pub timeout: f64,
    /// Also delete the private DNS namespace created for service discovery
    #[arg(long = "delete-namespace")]
    pub delete_namespace: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

pub async fn exec(parents: Levels, _opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    // Resolve the configuration first, so configuration errors read as they will when built.
    ctx.command_config()
        .await
        .map_err(|e| crate::error::executing("rm", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("compose service rm"))
}
