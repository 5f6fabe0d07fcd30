//! The ECS reads the commands share (tasks, task definitions, container instances, cluster
//! status), each batched to the API's maximum and run concurrently where the calls are
//! independent. Errors carry the original's text (`Code: message`) and are logged the way its
//! ECS client logged them.

use std::collections::{BTreeSet, HashMap};

use aws_sdk_ecs::types::{ContainerInstance, Task, TaskDefinition};
use futures::stream::{self, StreamExt, TryStreamExt};

use super::{error_text, in_chunks, CONCURRENCY};
use crate::logging::{log, LogLevel};

/// DescribeTasks and DescribeContainerInstances take at most 100 identifiers.
pub const ECS_DESCRIBE_MAX: usize = 100;

/// Which tasks a listing keeps: all of the cluster's, or a compose project's (ListTasks by
/// family, then tasks whose group is the project's or whose startedBy is the family).
#[derive(Clone, Debug)]
pub struct ProjectFilter {
    pub family: String,
    pub group: String,
}

/// Go's `awsutil.Prettify` of the ListTasks input, as the original logged it.
fn prettify_list_tasks(
    cluster: &str,
    status: &str,
    scope: ListScope<'_>,
    token: Option<&str>,
) -> String {
    let q = crate::go::strconv::quote;
    let mut fields = vec![format!("  Cluster: {}", q(cluster))];
    fields.push(format!("  DesiredStatus: {}", q(status)));
    if let ListScope::Family(f) = scope {
        fields.push(format!("  Family: {}", q(f)));
    }
    if let Some(t) = token {
        fields.push(format!("  NextToken: {}", q(t)));
    }
    if let ListScope::Service(name) = scope {
        fields.push(format!("  ServiceName: {}", q(name)));
    }
    format!("{{\n{}\n}}", fields.join(",\n"))
}

/// Which tasks a ListTasks request asks for: the whole cluster's, a task-definition
/// family's, or one service's.
#[derive(Clone, Copy, Debug)]
enum ListScope<'a> {
    Cluster,
    Family(&'a str),
    Service(&'a str),
}

/// The ListTasks pages of `status`, handed to `on_page` as each arrives (the page chain is
/// sequential: each request needs the previous page's token).
async fn list_task_arn_pages(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    status: &str,
    scope: ListScope<'_>,
    mut on_page: impl FnMut(Vec<String>),
) -> anyhow::Result<()> {
    let mut token: Option<String> = None;
    loop {
        let resp = ecs
            .list_tasks()
            .cluster(cluster)
            .desired_status(aws_sdk_ecs::types::DesiredStatus::from(status))
            .set_family(match scope {
                ListScope::Family(f) => Some(f.to_string()),
                _ => None,
            })
            .set_service_name(match scope {
                ListScope::Service(name) => Some(name.to_string()),
                _ => None,
            })
            .set_next_token(token.clone())
            .send()
            .await;
        match resp {
            Ok(out) => {
                if !out.task_arns().is_empty() {
                    on_page(out.task_arns().to_vec());
                }
                match out.next_token() {
                    Some(t) if !t.is_empty() && !out.task_arns().is_empty() => {
                        token = Some(t.to_string())
                    }
                    _ => break,
                }
            }
            Err(e) => {
                let text = error_text(&e);
                log(
                    LogLevel::Error,
                    "Error listing tasks",
                    &[
                        (
                            "request",
                            prettify_list_tasks(cluster, status, scope, token.as_deref()),
                        ),
                        ("error", text.clone()),
                    ],
                );
                return Err(anyhow::anyhow!(text));
            }
        }
    }
    Ok(())
}

/// DescribeTasks for any number of ARNs: chunks of 100, several in flight, results in the
/// order of `arns`.
pub async fn describe_tasks(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    arns: &[String],
) -> anyhow::Result<Vec<Task>> {
    in_chunks(arns, ECS_DESCRIBE_MAX, |chunk| async move {
        match ecs
            .describe_tasks()
            .cluster(cluster)
            .set_tasks(Some(chunk))
            .send()
            .await
        {
            Ok(out) => Ok(out.tasks().to_vec()),
            Err(e) => {
                let text = error_text(&e);
                log(
                    LogLevel::Error,
                    "Error describing tasks",
                    &[("request", "<nil>".into()), ("error", text.clone())],
                );
                Err(anyhow::anyhow!(text))
            }
        }
    })
    .await
}

/// The tasks of one desired status, optionally only the project's (the original's
/// `CollectTasksWithStatus`).
pub async fn collect_tasks_with_status(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    status: &str,
    project: Option<&ProjectFilter>,
) -> anyhow::Result<Vec<Task>> {
    let scope = match project {
        Some(p) => ListScope::Family(&p.family),
        None => ListScope::Cluster,
    };
    let tasks = list_and_describe(ecs, cluster, status, scope).await?;
    Ok(match project {
        None => tasks,
        Some(p) => tasks
            .into_iter()
            .filter(|t| {
                t.group() == Some(p.group.as_str()) || t.started_by() == Some(p.family.as_str())
            })
            .collect(),
    })
}

/// The tasks of one service: RUNNING then STOPPED (ListTasks by service name, as the
/// original's `compose service ps`; both listings run concurrently).
pub async fn collect_service_tasks(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    statuses: &[&str],
    service: &str,
) -> anyhow::Result<Vec<Task>> {
    let lists = futures::future::try_join_all(
        statuses
            .iter()
            .map(|s| list_and_describe(ecs, cluster, s, ListScope::Service(service))),
    )
    .await?;
    Ok(lists.into_iter().flatten().collect())
}

/// ListTasks pages of one status and scope, each page described as it arrives.
async fn list_and_describe(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    status: &str,
    scope: ListScope<'_>,
) -> anyhow::Result<Vec<Task>> {
    // Each page (at most 100 ARNs, one DescribeTasks) is described as soon as it arrives, while
    // the next page is being listed; the results keep the listing's order.
    let mut describing = Vec::new();
    let listed = list_task_arn_pages(ecs, cluster, status, scope, |page| {
        let (ecs, cluster) = (ecs.clone(), cluster.to_string());
        describing.push(tokio::spawn(async move {
            describe_tasks(&ecs, &cluster, &page).await
        }));
    })
    .await;
    if let Err(e) = listed {
        describing.iter().for_each(|h| h.abort());
        return Err(e);
    }
    let mut tasks = Vec::new();
    for handle in describing {
        tasks.extend(
            handle
                .await
                .map_err(|e| anyhow::anyhow!("describing tasks: {e}"))??,
        );
    }
    Ok(tasks)
}

/// RUNNING tasks then STOPPED tasks (both listings run concurrently).
pub async fn collect_tasks(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    statuses: &[&str],
    project: Option<&ProjectFilter>,
) -> anyhow::Result<Vec<Task>> {
    let lists = futures::future::try_join_all(
        statuses
            .iter()
            .map(|s| collect_tasks_with_status(ecs, cluster, s, project)),
    )
    .await?;
    Ok(lists.into_iter().flatten().collect())
}

/// DescribeTaskDefinition.
pub async fn describe_task_definition(
    ecs: &aws_sdk_ecs::Client,
    name: &str,
) -> anyhow::Result<TaskDefinition> {
    let out = ecs
        .describe_task_definition()
        .task_definition(name)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!(error_text(&e)))?;
    out.task_definition().cloned().ok_or_else(|| {
        anyhow::anyhow!("DescribeTaskDefinition returned no task definition for {name}")
    })
}

