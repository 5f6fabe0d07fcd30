//! How a command ends: the original printed every error as one logrus `level=fatal` line on
//! stdout and exited 1. Commands return `anyhow::Error`; a [`Fatal`] inside it carries the
//! exact message and fields of that line, anything else is printed with its cause chain.
//! A panic (a bug of this program) ends the same way, through [`install_panic_hook`].

use std::any::Any;
use std::fmt;
use std::panic::Location;

/// Exit status of a successful command.
pub const EXIT_OK: i32 = 0;
/// Exit status of every command error (logrus.Fatal).
pub const EXIT_ERROR: i32 = 1;
/// Exit status after Ctrl-C stopped a wait (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Exit status of an unknown command or subcommand (`No help topic for 'x'`).
pub const EXIT_UNKNOWN_COMMAND: i32 = 3;

/// The fatal line a command ends with: `msg="…"` plus fields such as `error="…"`.
#[derive(Debug, Clone)]
pub struct Fatal {
    pub msg: String,
    pub fields: Vec<(String, String)>,
}

impl Fatal {
    pub fn new(msg: impl Into<String>) -> Self {
        Fatal {
            msg: msg.into(),
            fields: Vec::new(),
        }
    }

    /// Adds a `key=value` field to the fatal line.
    pub fn field(mut self, key: &str, value: impl fmt::Display) -> Self {
        self.fields.push((key.to_string(), value.to_string()));
        self
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg)?;
        for (k, v) in &self.fields {
            write!(f, " {k}={v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Fatal {}

/// `Error executing '<name>': <err>`: how the cluster, logs and registry commands fail.
pub fn executing(name: &str, err: impl fmt::Display) -> anyhow::Error {
    Fatal::new(format!("Error executing '{name}': {err}")).into()
}

/// A wait stopped by Ctrl-C: the message says what was left as it is and how to go on.
#[derive(Debug, Clone)]
pub struct Interrupted(pub String);

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Interrupted {}

/// Prints the fatal line for `err` and returns the exit status.
pub fn report(err: &anyhow::Error) -> i32 {
    if let Some(i) = err.downcast_ref::<Interrupted>() {
        crate::logging::emit(crate::logging::LogLevel::Warning, &i.0, &[]);
        return EXIT_INTERRUPTED;
    }
    let fatal = match err.downcast_ref::<Fatal>() {
        Some(f) => f.clone(),
        None => Fatal::new(chain_text(err)),
    };
    crate::logging::emit(crate::logging::LogLevel::Fatal, &fatal.msg, &fatal.fields);
    EXIT_ERROR
}

/// `outer: inner: root`, the way Go's wrapped errors print.
pub fn chain_text(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if parts.last().is_some_and(|p| p.ends_with(&text)) {
            continue;
        }
        parts.push(text);
    }
    parts.join(": ")
}

/// The message of the fatal line a panic prints.
pub const PANIC_MSG: &str = "ecs-cli stopped on an internal error, which is a bug: please report it to the maintainers of this ecs-cli with the command you ran, this whole line and the output of 'ecs-cli --version' (run again with RUST_BACKTRACE=1 for a backtrace)";

/// The fatal line of a panic: [`PANIC_MSG`], the panic's message in `panic=` and where it
/// happened in `location=` (`file:line:column` in this program's source).
pub fn panic_fatal(payload: &(dyn Any + Send), location: Option<&Location<'_>>) -> Fatal {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string());
    let mut fatal = Fatal::new(PANIC_MSG).field("panic", message);
    if let Some(l) = location {
        fatal = fatal.field(
            "location",
            format!("{}:{}:{}", l.file(), l.line(), l.column()),
        );
    }
    fatal
}

/// Whether the user asked for Rust's own panic report (`RUST_BACKTRACE` set, and not `0`).
fn backtrace_requested() -> bool {
    std::env::var_os("RUST_BACKTRACE").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Makes a panic print one fatal line (see [`panic_fatal`]) and exit with [`EXIT_ERROR`],
/// like every other failure, from whichever thread it happens in. Rust's own message and
/// backtrace go to stderr only when `RUST_BACKTRACE` asks for them.
pub fn install_panic_hook() {
    let rust_report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if backtrace_requested() {
            rust_report(info);
        }
        let fatal = panic_fatal(info.payload(), info.location());
        crate::logging::emit(crate::logging::LogLevel::Fatal, &fatal.msg, &fatal.fields);
        std::process::exit(EXIT_ERROR);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_one_fatal_line_with_its_message_and_location() {
        let here = Location::caller();
        let f = panic_fatal(&"index out of bounds", Some(here));
        assert_eq!(f.msg, PANIC_MSG);
        assert_eq!(
            f.fields,
            vec![
                ("panic".to_string(), "index out of bounds".to_string()),
                (
                    "location".to_string(),
                    format!("src/error.rs:{}:{}", here.line(), here.column())
                ),
            ]
        );
        let owned: Box<dyn Any + Send> = Box::new(String::from("formatted 42"));
        assert_eq!(
            panic_fatal(owned.as_ref(), None).fields[0].1,
            "formatted 42"
        );
        let other: Box<dyn Any + Send> = Box::new(7u8);
        assert_eq!(
            panic_fatal(other.as_ref(), None).fields[0].1,
            "(no message)"
        );
        let line = crate::logging::format_plain(
            crate::logging::LogLevel::Fatal,
            &f.msg,
            &[("location", "src/x.rs:1:2"), ("panic", "boom")],
            "t",
        );
        assert!(line.starts_with("time=t level=fatal msg=\"ecs-cli stopped on an internal error, which is a bug: please report it"));
        assert!(line.ends_with(" location=\"src/x.rs:1:2\" panic=boom\n"));
    }

    /// Run by [`the_panic_hook_ends_the_process`] in a child process of this test binary
    /// (the variable exists only in tests); does nothing otherwise.
    #[test]
    fn panic_hook_child() {
        if std::env::var_os("ECS_CLI_TEST_PANIC_CHILD").is_none() {
            return;
        }
        install_panic_hook();
        let v: Vec<u8> = Vec::new();
        let i = v.len() + 3;
        let _ = v[i];
    }

    fn run_child(backtrace: Option<&str>) -> std::process::Output {
        let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
        cmd.args([
            "--exact",
            "error::tests::panic_hook_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("ECS_CLI_TEST_PANIC_CHILD", "1")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
        if let Some(b) = backtrace {
            cmd.env("RUST_BACKTRACE", b);
        }
        cmd.output().unwrap()
    }

    #[test]
    fn the_panic_hook_ends_the_process() {
        let out = run_child(None);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(EXIT_ERROR), "{stdout}{stderr}");
        let fatal: Vec<&str> = stdout.lines().filter(|l| l.contains("level=")).collect();
        assert_eq!(fatal.len(), 1, "{stdout}");
        assert!(fatal[0].contains("level=fatal msg=\"ecs-cli stopped on an internal error"));
        assert!(
            fatal[0].contains("location=\"src/error.rs:"),
            "{}",
            fatal[0]
        );
        assert!(
            fatal[0].contains("panic=\"index out of bounds: the len is 0 but the index is 3\""),
            "{}",
            fatal[0]
        );
        assert!(!stderr.contains("panicked at"), "{stderr}");
        assert!(!stderr.contains("backtrace"), "{stderr}");

        let out = run_child(Some("1"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(EXIT_ERROR));
        assert!(stderr.contains("panicked at"), "{stderr}");
    }
}
