//! Waiting for an ECS service, as the original's `compose service` commands did:
//!
//! - [`wait_until_describable`] after CreateService: poll until DescribeServices finds the
//!   service (`Service remains missing after N minutes` otherwise);
//! - [`wait_until_stable`] after every change: poll until the service has one deployment and
//!   as many running tasks as it wants, logging `Service status` whenever the running count
//!   changes and each new service event. The timeout counts from the last change of the
//!   running count, so a slow but progressing deployment is not cut off.
//!
//! Both take the `--timeout` minutes: 0 means "do not wait" (with the original's warning),
//! a negative value is an error. On a terminal, a live status line (desired, running,
//! pending, elapsed) stands below the log lines while waiting; elsewhere (CI) only the
//! original's lines are printed.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant, SystemTime};

use aws_sdk_ecs::types::{Service, ServiceEvent};

use super::{interrupted, service_poll_interval};
use crate::aws::ecs_services::{describe_service, Described};
use crate::logging::{log, LogLevel};

/// Events created more than this long before the command acted are old news.
const LATEST_EVENT_WINDOW_SECS: f64 = 2.0;

/// Where a service wait looks: the ECS client, the cluster and the service.
pub struct ServiceRef<'a> {
    pub ecs: &'a aws_sdk_ecs::Client,
    pub cluster: &'a str,
    pub name: &'a str,
}

/// What `--timeout` asks for: a wait of so many minutes, or none.
fn timeout(minutes: f64, zero_warning: &str) -> anyhow::Result<Option<f64>> {
    if minutes > 0.0 {
        Ok(Some(minutes))
    } else if minutes < 0.0 || minutes.is_nan() {
        anyhow::bail!("Error with timeout flag: {minutes:.6} is not a valid timeout value")
    } else {
        log(LogLevel::Warning, zero_warning, &[]);
        Ok(None)
    }
}

/// DescribeServices for the service; a failure entry or an empty answer is an error with the
/// original's text (`… : 'MISSING'` when there is no such service).
pub async fn describe(svc: &ServiceRef<'_>) -> anyhow::Result<Service> {
    match describe_service(svc.ecs, svc.cluster, svc.name).await? {
        Described::Found(s) => Ok(*s),
        Described::Failure(reason) => anyhow::bail!(
            "Got an error describing service '{}' : '{reason}'",
            svc.name
        ),
        Described::Empty => anyhow::bail!(
            "Got an empty list of services while describing the service '{}'",
            svc.name
        ),
    }
}

/// Polls until DescribeServices finds the service just created.
pub async fn wait_until_describable(svc: &ServiceRef<'_>, minutes: f64) -> anyhow::Result<()> {
    let Some(limit) = timeout(
        minutes,
        "Timeout was specified as zero. Service creation may not have completed yet.",
    )?
    else {
        return Ok(());
    };
    let started = Instant::now();
    let invoked_at = SystemTime::now();
    let mut events = EventLog::default();
    loop {
        if let Ok(s) = describe(svc).await {
            events.log_new(s.events(), invoked_at);
            return Ok(());
        }
        if started.elapsed().as_secs_f64() / 60.0 > limit {
            anyhow::bail!("Service remains missing after {limit:.2} minutes");
        }
        pause(&format!("service {} to be created", svc.name)).await?;
    }
}

/// Polls until the service is stable: one deployment, desired count == running count.
pub async fn wait_until_stable(svc: &ServiceRef<'_>, minutes: f64) -> anyhow::Result<()> {
    let Some(limit) = timeout(
        minutes,
        "Timeout was specified as zero. Your service deployment may not have completed yet.",
    )?
    else {
        return Ok(());
    };
    let started = Instant::now();
    let invoked_at = SystemTime::now();
    let mut events = EventLog::default();
    let mut last_running: i32 = 0;
    let mut last_change = Instant::now();
    let mut status = StatusLine::new();
    loop {
        let s = describe(svc).await?;
        let desired = s.desired_count();
        let running = s.running_count();
        let fields = [
            ("serviceName", svc.name.to_string()),
            ("desiredCount", desired.to_string()),
            ("runningCount", running.to_string()),
        ];
        status.clear();
        if running != last_running {
            last_running = running;
            last_change = Instant::now();
            log(LogLevel::Info, "Service status", &fields);
        }
        events.log_new(s.events(), invoked_at);
        if s.deployments().len() == 1 && desired == running {
            log(
                LogLevel::Info,
                "ECS Service has reached a stable state",
                &fields,
            );
            return Ok(());
        }
        if last_change.elapsed().as_secs_f64() / 60.0 > limit {
            anyhow::bail!(
                "Deployment has not completed: Running count has not changed for {limit:.2} minutes"
            );
        }
        status.show(&format!(
            "Waiting for service {}: desired {desired}, running {running}, pending {}, {} deployment(s), {}s elapsed",
            svc.name,
            s.pending_count(),
            s.deployments().len(),
            started.elapsed().as_secs()
        ));
        let paused = pause(&format!("service {} to become stable", svc.name)).await;
        status.clear();
        paused?;
    }
}

