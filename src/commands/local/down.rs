//! `ecs-cli local down`: Stop and remove locally running ECS task containers.

use std::collections::HashMap;

use bollard::container::{ListContainersOptions, RemoveContainerOptions, StopContainerOptions};

use crate::commands::flags::Levels;
use crate::config::resolve::Flags;
use crate::error::Fatal;
use crate::local::convert::{TYPE_LABEL, VALUE_LABEL};
use crate::local::{network, project, DEFAULT_INPUT};

/// Stop and remove locally running ECS task containers
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Task definition JSON file (default ./task-definition.json)
    #[arg(long = "task-def-file", short = 'f', value_name = "VALUE")]
    pub task_def_file: Option<String>,
    /// Task definition in ECS: family:revision or ARN
    #[arg(long = "task-def-remote", short = 't', value_name = "VALUE")]
    pub task_def_remote: Option<String>,
    /// Act on every locally running ECS task container, not only those of one task definition
    #[arg(long = "all")]
    pub all: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Stops and removes the task containers selected by their labels, then the network and the
/// endpoints container when no task is left.
pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let _ctx = parents.leaf(Flags::default());
    if args.task_def_file.is_some() && args.task_def_remote.is_some() {
        return Err(Fatal::new(
            "only one of --task-def-file or --task-def-remote can be specified",
        )
        .into());
    }
    let labels = if let Some(file) = &args.task_def_file {
        tracing::info!("Searching for containers from local file {file}");
        vec![
            format!("{VALUE_LABEL}={}", project::absolute(file)),
            format!("{TYPE_LABEL}=local"),
        ]
    } else if let Some(remote) = &args.task_def_remote {
        tracing::info!("Searching for containers from remote task definition {remote}");
        vec![
            format!("{VALUE_LABEL}={remote}"),
            format!("{TYPE_LABEL}=remote"),
        ]
    } else if args.all {
        tracing::info!("Searching for all running containers");
        vec![VALUE_LABEL.to_string()]
    } else {
        tracing::info!("Searching for containers from local file {DEFAULT_INPUT}");
        vec![
            format!("{VALUE_LABEL}={}", project::absolute(DEFAULT_INPUT)),
            format!("{TYPE_LABEL}=local"),
        ]
    };
    let list_failed = |e: String| {
        let mut sorted = labels.clone();
        sorted.sort();
        let args: Vec<String> = sorted.iter().map(|l| format!("{l}:true")).collect();
        Fatal::new(format!(
            "Failed to list containers due to:\nfailed to list containers with args={{map[label:map[{}]]}}: {e}",
            args.join(" ")
        ))
    };
    let docker = network::connect().await.map_err(list_failed)?;
    let mut filters = HashMap::new();
    filters.insert("label".to_string(), labels.clone());
    let containers = network::call(docker.list_containers(Some(ListContainersOptions {
        all: true,
        filters,
        ..Default::default()
    })))
    .await
    .map_err(list_failed)?;
    if containers.is_empty() {
        tracing::warn!("No running ECS local tasks found");
    } else {
        tracing::info!("Stop and remove {} container(s)", containers.len());
        for c in &containers {
            let id = c.id.clone().unwrap_or_default();
            let short: String = id.chars().take(12).collect();
            network::call(docker.stop_container(&id, None::<StopContainerOptions>))
                .await
                .map_err(|e| {
                    Fatal::new(format!("Failed to stop container {short} due to:\n{e}"))
                })?;
            tracing::info!("Stopped container with id {short}");
            network::call(docker.remove_container(&id, None::<RemoveContainerOptions>))
                .await
                .map_err(|e| {
                    Fatal::new(format!("Failed to remove container {short} due to:\n{e}"))
                })?;
            tracing::info!("Removed container with id {short}");
        }
    }
    network::teardown(&docker).await.map_err(Fatal::new)?;
    Ok(())
}
