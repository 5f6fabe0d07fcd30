//! `ecs-cli compose service up`: Create the service, or update it to the latest task definition, and wait until it is stable.

use crate::commands::flags::{Level, Levels};
use crate::compose::ProjectOptions;

/// Create the service, or update it to the latest task definition, and wait until it is stable
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub load_balancer: super::LoadBalancerFlags,
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Minutes to wait for the service to become stable (0: do not wait)
    #[arg(long = "timeout", default_value_t = 5.0, value_name = "N")]
    pub timeout: f64,
    /// Launch type: EC2 or FARGATE (default: the cluster configuration's)
    #[arg(long = "launch-type", value_name = "VALUE")]
    pub launch_type: Option<String>,
    /// Create the CloudWatch log groups named in the awslogs logging options
    #[arg(long = "create-log-groups")]
    pub create_log_groups: bool,
    /// Start a new deployment even when nothing changed
    #[arg(long = "force-deployment")]
    pub force_deployment: bool,
    #[command(flatten)]
    pub service_discovery: super::ServiceDiscoveryFlags,
    /// Update the service discovery settings of an existing service
    #[arg(long = "update-service-discovery")]
    pub update_service_discovery: bool,
    /// Service scheduling strategy: REPLICA or DAEMON
    #[arg(long = "scheduling-strategy", value_name = "VALUE")]
    pub scheduling_strategy: Option<String>,
    /// Do not add the ECS managed tags to the tasks or service
    #[arg(long = "disable-ecs-managed-tags")]
    pub disable_ecs_managed_tags: bool,
    /// Tags as key=value pairs, comma separated
    #[arg(long = "tags", value_name = "VALUE")]
    pub tags: Option<String>,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

pub async fn exec(parents: Levels, _opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(Level::from(&args.cluster_flags).launch_type(&args.launch_type));
    // Resolve the configuration first, so configuration errors read as they will when built.
    ctx.command_config()
        .await
        .map_err(|e| crate::error::executing("up", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("compose service up"))
}
