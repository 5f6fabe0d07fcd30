//! Waiting for tasks to reach their desired status: DescribeTasks every 6 s (100 ARNs per
//! call), at most 100 polls, with the original's per-container log lines. A task that stops
//! while it should run is reported with its stop reason once the wait is over.

use aws_sdk_ecs::types::Task;

use crate::aws::arn::after_first_slash;
use crate::aws::ecs_reads::describe_tasks;
use crate::logging::{log, LogLevel};

use super::{sleep_or_interrupt, task_poll_interval};
use crate::ecs_tasks::container_name;

/// How many times the tasks are described before giving up.
pub const MAX_POLLS: usize = 100;

/// A task that stopped although it was meant to run.
#[derive(Debug, Clone, PartialEq)]
pub struct StoppedInstead {
    pub task_arn: String,
    pub reason: String,
}

/// Logs the status of each container of `tasks`; returns the ARNs that reached a final state
/// and the tasks that stopped instead of running.
pub fn check_statuses(tasks: &[Task], poll: usize) -> (Vec<String>, Vec<StoppedInstead>) {
    let mut done = Vec::new();
    let mut stopped = Vec::new();
    for t in tasks {
        let desired = t.desired_status().unwrap_or_default();
        let last = t.last_status().unwrap_or_default();
        let arn = t.task_arn().unwrap_or_default().to_string();
        let mut msg = "Describe ECS container status";
        let mut info = false;
        if desired == last {
            done.push(arn.clone());
            info = true;
            if desired == "RUNNING" {
                msg = "Started container...";
            } else if desired == "STOPPED" {
                msg = "Stopped container...";
            }
        } else if last == "STOPPED" {
            done.push(arn.clone());
            info = true;
            msg = "Container seem to have stopped...";
            stopped.push(StoppedInstead {
                task_arn: arn.clone(),
                reason: t.stopped_reason().unwrap_or_default().to_string(),
            });
        }
        for c in t.containers() {
            let fields = [
                (
                    "taskDefinition",
                    after_first_slash(t.task_definition_arn().unwrap_or_default()),
                ),
                ("desiredStatus", desired.to_string()),
                ("lastStatus", last.to_string()),
                (
                    "container",
                    container_name(&arn, c.name().unwrap_or_default()),
                ),
            ];
            if info || poll.is_multiple_of(2) {
                log(LogLevel::Info, msg, &fields);
            } else {
                log(LogLevel::Debug, "Describe ECS container status", &fields);
            }
        }
    }
    (done, stopped)
}

/// Polls until every task in `arns` has reached its desired status (or stopped).
pub async fn wait_for_tasks(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    arns: Vec<String>,
) -> anyhow::Result<()> {
    let mut pending: Vec<String> = Vec::new();
    for a in arns {
        if !pending.contains(&a) {
            pending.push(a);
        }
    }
    let mut failures: Vec<StoppedInstead> = Vec::new();
    for poll in 0..MAX_POLLS {
        if pending.is_empty() {
            return finish(failures);
        }
        let tasks = describe_tasks(ecs, cluster, &pending).await?;
        let (done, stopped) = check_statuses(&tasks, poll);
        failures.extend(stopped);
        pending.retain(|a| !done.contains(a));
        if pending.is_empty() {
            return finish(failures);
        }
        sleep_or_interrupt(task_poll_interval(), "the tasks").await?;
    }
    anyhow::bail!("Timeout waiting for ECS tasks' status to match desired")
}

fn finish(failures: Vec<StoppedInstead>) -> anyhow::Result<()> {
    match failures.first() {
        None => Ok(()),
        Some(f) => {
            let reason = if f.reason.is_empty() {
                "no stop reason given".to_string()
            } else {
                f.reason.clone()
            };
            let more = if failures.len() > 1 {
                format!(" (and {} more task(s))", failures.len() - 1)
            } else {
                String::new()
            };
            anyhow::bail!(
                "Task {} stopped instead of running: {reason}{more}",
                after_first_slash(&f.task_arn)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ecs::types::Container;

    fn task(arn: &str, desired: &str, last: &str) -> Task {
        Task::builder()
            .task_arn(arn)
            .desired_status(desired)
            .last_status(last)
            .stopped_reason("Essential container in task exited")
            .containers(Container::builder().name("web").build())
            .build()
    }

    #[test]
    fn statuses_decide_what_is_done() {
        let (done, stopped) = check_statuses(
            &[
                task("arn:t/c/1", "RUNNING", "RUNNING"),
                task("arn:t/c/2", "RUNNING", "PENDING"),
                task("arn:t/c/3", "RUNNING", "STOPPED"),
            ],
            1,
        );
        assert_eq!(done, ["arn:t/c/1", "arn:t/c/3"]);
        assert_eq!(stopped.len(), 1);
        let e = finish(stopped).unwrap_err().to_string();
        assert_eq!(
            e,
            "Task c/3 stopped instead of running: Essential container in task exited"
        );
    }
}
