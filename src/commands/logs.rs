//! `ecs-cli logs`: Print the CloudWatch Logs of a task's containers.

use crate::aws::awslogs;
use crate::commands::flags::Levels;
use crate::error::executing;

/// Print the CloudWatch Logs of a task's containers
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// ID of the task whose logs to show
    #[arg(long = "task-id", value_name = "VALUE")]
    pub task_id: Option<String>,
    /// Task definition (family:revision or ARN)
    #[arg(long = "task-def", value_name = "VALUE")]
    pub task_def: Option<String>,
    /// Keep polling for new log events
    #[arg(long = "follow")]
    pub follow: bool,
    /// CloudWatch Logs filter pattern to apply to the events
    #[arg(long = "filter-pattern", value_name = "VALUE")]
    pub filter_pattern: Option<String>,
    /// Container (compose service) to attach to the load balancer, or whose logs to show
    #[arg(long = "container-name", value_name = "VALUE")]
    pub container_name: Option<String>,
    /// Show only events from this many minutes ago onwards
    #[arg(long = "since", value_name = "N")]
    pub since: Option<i64>,
    /// Show only events after this time (RFC 3339, e.g. 2006-01-02T15:04:05+07:00)
    #[arg(long = "start-time", value_name = "VALUE")]
    pub start_time: Option<String>,
    /// Show only events before this time (RFC 3339, e.g. 2006-01-02T15:04:05+07:00)
    #[arg(long = "end-time", value_name = "VALUE")]
    pub end_time: Option<String>,
    /// Prefix each event with its timestamp
    #[arg(long = "timestamps", short = 't')]
    pub timestamps: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// How `logs` names the log configuration field in its messages.
const FIELD: &str = "logConfiguration";

/// The log group, its region and the streams of the task's containers (one container with
/// `--container-name`, else all of them, which must share group and region).
fn log_streams(
    td: &aws_sdk_ecs::types::TaskDefinition,
    task_id: &str,
    container: Option<&str>,
) -> Result<(String, String, Vec<String>), String> {
    let defs = td.container_definitions();
    if let Some(name) = container.filter(|c| !c.is_empty()) {
        let def = defs
            .iter()
            .find(|d| d.name() == Some(name))
            .ok_or_else(|| {
                format!(
                    "Container '{name}' is not defined in task definition {}",
                    td.task_definition_arn().unwrap_or_default()
                )
            })?;
        let lc = awslogs::settings(def, FIELD)?;
        return Ok((
            lc.group,
            lc.region,
            vec![format!("{}/{name}/{task_id}", lc.stream_prefix)],
        ));
    }
    let first = defs
        .first()
        .ok_or_else(|| "The task definition has no container definitions".to_string())?;
    let base = awslogs::settings(first, FIELD)?;
    let mut streams = Vec::new();
    for def in defs {
        let lc = awslogs::settings(def, FIELD)?;
        let mismatch = |field: &str| {
            format!("Log Configuration Field {field} mismatches in at least one container definition in {}. Use the --container-name option to query logs for an individual container.", td.task_definition_arn().unwrap_or_default())
        };
        if lc.group != base.group {
            return Err(mismatch("awslogs-group"));
        }
        if lc.region != base.region {
            return Err(mismatch("awslogs-region"));
        }
        streams.push(format!(
            "{}/{}/{task_id}",
            lc.stream_prefix,
            def.name().unwrap_or_default()
        ));
    }
    Ok((base.group, base.region, streams))
}

/// Start and end times from the flags, in milliseconds.
fn time_window(args: &Args) -> Result<(Option<i64>, Option<i64>), String> {
    let mut start = None;
    let mut end = None;
    if let Some(s) = args.start_time.as_deref().filter(|s| !s.is_empty()) {
        start = Some(crate::go::time::parse_rfc3339_millis(s)?);
    }
    if let Some(e) = args.end_time.as_deref().filter(|s| !s.is_empty()) {
        end = Some(crate::go::time::parse_rfc3339_millis(e)?);
    }
    if let Some(since) = args.since.filter(|s| *s > 0) {
        start = Some(chrono::Utc::now().timestamp_millis() - since * 60_000);
    }
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            return Err("Start time value provided with --start-time or --since must be before End time value provided with --end-time".into());
        }
    }
    Ok((start, end))
}

/// Prints the events of one FilterLogEvents pass, page by page; returns the events printed
/// (timestamp, event id).
async fn print_pass(
    client: &aws_sdk_cloudwatchlogs::Client,
    req: &FilterRequest,
    start: Option<i64>,
    seen: &std::collections::HashSet<String>,
    timestamps: bool,
) -> anyhow::Result<Vec<(i64, String)>> {
    use std::io::Write;
    let mut printed = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = client
            .filter_log_events()
            .log_group_name(&req.group)
            .set_log_stream_names(Some(req.streams.clone()))
            .set_filter_pattern(req.pattern.clone())
            .set_start_time(start)
            .set_end_time(req.end)
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| anyhow::anyhow!(crate::aws::error_text(&e)))?;
        let mut page = String::new();
        for ev in out.events() {
            let id = ev.event_id().unwrap_or_default().to_string();
            if !id.is_empty() && seen.contains(&id) {
                continue;
            }
            let ts = ev.timestamp().unwrap_or(0);
            let msg = ev.message().unwrap_or_default();
            if timestamps {
                let t = chrono::DateTime::from_timestamp_millis(ts)
                    .map(|t| {
                        t.with_timezone(&chrono::Local)
                            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    })
                    .unwrap_or_default();
                page.push_str(&format!("{t}\t{msg}\n\n"));
            } else {
                page.push_str(&format!("{msg}\n\n"));
            }
            printed.push((ts, id));
        }
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        let _ = lock.write_all(page.as_bytes());
        let _ = lock.flush();
        match out.next_token() {
            Some(t) if !t.is_empty() && Some(t) != token.as_deref() => token = Some(t.to_string()),
            _ => break,
        }
    }
    Ok(printed)
}

