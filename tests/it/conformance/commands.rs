//! The command corpus (`tests/conformance/commands/<case>/`): for each case, what the original
//! ecs-cli v1.21.0 did when it ran one whole command against the emulator — every mutating AWS
//! call it made (plus three reads whose parameters are behaviour), its exit code, its stdout and
//! the files it wrote — replayed against this binary, call by call.
//!
//! A case folder holds `cmd` (one `ecs-cli ...` invocation per line, shell-quoted; only the last
//! line is recorded), optional `setup.yml` (emulator state, applied by
//! `tests/conformance/apply_setup.py`, which exports setup variables), optional `env`
//! (`KEY=VALUE` lines), `stdin` (fed to the last line), `compare` (`stdout-unordered`,
//! `stdout-spacing`), `NOTE`, the project files, and `expected/` (`rc`, `pre_rc`, `calls.json`,
//! `stdout`, `stderr`, `files.json`, `operations`).
//!
//! For every case, sorted by name, against one emulator for the corpus:
//! 1. reset and seed the emulator; copy the project files to `<work>/run/<case>/` (the folder
//!    name is the case name, hence the compose project name); a fresh `<work>/home/<case>/`;
//! 2. apply `setup.yml`; its variables go into the environment of the command lines;
//! 3. run the command lines (`${NAME}` expanded: setup variables, `env` entries, `CASE_DIR`)
//!    with only `PATH`, that HOME, `TZ=UTC`, dummy credentials, `AWS_REGION`, the setup
//!    variables, the case's `env` and `AWS_ENDPOINT_URL`; each line has [`LINE_TIMEOUT`]; the
//!    emulator records the last line's requests;
//! 4. compare ([`compare`]): exit codes, the call list (idempotency tokens ignored), the files
//!    the last line created or changed, stderr's first paragraph when recorded, stdout.
//!
//! Normalisation (call list, canonical forms, placeholders) is in `normalise.rs`.

use super::json::{self, Rules};
use super::normalise::{
    all_operations, calls_from_recording, expand, first_paragraph, normalise_stdout, py_eq,
    shell_split, splitlines, universal_newlines, Normaliser, TOKEN_KEYS,
};
use super::{cases, verbose, Case, Tally};
use crate::support::{ecs_cli, test_python, Moto, Sandbox};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const CORPUS: &str = "commands";
const SEED: u64 = 20240601;
/// The longest one command line may run; then it is killed and its exit code is 124.
const LINE_TIMEOUT: Duration = Duration::from_secs(150);
/// How long applying a case's `setup.yml` may take.
const SETUP_TIMEOUT: Duration = Duration::from_secs(120);
/// The case folder's entries that describe the case and are not project files.
const META_FILES: &[&str] = &[
    "expected",
    "NOTE",
    "cmd",
    "env",
    "compare",
    "setup.yml",
    "setup.py",
    "stdin",
    "__pycache__",
];
const COMPARE_OPTIONS: &[&str] = &["stdout-unordered", "stdout-spacing"];
/// The command lines' `PATH`.
const PATH: &str = "/usr/local/bin:/usr/bin:/bin";
/// Differences shown per item on a FAIL line (all of them with `ECS_CONFORMANCE_VERBOSE=1`).
const DIFF_LIMIT: usize = 4;

