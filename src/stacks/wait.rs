//! Waiting for a stack operation, as the original's cloudformation client did: every poll
//! reads the newest stack event (a failed resource ends the wait with its reason) and then
//! the stack status; success ends it, a failure status ends it after logging the first
//! failure event; otherwise the status is logged (info on even polls, debug on odd ones) and
//! the next poll comes 30 s later. Polls: create 50, delete 25, update 5.
//!
//! On a terminal the status lines are replaced by one live line showing the stack status and
//! its newest event. Ctrl-C stops waiting, leaves the stack as it is, and says so.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use aws_sdk_cloudformation::types::StackEvent;
use aws_sdk_cloudformation::Client;

use crate::aws::cloudformation::{self as cfn_api, AwsError};
use crate::logging::{log, LogLevel};

/// The stack operation being waited for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Create,
    Update,
    Delete,
}

impl Operation {
    /// The stack status that means success.
    pub fn success_status(self) -> &'static str {
        match self {
            Operation::Create => "CREATE_COMPLETE",
            Operation::Update => "UPDATE_COMPLETE",
            Operation::Delete => "DELETE_COMPLETE",
        }
    }

    /// Stack statuses that mean the operation failed.
    pub fn failure_statuses(self) -> &'static [&'static str] {
        match self {
            Operation::Create => &[
                "CREATE_FAILED",
                "ROLLBACK_IN_PROGRESS",
                "ROLLBACK_COMPLETE",
                "UPDATE_ROLLBACK_FAILED",
            ],
            Operation::Update => &["UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED"],
            Operation::Delete => &["DELETE_FAILED"],
        }
    }

    /// How many polls before giving up.
    pub fn max_polls(self) -> usize {
        match self {
            Operation::Create => 50,
            Operation::Update => 5,
            Operation::Delete => 25,
        }
    }

    /// The resource status of a stack event that means the operation failed.
    fn failed_event_status(self) -> &'static str {
        match self {
            Operation::Create => "CREATE_FAILED",
            Operation::Update => "UPDATE_FAILED",
            Operation::Delete => "DELETE_FAILED",
        }
    }

    /// The error line logged for such an event.
    fn failed_event_message(self) -> &'static str {
        match self {
            Operation::Create => "Error creating cloudformation stack for cluster",
            Operation::Update => "Error updating cloudformation stack for cluster",
            Operation::Delete => "Error deleting cloudformation stack for cluster",
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Operation::Create => "creation",
            Operation::Update => "update",
            Operation::Delete => "deletion",
        }
    }
}

/// Time between polls: 30 s, or `ECS_CLI_STACK_POLL_MS` (tests).
pub fn poll_interval() -> Duration {
    crate::config::env_millis("ECS_CLI_STACK_POLL_MS").unwrap_or(Duration::from_secs(30))
}

/// Waits for `op` on stack `name` to finish. For a deletion, a stack that no longer exists
/// is success. `resume_hint` is appended to the message printed when the user presses Ctrl-C
/// (what to run to continue).
pub async fn wait_until_complete(
    cfn: &Client,
    name: &str,
    op: Operation,
    resume_hint: &str,
) -> anyhow::Result<()> {
    let mut live = LiveLine::new();
    let outcome = tokio::select! {
        r = poll_loop(cfn, name, op, &mut live) => Some(r),
        _ = tokio::signal::ctrl_c() => None,
    };
    live.finish();
    let Some(result) = outcome else {
        let mut msg = format!(
            "Stopped waiting for the {} of CloudFormation stack '{name}' (interrupted); the stack was left as it is and CloudFormation goes on with it.",
            op.verb()
        );
        if !resume_hint.is_empty() {
            msg.push(' ');
            msg.push_str(resume_hint);
        }
        return Err(anyhow::anyhow!(msg));
    };
    match result {
        Err(e) if op == Operation::Delete => match e.downcast_ref::<AwsError>() {
            Some(aws) if aws.is_missing_stack() => Ok(()),
            _ => Err(e),
        },
        other => other,
    }
}

async fn poll_loop(
    cfn: &Client,
    name: &str,
    op: Operation,
    live: &mut LiveLine,
) -> anyhow::Result<()> {
    let success = op.success_status();
    for poll in 0..op.max_polls() {
        let event = latest_event(cfn, name).await?;
        if event_failed(&event, op) {
            let reason = event.resource_status_reason().unwrap_or_default();
            anyhow::bail!("Cloudformation failure waiting for '{success}'. Reason: '{reason}'");
        }
        let status = match cfn_api::describe_stack(cfn, name).await? {
            Some(s) => s
                .stack_status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            None => anyhow::bail!("Could not describe stack '{name}'"),
        };
        if status == success {
            return Ok(());
        }
        if op.failure_statuses().contains(&status.as_str()) {
            log(
                LogLevel::Debug,
                "Stack creation failed. Getting first failed event",
                &[],
            );
            if let Ok(Some(first)) = first_failure_event(cfn, name, op).await {
                log(
                    LogLevel::Error,
                    "Failure event",
                    &[
                        (
                            "reason",
                            first.resource_status_reason().unwrap_or_default().into(),
                        ),
                        (
                            "resourceType",
                            first.resource_type().unwrap_or_default().into(),
                        ),
                    ],
                );
            }
            anyhow::bail!("Cloudformation failure waiting for '{success}'. State is '{status}'");
        }
        if live.active() {
            live.show(name, &status, &event);
        } else {
            let level = if poll % 2 == 0 {
                LogLevel::Info
            } else {
                LogLevel::Debug
            };
            log(
                level,
                "Cloudformation stack status",
                &[("stackStatus", status)],
            );
        }
        tokio::time::sleep(poll_interval()).await;
    }
    anyhow::bail!("Timeout waiting for stack operation to complete")
}

