//! Harness shared by the integration tests: each `tests/*.rs` file says `mod support;`.
//!
//! - [`Sandbox`]: a fresh temporary HOME (`<root>/home`) and working directory
//!   (`<root>/cwd/myproj`), removed on drop.
//! - [`Run`]: runs the built `ecs-cli` as a user would, with a cleared environment (only `PATH`,
//!   the sandbox `HOME`, `TZ=UTC`, plus what the test adds), a working directory and optional
//!   standard input; gives an [`Output`] (exit code, stdout, stderr) with normalised views.
//! - [`Moto`]: the local AWS emulator (`tests/moto/server.py`) on a free loopback port.
//!   It never skips: when the emulator cannot start, the test panics and says how to fix it.
//!   `ECS_TEST_EMULATOR=<script>` runs another server script instead. [`Moto::seed`],
//!   [`Moto::start_recording`] and [`Moto::recorded_requests`] serve the conformance runners.
//!
//! Only std is used, so the harness adds no dependency to the project.

pub mod docker_images;
pub mod registry_images;

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Path of the `ecs-cli` binary built by cargo for this test run.
pub fn ecs_cli() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ecs-cli"))
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(relative)
}

/// Reads a file under `tests/fixtures/`, panicking with its path if it cannot.
pub fn read_fixture(relative: &str) -> String {
    let path = fixture(relative);
    fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

/// A name no other test of this run uses (for clusters, stacks, ... in the shared emulator).
pub fn unique_name(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}-{}-{}-{:x}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// Permission bits (`0o777` part) of a file or directory.
pub fn mode_of(path: &Path) -> u32 {
    let meta = fs::metadata(path).unwrap_or_else(|e| panic!("stat {}: {e}", path.display()));
    meta.permissions().mode() & 0o7777
}

/// Sets the permission bits of a file or directory.
pub fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {mode:o} {}: {e}", path.display()));
}

/// Removes the `time="…" ` prefix that non-terminal log lines start with.
pub fn strip_log_time(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let rest = line
            .strip_prefix("time=\"")
            .and_then(|r| r.find("\" ").map(|end| &r[end + 2..]));
        out.push_str(rest.unwrap_or(line));
    }
    out
}

/// A temporary directory, removed (after making it writable again) when dropped.
/// Set `ECS_TEST_KEEP=1` to keep it for inspection.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        let path = std::env::temp_dir().join(unique_name(&format!("ecs-cli-test-{label}")));
        if path.exists() {
            remove_tree(&path);
        }
        fs::create_dir_all(&path).unwrap_or_else(|e| panic!("mkdir {}: {e}", path.display()));
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("ECS_TEST_KEEP").is_some() {
            eprintln!("kept {}", self.path.display());
        } else {
            remove_tree(&self.path);
        }
    }
}

/// `rm -rf`, first restoring write permission on directories a test made read-only.
fn remove_tree(path: &Path) {
    fn unlock(path: &Path) {
        if let Ok(meta) = fs::symlink_metadata(path) {
            if meta.is_dir() {
                let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o700));
                if let Ok(entries) = fs::read_dir(path) {
                    for entry in entries.flatten() {
                        unlock(&entry.path());
                    }
                }
            }
        }
    }
    unlock(path);
    let _ = fs::remove_dir_all(path);
}

