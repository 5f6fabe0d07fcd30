//! The conformance corpora (`tests/conformance/`): what the original ecs-cli v1.21.0 did,
//! recorded against the emulator, replayed against this binary.
//!
//! - `compose-create/<case>/`: one `compose create` each; the body of the RegisterTaskDefinition
//!   request it sent, its exit code and output ([`compose_create`]).
//! - `commands/<case>/`: whole commands; every mutating AWS call, output and files (`commands`).
//!
//! Shared here, for both runners:
//! - [`cases`]: the case folders of a corpus, sorted by name, filtered by
//!   `ECS_CONFORMANCE_ONLY=<substring>` ([`only`]);
//! - [`verbose`]: `ECS_CONFORMANCE_VERBOSE=1`, print fuller differences;
//! - [`Tally`]: counts the verdicts, applies `tests/conformance/expected-failures.txt`
//!   ([`parse_expected_failures`]), prints `FAIL <corpus>/<case>: ...` lines and the closing
//!   `N passed, M failed` line, and panics (failing the `#[test]`) on any unexpected verdict;
//! - `json`: data comparison that names the path of each difference.
//!
//! When a case fails: its folder holds the inputs, `NOTE` (read it first) and `expected/`;
//! `ECS_CONFORMANCE_ONLY=<case> ECS_TEST_KEEP=1` reruns just it and keeps its work folder.

mod commands;
mod compose_create;
pub mod json;
mod normalise;

use crate::support::repo_root;
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

/// `tests/conformance/`.
pub fn conformance_dir() -> PathBuf {
    repo_root().join("tests/conformance")
}

/// `tests/conformance/expected-failures.txt`.
pub fn expected_failures_path() -> PathBuf {
    conformance_dir().join("expected-failures.txt")
}

/// One case folder of a corpus.
#[derive(Debug, Clone)]
pub struct Case {
    /// The corpus: `compose-create` or `commands`.
    pub corpus: String,
    /// The folder's name, e.g. `001-v1-no-version`.
    pub name: String,
    /// The folder.
    pub dir: PathBuf,
}

impl Case {
    /// `<corpus>/<name>`, as in the FAIL lines and in `expected-failures.txt`.
    pub fn id(&self) -> String {
        format!("{}/{}", self.corpus, self.name)
    }
}

/// `ECS_CONFORMANCE_ONLY`: only the cases whose name contains it run (both corpora).
pub fn only() -> Option<String> {
    std::env::var("ECS_CONFORMANCE_ONLY")
        .ok()
        .filter(|s| !s.is_empty())
}

