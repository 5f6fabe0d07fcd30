//! `ecs-cli check-attributes`: Check whether container instances have the attributes a task definition requires.

use crate::aws::ecs_reads;
use crate::commands::flags::Levels;
use crate::output::table;

/// Check whether container instances have the attributes a task definition requires
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Task definition (family:revision or ARN)
    #[arg(long = "task-def", value_name = "VALUE")]
    pub task_def: Option<String>,
    /// Container instance IDs or ARNs to check, comma separated
    #[arg(long = "container-instances", value_name = "VALUE")]
    pub container_instances: Option<String>,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

const NAME: &str = "Attribute Checker";

fn fail(e: impl std::fmt::Display) -> anyhow::Error {
    crate::error::executing(NAME, e)
}

/// The table rows: for each container instance (keyed by the second `/` field of its ARN, as
/// the original did), the task definition's required attributes it lacks, or `None`.
pub fn compare(required: &[String], instances: &[(String, Vec<String>)]) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (arn, attrs) in instances {
        let missing: Vec<&str> = required
            .iter()
            .filter(|r| !attrs.contains(r))
            .map(String::as_str)
            .collect();
        let text = if missing.is_empty() {
            "None".to_string()
        } else {
            missing.join(", ")
        };
        let key = arn.split('/').nth(1).unwrap_or_default().to_string();
        match rows.iter_mut().find(|r| r[0] == key) {
            Some(r) => r[1] = text,
            None => rows.push(vec![key, text]),
        }
    }
    rows
}

/// Checks whether container instances have the attributes a task definition requires.
pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    let task_def = args.task_def.clone().unwrap_or_default();
    if task_def.is_empty() {
        return Err(fail(
            "TaskDefinition must be specified with the --task-def flag",
        ));
    }
    let instances = args.container_instances.clone().unwrap_or_default();
    if instances.is_empty() {
        return Err(fail(
            "ContainerInstance(s) must be specified with the --container-instances flag",
        ));
    }
    let cfg = ctx
        .command_config()
        .await
        .map_err(|e| fail(crate::error::chain_text(&e)))?
        .clone();
    let ecs = crate::aws::ecs(&cfg);
    let td = ecs_reads::describe_task_definition(&ecs, &task_def)
        .await
        .map_err(|e| {
            fail(format!(
                "Failed to Describe TaskDefinition, please check the region/taskDefinition values: {e}"
            ))
        })?;
    let required: Vec<String> = td
        .requires_attributes()
        .iter()
        .map(|a| a.name().to_string())
        .collect();
    if required.is_empty() {
        tracing::info!("The given task definition does not have any attributes");
        return Ok(());
    }
    ecs_reads::validate_cluster(&ecs, &cfg.cluster)
        .await
        .map_err(|e| fail(crate::error::chain_text(&e)))?;
    let ids: Vec<String> = instances.split(',').map(str::to_string).collect();
    let found: Vec<(String, Vec<String>)> =
        ecs_reads::describe_container_instances(&ecs, &cfg.cluster, &ids)
            .await
            .map_err(|e| {
                fail(format!(
                    "Failed to Describe Container Instances, please check region/containerInstance/cluster values: {e}"
                ))
            })?
            .iter()
            .map(|ci| {
                (
                    ci.container_instance_arn().unwrap_or_default().to_string(),
                    ci.attributes()
                        .iter()
                        .map(|a| a.name().to_string())
                        .collect(),
                )
            })
            .collect();
    let rows = compare(&required, &found);
    print!(
        "{}",
        table::render(&["Container Instance", "Missing Attributes"], &rows)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_attributes_per_instance() {
        let req = vec!["a".to_string(), "b".to_string()];
        let rows = compare(
            &req,
            &[
                ("arn:x:container-instance/id1".into(), vec!["a".into()]),
                (
                    "arn:x:container-instance/id2".into(),
                    vec!["a".into(), "b".into()],
                ),
            ],
        );
        assert_eq!(
            rows,
            vec![
                vec!["id1".to_string(), "b".to_string()],
                vec!["id2".to_string(), "None".to_string()]
            ]
        );
    }
}
