//! What every compose task command does before its action: resolve the configuration, load
//! and translate the project (through [`super::translator`]), and build the [`Runner`] with
//! the project's naming (family `<prefix><project>`, group `task:<prefix><project>`).

use crate::config::resolve::CommandConfig;
use crate::context::Context;
use crate::error::Fatal;

use super::api::ProjectFilter;
use super::run::Runner;
use super::translator::{self, Loaded};

/// A compose project ready for a task command.
pub struct Prepared {
    pub cfg: CommandConfig,
    pub loaded: Loaded,
    pub runner: Runner,
    pub tags: Vec<(String, String)>,
}

impl Prepared {
    /// Registers (or reuses) the task definition; returns its ARN.
    pub async fn register(&self, create_log_groups: bool) -> anyhow::Result<String> {
        translator::register(&self.cfg, &self.loaded, &self.tags, create_log_groups).await
    }
}

/// Configuration, project and runner for a compose task command (`--launch-type`, where the
/// command has it, is part of the configuration; `compose run` uses the configured default).
pub async fn prepare(
    ctx: &mut Context,
    tags: Option<&str>,
    disable_managed_tags: bool,
) -> anyhow::Result<Prepared> {
    if ctx.bool("verbose") {
        crate::logging::set_debug(true);
    }
    let (cfg, loaded) = translator::open(ctx).await?;
    let tags = match tags.filter(|t| !t.is_empty()) {
        Some(t) => crate::go::ecs_utils::parse_tags(t).map_err(Fatal::new)?,
        None => Vec::new(),
    };
    let family = format!("{}{}", cfg.compose_project_name_prefix, loaded.name);
    let runner = Runner {
        ecs: crate::aws::ecs(&cfg),
        cluster: cfg.cluster.clone(),
        launch_type: cfg.launch_type.clone(),
        project_name: loaded.name.clone(),
        filter: ProjectFilter {
            group: format!("task:{family}"),
            family,
        },
        params: loaded.params.clone(),
        tags: tags.clone(),
        disable_managed_tags,
    };
    Ok(Prepared {
        cfg,
        loaded,
        runner,
        tags,
    })
}
