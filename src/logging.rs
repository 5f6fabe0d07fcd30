//! Log lines in the original's logrus format, produced from `tracing` events.
//!
//! Not a terminal: `time="<RFC 3339, local>" level=info msg="…" key=value …` (keys sorted,
//! values quoted with Go's `%q` unless every character is in `[A-Za-z0-9-._/@^+]`).
//! A terminal: `ESC[36mINFO ESC[0m[0007] <message padded to 44> ` then ` ESC[36mkey ESC[0m=value`.
//! Everything goes to stdout, as the original's logger did. Only events from this crate are
//! printed: the AWS SDK's own tracing never reaches the user (it could carry credentials).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context as LayerContext, Layer};
use tracing_subscriber::prelude::*;

/// Target for events that must print as `level=fatal` (tracing has no fatal level).
pub const FATAL_TARGET: &str = "ecs_cli::fatal";

static DEBUG: AtomicBool = AtomicBool::new(false);
static START: OnceLock<Instant> = OnceLock::new();
static TTY: OnceLock<bool> = OnceLock::new();

/// The levels the original printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogLevel {
    Debug,
    Info,
    Warning,
    Error,
    Fatal,
}

impl LogLevel {
    fn name(self) -> &'static str {
        match self {
            LogLevel::Debug => "debug",
            LogLevel::Info => "info",
            LogLevel::Warning => "warning",
            LogLevel::Error => "error",
            LogLevel::Fatal => "fatal",
        }
    }
    fn tty_name(self) -> &'static str {
        match self {
            LogLevel::Debug => "DEBU",
            LogLevel::Info => "INFO",
            LogLevel::Warning => "WARN",
            LogLevel::Error => "ERRO",
            LogLevel::Fatal => "FATA",
        }
    }
    fn colour(self) -> u8 {
        match self {
            LogLevel::Debug => 37,
            LogLevel::Info => 36,
            LogLevel::Warning => 33,
            LogLevel::Error | LogLevel::Fatal => 31,
        }
    }
}

/// Installs the formatter as the global subscriber. Call once, first thing in `main`.
pub fn init() {
    START.get_or_init(Instant::now);
    TTY.get_or_init(|| std::io::stdout().is_terminal());
    let _ = tracing_subscriber::registry().with(LogrusLayer).try_init();
}

/// Whether log lines go to a terminal (the original's coloured format, and live status lines).
pub fn stdout_is_tty() -> bool {
    *TTY.get_or_init(|| std::io::stdout().is_terminal())
}

/// `--debug`/`--verbose`: print debug lines from now on.
pub fn set_debug(on: bool) {
    DEBUG.store(on, Ordering::Relaxed);
}

/// Prints one log line directly (used for fatal and usage errors, whose fields are dynamic).
pub fn emit(level: LogLevel, msg: &str, fields: &[(String, String)]) {
    if level == LogLevel::Debug && !DEBUG.load(Ordering::Relaxed) {
        return;
    }
    let mut sorted: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let tty = *TTY.get_or_init(|| std::io::stdout().is_terminal());
    let line = if tty {
        format_tty(level, msg, &sorted)
    } else {
        format_plain(level, msg, &sorted, &timestamp())
    };
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    let _ = lock.write_all(line.as_bytes());
    let _ = lock.flush();
}

/// [`emit`] with borrowed field names: one log line with `key=value` fields (sorted by the
/// formatter).
pub fn log(level: LogLevel, msg: &str, fields: &[(&str, String)]) {
    let owned: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    emit(level, msg, &owned);
}

fn timestamp() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// logrus' rule: quote unless every character is `[A-Za-z0-9-._/@^+]`.
fn needs_quoting(s: &str) -> bool {
    s.chars().any(|c| {
        !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '/' | '@' | '^' | '+'))
    })
}

fn value(s: &str) -> String {
    if needs_quoting(s) {
        crate::go::strconv::quote(s)
    } else {
        s.to_string()
    }
}