/// `ECS_CONFORMANCE_VERBOSE=1` (any value but empty or `0`): print fuller differences.
pub fn verbose() -> bool {
    std::env::var("ECS_CONFORMANCE_VERBOSE").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Every case folder of a corpus (`tests/conformance/<corpus>/*/`), sorted by name, unfiltered.
/// Panics when the corpus folder cannot be read.
pub fn all_cases(corpus: &str) -> Vec<Case> {
    let root = conformance_dir().join(corpus);
    let entries = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read the corpus {}: {e}", root.display()));
    let mut cases: Vec<Case> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| Case {
            corpus: corpus.to_string(),
            name: e.file_name().to_string_lossy().into_owned(),
            dir: e.path(),
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// The cases of a corpus that this run runs: [`all_cases`] filtered by [`only`].
pub fn cases(corpus: &str) -> Vec<Case> {
    let only = only();
    all_cases(corpus)
        .into_iter()
        .filter(|c| only.as_deref().is_none_or(|o| c.name.contains(o)))
        .collect()
}

/// Parses `expected-failures.txt`: one `<corpus>/<case>  <reason>` per line (the reason is
/// everything after the first run of spaces or tabs, and may not be empty); `#` starts a comment
/// line; blank lines are ignored. Returns `<corpus>/<case>` → reason, or the first bad line.
pub fn parse_expected_failures(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, reason) = line
            .split_once([' ', '\t'])
            .map(|(id, reason)| (id, reason.trim()))
            .unwrap_or((line, ""));
        let well_formed = id.split_once('/').is_some_and(|(corpus, case)| {
            !corpus.is_empty() && !case.is_empty() && !case.contains('/')
        });
        if !well_formed || reason.is_empty() {
            return Err(format!(
                "line {}: {line:?}: expected `<corpus>/<case>  <reason>`",
                number + 1
            ));
        }
        if map.insert(id.to_string(), reason.to_string()).is_some() {
            return Err(format!("line {}: {id} is listed twice", number + 1));
        }
    }
    Ok(map)
}

/// The verdicts of one corpus run. Create it before the cases run, call [`Tally::pass`] or
/// [`Tally::fail`] once per case, then [`Tally::finish`].
pub struct Tally {
    corpus: String,
    /// This corpus's entries of `expected-failures.txt`: case name → reason.
    expected: BTreeMap<String, String>,
    passed: usize,
    failed: usize,
    expected_failures: usize,
    /// Unexpected verdicts, one line each (repeated in the panic message).
    problems: Vec<String>,
}

impl Tally {
    /// Reads `expected-failures.txt` (a missing file is an empty list). A malformed file, and
    /// an entry of this corpus that names no case, count as failures of the run.
    pub fn new(corpus: &str) -> Tally {
        let mut tally = Tally {
            corpus: corpus.to_string(),
            expected: BTreeMap::new(),
            passed: 0,
            failed: 0,
            expected_failures: 0,
            problems: Vec::new(),
        };
        let path = expected_failures_path();
        let text = fs::read_to_string(&path).unwrap_or_default();
        match parse_expected_failures(&text) {
            Err(e) => tally.problem(format!("FAIL {}: {e}", path.display())),
            Ok(entries) => {
                let existing: Vec<String> = all_cases(corpus).into_iter().map(|c| c.name).collect();
                let prefix = format!("{corpus}/");
                for (id, reason) in entries {
                    let Some(name) = id.strip_prefix(&prefix) else {
                        continue;
                    };
                    if !existing.iter().any(|n| n == name) {
                        tally.failed += 1;
                        tally.problem(format!(
                            "FAIL {id}: listed in {} but there is no such case",
                            path.display()
                        ));
                    }
                    tally.expected.insert(name.to_string(), reason);
                }
            }
        }
        tally
    }

    fn problem(&mut self, line: String) {
        println!("{line}");
        self.problems.push(line);
    }

    /// The case passed. If it is listed as an expected failure, that is a failure of the run.
    pub fn pass(&mut self, case: &Case) {
        if self.expected.contains_key(&case.name) {
            self.failed += 1;
            self.problem(format!(
                "FAIL {}: passes, but is listed in {}: take it off the list",
                case.id(),
                expected_failures_path().display()
            ));
        } else {
            self.passed += 1;
        }
    }

    /// The case failed; `what` says what differs (one line). Printed as `XFAIL` when the case
    /// is listed in `expected-failures.txt`, else as `FAIL` (and the run fails).
    pub fn fail(&mut self, case: &Case, what: &str) {
        match self.expected.get(&case.name) {
            Some(reason) => {
                self.expected_failures += 1;
                println!("XFAIL {}: {what} (listed: {reason})", case.id());
            }
            None => {
                self.failed += 1;
                self.problem(format!("FAIL {}: {what}", case.id()));
            }
        }
    }

    /// Prints the closing `N passed, M failed[, K expected failures] (<corpus>)` line; panics
    /// when any case failed unexpectedly, a listed case passed, or the list itself is wrong.
    pub fn finish(self) {
        let mut summary = format!("{} passed, {} failed", self.passed, self.failed);
        if self.expected_failures > 0 {
            summary.push_str(&format!(", {} expected failures", self.expected_failures));
        }
        println!("{summary} ({})", self.corpus);
        if !self.problems.is_empty() {
            panic!(
                "conformance corpus {corpus}: {summary}\n{}\n\
                 Where to look: tests/conformance/{corpus}/<case>/ (its NOTE first, then expected/); \
                 rerun one case with ECS_CONFORMANCE_ONLY=<case> (ECS_CONFORMANCE_VERBOSE=1 for \
                 fuller differences, ECS_TEST_KEEP=1 to keep its work folder).",
                self.problems.join("\n"),
                corpus = self.corpus,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_expected_failures;

    #[test]
    fn expected_failures_format() {
        let text = "# header\n\ncommands/001-up  not built yet\n\
                    compose-create/002-x\tcrash  (see NOTE)\n   # indented comment\n";
        let map = parse_expected_failures(text).unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map["commands/001-up"], "not built yet");
        assert_eq!(map["compose-create/002-x"], "crash  (see NOTE)");
        assert!(parse_expected_failures("commands/001-up\n").is_err());
        assert!(parse_expected_failures("001-up  reason\n").is_err());
        assert!(parse_expected_failures("a/b  r\na/b  r\n").is_err());
    }
}
