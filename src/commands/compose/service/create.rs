//! `ecs-cli compose service create`: Register the task definition and create the ECS service (with no running tasks).

/// Register the task definition and create the ECS service (with no running tasks)
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Upper limit of running tasks during a deployment, as a percentage of the desired count
    #[arg(long = "deployment-max-percent", value_name = "VALUE")]
    pub deployment_max_percent: Option<String>,
    /// Lower limit of healthy tasks during a deployment, as a percentage of the desired count
    #[arg(long = "deployment-min-healthy-percent", value_name = "VALUE")]
    pub deployment_min_healthy_percent: Option<String>,
    /// Target group to attach the service to
    #[arg(long = "target-group-arn", value_name = "VALUE")]
    pub target_group_arn: Option<String>,
    /// Container (compose service) to attach to the load balancer, or whose logs to show
    #[arg(long = "container-name", value_name = "VALUE")]
    pub container_name: Option<String>,
    /// Container port to attach to the load balancer
    #[arg(long = "container-port", value_name = "VALUE")]
    pub container_port: Option<String>,
    /// Classic load balancer to attach the service to
    #[arg(long = "load-balancer-name", value_name = "VALUE")]
    pub load_balancer_name: Option<String>,
    /// IAM role allowing ECS to manage the load balancer for the service
    #[arg(long = "role", value_name = "VALUE")]
    pub role: Option<String>,
    /// Seconds during which load balancer health checks are ignored after a task starts
    #[arg(long = "health-check-grace-period", value_name = "VALUE")]
    pub health_check_grace_period: Option<String>,
    /// Load balancer target group as targetGroupArn=...,containerName=...,containerPort=... (repeatable)
    #[arg(long = "target-groups", value_name = "VALUE", action = clap::ArgAction::Append)]
    pub target_groups: Vec<String>,
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Launch type: EC2 or FARGATE (default: the cluster configuration's)
    #[arg(long = "launch-type", value_name = "VALUE")]
    pub launch_type: Option<String>,
    /// Create the CloudWatch log groups named in the awslogs logging options
    #[arg(long = "create-log-groups")]
    pub create_log_groups: bool,
    /// Register the service with AWS Cloud Map service discovery
    #[arg(long = "enable-service-discovery")]
    pub enable_service_discovery: bool,
    /// Existing VPC ID to use
    #[arg(long = "vpc", value_name = "VALUE")]
    pub vpc: Option<String>,
    /// Name of the private DNS namespace to use or create
    #[arg(long = "private-dns-namespace", value_name = "VALUE")]
    pub private_dns_namespace: Option<String>,
    /// ID of an existing private DNS namespace
    #[arg(long = "private-dns-namespace-id", value_name = "VALUE")]
    pub private_dns_namespace_id: Option<String>,
    /// ID of an existing public DNS namespace
    #[arg(long = "public-dns-namespace-id", value_name = "VALUE")]
    pub public_dns_namespace_id: Option<String>,
    /// Name of an existing public DNS namespace
    #[arg(long = "public-dns-namespace", value_name = "VALUE")]
    pub public_dns_namespace: Option<String>,
    /// Container to register with service discovery
    #[arg(long = "sd-container-name", value_name = "VALUE")]
    pub sd_container_name: Option<String>,
    /// Container port to register with service discovery
    #[arg(long = "sd-container-port", value_name = "VALUE")]
    pub sd_container_port: Option<String>,
    /// TTL in seconds of the service discovery DNS records
    #[arg(long = "dns-ttl", value_name = "VALUE")]
    pub dns_ttl: Option<String>,
    /// Type of the service discovery DNS records: A or SRV
    #[arg(long = "dns-type", value_name = "VALUE")]
    pub dns_type: Option<String>,
    /// Number of 30-second intervals before an unhealthy instance is deregistered (custom health checks)
    #[arg(
        long = "healthcheck-custom-config-failure-threshold",
        value_name = "VALUE"
    )]
    pub healthcheck_custom_config_failure_threshold: Option<String>,
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

pub async fn exec(ctx: &mut crate::context::Context, _args: &Args) -> anyhow::Result<()> {
    // Resolve the configuration first, so configuration errors read as they will when built.
    ctx.command_config()
        .await
        .map_err(|e| crate::error::executing("create", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("compose service create"))
}