/// The plain (non-terminal) line, with its trailing newline.
pub fn format_plain(level: LogLevel, msg: &str, fields: &[(&str, &str)], time: &str) -> String {
    let mut line = format!("time={} level={}", value(time), level.name());
    if !msg.is_empty() {
        let _ = write!(line, " msg={}", value(msg));
    }
    for (k, v) in fields {
        let _ = write!(line, " {k}={}", value(v));
    }
    line.push('\n');
    line
}

/// The coloured terminal line, with its trailing newline.
pub fn format_tty(level: LogLevel, msg: &str, fields: &[(&str, &str)]) -> String {
    let secs = START.get_or_init(Instant::now).elapsed().as_secs();
    let c = level.colour();
    let pad = 44usize.saturating_sub(msg.chars().count());
    let mut line = format!(
        "\x1b[{c}m{}\x1b[0m[{secs:04}] {msg}{} ",
        level.tty_name(),
        " ".repeat(pad)
    );
    for (k, v) in fields {
        let _ = write!(line, " \x1b[{c}m{k}\x1b[0m={}", value(v));
    }
    line.push('\n');
    line
}

struct LogrusLayer;

fn ours(meta: &Metadata<'_>) -> bool {
    meta.target().starts_with("ecs_cli")
}

impl<S: Subscriber> Layer<S> for LogrusLayer {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> tracing::subscriber::Interest {
        if ours(meta) && meta.is_event() {
            tracing::subscriber::Interest::always()
        } else {
            tracing::subscriber::Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>, _ctx: LayerContext<'_, S>) -> bool {
        ours(meta)
    }

    fn on_event(&self, event: &Event<'_>, _ctx: LayerContext<'_, S>) {
        let meta = event.metadata();
        let level = match *meta.level() {
            Level::ERROR if meta.target() == FATAL_TARGET => LogLevel::Fatal,
            Level::ERROR => LogLevel::Error,
            Level::WARN => LogLevel::Warning,
            Level::INFO => LogLevel::Info,
            _ => LogLevel::Debug,
        };
        let mut v = FieldCollector::default();
        event.record(&mut v);
        let fields: Vec<(String, String)> = v.fields.into_iter().collect();
        emit(level, &v.message, &fields);
    }
}

#[derive(Default)]
struct FieldCollector {
    message: String,
    fields: BTreeMap<String, String>,
}

impl Visit for FieldCollector {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message = value.to_string();
        } else {
            self.fields
                .insert(field.name().to_string(), value.to_string());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let text = format!("{value:?}");
        if field.name() == "message" {
            self.message = text;
        } else {
            self.fields.insert(field.name().to_string(), text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_match_logrus() {
        let l = format_plain(
            LogLevel::Info,
            "Saved ECS CLI cluster configuration default.",
            &[],
            "2026-11-22T15:47:23Z",
        );
        assert_eq!(l, "time=\"2026-11-22T15:47:23Z\" level=info msg=\"Saved ECS CLI cluster configuration default.\"\n");
        let l = format_plain(
            LogLevel::Fatal,
            "x",
            &[("error", "a b"), ("cluster", "cc")],
            "t",
        );
        assert_eq!(l, "time=t level=fatal msg=x error=\"a b\" cluster=cc\n");
        let l = format_plain(LogLevel::Warning, "line\nnext", &[("k", "")], "t");
        assert_eq!(l, "time=t level=warning msg=\"line\\nnext\" k=\n");
    }

    #[test]
    fn tty_lines_match_logrus() {
        START.get_or_init(Instant::now);
        let l = format_tty(
            LogLevel::Info,
            "Saved ECS CLI cluster configuration cfg3.",
            &[],
        );
        assert_eq!(
            l,
            "\x1b[36mINFO\x1b[0m[0000] Saved ECS CLI cluster configuration cfg3.    \n"
        );
        let l = format_tty(LogLevel::Warning, "w", &[("networkMode", "bridge")]);
        assert!(l.ends_with(&format!(
            "w{}  \x1b[33mnetworkMode\x1b[0m=bridge\n",
            " ".repeat(43)
        )));
    }
}
