//! `ecs-cli local ps`: List locally running ECS task containers.

use std::collections::HashMap;

use bollard::container::ListContainersOptions;
use bollard::models::ContainerSummary;

use crate::error::Fatal;

/// List locally running ECS task containers
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
    /// Print the containers as JSON
    #[arg(long = "json")]
    pub json: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Lists the local containers of one task definition (or of all, with `--all`).
pub async fn exec(_parents: crate::commands::flags::Levels, args: &Args) -> anyhow::Result<()> {
    if args.task_def_file.is_some() && args.task_def_remote.is_some() {
        return Err(Fatal::new(
            "only one of --task-def-file or --task-def-remote can be specified",
        )
        .into());
    }
    let labels = label_filters(args)?;
    let containers = list(&labels).await.map_err(|e| {
        Fatal::new(format!(
            "Failed to list containers due to:\nfailed to list containers with args={}: {e}",
            go_args(&labels)
        ))
    })?;
    if args.json {
        let text = serde_json::to_string_pretty(&containers).map_err(|e| {
            Fatal::new(format!(
                "Failed to display containers due to:\nfailed to marshal containers to JSON: {e}"
            ))
        })?;
        println!("{text}");
    } else {
        print!("{}", table(&containers));
    }
    Ok(())
}

/// The label filters the original used: the task definition's value and type, or any ECS
/// local container with `--all`.
fn label_filters(args: &Args) -> anyhow::Result<Vec<String>> {
    let abs =
        |f: &str| -> anyhow::Result<String> { Ok(std::path::absolute(f)?.display().to_string()) };
    Ok(if let Some(f) = &args.task_def_file {
        vec![
            format!("{VALUE_LABEL}={}", abs(f)?),
            format!("{TYPE_LABEL}=local"),
        ]
    } else if let Some(r) = &args.task_def_remote {
        vec![format!("{VALUE_LABEL}={r}"), format!("{TYPE_LABEL}=remote")]
    } else if args.all {
        vec![VALUE_LABEL.to_string()]
    } else {
        vec![
            format!("{VALUE_LABEL}={}", abs("task-definition.json")?),
            format!("{TYPE_LABEL}=local"),
        ]
    })
}

/// How Go printed the filter arguments in its error (`{map[label:map[k=v:true …]]}`).
fn go_args(labels: &[String]) -> String {
    let mut sorted = labels.to_vec();
    sorted.sort();
    let inner: Vec<String> = sorted.iter().map(|l| format!("{l}:true")).collect();
    format!("{{map[label:map[{}]]}}", inner.join(" "))
}

async fn list(labels: &[String]) -> Result<Vec<ContainerSummary>, String> {
    let docker = crate::local::network::connect().await?;
    let mut filters = HashMap::new();
    filters.insert("label".to_string(), labels.to_vec());
    let opts = ListContainersOptions::<String> {
        filters,
        ..Default::default()
    };
    let call = docker.list_containers(Some(opts));
    match tokio::time::timeout(std::time::Duration::from_secs(30), call).await {
        Ok(r) => r.map_err(|e| crate::docker::describe(&e)),
        Err(_) => Err("timed out after 30s waiting for the Docker engine".to_string()),
    }
}

fn table(containers: &[ContainerSummary]) -> String {
    let mut text = String::from("CONTAINER ID\tIMAGE\tSTATUS\tPORTS\tNAMES\tTASKDEFINITION\n");
    for c in containers {
        let id: String = c.id.as_deref().unwrap_or("").chars().take(12).collect();
        let ports: Vec<String> = c
            .ports
            .iter()
            .flatten()
            .map(|p| {
                let kind = p.typ.map(|t| t.to_string()).unwrap_or_default();
                format!(
                    "{}:{}->{}/{}",
                    p.ip.as_deref().unwrap_or(""),
                    p.public_port.unwrap_or(0),
                    p.private_port,
                    kind
                )
            })
            .collect();
        let names = c.names.as_ref().map(|n| n.join(", ")).unwrap_or_default();
        let task_def = c
            .labels
            .as_ref()
            .and_then(|l| l.get(VALUE_LABEL))
            .cloned()
            .unwrap_or_default();
        text.push_str(&format!(
            "{id}\t{}\t{}\t{}\t{names}\t{task_def}\n",
            c.image.as_deref().unwrap_or(""),
            c.status.as_deref().unwrap_or(""),
            ports.join(", ")
        ));
    }
    crate::go::tabwriter::format(&text, 20, 3)
}

const VALUE_LABEL: &str = "ecs-local.task-definition-input.value";
const TYPE_LABEL: &str = "ecs-local.task-definition-input.type";
