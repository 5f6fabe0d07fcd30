//! The compose project path below the commands: open a project (load the compose files, the
//! ecs-params file and the registry-creds output, then translate them into a task definition
//! request) and register its task definition, reusing the cached identical revision and
//! creating its CloudWatch log groups when asked. Every compose command goes through here,
//! `compose create` as much as `compose up` and, later, `compose service *`.
//!
//! The commands build the [`ProjectOptions`] from their flags and resolve the configuration;
//! nothing here sees flags, clap or the command context.

mod log_groups;

use crate::aws::arn::after_first_slash;
use crate::aws::ecs_reads::ProjectFilter;
use crate::aws::taskdef::{register_if_needed, TdCache};
use crate::compose::{self, EcsParams, ProjectOptions, TaskDefinitionRequest};
use crate::config::resolve::CommandConfig;
use crate::error::Fatal;

/// A compose project, loaded and translated.
pub struct Project {
    /// The project name, which is also the task definition family.
    pub name: String,
    /// The project's ecs-params file, if it has one (its `run_params` shape RunTask).
    pub ecs_params: Option<EcsParams>,
    request: TaskDefinitionRequest,
}

/// What the original's project factory said when it could not open a project.
const OPEN_FAILED: &str = "Unable to create and read ECS Compose Project";

/// How the original reported a configuration it could not resolve for a compose command: an
/// error line, then the fatal line, both carrying the error.
pub fn config_error(err: &anyhow::Error) -> anyhow::Error {
    let text = crate::error::chain_text(err);
    tracing::error!(error = %text, "Unable to create an instance of CommandConfig given the cli context");
    Fatal::new(OPEN_FAILED).field("error", text).into()
}

/// How the original reported a project it could not read or translate: an error line, then
/// the fatal line, both carrying the error.
pub fn project_error(err: &dyn std::fmt::Display) -> anyhow::Error {
    tracing::error!(error = %err, "Unable to open ECS Compose Project");
    Fatal::new(OPEN_FAILED).field("error", err).into()
}

/// Loads and translates the project (the original's project factory and its `Parse`); the
/// launch type of the configuration becomes `requiresCompatibilities`.
pub fn open(cfg: &CommandConfig, opts: &ProjectOptions) -> anyhow::Result<Project> {
    let project = compose::load_project(opts).map_err(|e| project_error(&e))?;
    let launch_type = (!cfg.launch_type.is_empty()).then_some(cfg.launch_type.as_str());
    let request = compose::translate(&project, launch_type).map_err(|e| project_error(&e))?;
    Ok(Project {
        name: project.name,
        ecs_params: project.ecs_params,
        request,
    })
}

impl Project {
    /// Which tasks are the project's: ListTasks by family `<prefix><project>`, then the tasks
    /// of group `task:<prefix><project>` (or started by the family).
    pub fn task_filter(&self, cfg: &CommandConfig) -> ProjectFilter {
        let family = format!("{}{}", cfg.compose_project_name_prefix, self.name);
        ProjectFilter {
            group: format!("task:{family}"),
            family,
        }
    }

    /// The task definition's network mode (ecs-params `task_definition.ecs_network_mode`;
    /// empty: ECS's default).
    pub fn network_mode(&self) -> String {
        self.ecs_params
            .as_ref()
            .map(|p| p.task_definition.network_mode.clone())
            .unwrap_or_default()
    }

    /// The service name of the project: the configured prefix and the project name.
    pub fn service_name(&self, cfg: &CommandConfig) -> String {
        format!("{}{}", cfg.compose_service_name_prefix, self.name)
    }

    /// `--create-log-groups` without registering: the log groups of the translated containers
    /// (what `compose service start` does, which registers nothing).
    pub async fn create_log_groups(&self, cfg: &CommandConfig) -> anyhow::Result<()> {
        log_groups::create(cfg, self.request.input(&[]).container_definitions()).await
    }

    /// Registers the task definition with `tags` unless the cache names an identical ACTIVE
    /// revision, logs `Using ECS task definition`, creates the log groups when asked; returns
    /// the definition's ARN.
    pub async fn register(
        &self,
        cfg: &CommandConfig,
        tags: &[(String, String)],
        create_log_groups: bool,
    ) -> anyhow::Result<String> {
        let input = self.request.input(tags);
        let client = crate::aws::ecs(cfg);
        let cache = TdCache::open();
        let td = match register_if_needed(&client, &input, &cfg.region, &cache).await {
            Ok(td) => td,
            Err(e) => {
                tracing::error!(error = %e, "Create task definition failed");
                return Err(Fatal::new(e.to_string()).into());
            }
        };
        let arn = td.task_definition_arn().unwrap_or_default().to_string();
        tracing::info!(TaskDefinition = %after_first_slash(&arn), "Using ECS task definition");
        if create_log_groups {
            log_groups::create(cfg, td.container_definitions()).await?;
        }
        Ok(arn)
    }
}
