//! The ECS task machinery of `ps`, `compose ps` and the compose task commands (`up`, `start`,
//! `run`, `scale`, `stop`): running and stopping a project's tasks ([`run`]), waiting for them
//! with the original's log lines (`crate::waiters::tasks`), and the rows of the `ps` tables ([`ps_rows`]).
//! It works on plain values (clients, cluster, ecs-params, filters); the reads it needs are in
//! `crate::aws`. See docs/tasks.md.

pub mod ps_rows;
pub mod run;

use crate::aws::arn::after_first_slash;

/// `<task id from ARN>/<container>`, the container name of the `ps` table and of the log lines.
pub fn container_name(task_arn: &str, container: &str) -> String {
    format!("{}/{}", after_first_slash(task_arn), container)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_names() {
        assert_eq!(
            container_name("arn:aws:ecs:r:1:task/c1/abc", "web"),
            "c1/abc/web"
        );
    }
}
