//! `ecs-cli compose service create`: Register the task definition and create the ECS service (with no running tasks).

use crate::commands::flags::{Level, Levels};
use crate::compose::ProjectOptions;

/// Register the task definition and create the ECS service (with no running tasks)
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub load_balancer: super::LoadBalancerFlags,
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Launch type: EC2 or FARGATE (default: the cluster configuration's)
    #[arg(long = "launch-type", value_name = "VALUE")]
    pub launch_type: Option<String>,
    /// Create the CloudWatch log groups named in the awslogs logging options
    #[arg(long = "create-log-groups")]
    pub create_log_groups: bool,
    #[command(flatten)]
    pub service_discovery: super::ServiceDiscoveryFlags,
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
        .map_err(|e| crate::error::executing("create", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("compose service create"))
}
