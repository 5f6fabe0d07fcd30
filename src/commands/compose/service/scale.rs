//! `ecs-cli compose service scale`: Set the service's desired count and wait until it is stable.

use crate::commands::flags::Levels;
use crate::compose::ProjectOptions;

/// Set the service's desired count and wait until it is stable
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Upper limit of running tasks during a deployment, as a percentage of the desired count
    #[arg(long = "deployment-max-percent", value_name = "VALUE")]
    pub deployment_max_percent: Option<String>,
    /// Lower limit of healthy tasks during a deployment, as a percentage of the desired count
    #[arg(long = "deployment-min-healthy-percent", value_name = "VALUE")]
    pub deployment_min_healthy_percent: Option<String>,
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Minutes to wait for the service to become stable (0: do not wait)
    #[arg(long = "timeout", default_value_t = 5.0, value_name = "N")]
    pub timeout: f64,
    /// Number of tasks the service should run
    #[arg(value_name = "COUNT", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

pub async fn exec(parents: Levels, _opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    // Resolve the configuration first, so configuration errors read as they will when built.
    ctx.command_config()
        .await
        .map_err(|e| crate::error::executing("scale", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("compose service scale"))
}
