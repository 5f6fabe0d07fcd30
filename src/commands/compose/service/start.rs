//! `ecs-cli compose service start`: Start the service, with one task if its desired count is 0.

use crate::commands::flags::Levels;
use crate::compose::ProjectOptions;

/// Start the service, with one task if its desired count is 0
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Minutes to wait for the service to become stable (0: do not wait)
    #[arg(long = "timeout", default_value_t = 5.0, value_name = "N")]
    pub timeout: f64,
    /// Create the CloudWatch log groups named in the awslogs logging options
    #[arg(long = "create-log-groups")]
    pub create_log_groups: bool,
    /// Start a new deployment even when nothing changed
    #[arg(long = "force-deployment")]
    pub force_deployment: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Starts one task when the service has none (or forces a new deployment), then waits.
pub async fn exec(parents: Levels, opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    let o = super::open(
        &mut ctx,
        opts,
        Default::default(),
        super::Extra {
            force_deployment: args.force_deployment,
            timeout_minutes: args.timeout,
            ..Default::default()
        },
    )
    .await?;
    if args.create_log_groups {
        o.project.create_log_groups(&o.cfg).await?;
    }
    o.service.start().await
}
