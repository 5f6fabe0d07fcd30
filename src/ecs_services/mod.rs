//! The ECS service machinery of `compose service`: create a project's service, start, update,
//! scale, stop and delete it, and list its tasks — with the original's requests, log lines
//! and waits (`crate::waiters::services`). It works on plain values ([`Service`]); the
//! commands gather them from their flags, the project and the configuration. See
//! docs/services.md.
//!
//! The flows follow the original's `compose service` entity:
//! - `create`: CreateService with desired count 0, then the waits;
//! - `up`: create with desired count 1 when the service is missing or inactive; otherwise
//!   UpdateService with the new task definition (or only the count when it is unchanged),
//!   then the discovery update or the new tags;
//! - `start`: desired count 1 when it is 0 (a forced deployment otherwise, if asked);
//! - `scale`/`stop`: UpdateService with the count; `rm`: DeleteService (forced), then the
//!   wait and the service-discovery clean-up.

pub mod discovery;
pub mod load_balancers;

use aws_sdk_ecs::types::{
    DeploymentConfiguration, LaunchType, PropagateTags, SchedulingStrategy, Service as EcsService,
    Tag,
};

use crate::aws::arn::after_first_slash;
use crate::aws::ecs_services::{self as api, Described};
use crate::compose::EcsParams;
use crate::ecs_tasks::run::{network_configuration, placement, validate_fargate};
use crate::logging::{log, LogLevel};
use crate::waiters::services::{self as wait, ServiceRef};

pub use load_balancers::Settings as LoadBalancing;

/// Everything the service flows need, resolved from the flags, the project and the
/// configuration.
pub struct Service {
    pub ecs: aws_sdk_ecs::Client,
    pub tagging: aws_sdk_resourcegroupstagging::Client,
    pub cfn: aws_sdk_cloudformation::Client,
    pub cloud_map: aws_sdk_servicediscovery::Client,
    pub route53: aws_sdk_route53::Client,
    pub region: String,
    pub cluster: String,
    /// The compose project name.
    pub project: String,
    /// `<compose-service-name-prefix><project>`.
    pub name: String,
    /// The configured or `--launch-type` launch type ("" when neither).
    pub launch_type: String,
    pub ecs_params: Option<EcsParams>,
    pub lb: LoadBalancing,
    /// `--scheduling-strategy`, upper-cased ("" when not given).
    pub scheduling_strategy: String,
    pub tags: Vec<(String, String)>,
    pub disable_managed_tags: bool,
    pub force_deployment: bool,
    /// `--timeout` in minutes (0 for the commands that have no such flag).
    pub timeout_minutes: f64,
    pub discovery: discovery::Request,
}

/// The task definition a flow deploys: its ARN and network mode.
pub struct Revision {
    pub arn: String,
    pub network_mode: String,
}

impl Revision {
    /// `family:revision`, as the requests and log lines name it.
    pub fn id(&self) -> String {
        after_first_slash(&self.arn).to_string()
    }
}

/// Whether DescribeServices found an ACTIVE service, one in another status, or none.
pub enum Existing {
    Active(Box<EcsService>),
    Inactive,
    Missing,
}

