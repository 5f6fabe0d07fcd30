//! Running and stopping a compose project's tasks: RunTask in chunks of ten with the project's
//! group, launch type, ecs-params run parameters, tags and (unless disabled) ECS managed tags;
//! StopTask one task after the other in the listing's order; then the wait. The compose
//! commands' flows (`up`, `start`, `scale`, `run`, `stop`) are here too, so that each command
//! file only gathers its inputs.

use std::future::Future;

use aws_sdk_ecs::types::{
    AssignPublicIp, AwsVpcConfiguration, ContainerOverride, LaunchType, NetworkConfiguration,
    PlacementConstraint, PlacementConstraintType, PlacementStrategy, PlacementStrategyType, Tag,
    Task, TaskOverride,
};

use crate::aws::ecs_reads::{collect_tasks_with_status, ProjectFilter};
use crate::aws::error_text;
use crate::compose::EcsParams;
use crate::logging::{log, LogLevel};

use super::container_name;
use crate::waiters::tasks::wait_for_tasks;

/// RunTask places at most ten tasks per call.
pub const RUN_CHUNK: usize = 10;

/// The awsvpc network configuration of RunTask, when the project's ecs-params file asks for
/// the awsvpc network mode (`task_definition.ecs_network_mode`, `run_params`). Without an
/// ecs-params file no network configuration is sent at all.
pub fn network_configuration(
    params: Option<&EcsParams>,
) -> anyhow::Result<Option<NetworkConfiguration>> {
    let Some(p) = params else { return Ok(None) };
    if p.task_definition.network_mode != "awsvpc" {
        return Ok(None);
    }
    let vpc = &p.run_params.network_configuration.awsvpc_configuration;
    if vpc.subnets.is_empty() {
        anyhow::bail!("at least one subnet is required in the network configuration");
    }
    let mut b = AwsVpcConfiguration::builder()
        .set_subnets(Some(vpc.subnets.clone()))
        .set_security_groups(Some(vpc.security_groups.clone()));
    if !vpc.assign_public_ip.is_empty() {
        b = b.assign_public_ip(AssignPublicIp::from(vpc.assign_public_ip.as_str()));
    }
    let vpc = b.build().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Some(
        NetworkConfiguration::builder()
            .awsvpc_configuration(vpc)
            .build(),
    ))
}

/// Fargate needs an ecs-params file that sets the awsvpc network mode.
pub fn validate_fargate(params: Option<&EcsParams>, launch_type: &str) -> anyhow::Result<()> {
    if launch_type == "FARGATE" {
        let Some(p) = params else {
            anyhow::bail!("Launch Type {launch_type} requires network configuration to be set. Set network configuration using an ECS Params file.");
        };
        if p.task_definition.network_mode != "awsvpc" {
            anyhow::bail!("Launch Type {launch_type} requires network mode to be 'awsvpc'. Set network mode using an ECS Params file.");
        }
    }
    Ok(())
}

/// The placement constraints and strategies of `run_params.task_placement`, in file order;
/// none at all (not even empty lists) without an ecs-params file.
pub fn placement(
    params: Option<&EcsParams>,
) -> Option<(Vec<PlacementConstraint>, Vec<PlacementStrategy>)> {
    let placement = &params?.run_params.task_placement;
    let constraints = placement
        .constraints
        .iter()
        .map(|c| {
            PlacementConstraint::builder()
                .r#type(PlacementConstraintType::from(c.type_.as_str()))
                .set_expression((!c.expression.is_empty()).then(|| c.expression.clone()))
                .build()
        })
        .collect();
    let strategies = placement
        .strategies
        .iter()
        .map(|s| {
            PlacementStrategy::builder()
                .r#type(PlacementStrategyType::from(s.type_.as_str()))
                .set_field((!s.field.is_empty()).then(|| s.field.clone()))
                .build()
        })
        .collect();
    Some((constraints, strategies))
}

/// The task definition has EFS volumes (Fargate then needs platform version 1.4.0).
fn has_efs_volumes(params: Option<&EcsParams>) -> bool {
    params.is_some_and(|p| !p.task_definition.efs_volumes.is_empty())
}

