//! The `compose create` corpus (`tests/conformance/compose-create/<case>/`): for each compose
//! project, the RegisterTaskDefinition request the original ecs-cli v1.21.0 sent, its exit code,
//! its log lines and its AWS calls. `tests/conformance/README.md` states the
//! rules; in short:
//!
//! - each case runs as `cd <copy of the case> && ecs-cli compose <args> create --cluster c1
//!   --region us-east-1 <create_args>`, with only `PATH`, an empty `HOME`, dummy credentials,
//!   `AWS_REGION`, `AWS_ENDPOINT_URL` and the case's `env`, against one emulator for the whole
//!   corpus (without the AWS-managed IAM policies, which make every reset take seconds), reset
//!   and seeded before each case, recording requests during the command;
//! - verdict: the exit code (where the original panicked, exit 2, a clean exit 1 is expected)
//!   and the RegisterTaskDefinition body (compared as data by [`request_rules`], after
//!   [`rename_generated_volumes`] for `compare: volume-names-unordered`), or its absence;
//! - for information only: a `note` when the error text of a failing command differs, and with
//!   `ECS_CONFORMANCE_VERBOSE=1` the differences in stdout (as a multiset of lines) and in the
//!   call list.

use super::json::{self, Rules};
use super::{cases, verbose, Case, Tally};
use crate::support::{Moto, RecordedRequest, Sandbox};
use regex::Regex;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const CORPUS: &str = "compose-create";
const FIXED_ARGS: [&str; 5] = ["create", "--cluster", "c1", "--region", "us-east-1"];
const RTD_TARGET: &str = "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition";
/// Files of a case folder that describe the case and are not part of the compose project.
const META_FILES: [&str; 6] = ["expected", "NOTE", "args", "env", "create_args", "compare"];
const COMPARE_OPTIONS: [&str; 1] = ["volume-names-unordered"];
const SEED: u64 = 20240601;
const CASE_TIMEOUT: Duration = Duration::from_secs(60);
/// Request differences shown on a FAIL line (all of them with `ECS_CONFORMANCE_VERBOSE=1`).
const DIFF_LIMIT: usize = 6;

#[test]
fn corpus() {
    let started = Instant::now();
    let mut tally = Tally::new(CORPUS);
    let cases = cases(CORPUS);
    let moto = Moto::start_without_managed_policies();
    // One work folder for the corpus (kept with ECS_TEST_KEEP=1): run/<case>/ is the copy of the
    // project, home/<case>/ its HOME. The folder name is the case name, hence the project name.
    let sandbox = Sandbox::new();
    let work = sandbox
        .root()
        .canonicalize()
        .expect("canonical path of the work folder");
    // The original splits ecs-registry-creds file paths on '_': keep it out of the work path.
    assert!(
        !work.to_string_lossy().contains('_'),
        "the work folder {} contains '_'; set TMPDIR to a path without one",
        work.display()
    );
    let (mut informational_stdout, mut informational_calls) = (0, 0);
    for case in &cases {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            check_case(case, &moto, &sandbox, &work)
        }));
        let verdict = match outcome {
            Ok(verdict) => verdict,
            Err(panic) => Verdict {
                failure: Some(format!(
                    "runner error: {} (emulator log: {})",
                    panic_text(&*panic),
                    moto.log().display()
                )),
                ..Verdict::default()
            },
        };
        match &verdict.failure {
            Some(failure) => {
                tally.fail(case, failure);
                println!(
                    "    case folder: {}; work folder: {} (kept with ECS_TEST_KEEP=1)",
                    case.dir.display(),
                    work.join("run").join(&case.name).display()
                );
            }
            None => {
                tally.pass(case);
                if let Some(note) = &verdict.note {
                    println!("note {}: {note}", case.id());
                }
            }
        }
        informational_stdout += usize::from(verdict.stdout_differs.is_some());
        informational_calls += usize::from(verdict.calls_differ.is_some());
        if verbose() {
            if let Some(calls) = &verdict.calls_differ {
                println!("calls {}: {calls}", case.id());
            }
            if let Some(stdout) = &verdict.stdout_differs {
                println!("stdout {}: {stdout}", case.id());
            }
        }
    }
    if !verbose() && informational_stdout + informational_calls > 0 {
        println!(
            "information: {informational_stdout} cases differ in stdout, {informational_calls} in \
             the calls made (not compared; ECS_CONFORMANCE_VERBOSE=1 shows them)"
        );
    }
    println!(
        "{CORPUS}: {} cases in {:.1} s",
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    drop(moto);
    tally.finish();
}

