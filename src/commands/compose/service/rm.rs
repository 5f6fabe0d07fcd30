//! `ecs-cli compose service rm`: Delete the service (whatever its desired count) and its service-discovery resources.

use crate::commands::flags::Levels;
use crate::compose::ProjectOptions;

/// Delete the service (whatever its desired count) and its service-discovery resources
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

/// Deletes the service (forced, whatever its desired count), waits, then deletes the
/// service-discovery resources it was registered with.
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
    o.service.delete(args.delete_namespace).await
}