/// Command overrides of `compose run`: (container, command words), in argument order.
pub type Overrides = Vec<(String, Vec<String>)>;

/// Everything RunTask and StopTask need for one project.
#[derive(Clone, Debug)]
pub struct Runner {
    pub ecs: aws_sdk_ecs::Client,
    pub cluster: String,
    pub launch_type: String,
    pub project_name: String,
    pub filter: ProjectFilter,
    /// The project's ecs-params file, if it has one.
    pub ecs_params: Option<EcsParams>,
    pub tags: Vec<(String, String)>,
    pub disable_managed_tags: bool,
}

impl Runner {
    /// One RunTask request (the original's `buildRunTaskInput`).
    pub async fn run_task_input(
        &self,
        task_definition: &str,
        count: usize,
        overrides: Option<&Overrides>,
    ) -> anyhow::Result<aws_sdk_ecs::operation::run_task::builders::RunTaskFluentBuilder> {
        let params = self.ecs_params.as_ref();
        let network = network_configuration(params)?;
        let placement = placement(params);
        validate_fargate(params, &self.launch_type)?;
        let mut req = self
            .ecs
            .run_task()
            .cluster(&self.cluster)
            .task_definition(task_definition)
            .group(&self.filter.group)
            .count(count as i32)
            .set_network_configuration(network);
        if let Some(ov) = overrides {
            let list: Vec<ContainerOverride> = ov
                .iter()
                .map(|(name, cmd)| {
                    ContainerOverride::builder()
                        .name(name)
                        .set_command(Some(cmd.clone()))
                        .build()
                })
                .collect();
            req = req.overrides(
                TaskOverride::builder()
                    .set_container_overrides(Some(list))
                    .build(),
            );
        }
        if let Some((constraints, strategies)) = placement {
            req = req
                .set_placement_constraints(Some(constraints))
                .set_placement_strategy(Some(strategies));
        }
        if !self.launch_type.is_empty() {
            req = req.launch_type(LaunchType::from(self.launch_type.as_str()));
            if self.launch_type == "FARGATE" && has_efs_volumes(params) {
                req = req.platform_version("1.4.0");
            }
        }
        if !self.tags.is_empty() {
            let tags: Vec<Tag> = self
                .tags
                .iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build())
                .collect();
            req = req.set_tags(Some(tags));
        }
        if !self.disable_managed_tags
            && crate::aws::ecs_reads::task_long_arn_enabled(&self.ecs).await?
        {
            log(LogLevel::Info, "Auto-enabling ECS Managed Tags", &[]);
            req = req.enable_ecs_managed_tags(true);
        }
        Ok(req)
    }

    async fn send_run(
        &self,
        task_definition: &str,
        req: aws_sdk_ecs::operation::run_task::builders::RunTaskFluentBuilder,
    ) -> anyhow::Result<Vec<Task>> {
        // The SDK's idempotency token (clientToken) stays in the request: a RunTask whose
        // answer is lost and that the SDK retries must not start the tasks twice. The original
        // sent none; the conformance runner ignores tokens (tests/it/conformance/normalise.rs).
        let out = req.send().await.map_err(|e| {
            let text = error_text(&e);
            log(
                LogLevel::Error,
                "Error running tasks",
                &[
                    ("task definition", task_definition.to_string()),
                    ("error", text.clone()),
                ],
            );
            anyhow::anyhow!(text)
        })?;
        for f in out.failures() {
            log(
                LogLevel::Info,
                "Couldn't run containers",
                &[("reason", f.reason().unwrap_or_default().to_string())],
            );
        }
        Ok(out.tasks().to_vec())
    }

    /// RunTask for `total` tasks, ten per call.
    pub async fn run_tasks(
        &self,
        task_definition: &str,
        total: usize,
    ) -> anyhow::Result<Vec<Task>> {
        let mut result = Vec::new();
        let mut done = 0;
        while done < total {
            let count = RUN_CHUNK.min(total - done);
            let req = self.run_task_input(task_definition, count, None).await?;
            result.extend(self.send_run(task_definition, req).await?);
            done += count;
        }
        Ok(result)
    }

    /// Logs `Starting container...` for each container, then waits for the tasks to run.
    pub async fn wait_for_run(&self, tasks: &[Task]) -> anyhow::Result<()> {
        for t in tasks {
            for c in t.containers() {
                log(
                    LogLevel::Info,
                    "Starting container...",
                    &[(
                        "container",
                        container_name(
                            t.task_arn().unwrap_or_default(),
                            c.name().unwrap_or_default(),
                        ),
                    )],
                );
            }
        }
        let arns = tasks
            .iter()
            .filter_map(|t| t.task_arn().map(str::to_string))
            .collect();
        wait_for_tasks(&self.ecs, &self.cluster, arns).await
    }

    async fn stop_one(&self, arn: &str) -> anyhow::Result<()> {
        self.ecs
            .stop_task()
            .cluster(&self.cluster)
            .task(arn)
            .send()
            .await
            .map_err(|e| {
                let text = error_text(&e);
                log(
                    LogLevel::Error,
                    "Stop task failed",
                    &[("task", arn.to_string()), ("error", text.clone())],
                );
                anyhow::anyhow!(text)
            })?;
        Ok(())
    }

    /// StopTask for each task (in order), logging `Stopping container...`, then the wait.
    pub async fn stop_tasks(&self, tasks: &[Task]) -> anyhow::Result<()> {
        let mut arns = Vec::new();
        for t in tasks {
            let arn = t.task_arn().unwrap_or_default().to_string();
            self.stop_one(&arn).await?;
            for c in t.containers() {
                log(
                    LogLevel::Info,
                    "Stopping container...",
                    &[(
                        "container",
                        container_name(&arn, c.name().unwrap_or_default()),
                    )],
                );
            }
            arns.push(arn);
        }
        wait_for_tasks(&self.ecs, &self.cluster, arns).await
    }

    /// The project's running tasks.
    pub async fn running(&self) -> anyhow::Result<Vec<Task>> {
        collect_tasks_with_status(&self.ecs, &self.cluster, "RUNNING", Some(&self.filter)).await
    }

    /// `compose up` (`force_update`) and `compose start`: one task if none runs; with running
    /// tasks on another definition (or `force_update`), replace them ten at a time.
    /// `register` registers (or reuses) the task definition, creates log groups if asked, and
    /// returns the definition's ARN.
    pub async fn up<F>(&self, register: F, force_update: bool) -> anyhow::Result<()>
    where
        F: Future<Output = anyhow::Result<String>>,
    {
        let tasks = self.running().await?;
        let new_td = register.await?;
        if tasks.is_empty() {
            let started = self.run_tasks(&new_td, 1).await?;
            return self.wait_for_run(&started).await;
        }
        log(
            LogLevel::Info,
            "Found existing ECS tasks for project",
            &[
                ("ProjectName", self.project_name.clone()),
                ("CountOfTasks", tasks.len().to_string()),
            ],
        );
        let old_td = tasks[0].task_definition_arn().unwrap_or_default();
        if old_td == new_td && !force_update {
            return Ok(());
        }
        log(
            LogLevel::Info,
            "Updating to new task definition",
            &[("taskDefinition", new_td.clone())],
        );
        let mut arns = Vec::new();
        for chunk in tasks.chunks(RUN_CHUNK) {
            for t in chunk {
                let arn = t.task_arn().unwrap_or_default().to_string();
                self.stop_one(&arn).await?;
                arns.push(arn);
            }
            let started = self.run_tasks(&new_td, chunk.len()).await?;
            arns.extend(
                started
                    .iter()
                    .filter_map(|t| t.task_arn().map(str::to_string)),
            );
        }
        wait_for_tasks(&self.ecs, &self.cluster, arns).await
    }

    /// `compose scale N`.
    pub async fn scale<F>(&self, desired: usize, register: F) -> anyhow::Result<()>
    where
        F: Future<Output = anyhow::Result<String>>,
    {
        let tasks = self.running().await?;
        let observed = tasks.len();
        if desired == observed {
            log(
                LogLevel::Info,
                "Tasks are already running",
                &[("countOfRunningTasks", observed.to_string())],
            );
            return Ok(());
        }
        if desired < observed {
            return self.stop_tasks(&tasks[..observed - desired]).await;
        }
        let td = if observed == 0 {
            register.await?
        } else {
            tasks[0]
                .task_definition_arn()
                .unwrap_or_default()
                .to_string()
        };
        let started = self.run_tasks(&td, desired - observed).await?;
        self.wait_for_run(&started).await
    }

    /// `compose run`: one task with command overrides.
    pub async fn run_once<F>(&self, overrides: &Overrides, register: F) -> anyhow::Result<()>
    where
        F: Future<Output = anyhow::Result<String>>,
    {
        let td = register.await?;
        let req = self.run_task_input(&td, 1, Some(overrides)).await?;
        let started = self.send_run(&td, req).await?;
        self.wait_for_run(&started).await
    }

    /// `compose stop`/`down`: stop every running task of the project.
    pub async fn stop(&self) -> anyhow::Result<()> {
        let tasks = self.running().await?;
        self.stop_tasks(&tasks).await
    }
}