#[test]
fn corpus() {
    let started = Instant::now();
    let mut tally = Tally::new(CORPUS);
    let cases = cases(CORPUS);
    let moto = Moto::start();
    // One work folder for the corpus (kept with ECS_TEST_KEEP=1): run/<case>/ is the copy of the
    // project, home/<case>/ its HOME.
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
    let verbose = verbose();
    for case in &cases {
        let outcome = catch_unwind(AssertUnwindSafe(|| check_case(case, &moto, &work)));
        let verdict = match outcome {
            Ok(verdict) => verdict,
            Err(panic) => Verdict {
                problems: vec![format!("runner error: {}", panic_text(&*panic))],
                ..Verdict::default()
            },
        };
        if verdict.problems.is_empty() {
            tally.pass(case);
        } else {
            tally.fail(case, &verdict.problems.join("; "));
            if verbose {
                for line in &verdict.details {
                    println!("    {line}");
                }
                println!(
                    "    case folder: {}; work folder: {} (kept with ECS_TEST_KEEP=1)",
                    case.dir.display(),
                    work.join("run").join(&case.name).display()
                );
            }
        }
        if verbose {
            if let Some(ops) = &verdict.operations {
                println!("ops {}: {ops}", case.id());
            }
        }
    }
    println!(
        "{} cases in {:.1} s",
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    drop(moto);
    tally.finish();
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".to_string())
}

/// What a case run found.
#[derive(Default)]
struct Verdict {
    /// One entry per kind of difference (empty: the case passes).
    problems: Vec<String>,
    /// Fuller differences, printed with `ECS_CONFORMANCE_VERBOSE=1`.
    details: Vec<String>,
    /// The informational operation list's difference (`expected ...; got ...`), if any.
    operations: Option<String>,
}

// ------------------------------------------------------------------------------ the case files

/// A case's inputs.
struct CaseInput {
    lines: Vec<String>,
    env: Vec<(String, String)>,
    options: Vec<String>,
    stdin: Option<String>,
}

/// A case file as Python's text mode reads it (`\r\n` and `\r` as `\n`); `None` when missing.
fn read_text(path: &Path) -> Option<String> {
    let bytes = fs::read(path).ok()?;
    Some(universal_newlines(&String::from_utf8_lossy(&bytes)))
}

fn read_case(dir: &Path) -> Result<CaseInput, String> {
    let lines: Vec<String> = splitlines(&read_text(&dir.join("cmd")).unwrap_or_default())
        .into_iter()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(str::to_string)
        .collect();
    if lines.is_empty() {
        return Err("empty cmd".into());
    }
    let mut env = Vec::new();
    for line in splitlines(&read_text(&dir.join("env")).unwrap_or_default()) {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (k, v) = line.split_once('=').unwrap_or((line, ""));
        env.push((k.to_string(), v.to_string()));
    }
    let mut options = Vec::new();
    for line in splitlines(&read_text(&dir.join("compare")).unwrap_or_default()) {
        let option = line.trim();
        if option.is_empty() || line.starts_with('#') {
            continue;
        }
        if !COMPARE_OPTIONS.contains(&option) {
            return Err(format!("unknown compare option {option:?}"));
        }
        options.push(option.to_string());
    }
    Ok(CaseInput {
        lines,
        env,
        options,
        stdin: read_text(&dir.join("stdin")),
    })
}

/// `expected/`.
struct Expected {
    rc: i32,
    pre_rc: Vec<i32>,
    stdout: String,
    stderr: String,
    calls: Value,
    files: Value,
    operations: Vec<String>,
}

fn load_expected(dir: &Path) -> Result<Expected, String> {
    let exp = dir.join("expected");
    if !exp.is_dir() {
        return Err("no expected/ folder".into());
    }
    let read = |name: &str| read_text(&exp.join(name));
    let int = |text: &str| {
        text.trim()
            .parse::<i32>()
            .map_err(|e| format!("expected/{text:?}: {e}"))
    };
    let json_file = |name: &str, default: Value| -> Result<Value, String> {
        match read(name) {
            None => Ok(default),
            Some(text) => serde_json::from_str(&text).map_err(|e| format!("expected/{name}: {e}")),
        }
    };
    Ok(Expected {
        rc: int(&read("rc").ok_or("no expected/rc")?)?,
        pre_rc: read("pre_rc")
            .unwrap_or_default()
            .split_whitespace()
            .map(int)
            .collect::<Result<_, _>>()?,
        stdout: read("stdout").unwrap_or_default(),
        stderr: read("stderr").unwrap_or_default(),
        calls: json_file("calls.json", Value::Array(Vec::new()))?,
        files: json_file("files.json", Value::Object(Map::new()))?,
        operations: read("operations")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_string)
            .collect(),
    })
}

// ------------------------------------------------------------------------------ running a case

/// What the last line did, normalised.
struct Actual {
    rc: i32,
    pre_rc: Vec<i32>,
    stdout: String,
    stderr: String,
    calls: Value,
    files: Value,
    operations: Vec<String>,
    setup_error: Option<String>,
}

