//! Waiting for ECS to catch up, as the original did: [`tasks`] polls DescribeTasks until each
//! task reaches its desired status (every 6 s, at most 100 polls), [`services`] polls
//! DescribeServices until a service exists, and then until it is stable (every 5 s, with a
//! timeout counted from the last change of its running count). Both print the original's log
//! lines; both stop cleanly on Ctrl-C, leaving ECS as it is and saying so (exit 130).
//!
//! The poll intervals can be shortened for tests with hidden environment variables
//! (`ECS_CLI_TASK_POLL_MS`, `ECS_CLI_SERVICE_POLL_MS`); users never need them.

pub mod services;
pub mod tasks;

use std::time::Duration;

use crate::error::Interrupted;

/// The poll interval of the task waits: 6 s as in the original.
pub fn task_poll_interval() -> Duration {
    crate::config::env_millis("ECS_CLI_TASK_POLL_MS").unwrap_or(Duration::from_secs(6))
}

/// The poll interval of the service waits: 5 s as in the original.
pub fn service_poll_interval() -> Duration {
    crate::config::env_millis("ECS_CLI_SERVICE_POLL_MS").unwrap_or(Duration::from_secs(5))
}

/// Sleeps for `d`, unless Ctrl-C comes first: then the wait ends with an error saying that
/// only the waiting stopped (ECS goes on with `what`).
pub async fn sleep_or_interrupt(d: Duration, what: &str) -> anyhow::Result<()> {
    tokio::select! {
        _ = tokio::time::sleep(d) => Ok(()),
        _ = tokio::signal::ctrl_c() => Err(interrupted(what)),
    }
}

/// The error of a wait stopped by Ctrl-C (one warning line, exit 130).
pub fn interrupted(what: &str) -> anyhow::Error {
    Interrupted(format!(
        "Interrupted: stopped waiting for {what}; nothing was changed or rolled back, and ECS carries on with what was already requested"
    ))
    .into()
}