/// `compose run` arguments: CONTAINER COMMAND pairs, each command split into words.
pub fn parse_run_args(args: &[String]) -> Result<Overrides, crate::error::Fatal> {
    if !args.len().is_multiple_of(2) {
        return Err(crate::error::Fatal::new(
            "Please pass arguments in the form: CONTAINER \"COMMAND ...\" [CONTAINER \"COMMAND...\"] ...",
        ));
    }
    let mut out: Overrides = Vec::new();
    for pair in args.chunks(2) {
        let words = crate::go::shlex::split(&pair[1]).map_err(|e| {
            crate::error::Fatal::new("Unable to parse run commands")
                .field("container-name", &pair[0])
                .field("error", e)
        })?;
        match out.iter_mut().find(|(n, _)| *n == pair[0]) {
            Some(existing) => existing.1 = words,
            None => out.push((pair[0].clone(), words)),
        }
    }
    Ok(out)
}

/// COUNT of `compose scale`: Go's `strconv.Atoi` (an optional sign, decimal digits); a
/// negative count is not a count.
pub fn parse_count(s: &str) -> Option<usize> {
    let n: i64 = s.parse().ok()?;
    usize::try_from(n).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_args_pair_up() {
        let a = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_run_args(&a(&["web", "echo hi"])).unwrap(),
            vec![(
                "web".to_string(),
                vec!["echo".to_string(), "hi".to_string()]
            )]
        );
        assert!(parse_run_args(&a(&[])).unwrap().is_empty());
        assert!(parse_run_args(&a(&["web"])).is_err());
    }

    #[test]
    fn network_configuration_needs_awsvpc_and_a_subnet() {
        let mut p = EcsParams::default();
        assert!(network_configuration(Some(&p)).unwrap().is_none());
        p.task_definition.network_mode = "awsvpc".into();
        assert_eq!(
            network_configuration(Some(&p)).unwrap_err().to_string(),
            "at least one subnet is required in the network configuration"
        );
        p.run_params
            .network_configuration
            .awsvpc_configuration
            .subnets = vec!["s1".into()];
        assert!(network_configuration(Some(&p)).unwrap().is_some());
        assert!(network_configuration(None).unwrap().is_none());
        assert!(validate_fargate(Some(&p), "FARGATE").is_ok());
        p.task_definition.network_mode = "bridge".into();
        assert!(validate_fargate(Some(&p), "FARGATE").is_err());
        assert!(validate_fargate(Some(&p), "EC2").is_ok());
        assert!(validate_fargate(None, "FARGATE").is_err());
    }

    #[test]
    fn placement_keys_only_with_an_ecs_params_file() {
        assert!(placement(None).is_none());
        let mut p = EcsParams::default();
        assert_eq!(
            placement(Some(&p)).map(|(c, s)| (c.len(), s.len())),
            Some((0, 0))
        );
        p.run_params
            .task_placement
            .constraints
            .push(crate::compose::ecs_params::Constraint {
                type_: "distinctInstance".into(),
                expression: String::new(),
            });
        let (c, _) = placement(Some(&p)).unwrap();
        assert_eq!(c[0].expression(), None);
        assert!(!has_efs_volumes(Some(&p)));
    }
}
