//! `ecs-cli compose service up`: Create the service, or update it to the latest task definition, and wait until it is stable.

use crate::commands::flags::{Level, Levels};
use crate::compose::ProjectOptions;
use crate::ecs_services::Existing;

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

/// Creates the service with one task when it is missing or inactive; otherwise deploys the
/// latest task definition to it; waits until it is stable.
pub async fn exec(parents: Levels, opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(Level::from(&args.cluster_flags).launch_type(&args.launch_type));
    let mut o = super::open(
        &mut ctx,
        opts,
        args.load_balancer.raw(),
        super::Extra {
            scheduling_strategy: args.scheduling_strategy.clone(),
            disable_managed_tags: args.disable_ecs_managed_tags,
            force_deployment: args.force_deployment,
            timeout_minutes: args.timeout,
            discovery: args
                .service_discovery
                .request(args.update_service_discovery),
        },
    )
    .await?;
    let existing = o.service.existing().await?;
    o.service.tags = crate::commands::compose::parse_tags(&args.tags)?;
    let td = super::register(&o, &o.service.tags, args.create_log_groups).await?;
    match existing {
        Existing::Active(s) => o.service.update(&s, &td).await,
        Existing::Inactive | Existing::Missing => o.service.create(&td, 1).await,
    }
}