/// The newest stack event.
async fn latest_event(cfn: &Client, name: &str) -> anyhow::Result<StackEvent> {
    let (events, _) = cfn_api::stack_events_page(cfn, name, None).await?;
    match events.into_iter().next() {
        Some(e) => Ok(e),
        None => anyhow::bail!("Could not describe stack events"),
    }
}

fn status_of(event: &StackEvent) -> &str {
    event.resource_status().map(|s| s.as_str()).unwrap_or("")
}

/// Whether the event says a resource failed in `op` (logged at error level when it did).
fn event_failed(event: &StackEvent, op: Operation) -> bool {
    let status = status_of(event).to_string();
    let resource = event.physical_resource_id().unwrap_or_default().to_string();
    if op == Operation::Create {
        log(
            LogLevel::Debug,
            "parsing event",
            &[
                ("eventStatus", status.clone()),
                ("resource", resource.clone()),
            ],
        );
    }
    if status != op.failed_event_status() {
        return false;
    }
    log(
        LogLevel::Error,
        op.failed_event_message(),
        &[
            ("eventStatus", status),
            ("resource", resource),
            (
                "reason",
                event.resource_status_reason().unwrap_or_default().into(),
            ),
        ],
    );
    true
}

/// The oldest event whose resource status is one of the operation's failure statuses: the
/// original read to the last page of events and searched it from its oldest end.
async fn first_failure_event(
    cfn: &Client,
    name: &str,
    op: Operation,
) -> anyhow::Result<Option<StackEvent>> {
    let mut token = None;
    let last_page = loop {
        let (events, next) = cfn_api::stack_events_page(cfn, name, token).await?;
        if events.is_empty() {
            anyhow::bail!("Could not describe stack events");
        }
        match next {
            Some(t) => token = Some(t),
            None => break events,
        }
    };
    for event in last_page.iter().rev() {
        log(
            LogLevel::Debug,
            "Parsing event",
            &[
                ("status", status_of(event).to_string()),
                (
                    "reason",
                    event.resource_status_reason().unwrap_or_default().into(),
                ),
                ("id", event.event_id().unwrap_or_default().into()),
                (
                    "resourceType",
                    event.resource_type().unwrap_or_default().into(),
                ),
            ],
        );
        if op.failure_statuses().contains(&status_of(event)) {
            return Ok(Some(event.clone()));
        }
    }
    Ok(None)
}

/// The live status line on a terminal (inactive otherwise).
struct LiveLine {
    tty: bool,
    shown: bool,
}

impl LiveLine {
    fn new() -> Self {
        LiveLine {
            tty: std::io::stdout().is_terminal(),
            shown: false,
        }
    }

    fn active(&self) -> bool {
        self.tty
    }

    fn show(&mut self, name: &str, status: &str, event: &StackEvent) {
        let text = live_text(name, status, event);
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "\r\x1b[2K{text}");
        let _ = out.flush();
        self.shown = true;
    }

    fn finish(&mut self) {
        if self.shown {
            let mut out = std::io::stdout().lock();
            let _ = write!(out, "\r\x1b[2K");
            let _ = out.flush();
            self.shown = false;
        }
    }
}

/// `<stack>: <status> (latest: <logical id> <resource status>[: <reason>])`.
fn live_text(name: &str, status: &str, event: &StackEvent) -> String {
    let mut text = format!(
        "{name}: {status} (latest: {} {}",
        event.logical_resource_id().unwrap_or_default(),
        status_of(event)
    );
    if let Some(reason) = event.resource_status_reason().filter(|r| !r.is_empty()) {
        text.push_str(": ");
        text.push_str(reason);
    }
    text.push(')');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_cloudformation::types::ResourceStatus;

    fn event(status: ResourceStatus) -> aws_sdk_cloudformation::types::builders::StackEventBuilder {
        StackEvent::builder().resource_status(status)
    }

    #[test]
    fn polls_and_statuses_are_the_originals() {
        assert_eq!(Operation::Create.max_polls(), 50);
        assert_eq!(Operation::Delete.max_polls(), 25);
        assert_eq!(Operation::Update.max_polls(), 5);
        assert!(Operation::Create
            .failure_statuses()
            .contains(&"ROLLBACK_COMPLETE"));
        assert_eq!(Operation::Update.success_status(), "UPDATE_COMPLETE");
    }

    #[test]
    fn only_the_operations_failure_event_fails() {
        let ev = event(ResourceStatus::CreateFailed).build();
        assert!(event_failed(&ev, Operation::Create));
        assert!(!event_failed(&ev, Operation::Delete));
    }

    #[test]
    fn live_text_shows_the_newest_event() {
        let ev = event(ResourceStatus::CreateInProgress)
            .logical_resource_id("Vpc")
            .build();
        assert_eq!(
            live_text("s", "CREATE_IN_PROGRESS", &ev),
            "s: CREATE_IN_PROGRESS (latest: Vpc CREATE_IN_PROGRESS)"
        );
    }
}