/// What one case gave.
#[derive(Debug, Default)]
struct Verdict {
    /// Why the case fails, on one line; `None` when it passes.
    failure: Option<String>,
    /// The loose error-text comparison, when the wording differs (informational).
    note: Option<String>,
    /// stdout lines missing / extra (informational).
    stdout_differs: Option<String>,
    /// The calls made, when they differ from the original's (informational).
    calls_differ: Option<String>,
}

/// The inputs of a case folder.
struct CaseInput {
    args: Vec<String>,
    create_args: Vec<String>,
    env: Vec<(String, String)>,
    options: Vec<String>,
}

/// `expected/`.
struct Expected {
    rc: i32,
    stdout: String,
    request: Option<Value>,
    calls: Option<Vec<String>>,
}

/// What the binary did.
struct Actual {
    rc: i32,
    stdout: String,
    stderr: String,
    calls: Vec<String>,
    /// The RegisterTaskDefinition bodies, normalised.
    requests: Vec<Value>,
}

fn check_case(case: &Case, moto: &Moto, sandbox: &Sandbox, work: &Path) -> Verdict {
    let input = match read_case(&case.dir) {
        Ok(input) => input,
        Err(e) => {
            return Verdict {
                failure: Some(e),
                ..Verdict::default()
            }
        }
    };
    let Some(expected) = load_expected(&case.dir) else {
        return Verdict {
            failure: Some("no expected/ folder".to_string()),
            ..Verdict::default()
        };
    };
    let actual = run_case(case, &input, moto, sandbox, work);
    let mut verdict = compare(&expected, &actual, &input.options);
    if let Some(calls) = &expected.calls {
        if *calls != actual.calls {
            let show = |c: &[String]| {
                if c.is_empty() {
                    "-".to_string()
                } else {
                    c.join(" ")
                }
            };
            verdict.calls_differ = Some(format!(
                "expected {}; got {}",
                show(calls),
                show(&actual.calls)
            ));
        }
    }
    verdict.stdout_differs = line_multiset_diff(&expected.stdout, &actual.stdout);
    verdict
}

fn read_case(dir: &Path) -> Result<CaseInput, String> {
    let read = |name: &str| fs::read_to_string(dir.join(name)).unwrap_or_default();
    let options: Vec<String> = read("compare")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    if let Some(unknown) = options
        .iter()
        .find(|o| !COMPARE_OPTIONS.contains(&o.as_str()))
    {
        return Err(format!("unknown compare option {unknown:?}"));
    }
    let args = shell_words(read("args").trim()).map_err(|e| format!("args: {e}"))?;
    let create_args =
        shell_words(read("create_args").trim()).map_err(|e| format!("create_args: {e}"))?;
    let env = read("env")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap_or((l, ""));
            (k.to_string(), v.to_string())
        })
        .collect();
    Ok(CaseInput {
        args,
        create_args,
        env,
        options,
    })
}

fn load_expected(dir: &Path) -> Option<Expected> {
    let exp = dir.join("expected");
    if !exp.is_dir() {
        return None;
    }
    let rc_text = fs::read_to_string(exp.join("rc")).expect("expected/rc");
    let rc = rc_text
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("expected/rc {rc_text:?}: {e}"));
    let request = fs::read_to_string(exp.join("request.json"))
        .ok()
        .map(|t| serde_json::from_str(&t).unwrap_or_else(|e| panic!("expected/request.json: {e}")));
    Some(Expected {
        rc,
        stdout: fs::read_to_string(exp.join("stdout")).unwrap_or_default(),
        request,
        calls: fs::read_to_string(exp.join("calls"))
            .ok()
            .map(|t| t.split_whitespace().map(str::to_string).collect()),
    })
}

