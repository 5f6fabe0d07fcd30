//! `ecs-cli compose service stop`: Set the service's desired count to 0 and wait until its tasks stop.

use crate::commands::flags::Levels;
use crate::compose::ProjectOptions;

/// Set the service's desired count to 0 and wait until its tasks stop
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Minutes to wait for the service to become stable (0: do not wait)
    #[arg(long = "timeout", default_value_t = 5.0, value_name = "N")]
    pub timeout: f64,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Sets the desired count to 0 and waits until the service is stable.
pub async fn exec(parents: Levels, opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    let o = super::open(
        &mut ctx,
        opts,
        Default::default(),
        super::Extra {
            timeout_minutes: args.timeout,
            ..Default::default()
        },
    )
    .await?;
    o.service.update_count(Some(0)).await
}