fn check_case(case: &Case, moto: &Moto, work: &Path) -> Verdict {
    let input = match read_case(&case.dir) {
        Ok(input) => input,
        Err(e) => return problem(e),
    };
    let expected = match load_expected(&case.dir) {
        Ok(expected) => expected,
        Err(e) => return problem(e),
    };
    let actual = run_case(case, &input, moto, work);
    let mut verdict = compare(&expected, &actual, &input.options);
    if expected.operations != actual.operations {
        let list = |ops: &[String]| {
            if ops.is_empty() {
                "-".to_string()
            } else {
                ops.join(" ")
            }
        };
        verdict.operations = Some(format!(
            "expected {}; got {}",
            list(&expected.operations),
            list(&actual.operations)
        ));
    }
    verdict
}

fn problem(text: String) -> Verdict {
    Verdict {
        problems: vec![text],
        ..Verdict::default()
    }
}

/// Copies the case folder (without its [`META_FILES`] at the top) to `to`; symlinks stay links.
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
        let meta = fs::symlink_metadata(&src).expect("stat");
        if meta.file_type().is_symlink() {
            let target = fs::read_link(&src).expect("readlink");
            std::os::unix::fs::symlink(target, &dst).expect("symlink");
        } else if meta.is_dir() {
            copy_project(&src, &dst, false);
        } else {
            fs::copy(&src, &dst)
                .unwrap_or_else(|e| panic!("copy {} to {}: {e}", src.display(), dst.display()));
        }
    }
}

