//! The one seam between the task commands and the compose translator (src/compose, landing
//! from the `compose` branch): load and translate the project, register its task definition
//! (or reuse the cached identical revision), create its log groups. Everything the task
//! commands need from a project is gathered into [`Loaded`] here.
//!

use super::run::RunParams;

mod imp {
    use super::RunParams;
    use crate::config::resolve::CommandConfig;
    use crate::context::Context;

    /// A loaded and translated project.
    pub struct Loaded {
        pub name: String,
        pub params: RunParams,
        request: crate::compose::TaskDefinitionRequest,
    }

    /// The command configuration, then the project loaded and translated (the original's
    /// project factory); failures are reported as the original reported them.
    pub async fn open(ctx: &mut Context) -> anyhow::Result<(CommandConfig, Loaded)> {
        let (cfg, project, request) = crate::commands::compose::create::open_project(ctx).await?;
        let rp = project.run_params();
        let vpc = &rp.network_configuration.awsvpc_configuration;
        let params = RunParams {
            present: project.ecs_params.is_some(),
            network_mode: project.network_mode().to_string(),
            subnets: vpc.subnets.clone(),
            security_groups: vpc.security_groups.clone(),
            assign_public_ip: vpc.assign_public_ip.clone(),
            constraints: rp
                .task_placement
                .constraints
                .iter()
                .map(|c| (c.type_.clone(), c.expression.clone()))
                .collect(),
            strategies: rp
                .task_placement
                .strategies
                .iter()
                .map(|s| (s.type_.clone(), s.field.clone()))
                .collect(),
            efs_volumes: project
                .ecs_params
                .as_ref()
                .is_some_and(|p| !p.task_definition.efs_volumes.is_empty()),
        };
        Ok((
            cfg,
            Loaded {
                name: project.name.clone(),
                params,
                request,
            },
        ))
    }

    /// Registers the task definition if needed, logs `Using ECS task definition`, creates the
    /// log groups when asked; returns the definition's ARN.
    pub async fn register(
        cfg: &CommandConfig,
        loaded: &Loaded,
        tags: &[(String, String)],
        create_log_groups: bool,
    ) -> anyhow::Result<String> {
        let input = loaded.request.input(tags);
        let client = crate::aws::ecs(cfg);
        let cache = crate::aws::taskdef::TdCache::open();
        let td = match crate::aws::taskdef::register_if_needed(&client, &input, &cfg.region, &cache)
            .await
        {
            Ok(td) => td,
            Err(e) => {
                tracing::error!(error = %e, "Create task definition failed");
                return Err(crate::error::Fatal::new(e.to_string()).into());
            }
        };
        let arn = td.task_definition_arn().unwrap_or_default().to_string();
        let id = super::super::id_from_arn(&arn);
        tracing::info!(TaskDefinition = %id, "Using ECS task definition");
        if create_log_groups {
            crate::commands::compose::create::create_log_groups(cfg, &td).await?;
        }
        Ok(arn)
    }
}

pub use imp::{open, register, Loaded};
