//! How a command ends: the original printed every error as one logrus `level=fatal` line on
//! stdout and exited 1. Commands return `anyhow::Error`; a [`Fatal`] inside it carries the
//! exact message and fields of that line, anything else is printed with its cause chain.

use std::fmt;

/// Exit status of a successful command.
pub const EXIT_OK: i32 = 0;
/// Exit status of every command error (logrus.Fatal).
pub const EXIT_ERROR: i32 = 1;
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

/// The error of a command whose capability this build does not have yet.
pub fn not_built(path: &str) -> anyhow::Error {
    Fatal::new(format!(
        "'ecs-cli {path}' is not implemented in this version of the Rust ecs-cli yet; its flags were accepted but nothing was done"
    ))
    .into()
}

/// Prints the fatal line for `err` and returns the exit status.
pub fn report(err: &anyhow::Error) -> i32 {
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