/// DescribeTaskDefinition for each distinct ARN, concurrently, by ARN.
pub async fn describe_task_definitions(
    ecs: &aws_sdk_ecs::Client,
    arns: BTreeSet<String>,
) -> anyhow::Result<HashMap<String, TaskDefinition>> {
    stream::iter(arns)
        .map(|arn| async move {
            let td = describe_task_definition(ecs, &arn).await?;
            Ok::<_, anyhow::Error>((arn, td))
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await
}

/// DescribeContainerInstances for any number of identifiers: chunks of 100, several in
/// flight, results in the order of `ids`. The error is the original's text of the first
/// failing call.
pub async fn describe_container_instances(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    ids: &[String],
) -> Result<Vec<ContainerInstance>, String> {
    in_chunks(ids, ECS_DESCRIBE_MAX, |chunk| async move {
        ecs.describe_container_instances()
            .cluster(cluster)
            .set_container_instances(Some(chunk))
            .send()
            .await
            .map(|out| out.container_instances().to_vec())
            .map_err(|e| error_text(&e))
    })
    .await
}

/// Whether the account has the long task ARN format (ListAccountSettings, effective value),
/// which the original required before it enabled ECS managed tags.
pub async fn task_long_arn_enabled(ecs: &aws_sdk_ecs::Client) -> anyhow::Result<bool> {
    let out = ecs
        .list_account_settings()
        .name(aws_sdk_ecs::types::SettingName::TaskLongArnFormat)
        .effective_settings(true)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!(error_text(&e)))?;
    Ok(out.settings().first().and_then(|s| s.value()) == Some("enabled"))
}

/// The original's `IsActiveCluster`: DescribeClusters; a failure entry or a status other than
/// ACTIVE means "not active".
pub async fn is_active_cluster(ecs: &aws_sdk_ecs::Client, cluster: &str) -> anyhow::Result<bool> {
    let out = ecs
        .describe_clusters()
        .clusters(cluster)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!(error_text(&e)))?;
    if !out.failures().is_empty() {
        return Ok(false);
    }
    let Some(c) = out.clusters().first() else {
        anyhow::bail!("Got an empty list of clusters while describing the cluster '{cluster}'");
    };
    Ok(c.status() == Some("ACTIVE"))
}

/// `Cluster '<c>' is not active. Ensure that it exists` unless the cluster is ACTIVE.
pub async fn validate_cluster(ecs: &aws_sdk_ecs::Client, cluster: &str) -> anyhow::Result<()> {
    if !is_active_cluster(ecs, cluster).await? {
        anyhow::bail!("Cluster '{cluster}' is not active. Ensure that it exists");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_request_is_prettified_like_go() {
        assert_eq!(
            prettify_list_tasks("c", "RUNNING", ListScope::Family("f"), None),
            "{\n  Cluster: \"c\",\n  DesiredStatus: \"RUNNING\",\n  Family: \"f\"\n}"
        );
        assert_eq!(
            prettify_list_tasks("c", "STOPPED", ListScope::Cluster, None),
            "{\n  Cluster: \"c\",\n  DesiredStatus: \"STOPPED\"\n}"
        );
        assert_eq!(
            prettify_list_tasks("c", "RUNNING", ListScope::Service("s"), Some("t")),
            "{\n  Cluster: \"c\",\n  DesiredStatus: \"RUNNING\",\n  NextToken: \"t\",\n  ServiceName: \"s\"\n}"
        );
    }
}