struct FilterRequest {
    group: String,
    streams: Vec<String>,
    pattern: Option<String>,
    end: Option<i64>,
}

/// The poll interval of `--follow`: 10 s as in the original; `ECS_CLI_LOGS_POLL_MS` shortens it
/// for tests.
fn follow_interval() -> std::time::Duration {
    crate::config::env_millis("ECS_CLI_LOGS_POLL_MS").unwrap_or(std::time::Duration::from_secs(10))
}

/// Prints the CloudWatch Logs events of a task's containers.
pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    let task_id = args.task_id.clone().unwrap_or_default();
    if task_id.is_empty() {
        return Err(executing(
            "logs",
            "TaskID must be specified with the --task-id flag",
        ));
    }
    let since = args.since.unwrap_or(0);
    if since > 0 && args.start_time.as_deref().is_some_and(|s| !s.is_empty()) {
        return Err(executing(
            "logs",
            "--since can not be used with --start-time",
        ));
    }
    if args.follow && args.end_time.as_deref().is_some_and(|s| !s.is_empty()) {
        return Err(executing(
            "logs",
            "--follow can not be used with --end-time",
        ));
    }
    let cfg = ctx
        .command_config()
        .await
        .map_err(|e| executing("logs", crate::error::chain_text(&e)))?
        .clone();
    let ecs = crate::aws::ecs(&cfg);

    let mut td_name = args.task_def.clone().unwrap_or_default();
    if td_name.is_empty() {
        let out = ecs
            .describe_tasks()
            .cluster(&cfg.cluster)
            .tasks(&task_id)
            .send()
            .await
            .map_err(|e| {
                executing(
                    "logs",
                    format!("Failed to Describe Task: {}", crate::aws::error_text(&e)),
                )
            })?;
        let Some(task) = out.tasks().first() else {
            return Err(executing("logs", format!(
                "Failed to describe Task: Could Not Find Task {task_id} in cluster {} in region {}. If the task has been stopped, use --task-def to specify the Task Definition.",
                cfg.cluster, cfg.region
            )));
        };
        td_name = task.task_definition_arn().unwrap_or_default().to_string();
    }
    let td = crate::aws::ecs_reads::describe_task_definition(&ecs, &td_name)
        .await
        .map_err(|e| {
            executing(
                "logs",
                format!("Failed to Describe TaskDefinition; try using --task-def to specify the Task Definition.: {e}"),
            )
        })?;
    let (group, region, streams) = log_streams(&td, &task_id, args.container_name.as_deref())
        .map_err(|e| executing("logs", format!("Failed to get log configuration: {e}")))?;
    let (start, end) = time_window(args).map_err(|e| {
        executing(
            "logs",
            format!("Failed to create FilterLogEvents request: {e}"),
        )
    })?;
    let req = FilterRequest {
        group,
        streams,
        pattern: args.filter_pattern.clone().filter(|p| !p.is_empty()),
        end,
    };
    let client = crate::aws::logs(&cfg, &region);

    let run = async {
        let mut seen = std::collections::HashSet::new();
        let mut start = start;
        let printed = print_pass(&client, &req, start, &seen, args.timestamps).await?;
        if !args.follow {
            return Ok::<(), anyhow::Error>(());
        }
        // Following: ask again from the newest timestamp seen (inclusive) and skip the events
        // already printed, so that nothing is shown twice and nothing at that instant is lost.
        let mut newest = printed.iter().map(|p| p.0).max();
        remember(&mut seen, &printed, None, newest);
        loop {
            tokio::time::sleep(follow_interval()).await;
            if let Some(n) = newest {
                start = Some(n);
            }
            let printed = print_pass(&client, &req, start, &seen, args.timestamps).await?;
            let before = newest;
            if let Some(m) = printed.iter().map(|p| p.0).max() {
                newest = Some(newest.map_or(m, |n| n.max(m)));
            }
            remember(&mut seen, &printed, before, newest);
        }
    };
    tokio::select! {
        r = run => r.map_err(|e| executing("logs", crate::error::chain_text(&e))),
        _ = tokio::signal::ctrl_c() => Ok(()),
        _ = terminated() => Ok(()),
    }
}

/// Keeps the ids of the events at the newest timestamp (the only ones a later pass can return
/// again).
fn remember(
    seen: &mut std::collections::HashSet<String>,
    printed: &[(i64, String)],
    before: Option<i64>,
    newest: Option<i64>,
) {
    let Some(n) = newest else { return };
    if before != newest {
        seen.clear();
    }
    for (ts, id) in printed {
        if *ts == n {
            seen.insert(id.clone());
        }
    }
}

#[cfg(unix)]
async fn terminated() {
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut s) => {
            s.recv().await;
        }
        Err(_) => std::future::pending::<()>().await,
    }
}

#[cfg(not(unix))]
async fn terminated() {
    std::future::pending::<()>().await
}
