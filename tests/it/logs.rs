//! `logs` against the emulator: several pages of events, `--since`, a filter pattern,
//! `--follow` ended by a signal, and the errors (one fatal line, exit 1).

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support;
use crate::support::{unique_name, Moto, Sandbox};

/// A task definition `<fam>:1` with two awslogs containers writing to `group` with prefix `p`,
/// and a plain one.
fn seed_definition(moto: &Moto, fam: &str, group: &str) {
    moto.boto3(&format!(
        r#"
lc = {{'logDriver': 'awslogs', 'options': {{'awslogs-group': '{group}', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'p'}}}}
client('ecs').register_task_definition(family='{fam}', containerDefinitions=[
    {{'name': 'web', 'image': 'nginx', 'memory': 64, 'logConfiguration': lc}},
    {{'name': 'db', 'image': 'redis', 'memory': 64, 'logConfiguration': lc}}])
client('ecs').register_task_definition(family='{fam}-plain', containerDefinitions=[
    {{'name': 'web', 'image': 'nginx', 'memory': 64}}])
client('logs').create_log_group(logGroupName='{group}')
"#
    ));
}

/// Puts `n` events `<label> <i>` into `stream`, `age_ms` before now (10,000 per call at most).
fn put_events(moto: &Moto, group: &str, stream: &str, label: &str, n: usize, age_ms: i64) {
    moto.boto3(&format!(
        r#"
import time
logs = client('logs')
try:
    logs.create_log_stream(logGroupName='{group}', logStreamName='{stream}')
except logs.exceptions.ResourceAlreadyExistsException:
    pass
now = int(time.time() * 1000) - {age_ms}
events = [{{'timestamp': now + i, 'message': '{label} %d' % i}} for i in range({n})]
for k in range(0, len(events), 5000):
    logs.put_log_events(logGroupName='{group}', logStreamName='{stream}', logEvents=events[k:k + 5000])
"#
    ));
}

fn messages(stdout: &str) -> Vec<String> {
    stdout
        .split("\n\n")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn logs_reads_every_page_of_both_streams() {
    let moto = Moto::shared();
    let fam = unique_name("logs");
    let group = format!("/test/{fam}");
    seed_definition(moto, &fam, &group);
    // More than one FilterLogEvents page (the emulator pages at 10,000 events).
    put_events(moto, &group, "p/web/t1", "web", 10_500, 60_000);
    put_events(moto, &group, "p/db/t1", "db", 700, 60_000);
    put_events(moto, &group, "p/web/other", "other", 5, 60_000);
    let out = Sandbox::new()
        .run(["logs", "--task-id", "t1", "--task-def", &format!("{fam}:1")])
        .moto(moto)
        .timeout(Duration::from_secs(120))
        .output();
    out.assert_success();
    let msgs = messages(&out.raw_stdout);
    assert_eq!(msgs.len(), 11_200, "events printed");
    let mut sorted = msgs.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 11_200, "no event twice");
    assert!(msgs.iter().all(|m| !m.starts_with("other")));
    assert!(out.raw_stdout.ends_with("\n\n"));
}

#[test]
fn logs_since_filter_and_timestamps() {
    let moto = Moto::shared();
    let fam = unique_name("since");
    let group = format!("/test/{fam}");
    seed_definition(moto, &fam, &group);
    put_events(moto, &group, "p/web/t2", "old", 3, 2 * 3_600_000);
    put_events(moto, &group, "p/web/t2", "new", 3, 60_000);
    put_events(moto, &group, "p/db/t2", "ERROR db", 2, 60_000);
    let sandbox = Sandbox::new();
    let td = format!("{fam}:1");
    let out = sandbox
        .run([
            "logs",
            "--task-id",
            "t2",
            "--task-def",
            &td,
            "--since",
            "30",
        ])
        .moto(moto)
        .output();
    out.assert_success();
    let msgs = messages(&out.raw_stdout);
    assert_eq!(msgs.len(), 5, "{}", out.describe());
    assert!(msgs.iter().all(|m| !m.starts_with("old")));

    let out = sandbox
        .run([
            "logs",
            "--task-id",
            "t2",
            "--task-def",
            &td,
            "--filter-pattern",
            "ERROR",
        ])
        .moto(moto)
        .output();
    out.assert_success();
    assert_eq!(messages(&out.raw_stdout), ["ERROR db 0", "ERROR db 1"]);

    let out = sandbox
        .run([
            "logs",
            "--task-id",
            "t2",
            "--task-def",
            &td,
            "--container-name",
            "db",
            "-t",
        ])
        .moto(moto)
        .output();
    out.assert_success();
    let msgs = messages(&out.raw_stdout);
    assert_eq!(msgs.len(), 2, "{}", out.describe());
    for m in msgs {
        let (ts, text) = m.split_once('\t').expect("timestamp, tab, message");
        assert!(ts.ends_with('Z') && ts.len() == 20, "RFC 3339 in UTC: {ts}");
        assert!(text.starts_with("ERROR db"));
    }
}

