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

/// Registers the task definition and creates the service with a desired count of 0. The
/// command has no `--timeout`: like the original, it does not wait (and says so).
pub async fn exec(parents: Levels, opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(Level::from(&args.cluster_flags).launch_type(&args.launch_type));
    let mut o = super::open(
        &mut ctx,
        opts,
        args.load_balancer.raw(),
        super::Extra {
            scheduling_strategy: args.scheduling_strategy.clone(),
            disable_managed_tags: args.disable_ecs_managed_tags,
            timeout_minutes: 0.0,
            discovery: args.service_discovery.request(false),
            ..Default::default()
        },
    )
    .await?;
    o.service.tags = crate::commands::compose::parse_tags(&args.tags)?;
    let td = super::register(&o, &o.service.tags, args.create_log_groups).await?;
    o.service.create(&td, 0).await
}