async fn pause(what: &str) -> anyhow::Result<()> {
    tokio::select! {
        _ = tokio::time::sleep(service_poll_interval()) => Ok(()),
        _ = tokio::signal::ctrl_c() => Err(interrupted(what)),
    }
}

/// The service events already seen, so that each is printed once.
#[derive(Default)]
struct EventLog {
    seen: HashSet<String>,
}

impl EventLog {
    /// Logs the events not seen before, oldest first, if they were created at most 2 s before
    /// the command acted (older ones are marked seen but not printed).
    fn log_new(&mut self, events: &[ServiceEvent], invoked_at: SystemTime) {
        let mut sorted: Vec<&ServiceEvent> = events.iter().collect();
        sorted.sort_by_key(|e| e.created_at().map(|t| (t.secs(), t.subsec_nanos())));
        let invoked = invoked_at
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
            .as_secs_f64();
        for e in sorted {
            let id = e.id().unwrap_or_default().to_string();
            if !self.seen.insert(id) {
                continue;
            }
            let Some(t) = e.created_at() else { continue };
            let created = t.secs() as f64 + f64::from(t.subsec_nanos()) / 1e9;
            if invoked - created < LATEST_EVENT_WINDOW_SECS {
                // ECS times are milliseconds sent as float seconds: drop the float's noise.
                let rounded = (t.subsec_nanos() + 500_000) / 1_000_000 * 1_000_000;
                let (secs, nanos) = if rounded >= 1_000_000_000 {
                    (t.secs() + 1, 0)
                } else {
                    (t.secs(), rounded)
                };
                log(
                    LogLevel::Info,
                    e.message().unwrap_or_default(),
                    &[("timestamp", crate::go::time::utc_string(secs, nanos))],
                );
            }
        }
    }
}

/// A one-line live status on the terminal (stderr), erased before each log line; nothing at
/// all when stdout or stderr is not a terminal.
struct StatusLine {
    on: bool,
    shown: bool,
}

impl StatusLine {
    fn new() -> StatusLine {
        StatusLine {
            on: crate::logging::stdout_is_tty() && std::io::stderr().is_terminal(),
            shown: false,
        }
    }

    fn show(&mut self, text: &str) {
        if self.on {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K{text}");
            let _ = err.flush();
            self.shown = true;
        }
    }

    fn clear(&mut self) {
        if self.shown {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.shown = false;
        }
    }
}

impl Drop for StatusLine {
    fn drop(&mut self) {
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts() {
        assert_eq!(timeout(5.0, "w").unwrap(), Some(5.0));
        assert_eq!(timeout(0.0, "w").unwrap(), None);
        assert_eq!(
            timeout(-1.0, "w").unwrap_err().to_string(),
            "Error with timeout flag: -1.000000 is not a valid timeout value"
        );
    }

    #[test]
    fn old_events_are_not_printed_twice_or_at_all() {
        let now = SystemTime::now();
        let secs = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let ev = |id: &str, at: i64| {
            ServiceEvent::builder()
                .id(id)
                .message(id)
                .created_at(aws_smithy_types::DateTime::from_secs(at))
                .build()
        };
        let mut log = EventLog::default();
        log.log_new(&[ev("new", secs + 1), ev("old", secs - 60)], now);
        assert!(log.seen.contains("new") && log.seen.contains("old"));
        log.log_new(&[ev("new", secs + 1)], now);
        assert_eq!(log.seen.len(), 2);
    }
}