/// Every readable file under `root`: relative path → content (directory symlinks not followed).
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                walk(root, &path, out);
            } else if let Ok(data) = fs::read(&path) {
                let rel = path.strip_prefix(root).expect("under the root");
                out.insert(rel.to_string_lossy().into_owned(), data);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Applies `setup.yml` (when there is one): the variables it exported, in order.
fn apply_setup(case: &Case, moto: &Moto, run_dir: &Path) -> Result<Vec<(String, String)>, String> {
    let setup = case.dir.join("setup.yml");
    if !setup.exists() {
        return Ok(Vec::new());
    }
    let script = super::conformance_dir().join("apply_setup.py");
    let mut command = Command::new(test_python());
    command
        .arg(&script)
        .arg("--endpoint")
        .arg(moto.endpoint())
        .arg("--project")
        .arg(&case.name)
        .arg("--dir")
        .arg(run_dir)
        .arg(&setup)
        .env_clear()
        .env(
            "PATH",
            std::env::var_os("PATH").unwrap_or_else(|| PATH.into()),
        )
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .current_dir(run_dir);
    let out = run_process(command, Vec::new(), SETUP_TIMEOUT)
        .map_err(|e| format!("setup failed: cannot run {}: {e}", test_python().display()))?;
    if out.timed_out || out.code != Some(0) {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr.trim().lines().last().unwrap_or("").to_string();
        return Err(format!(
            "setup failed (exit {:?}{}): {last}",
            out.code,
            if out.timed_out { ", timed out" } else { "" }
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let vars: Map<String, Value> = serde_json::from_str(text.trim())
        .map_err(|e| format!("setup failed: its output is not a JSON object ({e}): {text}"))?;
    Ok(vars
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            (k, v)
        })
        .collect())
}

/// Sets `key` in an environment list, replacing an earlier value in place.
fn set_var(env: &mut Vec<(String, String)>, key: &str, value: String) {
    match env.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = value,
        None => env.push((key.to_string(), value)),
    }
}

fn run_case(case: &Case, input: &CaseInput, moto: &Moto, work: &Path) -> Actual {
    let run_dir = work.join("run").join(&case.name);
    let home = work.join("home").join(&case.name);
    for dir in [&run_dir, &home] {
        if dir.exists() {
            fs::remove_dir_all(dir).unwrap_or_else(|e| panic!("rm {}: {e}", dir.display()));
        }
    }
    copy_project(&case.dir, &run_dir, true);
    fs::create_dir_all(&home).expect("create the case HOME");

    moto.reset();
    moto.seed(SEED);
    moto.stop_recording();
    moto.api("POST", "/moto-api/recorder/reset-recording");
    let (vars, setup_error) = match apply_setup(case, moto, &run_dir) {
        Ok(vars) => (vars, None),
        Err(e) => (Vec::new(), Some(e)),
    };

    let path = |p: &Path| p.to_string_lossy().into_owned();
    let mut env: Vec<(String, String)> = vec![
        ("PATH".into(), PATH.into()),
        ("HOME".into(), path(&home)),
        ("TZ".into(), "UTC".into()),
        ("AWS_ACCESS_KEY_ID".into(), "testing".into()),
        ("AWS_SECRET_ACCESS_KEY".into(), "testing".into()),
        ("AWS_REGION".into(), "us-east-1".into()),
        ("AWS_ENDPOINT_URL".into(), moto.endpoint()),
    ];
    let mut values = vars.clone();
    values.push(("CASE_DIR".into(), path(&run_dir)));
    for (k, v) in &vars {
        set_var(&mut env, k, v.clone());
    }
    for (k, v) in &input.env {
        let v = expand(v, &values);
        set_var(&mut env, k, v.clone());
        values.push((k.clone(), v));
    }

    let mut pre_rc = Vec::new();
    let (mut rc, mut stdout, mut stderr) = (0, Vec::new(), Vec::new());
    let mut t0 = now();
    let mut before = BTreeMap::new();
    let binary = ecs_cli();
    for (i, line) in input.lines.iter().enumerate() {
        let last = i + 1 == input.lines.len();
        let mut argv: Vec<String> = match shell_split(line) {
            Ok(words) => words.iter().map(|w| expand(w, &values)).collect(),
            Err(e) => panic!("cmd line {line:?}: {e}"),
        };
        if argv.is_empty() {
            panic!("cmd line {line:?} has no words");
        }
        let program = if argv[0] == "ecs-cli" {
            binary.clone()
        } else {
            PathBuf::from(&argv[0])
        };
        argv.remove(0);
        if last {
            before = snapshot(&run_dir);
            moto.start_recording();
            t0 = now();
        }
        let mut command = Command::new(&program);
        command
            .args(&argv)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k, v)))
            .current_dir(&run_dir);
        let stdin = if last {
            input.stdin.clone().unwrap_or_default().into_bytes()
        } else {
            Vec::new()
        };
        let (code, out, mut err) = match run_process(command, stdin, LINE_TIMEOUT) {
            Ok(p) if p.timed_out => (124, p.stdout, p.stderr),
            // Killed by a signal: Python reports -SIGNAL.
            Ok(p) => (
                p.code.unwrap_or_else(|| -p.signal.unwrap_or(0)),
                p.stdout,
                p.stderr,
            ),
            Err(e) => panic!("cannot run {}: {e}", program.display()),
        };
        if last {
            rc = code;
            stdout = out;
            if code == 124 {
                err.extend_from_slice(b"\n[runner: timeout]\n");
            }
            stderr = err;
        } else {
            pre_rc.push(code);
        }
    }
    moto.stop_recording();
    let entries = moto.recording();
    let after = snapshot(&run_dir);

    let mut literals = vec![
        (path(&run_dir), "<CASE_DIR>".to_string()),
        (path(&home), "<HOME>".to_string()),
        (path(work), "<WORK>".to_string()),
    ];
    for (k, v) in &vars {
        if v.chars().count() >= 6 {
            literals.push((v.clone(), format!("<${k}>")));
        }
    }
    let mut norm = Normaliser::new(literals, t0);
    let calls = calls_from_recording(&entries, (t0 * 1000.0) as i64);
    let calls = norm.data(&Value::Array(calls));
    let stdout = normalise_stdout(&String::from_utf8_lossy(&stdout), &mut norm);
    let stderr = norm.text(&String::from_utf8_lossy(&stderr));
    let mut files = Map::new();
    for (rel, data) in &after {
        if before.get(rel) != Some(data) {
            let name = norm.text(rel);
            let content = norm.text(&String::from_utf8_lossy(data));
            files.insert(name, Value::String(content));
        }
    }
    Actual {
        rc,
        pre_rc,
        stdout,
        stderr,
        calls,
        files: Value::Object(files),
        operations: all_operations(&entries),
        setup_error,
    }
}

fn now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// How a process ended.
struct Finished {
    code: Option<i32>,
    signal: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    timed_out: bool,
}