impl Service {
    fn target(&self) -> ServiceRef<'_> {
        ServiceRef {
            ecs: &self.ecs,
            cluster: &self.cluster,
            name: &self.name,
        }
    }

    fn deployment_configuration(&self) -> DeploymentConfiguration {
        DeploymentConfiguration::builder()
            .set_maximum_percent(self.lb.max_percent)
            .set_minimum_healthy_percent(self.lb.min_healthy_percent)
            .build()
    }

    /// The service as DescribeServices sees it now (`up` decides create or update on it).
    pub async fn existing(&self) -> anyhow::Result<Existing> {
        match api::describe_service(&self.ecs, &self.cluster, &self.name).await? {
            Described::Found(s) if s.status() == Some("ACTIVE") => Ok(Existing::Active(s)),
            Described::Found(_) => Ok(Existing::Inactive),
            Described::Failure(reason) if reason.contains("MISSING") => Ok(Existing::Missing),
            Described::Failure(reason) => anyhow::bail!(
                "Got an error describing service '{}' : '{reason}'",
                self.name
            ),
            Described::Empty => anyhow::bail!(
                "Got an empty list of services while describing the service '{}'",
                self.name
            ),
        }
    }

    /// CreateService with `desired` tasks (none for DAEMON), then the waits; logs
    /// `Created an ECS service` once the waits are over.
    pub async fn create(&self, td: &Revision, desired: i32) -> anyhow::Result<()> {
        let registries = if self.discovery.enabled {
            vec![discovery::create(self, td).await?]
        } else {
            Vec::new()
        };
        let req = self.create_request(td, desired, registries).await?;
        api::create_service(&self.name, req).await?;
        let target = self.target();
        wait::wait_until_describable(&target, self.timeout_minutes).await?;
        wait::wait_until_stable(&target, self.timeout_minutes).await?;
        let mut fields = vec![("service", self.name.clone()), ("taskDefinition", td.id())];
        self.deployment_fields(&mut fields);
        log(LogLevel::Info, "Created an ECS service", &fields);
        Ok(())
    }

    /// The original's CreateService request, with its checks.
    async fn create_request(
        &self,
        td: &Revision,
        desired: i32,
        registries: Vec<aws_sdk_ecs::types::ServiceRegistry>,
    ) -> anyhow::Result<aws_sdk_ecs::operation::create_service::builders::CreateServiceFluentBuilder>
    {
        let params = self.ecs_params.as_ref();
        let network = network_configuration(params)?;
        let placement = placement(params);
        validate_fargate(params, &self.launch_type)?;
        if self.lb.health_check_grace_period.is_some() && self.lb.load_balancers.is_none() {
            anyhow::bail!(
                "--health-check-grace-period is only valid for services configured to use load balancers"
            );
        }
        let mut req = self
            .ecs
            .create_service()
            .service_name(&self.name)
            .task_definition(td.id())
            .cluster(&self.cluster)
            .deployment_configuration(self.deployment_configuration())
            .set_load_balancers(self.lb.load_balancers.clone())
            .role(&self.lb.role)
            .set_health_check_grace_period_seconds(self.lb.health_check_grace_period)
            .set_network_configuration(network);
        if self.scheduling_strategy == "DAEMON" {
            req = req.scheduling_strategy(SchedulingStrategy::Daemon);
        } else {
            req = req.desired_count(desired);
            if !self.scheduling_strategy.is_empty() {
                req = req.scheduling_strategy(SchedulingStrategy::from(
                    self.scheduling_strategy.as_str(),
                ));
            }
        }
        if self.launch_type == "FARGATE"
            && params.is_some_and(|p| !p.task_definition.efs_volumes.is_empty())
        {
            log(
                LogLevel::Warning,
                &format!("Detected an EFS Volume in task definition {}", td.id()),
                &[],
            );
            log(LogLevel::Warning, "Using Fargate platform version 1.4.0, which includes changes to the networking flows for VPC endpoint customers.", &[]);
            log(
                LogLevel::Warning,
                "Learn more: https://aws.amazon.com/blogs/containers/aws-fargate-launches-platform-version-1-4/",
                &[],
            );
            req = req.platform_version("1.4.0");
        }
        if !registries.is_empty() {
            req = req.set_service_registries(Some(registries));
        }
        if let Some((constraints, strategies)) = placement {
            req = req
                .set_placement_constraints(Some(constraints))
                .set_placement_strategy(Some(strategies));
        }
        if !self.launch_type.is_empty() {
            req = req.launch_type(LaunchType::from(self.launch_type.as_str()));
        }
        if !self.tags.is_empty() {
            req = req.set_tags(Some(
                self.tags
                    .iter()
                    .map(|(k, v)| Tag::builder().key(k).value(v).build())
                    .collect(),
            ));
        }
        let long_arns = crate::aws::ecs_reads::task_long_arn_enabled(&self.ecs).await?;
        if long_arns {
            req = req.propagate_tags(PropagateTags::TaskDefinition);
            if !self.disable_managed_tags {
                log(LogLevel::Info, "Auto-enabling ECS Managed Tags", &[]);
                req = req.enable_ecs_managed_tags(true);
            }
        }
        Ok(req)
    }

    /// `compose service start`: one task when the service has none, else a forced deployment
    /// (when asked) or only the wait.
    pub async fn start(&self) -> anyhow::Result<()> {
        let s = match wait::describe(&self.target()).await {
            Ok(s) => s,
            Err(e) if e.to_string().contains("MISSING") => anyhow::bail!(
                "Please use 'create' command to create the service '{}' first",
                self.name
            ),
            Err(e) => return Err(e),
        };
        let desired = s.desired_count();
        let strategy = s.scheduling_strategy().map(|s| s.as_str()).unwrap_or("");
        let daemon = strategy == "DAEMON";
        if desired != 0 || daemon {
            let mut fields = vec![
                ("serviceName", self.name.clone()),
                ("desiredCount", desired.to_string()),
                ("schedulingStrategy", strategy.to_string()),
            ];
            if self.force_deployment {
                fields.push(("force-deployment", "true".into()));
                log(
                    LogLevel::Info,
                    "Forcing new deployment of running ECS Service",
                    &fields,
                );
                return self.update_count((!daemon).then_some(desired)).await;
            }
            log(LogLevel::Info, "ECS Service is already running", &fields);
            return wait::wait_until_stable(&self.target(), self.timeout_minutes).await;
        }
        self.update_count(Some(1)).await
    }

    /// `compose service up` on an ACTIVE service: the new task definition (or only the count),
    /// then the service-discovery update or the new tags.
    pub async fn update(&self, existing: &EcsService, td: &Revision) -> anyhow::Result<()> {
        if self.discovery.enabled {
            log(
                LogLevel::Warning,
                "Service Discovery can not be enabled on an existing ECS Service. Skipping this flag...",
                &[],
            );
        }
        let current = existing
            .scheduling_strategy()
            .map(|s| s.as_str())
            .unwrap_or("");
        if !self.scheduling_strategy.is_empty() && self.scheduling_strategy != current {
            anyhow::bail!("Scheduling Strategy cannot be updated on an existing ECS Service");
        }
        if self.lb.load_balancers.is_some() {
            log(
                LogLevel::Warning,
                "You cannot update the load balancer configuration on an existing service.",
                &[("serviceName", self.name.clone())],
            );
        }
        let old = existing.desired_count();
        let count = if current == "DAEMON" {
            None
        } else if old != 0 {
            Some(old)
        } else {
            Some(1)
        };
        let old_td = after_first_slash(existing.task_definition().unwrap_or_default());
        if old_td == td.id() {
            self.update_count(count).await?;
        } else {
            let req = self.update_request(count, Some(&td.id()))?;
            api::update_service(&self.name, req).await?;
            self.log_update(
                count,
                "Updated the ECS service with a new task definition. Old containers will be stopped automatically, and replaced with new ones",
            );
            wait::wait_until_stable(&self.target(), self.timeout_minutes).await?;
        }
        if self.discovery.update {
            return discovery::update(self, td).await;
        }
        if !self.tags.is_empty() {
            let arn = existing.service_arn().unwrap_or_default();
            api::tag_resource(&self.tagging, arn, &self.tags).await?;
            log(LogLevel::Info, "Added new tags to service", &[]);
        }
        Ok(())
    }

    /// `scale`, `stop`, `start`: UpdateService with the count (none: leave it, for DAEMON).
    pub async fn update_count(&self, count: Option<i32>) -> anyhow::Result<()> {
        let req = self.update_request(count, None)?;
        api::update_service(&self.name, req).await?;
        self.log_update(count, "Updated ECS service successfully");
        wait::wait_until_stable(&self.target(), self.timeout_minutes).await
    }

    fn update_request(
        &self,
        count: Option<i32>,
        td: Option<&str>,
    ) -> anyhow::Result<aws_sdk_ecs::operation::update_service::builders::UpdateServiceFluentBuilder>
    {
        let network = network_configuration(self.ecs_params.as_ref())?;
        Ok(self
            .ecs
            .update_service()
            .set_desired_count(count)
            .service(&self.name)
            .cluster(&self.cluster)
            .deployment_configuration(self.deployment_configuration())
            .force_new_deployment(self.force_deployment)
            .set_health_check_grace_period_seconds(self.lb.health_check_grace_period)
            .set_network_configuration(network)
            .set_task_definition(td.map(str::to_string)))
    }

    fn deployment_fields(&self, fields: &mut Vec<(&'static str, String)>) {
        if let Some(v) = self.lb.max_percent {
            fields.push(("deployment-max-percent", v.to_string()));
        }
        if let Some(v) = self.lb.min_healthy_percent {
            fields.push(("deployment-min-healthy-percent", v.to_string()));
        }
        if let Some(v) = self.lb.health_check_grace_period {
            fields.push(("health-check-grace-period", v.to_string()));
        }
    }

    fn log_update(&self, count: Option<i32>, msg: &str) {
        let mut fields = vec![
            ("service", self.name.clone()),
            ("desiredCount", count.unwrap_or(0).to_string()),
        ];
        self.deployment_fields(&mut fields);
        fields.push(("force-deployment", self.force_deployment.to_string()));
        log(LogLevel::Info, msg, &fields);
    }

    /// `compose service rm`: DeleteService (forced) on an ACTIVE service, the wait, then the
    /// service-discovery resources the service was registered with.
    pub async fn delete(&self, delete_namespace: bool) -> anyhow::Result<()> {
        let s = wait::describe(&self.target()).await?;
        if s.status() != Some("ACTIVE") {
            log(
                LogLevel::Info,
                "ECS Service is already deleted",
                &[("serviceName", self.name.clone())],
            );
            return Ok(());
        }
        api::delete_service(&self.ecs, &self.cluster, &self.name).await?;
        wait::wait_until_stable(&self.target(), self.timeout_minutes).await?;
        if let Some(registry) = s.service_registries().first() {
            log(
                LogLevel::Info,
                "Trying to delete any Service Discovery Resources that were created by the ECS CLI...",
                &[],
            );
            let arn = registry.registry_arn().unwrap_or_default();
            if let Err(e) = discovery::delete(self, arn, delete_namespace).await {
                log(
                    LogLevel::Error,
                    &format!("Problem deleting Service Discovery resources: {e}"),
                    &[],
                );
            }
        }
        Ok(())
    }
}