fn run_case(case: &Case, input: &CaseInput, moto: &Moto, sandbox: &Sandbox, work: &Path) -> Actual {
    let run_dir = work.join("run").join(&case.name);
    let home = work.join("home").join(&case.name);
    for dir in [&run_dir, &home] {
        if dir.exists() {
            fs::remove_dir_all(dir).unwrap_or_else(|e| panic!("rm {}: {e}", dir.display()));
        }
    }
    copy_project(&case.dir, &run_dir, true);
    fs::create_dir_all(&home).unwrap_or_else(|e| panic!("mkdir {}: {e}", home.display()));

    moto.reset();
    moto.seed(SEED);
    moto.start_recording();
    let mut run = sandbox
        .run(["compose"])
        .args(&input.args)
        .args(FIXED_ARGS)
        .args(&input.create_args)
        .cwd(&run_dir)
        .timeout(CASE_TIMEOUT)
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", &home)
        .moto(moto);
    for (k, v) in &input.env {
        run = run.env(k, v);
    }
    let output = run.output();
    moto.stop_recording();
    let recorded = moto.recorded_requests();

    let subst = Substitution::new(&run_dir, &home);
    let requests = recorded
        .iter()
        .filter(|r| r.target() == RTD_TARGET)
        .map(|r| match serde_json::from_str::<Value>(&r.body) {
            Ok(body) => subst.data(body),
            Err(_) => serde_json::json!({ "<unparseable body>": subst.text(&r.body) }),
        })
        .collect();
    Actual {
        rc: output.code.unwrap_or(-1),
        stdout: subst.stdout(&output.raw_stdout),
        stderr: subst.stdout(&output.raw_stderr),
        calls: recorded.iter().map(call_name).collect(),
        requests,
    }
}

/// `Service.Operation` from `X-Amz-Target`, else `METHOD host`.
fn call_name(request: &RecordedRequest) -> String {
    match request.target() {
        "" => format!("{} {}", request.method, request.header("host")),
        target => target.to_string(),
    }
}

/// Copies a directory (symbolic links as links); at the top level, without the [`META_FILES`].
fn copy_project(from: &Path, to: &Path, top: bool) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {}: {e}", to.display()));
    let entries = fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.expect("directory entry");
        let name = entry.file_name();
        if top && META_FILES.iter().any(|m| name == *m) {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        let kind = entry.file_type().expect("file type");
        if kind.is_symlink() {
            let target = fs::read_link(&src).expect("read link");
            std::os::unix::fs::symlink(target, &dst).expect("make link");
        } else if kind.is_dir() {
            copy_project(&src, &dst, false);
        } else {
            fs::copy(&src, &dst)
                .unwrap_or_else(|e| panic!("copy {} to {}: {e}", src.display(), dst.display()));
        }
    }
}

/// Normalisation: the case copy's path → `<CASE_DIR>`, its HOME → `<HOME>` (longest first);
/// in output, the `time="…" ` prefix of each line removed.
struct Substitution {
    pairs: Vec<(String, &'static str)>,
}

impl Substitution {
    fn new(run_dir: &Path, home: &Path) -> Substitution {
        let mut pairs = vec![
            (run_dir.to_string_lossy().into_owned(), "<CASE_DIR>"),
            (home.to_string_lossy().into_owned(), "<HOME>"),
        ];
        pairs.sort_by_key(|(path, _)| std::cmp::Reverse(path.len()));
        Substitution { pairs }
    }

    fn text(&self, s: &str) -> String {
        let mut out = s.to_string();
        for (path, placeholder) in &self.pairs {
            out = out.replace(path.as_str(), placeholder);
        }
        out
    }