/// Runs `command` with `stdin` as its input, collecting its output; kills it after `timeout`.
fn run_process(
    mut command: Command,
    stdin: Vec<u8>,
    timeout: Duration,
) -> std::io::Result<Finished> {
    use std::os::unix::process::ExitStatusExt;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut pipe_in = child.stdin.take().expect("piped stdin");
    let writer = thread::spawn(move || {
        // The process may exit without reading its input: a broken pipe is not an error here.
        let _ = pipe_in.write_all(&stdin);
    });
    let reader = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = reader(Box::new(child.stdout.take().expect("piped stdout")));
    let err = reader(Box::new(child.stderr.take().expect("piped stderr")));
    let deadline = Instant::now() + timeout;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            let _ = child.kill();
            break child.wait()?;
        }
        thread::sleep(Duration::from_millis(5));
    };
    let _ = writer.join();
    Ok(Finished {
        code: status.code(),
        signal: status.signal(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        timed_out,
    })
}

// ------------------------------------------------------------------------------ comparing

/// Every difference between the recorded and this run's results, in the order of the corpus's
/// comparison rules: setup, exit codes, calls, files, stderr, stdout.
fn compare(expected: &Expected, actual: &Actual, options: &[String]) -> Verdict {
    let mut v = Verdict::default();
    if let Some(e) = &actual.setup_error {
        v.problems.push(e.clone());
    }
    if expected.pre_rc != actual.pre_rc {
        v.problems.push(format!(
            "earlier cmd lines rc: expected {:?}, got {:?}",
            expected.pre_rc, actual.pre_rc
        ));
    }
    if expected.rc != actual.rc {
        v.problems
            .push(format!("rc: expected {}, got {}", expected.rc, actual.rc));
    }
    compare_calls(&expected.calls, &actual.calls, &mut v);
    compare_files(&expected.files, &actual.files, &mut v);
    if !expected.stderr.is_empty() {
        let got = first_paragraph(&actual.stderr);
        if got != expected.stderr {
            v.problems.push(format!(
                "stderr: expected {}, got {}",
                json::short(&Value::String(expected.stderr.clone())),
                json::short(&Value::String(got))
            ));
        }
    }
    compare_stdout(&expected.stdout, &actual.stdout, options, &mut v);
    v
}

/// `service.Operation[@region]`.
fn label(call: &Value) -> String {
    let s = |k: &str| call.get(k).and_then(Value::as_str).unwrap_or("?");
    let mut out = format!("{}.{}", s("service"), s("operation"));
    if let Some(region) = call.get("region").and_then(Value::as_str) {
        if !region.is_empty() {
            out.push('@');
            out.push_str(region);
        }
    }
    out
}

