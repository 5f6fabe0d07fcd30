//! `ecs-cli compose service`: Run a docker-compose project as an ECS service.

use crate::commands::flags::Levels;
use crate::compose::ProjectOptions;
use crate::config::resolve::CommandConfig;
use crate::context::Context;
use crate::ecs_services::{discovery, load_balancers, Service};
use crate::project::Project;

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
    Create(create::Args),
    Start(start::Args),
    Up(up::Args),
    #[command(visible_alias = "list")]
    Ps(ps::Args),
    Scale(scale::Args),
    Stop(stop::Args),
    #[command(visible_alias = "delete", visible_alias = "down")]
    Rm(rm::Args),
}

/// Routes a `compose service` subcommand, with this level's flags and the project's options.
pub async fn dispatch(parents: Levels, opts: &ProjectOptions, args: Args) -> anyhow::Result<()> {
    let levels = parents.with(&args.cluster_flags);
    let Some(command) = args.command else {
        return Err(crate::commands::subcommand_required());
    };
    match command {
        Command::Create(a) => create::exec(levels, opts, &a).await,
        Command::Start(a) => start::exec(levels, opts, &a).await,
        Command::Up(a) => up::exec(levels, opts, &a).await,
        Command::Ps(a) => ps::exec(levels, opts, &a).await,
        Command::Scale(a) => scale::exec(levels, opts, &a).await,
        Command::Stop(a) => stop::exec(levels, opts, &a).await,
        Command::Rm(a) => rm::exec(levels, opts, &a).await,
    }
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

impl LoadBalancerFlags {
    /// The raw values for the machinery's checks.
    fn raw(&self) -> load_balancers::Flags {
        load_balancers::Flags {
            deployment_max_percent: self.deployment_max_percent.clone(),
            deployment_min_healthy_percent: self.deployment_min_healthy_percent.clone(),
            target_groups: self.target_groups.clone(),
            role: self.role.clone(),
            target_group_arn: self.target_group_arn.clone(),
            load_balancer_name: self.load_balancer_name.clone(),
            container_name: self.container_name.clone(),
            container_port: self.container_port.clone(),
            health_check_grace_period: self.health_check_grace_period.clone(),
        }
    }
}

impl ServiceDiscoveryFlags {
    /// The discovery request of these flags.
    fn request(&self, update: bool) -> discovery::Request {
        let v = |o: &Option<String>| o.clone().unwrap_or_default();
        discovery::Request {
            enabled: self.enable_service_discovery,
            update,
            vpc: v(&self.vpc),
            private_dns_namespace: v(&self.private_dns_namespace),
            private_dns_namespace_id: v(&self.private_dns_namespace_id),
            public_dns_namespace: v(&self.public_dns_namespace),
            public_dns_namespace_id: v(&self.public_dns_namespace_id),
            container_name: v(&self.sd_container_name),
            container_port: v(&self.sd_container_port),
            dns_ttl: v(&self.dns_ttl),
            dns_type: v(&self.dns_type),
            healthcheck_custom_config_failure_threshold: v(
                &self.healthcheck_custom_config_failure_threshold
            ),
        }
    }
}

/// What a `compose service` command adds to the project's service, beyond the load-balancer
/// flags (defaults: none of them given).
#[derive(Default)]
struct Extra {
    scheduling_strategy: Option<String>,
    disable_managed_tags: bool,
    force_deployment: bool,
    timeout_minutes: f64,
    discovery: discovery::Request,
}

/// A project opened for a `compose service` command: its configuration, the project and its
/// service (tags are parsed later, where the original parsed them).
struct Opened {
    cfg: CommandConfig,
    project: Project,
    service: Service,
}

/// `--timeout` must not be negative; checked before anything is done (the original found out
/// only in its first wait, after the change was made).
fn check_timeout(minutes: f64) -> anyhow::Result<()> {
    if minutes < 0.0 || minutes.is_nan() {
        return Err(crate::error::Fatal::new(format!(
            "Error with timeout flag: {minutes:.6} is not a valid timeout value"
        ))
        .into());
    }
    Ok(())
}

/// Opens the project and checks the load-balancer flags as the original's project factory did
/// (a bad flag fails the opening, with its error and fatal lines).
async fn open(
    ctx: &mut Context,
    opts: &ProjectOptions,
    lb: load_balancers::Flags,
    extra: Extra,
) -> anyhow::Result<Opened> {
    check_timeout(extra.timeout_minutes)?;
    let (cfg, project) = super::open(ctx, opts).await?;
    let lb = load_balancers::settings(&lb).map_err(|e| crate::project::project_error(&e))?;
    let service = Service {
        ecs: crate::aws::ecs(&cfg),
        tagging: crate::aws::tagging(&cfg),
        cfn: crate::aws::cloudformation(&cfg),
        cloud_map: crate::aws::servicediscovery(&cfg),
        route53: crate::aws::route53(&cfg),
        region: cfg.region.clone(),
        cluster: cfg.cluster.clone(),
        project: project.name.clone(),
        name: project.service_name(&cfg),
        launch_type: cfg.launch_type.clone(),
        ecs_params: project.ecs_params.clone(),
        lb,
        scheduling_strategy: extra
            .scheduling_strategy
            .unwrap_or_default()
            .to_ascii_uppercase(),
        tags: Vec::new(),
        disable_managed_tags: extra.disable_managed_tags,
        force_deployment: extra.force_deployment,
        timeout_minutes: extra.timeout_minutes,
        discovery: extra.discovery,
    };
    Ok(Opened {
        cfg,
        project,
        service,
    })
}

/// The task definition a service flow deploys, registered (or the cached identical revision).
async fn register(
    o: &Opened,
    tags: &[(String, String)],
    create_log_groups: bool,
) -> anyhow::Result<crate::ecs_services::Revision> {
    let arn = o.project.register(&o.cfg, tags, create_log_groups).await?;
    Ok(crate::ecs_services::Revision {
        arn,
        network_mode: o.project.network_mode(),
    })
}
