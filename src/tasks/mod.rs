//! Shared task machinery of `ps`, `compose ps` and the compose task commands (`up`, `start`,
//! `run`, `scale`, `stop`): listing and describing tasks in as few calls as the APIs allow,
//! the `ps` table with its IP lookups, running tasks in chunks of ten, and waiting for them
//! with the original's log lines. See docs/tasks.md.

pub mod api;
pub mod compose;
pub mod info;
pub mod run;
pub mod table;
pub mod translator;
pub mod wait;

use crate::logging::{emit, LogLevel};

/// Prints one log line with `key=value` fields (sorted by the formatter).
pub fn log(level: LogLevel, msg: &str, fields: &[(&str, String)]) {
    let owned: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    emit(level, msg, &owned);
}

/// The part of an ARN after its first `/` (the original's `GetIdFromArn`): `cluster/taskid`
/// for a long task ARN, `family:rev` for a task definition ARN.
pub fn id_from_arn(arn: &str) -> String {
    match arn.split_once('/') {
        Some((_, rest)) => rest.to_string(),
        None => String::new(),
    }
}

/// `<task id from ARN>/<container>`, the container name of the `ps` table and of the log lines.
pub fn container_name(task_arn: &str, container: &str) -> String {
    format!("{}/{}", id_from_arn(task_arn), container)
}

/// The poll interval of the task waits: 6 s as in the original; the hidden environment
/// variable `ECS_CLI_TASK_POLL_MS` shortens it for tests.
pub fn task_poll_interval() -> std::time::Duration {
    env_millis("ECS_CLI_TASK_POLL_MS").unwrap_or(std::time::Duration::from_secs(6))
}

/// A duration in milliseconds from an environment variable, if set and valid.
pub fn env_millis(name: &str) -> Option<std::time::Duration> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(std::time::Duration::from_millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_arns() {
        assert_eq!(id_from_arn("arn:aws:ecs:us-east-1:1:task/c1/abc"), "c1/abc");
        assert_eq!(id_from_arn("arn:aws:ecs:us-east-1:1:task/abc"), "abc");
        assert_eq!(
            id_from_arn("arn:aws:ecs:us-east-1:1:task-definition/fam:3"),
            "fam:3"
        );
        assert_eq!(id_from_arn("nothing"), "");
        assert_eq!(
            container_name("arn:aws:ecs:r:1:task/c1/abc", "web"),
            "c1/abc/web"
        );
    }
}