/// A fresh HOME and working directory for one or more runs of the binary.
/// Laid out as `offline-scenarios.sh` does: `<root>/home` (mode 0755) and `<root>/cwd/myproj`.
pub struct Sandbox {
    root: TempDir,
    home: PathBuf,
    cwd: PathBuf,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let root = TempDir::new("sandbox");
        let home = root.path().join("home");
        let cwd = root.path().join("cwd").join("myproj");
        fs::create_dir_all(&home).expect("create sandbox HOME");
        fs::create_dir_all(&cwd).expect("create sandbox cwd");
        set_mode(&home, 0o755);
        Sandbox { root, home, cwd }
    }

    pub fn root(&self) -> &Path {
        self.root.path()
    }

    pub fn home(&self) -> &Path {
        &self.home
    }

    pub fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// `$HOME/.ecs`.
    pub fn ecs_dir(&self) -> PathBuf {
        self.home.join(".ecs")
    }

    /// A run of `ecs-cli` with these arguments, in this sandbox.
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Run::new(self).args(args)
    }

    /// Writes a file relative to HOME (parents created) and sets its mode.
    pub fn write_home_file(&self, relative: &str, content: &str, mode: u32) -> PathBuf {
        let path = self.home.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("mkdir {}: {e}", parent.display()));
        }
        fs::write(&path, content).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        set_mode(&path, mode);
        path
    }

    /// The `~/.ecs` files in the format of the `.ecsdir` samples of `offline-scenarios.sh`:
    /// for each file, sorted by name, `--- ~/.ecs/<name> mode=<octal>` then its content as is.
    /// `None` when `~/.ecs` does not exist.
    pub fn ecs_listing(&self) -> Option<String> {
        let dir = self.ecs_dir();
        if !dir.exists() {
            return None;
        }
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
            .map(|e| {
                e.expect("read ~/.ecs entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        let mut out = String::new();
        for name in names {
            let path = dir.join(&name);
            let content = fs::read(&path).map(|b| String::from_utf8_lossy(&b).into_owned());
            out.push_str(&format!(
                "--- ~/.ecs/{name} mode={:o}\n",
                mode_of(&path) & 0o777
            ));
            out.push_str(&content.unwrap_or_else(|e| format!("<unreadable: {e}>\n")));
        }
        Some(out)
    }

    /// Replaces this sandbox's HOME with `<HOME>` and its working directory with `<CWD>`.
    pub fn normalise_paths(&self, text: &str) -> String {
        replace_paths(
            text,
            &[(self.home.clone(), "<HOME>"), (self.cwd.clone(), "<CWD>")],
        )
    }

    /// [`strip_log_time`] then [`Sandbox::normalise_paths`].
    pub fn normalise(&self, text: &str) -> String {
        self.normalise_paths(&strip_log_time(text))
    }
}

fn replace_paths(text: &str, paths: &[(PathBuf, &str)]) -> String {
    let mut out = text.to_string();
    for (path, placeholder) in paths {
        let mut forms = vec![path.to_string_lossy().into_owned()];
        if let Ok(canonical) = path.canonicalize() {
            forms.push(canonical.to_string_lossy().into_owned());
        }
        for form in forms {
            out = out.replace(&form, placeholder);
        }
    }
    out
}

/// One run of the binary: a builder, then [`Run::output`].
pub struct Run {
    program: PathBuf,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    cwd: PathBuf,
    stdin: Vec<u8>,
    timeout: Duration,
    paths: Vec<(PathBuf, &'static str)>,
}

impl Run {
    /// `ecs-cli` with no arguments in the sandbox's HOME and working directory.
    pub fn new(sandbox: &Sandbox) -> Run {
        let path = std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into());
        Run {
            program: ecs_cli(),
            args: Vec::new(),
            env: vec![
                ("PATH".into(), path),
                ("HOME".into(), sandbox.home().into()),
                ("TZ".into(), "UTC".into()),
            ],
            cwd: sandbox.cwd().to_path_buf(),
            stdin: Vec::new(),
            timeout: Duration::from_secs(120),
            paths: vec![
                (sandbox.home().to_path_buf(), "<HOME>"),
                (sandbox.cwd().to_path_buf(), "<CWD>"),
            ],
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Run {
        self.args.push(arg.as_ref().to_os_string());
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_os_string()));
        self
    }

    /// Adds (or replaces) one environment variable.
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Run {
        let key = key.as_ref().to_os_string();
        self.env.retain(|(k, _)| *k != key);
        self.env.push((key, value.as_ref().to_os_string()));
        self
    }

    pub fn envs<'a>(mut self, vars: impl IntoIterator<Item = &'a (&'a str, &'a str)>) -> Run {
        for (k, v) in vars {
            self = self.env(k, v);
        }
        self
    }

    pub fn cwd(mut self, dir: impl Into<PathBuf>) -> Run {
        self.cwd = dir.into();
        self
    }

    /// Standard input (default: empty, i.e. immediate EOF, like `< /dev/null`).
    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Run {
        self.stdin = input.into();
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Run {
        self.timeout = timeout;
        self
    }

    /// Points every AWS client of the binary at the emulator, with dummy credentials.
    pub fn moto(self, moto: &Moto) -> Run {
        self.env("AWS_ENDPOINT_URL", moto.endpoint())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", "us-east-1")
    }

    /// Runs the binary to completion (killing it after the timeout, which fails the test).
    pub fn output(self) -> Output {
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(&self.cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.program.display()));
        let (status, stdout, stderr, timed_out) =
            wait_with_timeout(&mut child, self.stdin, self.timeout);
        let output = Output {
            args: self
                .args
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect(),
            code: status.and_then(|s| s.code()),
            raw_stdout: stdout,
            raw_stderr: stderr,
            paths: self.paths,
        };
        if timed_out {
            panic!(
                "ecs-cli did not finish within {:?}; killed.\n{}",
                self.timeout,
                output.describe()
            );
        }
        output
    }
}

/// Feeds stdin, collects stdout/stderr, and waits up to `timeout` (then kills the child).
fn wait_with_timeout(
    child: &mut Child,
    input: Vec<u8>,
    timeout: Duration,
) -> (Option<ExitStatus>, String, String, bool) {
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = thread::spawn(move || {
        // The child may exit without reading its input: a broken pipe is not an error here.
        let _ = stdin.write_all(&input);
    });
    let stdout = reader_thread(child.stdout.take().expect("piped stdout"));
    let stderr = reader_thread(child.stderr.take().expect("piped stderr"));
    let deadline = Instant::now() + timeout;
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() >= deadline => {
                timed_out = true;
                let _ = child.kill();
                break child.wait().ok();
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("waiting for ecs-cli: {e}"),
        }
    };
    let _ = writer.join();
    let stdout = stdout.join().expect("stdout reader");
    let stderr = stderr.join().expect("stderr reader");
    (status, stdout, stderr, timed_out)
}