/// A call body without its idempotency tokens (compared by neither presence nor value).
fn without_tokens(body: &Value) -> Value {
    match body {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !TOKEN_KEYS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn compare_calls(expected: &Value, actual: &Value, v: &mut Verdict) {
    let empty = Vec::new();
    let exp = expected.as_array().unwrap_or(&empty);
    let act = actual.as_array().unwrap_or(&empty);
    let names_e: Vec<String> = exp.iter().map(label).collect();
    let names_a: Vec<String> = act.iter().map(label).collect();
    if names_e != names_a {
        let i = names_e
            .iter()
            .zip(&names_a)
            .position(|(a, b)| a != b)
            .unwrap_or(names_e.len().min(names_a.len()));
        let name = |names: &[String]| names.get(i).cloned().unwrap_or_else(|| "none".into());
        let list = |names: &[String]| {
            if names.is_empty() {
                "-".to_string()
            } else {
                names.join(", ")
            }
        };
        v.problems.push(format!(
            "call {}: expected {}, got {} (calls: expected [{}], got [{}])",
            i + 1,
            name(&names_e),
            name(&names_a),
            json::shorten(&list(&names_e), 300),
            json::shorten(&list(&names_a), 300)
        ));
        return;
    }
    for (i, (e, a)) in exp.iter().zip(act).enumerate() {
        let eb = without_tokens(e.get("body").unwrap_or(&Value::Null));
        let ab = without_tokens(a.get("body").unwrap_or(&Value::Null));
        if py_eq(&eb, &ab) {
            continue;
        }
        let diffs = json::diff(&eb, &ab, &Rules::new());
        v.problems.push(format!(
            "call {} {}: {}",
            i + 1,
            names_e[i],
            json::summary(&diffs, DIFF_LIMIT)
        ));
        v.details.push(format!("call {} {}:", i + 1, names_e[i]));
        v.details.extend(diffs.iter().map(|d| format!("  {d}")));
        v.details.push(format!(
            "  expected body: {}",
            serde_json::to_string(&eb).unwrap_or_default()
        ));
        v.details.push(format!(
            "  actual body:   {}",
            serde_json::to_string(&ab).unwrap_or_default()
        ));
        return;
    }
}

fn compare_files(expected: &Value, actual: &Value, v: &mut Verdict) {
    if py_eq(expected, actual) {
        return;
    }
    let empty = Map::new();
    let exp = expected.as_object().unwrap_or(&empty);
    let act = actual.as_object().unwrap_or(&empty);
    let mut names_e: Vec<&String> = exp.keys().collect();
    let mut names_a: Vec<&String> = act.keys().collect();
    names_e.sort();
    names_a.sort();
    if names_e != names_a {
        v.problems
            .push(format!("files: expected {names_e:?}, got {names_a:?}"));
        return;
    }
    for name in names_e {
        let text = |m: &Map<String, Value>| match &m[name] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let (e, a) = (text(exp), text(act));
        if e != a {
            let diff = line_diff(&splitlines(&e), &splitlines(&a));
            let shown: Vec<String> = diff.iter().take(DIFF_LIMIT).cloned().collect();
            v.problems
                .push(format!("file {name}: {}", shown.join(" | ")));
            v.details.push(format!("file {name}:"));
            v.details.extend(diff.iter().map(|d| format!("  {d}")));
        }
    }
}

/// Runs of two or more spaces count as two; trailing whitespace does not count.
fn squeeze(text: &str) -> String {
    let lines: Vec<String> = splitlines(text)
        .into_iter()
        .map(|line| {
            let mut out = String::new();
            let mut spaces = 0;
            for c in line.chars() {
                if c == ' ' {
                    spaces += 1;
                    continue;
                }
                out.push_str(match spaces {
                    0 => "",
                    1 => " ",
                    _ => "  ",
                });
                spaces = 0;
                out.push(c);
            }
            out.push_str(match spaces {
                0 => "",
                1 => " ",
                _ => "  ",
            });
            out.trim_end().to_string()
        })
        .collect();
    lines.join("\n")
}

fn compare_stdout(expected: &str, actual: &str, options: &[String], v: &mut Verdict) {
    let (e, a) = if options.iter().any(|o| o == "stdout-spacing") {
        (squeeze(expected), squeeze(actual))
    } else {
        (expected.to_string(), actual.to_string())
    };
    let mut el = splitlines(&e);
    let mut al = splitlines(&a);
    let unordered = options.iter().any(|o| o == "stdout-unordered");
    if unordered {
        el.sort_unstable();
        al.sort_unstable();
    }
    if el == al {
        return;
    }
    let quote = |s: &str| json::shorten(&format!("{s:?}"), 150);
    if unordered {
        let diff = line_diff(&el, &al);
        let shown: Vec<String> = diff.iter().take(DIFF_LIMIT).map(|d| quote(d)).collect();
        v.problems
            .push(format!("stdout (unordered lines): {}", shown.join(" | ")));
    } else {
        let i = el
            .iter()
            .zip(&al)
            .position(|(x, y)| x != y)
            .unwrap_or(el.len().min(al.len()));
        let line = |lines: &[&str]| {
            lines
                .get(i)
                .map_or_else(|| "(no line)".to_string(), |l| quote(l))
        };
        v.problems.push(format!(
            "stdout line {}: expected {}, got {}",
            i + 1,
            line(&el),
            line(&al)
        ));
    }
    v.details
        .push("stdout diff (- expected, + got):".to_string());
    v.details
        .extend(line_diff(&el, &al).into_iter().map(|d| format!("  {d}")));
}

/// A minimal line diff: `-line` for expected lines missing from the actual, `+line` for extra
/// actual lines, in order (longest common subsequence).
fn line_diff(expected: &[&str], actual: &[&str]) -> Vec<String> {
    let (n, m) = (expected.len(), actual.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i] == actual[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n || j < m {
        if i < n && j < m && expected[i] == actual[j] {
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(format!("-{}", expected[i]));
            i += 1;
        } else {
            out.push(format!("+{}", actual[j]));
            j += 1;
        }
    }
    out
}