#[test]
fn logs_follow_prints_new_events_once_and_stops_on_sigint() {
    let moto = Moto::shared();
    let fam = unique_name("follow");
    let group = format!("/test/{fam}");
    seed_definition(moto, &fam, &group);
    put_events(moto, &group, "p/web/t3", "first", 2, 5_000);
    let sandbox = Sandbox::new();
    let mut child = Command::new(support::ecs_cli())
        .args([
            "logs",
            "--task-id",
            "t3",
            "--task-def",
            &format!("{fam}:1"),
            "--follow",
        ])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", sandbox.home())
        .env("AWS_ENDPOINT_URL", moto.endpoint())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("ECS_CLI_LOGS_POLL_MS", "200")
        .current_dir(sandbox.cwd())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ecs-cli logs --follow");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    // Let it print the first events and poll a few times, then add more.
    std::thread::sleep(Duration::from_millis(1500));
    put_events(moto, &group, "p/db/t3", "second", 2, 0);
    std::thread::sleep(Duration::from_millis(1500));
    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-INT", &pid]).status();
    assert!(killed.is_ok_and(|s| s.success()), "kill -INT failed");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        assert!(
            Instant::now() < deadline,
            "logs --follow did not stop on SIGINT"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = reader.join().unwrap_or_default();
    assert_eq!(status.code(), Some(0), "exit status after SIGINT\n{out}");
    assert_eq!(
        messages(&out),
        ["first 0", "first 1", "second 0", "second 1"],
        "each event exactly once"
    );
}

#[test]
fn logs_bad_inputs_are_one_fatal_line() {
    let moto = Moto::shared();
    let fam = unique_name("bad");
    let group = format!("/test/{fam}");
    seed_definition(moto, &fam, &group);
    let cluster = unique_name("c");
    moto.boto3(&format!(
        "client('ecs').create_cluster(clusterName='{cluster}')"
    ));
    let sandbox = Sandbox::new();
    let fatal = |args: &[&str]| sandbox.run(args).moto(moto).output().assert_single_fatal();

    assert_eq!(
        fatal(&["logs", "--cluster", &cluster, "--task-id", "0123456789abcdef0123456789abcdef"]),
        format!("level=fatal msg=\"Error executing 'logs': Failed to describe Task: Could Not Find Task 0123456789abcdef0123456789abcdef in cluster {cluster} in region us-east-1. If the task has been stopped, use --task-def to specify the Task Definition.\"")
    );
    assert_eq!(
        fatal(&[
            "logs",
            "--task-id",
            "t",
            "--since",
            "5",
            "--start-time",
            "2020-01-01T00:00:00Z"
        ]),
        "level=fatal msg=\"Error executing 'logs': --since can not be used with --start-time\""
    );
    assert_eq!(
        fatal(&[
            "logs",
            "--task-id",
            "t",
            "--follow",
            "--end-time",
            "2020-01-01T00:00:00Z"
        ]),
        "level=fatal msg=\"Error executing 'logs': --follow can not be used with --end-time\""
    );
    assert!(fatal(&[
        "logs",
        "--task-id",
        "t",
        "--task-def",
        &format!("{fam}-plain:1")
    ])
    .contains(
        "Failed to get log configuration: Container 'web' is not configured to use CloudWatch logs"
    ));
    assert!(fatal(&[
        "logs",
        "--task-id",
        "t",
        "--task-def",
        &format!("{fam}:1"),
        "--container-name",
        "nope"
    ])
    .contains("Failed to get log configuration: Container 'nope'"));
    assert_eq!(
        fatal(&["logs", "--task-id", "t", "--task-def", &format!("{fam}:1"), "--start-time", "yesterday"]),
        "level=fatal msg=\"Error executing 'logs': Failed to create FilterLogEvents request: parsing time \\\"yesterday\\\" as \\\"2006-01-02T15:04:05Z07:00\\\": cannot parse \\\"yesterday\\\" as \\\"2006\\\"\""
    );
    assert!(fatal(&["logs", "--task-id", "t", "--task-def", "nofamily:9"])
        .contains("Failed to Describe TaskDefinition; try using --task-def to specify the Task Definition.: ClientException"));
}