    /// Every string of the data, object keys included.
    fn data(&self, value: Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.text(&s)),
            Value::Array(items) => Value::Array(items.into_iter().map(|v| self.data(v)).collect()),
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (self.text(&k), self.data(v)))
                    .collect(),
            ),
            other => other,
        }
    }

    fn stdout(&self, text: &str) -> String {
        static TIME: OnceLock<Regex> = OnceLock::new();
        let time = TIME.get_or_init(|| Regex::new(r#"^time="[^"]*" "#).expect("regex"));
        let lines: Vec<String> = text
            .lines()
            .map(|line| self.text(&time.replace(line, "")))
            .collect();
        if lines.is_empty() {
            String::new()
        } else {
            lines.join("\n") + "\n"
        }
    }
}

/// The comparison rules of the request body: lists in order, except those built from Go maps
/// in the original.
fn request_rules() -> Rules {
    Rules::new()
        .keyed("containerDefinitions", "name")
        .keyed("volumes", "name")
        .multiset("containerDefinitions[].environment")
        .multiset("containerDefinitions[].extraHosts")
        .multiset("containerDefinitions[].ulimits")
        .multiset("containerDefinitions[].linuxParameters.devices[].permissions")
}

/// The request differences, after the case's compare options.
fn request_differences(
    expected: &Value,
    actual: &Value,
    options: &[String],
) -> Vec<json::Difference> {
    let (mut expected, mut actual) = (expected.clone(), actual.clone());
    if options.iter().any(|o| o == "volume-names-unordered") {
        rename_generated_volumes(&mut expected);
        rename_generated_volumes(&mut actual);
    }
    json::diff(&expected, &actual, &request_rules())
}

/// The verdict on rc and request, and the error-text note (see the module comment).
fn compare(expected: &Expected, actual: &Actual, options: &[String]) -> Verdict {
    let mut problems = Vec::new();
    let all_output = format!("{}{}", actual.stdout, actual.stderr);
    if expected.rc == 2 {
        // The original panicked here (see the case's NOTE): the clone must fail cleanly instead.
        if actual.rc != 1 || all_output.contains("panicked") || all_output.contains("goroutine") {
            problems.push(format!(
                "rc: the original crashed here; expected a clean error (exit 1), got {}",
                actual.rc
            ));
        }
    } else if actual.rc != expected.rc {
        problems.push(format!("rc: expected {}, got {}", expected.rc, actual.rc));
    }
    match (&expected.request, actual.requests.first()) {
        (None, Some(_)) => problems.push("RegisterTaskDefinition sent, none expected".to_string()),
        (Some(_), None) => problems.push("no RegisterTaskDefinition request sent".to_string()),
        (Some(exp), Some(act)) => {
            if actual.requests.len() > 1 {
                problems.push(format!(
                    "{} RegisterTaskDefinition requests sent, expected 1",
                    actual.requests.len()
                ));
            }
            let differences = request_differences(exp, act, options);
            if !differences.is_empty() {
                let limit = if verbose() { usize::MAX } else { DIFF_LIMIT };
                problems.push(format!("request {}", json::summary(&differences, limit)));
            }
        }
        (None, None) => {}
    }
    let mut note = None;
    if expected.rc != 0 && expected.rc != 2 {
        let want = fatal_messages(&expected.stdout);
        let mut got = fatal_messages(&actual.stdout);
        if got.is_empty() {
            got = all_output
                .lines()
                .rfind(|l| !l.trim().is_empty())
                .map(str::to_string)
                .into_iter()
                .collect();
        }
        if let Some(first) = want.first() {
            let found = all_output.replace("\\\"", "\"").contains(first.as_str());
            let same_prefix = got.len() >= want.len() && got[..want.len()] == want[..];
            if !found && !same_prefix {
                note = Some(format!(
                    "message: expected {}, got {}",
                    json::shorten(&Value::String(first.clone()).to_string(), 110),
                    json::shorten(
                        &Value::String(got.first().cloned().unwrap_or_default()).to_string(),
                        110
                    )
                ));
            }
        }
    }
    Verdict {
        failure: (!problems.is_empty()).then(|| problems.join("; ")),
        note,
        ..Verdict::default()
    }
}

/// The `msg` (and `error`) of the `level=fatal` log lines, else of the `level=error` ones: the
/// loosely compared error text.
fn fatal_messages(stdout: &str) -> Vec<String> {
    static RES: OnceLock<(Regex, Regex)> = OnceLock::new();
    let (msg, error) = RES.get_or_init(|| {
        (
            Regex::new(r#"msg="((?:[^"\\]|\\.)*)"|msg=(\S+)"#).expect("regex"),
            Regex::new(r#"error="((?:[^"\\]|\\.)*)"|error=(\S+)"#).expect("regex"),
        )
    });
    let field = |re: &Regex, line: &str| {
        re.captures(line).map(|c| {
            c.get(1)
                .or_else(|| c.get(2))
                .map(|m| m.as_str().to_string())
                .unwrap_or_default()
        })
    };
    for level in ["fatal", "error"] {
        let tag = format!("level={level}");
        let messages: Vec<String> = stdout
            .lines()
            .filter(|line| line.contains(&tag))
            .map(|line| {
                [field(msg, line), field(error, line)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(": ")
            })
            .collect();
        if !messages.is_empty() {
            return messages;
        }
    }
    Vec::new()
}

/// stdout compared as a multiset of lines: `-missing | +extra` (first 6), or `None` if equal.
fn line_multiset_diff(expected: &str, actual: &str) -> Option<String> {
    let mut extra: Vec<&str> = actual.lines().collect();
    let mut changes = Vec::new();
    for line in expected.lines() {
        match extra.iter().position(|l| *l == line) {
            Some(i) => {
                extra.remove(i);
            }
            None => changes.push(format!("-{line}")),
        }
    }
    changes.extend(extra.iter().map(|l| format!("+{l}")));
    (!changes.is_empty()).then(|| changes.into_iter().take(6).collect::<Vec<_>>().join(" | "))
}

/// `compare: volume-names-unordered`: each generated `volume-N` volume is renamed after what it
/// is, `volume-<host:PATH>` or `volume-<anonymous:CONTAINER:PATH>` (the first, in sort order, of
/// the mount points that use it), in `volumes` and in `mountPoints[].sourceVolume`, so that the
/// original's map-order numbering does not matter.
fn rename_generated_volumes(request: &mut Value) {
    static GENERATED: OnceLock<Regex> = OnceLock::new();
    let generated = GENERATED.get_or_init(|| Regex::new(r"^volume-\d+$").expect("regex"));
    let Some(volumes) = request.get("volumes").and_then(Value::as_array) else {
        return;
    };
    let auto: BTreeSet<String> = volumes
        .iter()
        .filter_map(|v| v.get("name").and_then(Value::as_str))
        .filter(|n| generated.is_match(n))
        .map(str::to_string)
        .collect();
    let mount_points = |cd: &Value| -> Vec<Value> {
        cd.get("mountPoints")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let containers: Vec<Value> = request
        .get("containerDefinitions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // volume name -> the "container:path" of each mount point using it
    let mut users: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for cd in &containers {
        for mp in mount_points(cd) {
            if let Some(source) = mp.get("sourceVolume").and_then(Value::as_str) {
                if auto.contains(source) {
                    users.entry(source.to_string()).or_default().push(format!(
                        "{}:{}",
                        python_str(cd.get("name")),
                        python_str(mp.get("containerPath"))
                    ));
                }
            }
        }
    }
    let mut renames: std::collections::BTreeMap<String, String> = Default::default();
    if let Some(volumes) = request.get_mut("volumes").and_then(Value::as_array_mut) {
        for volume in volumes.iter_mut() {
            let Some(name) = volume
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                continue;
            };
            if !auto.contains(&name) {
                continue;
            }
            let new_name = match volume.get("host") {
                Some(host @ Value::Object(_)) => {
                    format!("volume-<host:{}>", python_str(host.get("sourcePath")))
                }
                _ => {
                    let first = users
                        .get(&name)
                        .and_then(|u| u.iter().min().cloned())
                        .unwrap_or_else(|| "?".to_string());
                    format!("volume-<anonymous:{first}>")
                }
            };
            volume["name"] = Value::String(new_name.clone());
            renames.insert(name, new_name);
        }
    }
    if let Some(containers) = request
        .get_mut("containerDefinitions")
        .and_then(Value::as_array_mut)
    {
        for cd in containers.iter_mut() {
            if let Some(mps) = cd.get_mut("mountPoints").and_then(Value::as_array_mut) {
                for mp in mps.iter_mut() {
                    let source = mp.get("sourceVolume").and_then(Value::as_str);
                    if let Some(new_name) = source.and_then(|s| renames.get(s)) {
                        mp["sourceVolume"] = Value::String(new_name.clone());
                    }
                }
            }
        }
    }
}

/// A JSON value as Python's `str()` would print it in the reference runner's names.
fn python_str(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "None".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => if *b { "True" } else { "False" }.to_string(),
        Some(other) => other.to_string(),
    }
}

/// Splits a line into words the way a POSIX shell would (quotes, backslashes; no expansion).
fn shell_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err(format!("unclosed ' in {line:?}")),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => w.push(c),
                            Some('\n') => {}
                            Some(c) => {
                                w.push('\\');
                                w.push(c);
                            }
                            None => return Err(format!("unclosed \" in {line:?}")),
                        },
                        Some(c) => w.push(c),
                        None => return Err(format!("unclosed \" in {line:?}")),
                    }
                }
            }
            '\\' => match chars.next() {
                Some('\n') => {}
                Some(c) => word.get_or_insert_with(String::new).push(c),
                None => return Err(format!("trailing \\ in {line:?}")),
            },
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    let text = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(no message)".to_string());
    text.lines().next().unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case_request(name: &str) -> Value {
        let path: PathBuf = super::super::conformance_dir()
            .join(CORPUS)
            .join(name)
            .join("expected/request.json");
        serde_json::from_str(&fs::read_to_string(&path).expect("request.json")).expect("json")
    }

    fn names(d: &[json::Difference]) -> Vec<String> {
        d.iter().map(|d| d.to_string()).collect()
    }

    /// A real case's request with one field dropped or changed: the difference names the field.
    #[test]
    fn a_dropped_or_changed_field_is_named() {
        let expected = case_request("001-v1-no-version");
        assert!(request_differences(&expected, &expected, &[]).is_empty());

        let mut dropped = expected.clone();
        dropped["containerDefinitions"][0]
            .as_object_mut()
            .unwrap()
            .remove("memory");
        assert_eq!(
            names(&request_differences(&expected, &dropped, &[])),
            ["containerDefinitions[web].memory: missing (expected 256)"]
        );

        let mut changed = expected.clone();
        changed["containerDefinitions"][0]["memory"] = serde_json::json!(512);
        changed["containerDefinitions"][0]["portMappings"][0]["hostPort"] = serde_json::json!("80");
        assert_eq!(
            names(&request_differences(&expected, &changed, &[])),
            [
                "containerDefinitions[web].memory: expected 256, got 512",
                "containerDefinitions[web].portMappings[0].hostPort: expected 80, got \"80\"",
            ]
        );

        // And what the FAIL line says for it.
        let actual = Actual {
            rc: 0,
            stdout: String::new(),
            stderr: String::new(),
            calls: Vec::new(),
            requests: vec![dropped],
        };
        let exp = Expected {
            rc: 0,
            stdout: String::new(),
            request: Some(expected),
            calls: None,
        };
        assert_eq!(
            compare(&exp, &actual, &[]).failure.as_deref(),
            Some("request containerDefinitions[web].memory: missing (expected 256)")
        );
    }

    #[test]
    fn generated_volume_names() {
        let mut request = serde_json::json!({
            "volumes": [{"name": "volume-0", "host": {"sourcePath": "/a"}}, {"name": "volume-1"},
                        {"name": "data"}],
            "containerDefinitions": [
                {"name": "web", "mountPoints": [{"sourceVolume": "volume-1", "containerPath": "/x"},
                                                 {"sourceVolume": "volume-0", "containerPath": "/y"},
                                                 {"sourceVolume": "data", "containerPath": "/z"}]},
                {"name": "db", "mountPoints": [{"sourceVolume": "volume-1", "containerPath": "/w"}]}
            ]
        });
        rename_generated_volumes(&mut request);
        assert_eq!(
            request,
            serde_json::json!({
                "volumes": [{"name": "volume-<host:/a>", "host": {"sourcePath": "/a"}},
                            {"name": "volume-<anonymous:db:/w>"}, {"name": "data"}],
                "containerDefinitions": [
                    {"name": "web", "mountPoints": [
                        {"sourceVolume": "volume-<anonymous:db:/w>", "containerPath": "/x"},
                        {"sourceVolume": "volume-<host:/a>", "containerPath": "/y"},
                        {"sourceVolume": "data", "containerPath": "/z"}]},
                    {"name": "db", "mountPoints": [
                        {"sourceVolume": "volume-<anonymous:db:/w>", "containerPath": "/w"}]}
                ]
            })
        );
    }

    #[test]
    fn shell_quoting() {
        assert_eq!(
            shell_words(r#"-f 'a b' "c \"d\" \x" e\ f"#).unwrap(),
            ["-f", "a b", r#"c "d" \x"#, "e f"]
        );
        assert_eq!(shell_words("").unwrap(), Vec::<String>::new());
        assert_eq!(shell_words("''").unwrap(), [""]);
        assert!(shell_words("'x").is_err());
    }

    #[test]
    fn error_text() {
        let stdout = "level=error msg=\"a\"\nlevel=fatal msg=\"Unable\" error=\"bad \\\"x\\\"\"\n";
        assert_eq!(fatal_messages(stdout), [r#"Unable: bad \"x\""#]);
        assert_eq!(fatal_messages("level=error msg=oops\n"), ["oops"]);
    }
}