fn reader_thread(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// What a run printed and how it ended.
pub struct Output {
    pub args: Vec<String>,
    /// Exit code; `None` when the process was killed by a signal.
    pub code: Option<i32>,
    pub raw_stdout: String,
    pub raw_stderr: String,
    paths: Vec<(PathBuf, &'static str)>,
}

impl Output {
    /// stdout without log timestamps, with `<HOME>` and `<CWD>` for the sandbox paths.
    pub fn stdout(&self) -> String {
        self.normalise(&self.raw_stdout)
    }

    /// stderr, normalised like [`Output::stdout`].
    pub fn stderr(&self) -> String {
        self.normalise(&self.raw_stderr)
    }

    /// The lines of the normalised stdout.
    pub fn stdout_lines(&self) -> Vec<String> {
        self.stdout().lines().map(str::to_string).collect()
    }

    pub fn normalise(&self, text: &str) -> String {
        replace_paths(&strip_log_time(text), &self.paths)
    }

    /// A readable account of the run, for failure messages.
    pub fn describe(&self) -> String {
        format!(
            "command: ecs-cli {}\nexit code: {:?}\n--- stdout ---\n{}--- stderr ---\n{}--------------",
            self.args.join(" "),
            self.code,
            self.raw_stdout,
            self.raw_stderr
        )
    }

    pub fn assert_code(&self, code: i32) -> &Output {
        assert_eq!(
            self.code,
            Some(code),
            "unexpected exit code\n{}",
            self.describe()
        );
        self
    }

    pub fn assert_success(&self) -> &Output {
        self.assert_code(0)
    }

    /// Asserts the run failed the way every command error must: exit 1, nothing on stderr, and
    /// stdout is exactly one `level=fatal` line. Returns that line (normalised).
    pub fn assert_single_fatal(&self) -> String {
        self.assert_code(1);
        assert_eq!(
            self.raw_stderr,
            "",
            "stderr must be empty\n{}",
            self.describe()
        );
        let lines = self.stdout_lines();
        assert!(
            lines.len() == 1 && lines[0].starts_with("level=fatal msg="),
            "stdout must be exactly one `level=fatal` line\n{}",
            self.describe()
        );
        lines[0].clone()
    }
}

// ---------------------------------------------------------------------------------------------
// The AWS emulator
// ---------------------------------------------------------------------------------------------

const MOTO_START_TIMEOUT: Duration = Duration::from_secs(30);

/// The Python interpreter of the test venv (moto[server]==5.2.5 + boto3):
/// `$ECS_TEST_PYTHON`, else `$CARGO_TARGET_DIR/venv/bin/python`, else `<target>/venv/bin/python`.
pub fn test_python() -> PathBuf {
    if let Some(python) = std::env::var_os("ECS_TEST_PYTHON").filter(|p| !p.is_empty()) {
        return PathBuf::from(python);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR").filter(|p| !p.is_empty()) {
        return Path::new(&target).join("venv/bin/python");
    }
    // CARGO_TARGET_TMPDIR is `<target dir>/tmp` for integration tests and benches.
    match Path::new(env!("CARGO_TARGET_TMPDIR")).parent() {
        Some(target) => target.join("venv/bin/python"),
        None => repo_root().join("target/venv/bin/python"),
    }
}

const HOW_TO_FIX: &str = "The emulator tests need the project's Python venv (moto[server]==5.2.5 + boto3). \
Run `tests/run-all.sh` once: it creates it at $CARGO_TARGET_DIR/venv (default target/venv) and runs every test; \
or point ECS_TEST_PYTHON at a Python that has those packages.";

/// A running `tests/moto/server.py` on a free loopback port, killed on drop.
///
/// The server also exits by itself when the test process ends (it watches its stdin, a pipe
/// held by this struct), so the process-wide [`Moto::shared`] instance never outlives the tests.
pub struct Moto {
    port: u16,
    log: PathBuf,
    child: Mutex<Option<(Child, ChildStdin)>>,
}

impl Moto {
    /// The emulator shared by every test of this test binary, started on first use.
    /// Tests that share it must use [`unique_name`]s, and must not call [`Moto::reset`].
    pub fn shared() -> &'static Moto {
        static SHARED: OnceLock<Result<Moto, String>> = OnceLock::new();
        match SHARED.get_or_init(Moto::try_start) {
            Ok(moto) => moto,
            Err(message) => panic!("{message}"),
        }
    }

    /// A new emulator owned by the caller. Panics, with a message saying how to fix it, when the
    /// venv is missing or the server does not answer within 30 s.
    pub fn start() -> Moto {
        Moto::try_start().unwrap_or_else(|message| panic!("{message}"))
    }

    /// Like [`Moto::start`], but without the AWS-managed IAM policies
    /// (`MOTO_IAM_LOAD_MANAGED_POLICIES` unset): with them every `reset` and the first request
    /// after it take seconds instead of milliseconds. For runners that reset before every case
    /// and never refer to a managed policy (the compose-create corpus).
    pub fn start_without_managed_policies() -> Moto {
        Moto::try_start_with(false).unwrap_or_else(|message| panic!("{message}"))
    }

    /// Like [`Moto::start`], with extra environment variables for the server (switches of the
    /// emulator patches: `ECS_EMULATOR_SERVICE_TASKS=1`, the `ECS_TEST_ECR_REGISTRY` of the
    /// push/pull tests).
    pub fn start_with_env(env: &[(&str, &str)]) -> Moto {
        Moto::try_start_env(true, env).unwrap_or_else(|message| panic!("{message}"))
    }

    fn try_start() -> Result<Moto, String> {
        Moto::try_start_with(true)
    }

    fn try_start_with(managed_policies: bool) -> Result<Moto, String> {
        Moto::try_start_env(managed_policies, &[])
    }

    fn try_start_env(managed_policies: bool, env: &[(&str, &str)]) -> Result<Moto, String> {
        let python = test_python();
        if !python.exists() {
            return Err(format!(
                "cannot start the AWS emulator: no Python at {} (ECS_TEST_PYTHON={:?}).\n{HOW_TO_FIX}",
                python.display(),
                std::env::var_os("ECS_TEST_PYTHON").unwrap_or_default()
            ));
        }
        let script = repo_root().join("tests/moto/server.py");
        // ECS_TEST_EMULATOR=<server script>: run another emulator script (same command line).
        let script = emulator_override().unwrap_or(script);
        let log_dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
        let _ = fs::create_dir_all(log_dir);
        let mut last_error = String::new();
        // A port found free can be taken before the server binds it: try a few.
        for _ in 0..3 {
            let port = free_port().map_err(|e| format!("cannot find a free loopback port: {e}"))?;
            let log = log_dir.join(format!("moto-{}-{port}.log", std::process::id()));
            match Moto::spawn(&python, &script, port, &log, managed_policies, env) {
                Ok(moto) => return Ok(moto),
                Err(error) => last_error = error,
            }
        }
        Err(format!(
            "cannot start the AWS emulator ({}):\n{last_error}\n{HOW_TO_FIX}",
            script.display()
        ))
    }

    fn spawn(
        python: &Path,
        script: &Path,
        port: u16,
        log: &Path,
        managed_policies: bool,
        env: &[(&str, &str)],
    ) -> Result<Moto, String> {
        let log_file =
            fs::File::create(log).map_err(|e| format!("create {}: {e}", log.display()))?;
        let log_err = log_file.try_clone().map_err(|e| e.to_string())?;
        let mut command = Command::new(python);
        command
            .arg(script)
            .args([
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "--exit-with-stdin",
            ])
            // moto's request recorder (`/moto-api/recorder/...`) writes here, not in the cwd.
            .env(
                "MOTO_RECORDER_FILEPATH",
                log.with_extension("recording.jsonl"),
            )
            .env("PYTHONUNBUFFERED", "1")
            .current_dir(script.parent().unwrap_or(Path::new(".")))
            .stdin(Stdio::piped())
            .stdout(log_file)
            .stderr(log_err);
        if managed_policies {
            command.env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        } else {
            command.env_remove("MOTO_IAM_LOAD_MANAGED_POLICIES");
        }
        for (key, value) in env {
            command.env(key, value);
        }
        for (key, _) in std::env::vars_os() {
            let key_str = key.to_string_lossy();
            if key_str.starts_with("AWS_") || key_str.to_ascii_lowercase().ends_with("_proxy") {
                command.env_remove(&key);
            }
        }
        command.envs(env.iter().copied());
        let mut child = command
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
        let stdin = child.stdin.take().expect("piped stdin");
        let deadline = Instant::now() + MOTO_START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!(
                    "the emulator exited ({status}) before answering; its log {}:\n{}",
                    log.display(),
                    log_tail(log)
                ));
            }
            if matches!(http_request(port, "GET", "/moto-api/"), Ok((200, _))) {
                return Ok(Moto {
                    port,
                    log: log.to_path_buf(),
                    child: Mutex::new(Some((child, stdin))),
                });
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "the emulator did not answer GET /moto-api/ on port {port} within {MOTO_START_TIMEOUT:?}; \
                     its log {}:\n{}",
                    log.display(),
                    log_tail(log)
                ));
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT`
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The server's log file (requests and Python errors).
    pub fn log(&self) -> &Path {
        &self.log
    }

    /// Drops every resource in the emulator (`POST /moto-api/reset`).
    pub fn reset(&self) {
        match http_request(self.port, "POST", "/moto-api/reset") {
            Ok((200, _)) => {}
            other => panic!("emulator reset failed: {other:?}"),
        }
    }

    /// A moto-api call (`POST /moto-api/seed?a=1`...): its body; panics unless HTTP 200.
    pub fn api(&self, method: &str, path: &str) -> String {
        match http_request(self.port, method, path) {
            Ok((200, body)) => body,
            other => panic!(
                "emulator call {method} {path} failed: {other:?} (log: {})",
                self.log.display()
            ),
        }
    }

    /// Seeds the emulator's random generator (`POST /moto-api/seed?a=<seed>`), so the ids it
    /// makes next are the same on every run.
    pub fn seed(&self, seed: u64) {
        self.api("POST", &format!("/moto-api/seed?a={seed}"));
    }

    /// Empties the request recording and starts recording every request (moto-api calls other
    /// than the recorder's own included).
    pub fn start_recording(&self) {
        self.api("POST", "/moto-api/recorder/reset-recording");
        self.api("POST", "/moto-api/recorder/start-recording");
    }

    /// Stops recording; what was recorded stays available to [`Moto::recording`].
    pub fn stop_recording(&self) {
        self.api("POST", "/moto-api/recorder/stop-recording");
    }

    /// The requests recorded since [`Moto::start_recording`], in order: moto's entries
    /// `{method, url, headers, body, body_encoded}` (see [`RecordedRequest`] to decode them).
    pub fn recording(&self) -> Vec<serde_json::Value> {
        let raw = self.api("GET", "/moto-api/recorder/download-recording");
        raw.lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("bad recording line {line:?}: {e}"))
            })
            .collect()
    }

    /// [`Moto::recording`], decoded.
    pub fn recorded_requests(&self) -> Vec<RecordedRequest> {
        self.recording()
            .iter()
            .map(RecordedRequest::decode)
            .collect()
    }

    /// Runs Python code against the emulator with boto3 and returns its stdout. The code can call
    /// `client("ecs")` (optionally `client("ec2", region="us-west-2")`) for a configured client.
    pub fn boto3(&self, code: &str) -> String {
        let preamble = "import os, sys, json, boto3\n\
             def client(name, region='us-east-1'):\n    \
             return boto3.client(name, endpoint_url=os.environ['MOTO_ENDPOINT'], region_name=region,\n        \
             aws_access_key_id='testing', aws_secret_access_key='testing')\n";
        let path = std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into());
        let out = Command::new(test_python())
            .arg("-c")
            .arg(format!("{preamble}{code}"))
            .env_clear()
            .env("PATH", path)
            .env("MOTO_ENDPOINT", self.endpoint())
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run {}: {e}\n{HOW_TO_FIX}", test_python().display())
            });
        assert!(
            out.status.success(),
            "boto3 call failed ({}):\n{code}\n--- stderr ---\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        if let Ok(mut guard) = self.child.lock() {
            if let Some((mut child, stdin)) = guard.take() {
                drop(stdin);
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

/// `ECS_TEST_EMULATOR`: the emulator script to run instead of the project's own (it gets the
/// same arguments: `-H 127.0.0.1 -p PORT --exit-with-stdin`).
pub fn emulator_override() -> Option<PathBuf> {
    std::env::var_os("ECS_TEST_EMULATOR")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// One request of the emulator's recording, decoded.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// `POST`, `GET`...
    pub method: String,
    /// The headers, names in lower case.
    pub headers: std::collections::BTreeMap<String, String>,
    /// The body as text (base64-decoded when moto stored it so; invalid UTF-8 replaced).
    pub body: String,
}

impl RecordedRequest {
    /// Decodes one entry of [`Moto::recording`].
    pub fn decode(entry: &serde_json::Value) -> RecordedRequest {
        use base64::Engine as _;
        let text = |key: &str| entry.get(key).and_then(|v| v.as_str()).unwrap_or("");
        let mut body = text("body").to_string();
        if entry.get("body_encoded").and_then(|v| v.as_bool()) == Some(true) {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(body.as_bytes())
                .unwrap_or_else(|e| panic!("recorded body is not base64 ({e}): {body:?}"));
            body = String::from_utf8_lossy(&bytes).into_owned();
        }
        let headers = entry
            .get("headers")
            .and_then(|h| h.as_object())
            .map(|h| {
                h.iter()
                    .map(|(k, v)| {
                        let v = v
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string());
                        (k.to_ascii_lowercase(), v)
                    })
                    .collect()
            })
            .unwrap_or_default();
        RecordedRequest {
            method: text("method").to_string(),
            headers,
            body,
        }
    }

    /// A header's value (`name` in lower case), or `""`.
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }

    /// The `X-Amz-Target` header (`AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition`),
    /// or `""` for query-protocol requests.
    pub fn target(&self) -> &str {
        self.header("x-amz-target")
    }
}

pub fn free_port() -> io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

fn log_tail(log: &Path) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// A minimal HTTP/1.0 request to the emulator: returns the status code and the body.
pub fn http_request(port: u16, method: &str, path: &str) -> io::Result<(u16, String)> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let response = String::from_utf8_lossy(&response);
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not an HTTP response"))?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}
