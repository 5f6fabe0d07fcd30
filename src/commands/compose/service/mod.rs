//! `ecs-cli compose service`: Run a docker-compose project as an ECS service.

pub mod create;
pub mod ps;
pub mod rm;
pub mod scale;
pub mod start;
pub mod stop;
pub mod up;

/// Run a docker-compose project as an ECS service
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(clap::Subcommand, Debug, Clone)]
pub enum Command {
    #[command(name = "create")]
    Create(create::Args),
    #[command(name = "start")]
    Start(start::Args),
    #[command(name = "up")]
    Up(up::Args),
    #[command(name = "ps", visible_alias = "list")]
    Ps(ps::Args),
    #[command(name = "scale")]
    Scale(scale::Args),
    #[command(name = "stop")]
    Stop(stop::Args),
    #[command(name = "rm", visible_alias = "delete", visible_alias = "down")]
    Rm(rm::Args),
}

/// Deployment limits and the load balancer a service is attached to. (flags of `service create` and `service up`)
#[derive(clap::Args, Debug, Clone, Default)]
pub struct LoadBalancerFlags {
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
}

/// Registration of a service with AWS Cloud Map. (flags of `service create` and `service up`)
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ServiceDiscoveryFlags {
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
}
