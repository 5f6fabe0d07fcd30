//! What is generated from the clap tree, checked against files in the repository:
//!
//! - `docs/reference/` must equal what `ecs_cli::reference::markdown_files` generates (drift test);
//! - `tests/fixtures/help/<path>.txt` is the `--help` output of every command path (aliases
//!   included), as the binary prints it;
//! - where the original's help output was recorded, ours must equal it ([`ORIGINAL_HELP`]);
//! - `ecs-cli completion <shell>` and `ecs-cli man [DIR]`, the hidden commands that give the
//!   completion scripts and man pages.
//!
//! `ECS_CLI_BLESS=1 cargo test --profile ci --test it reference` rewrites `docs/reference/` and
//! `tests/fixtures/help/` from the current tree (and removes stale files); review the diff.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use ecs_cli::reference::BLESS_COMMAND;

use crate::support::{fixture, read_fixture, repo_root, Sandbox, TempDir};

// ---------------------------------------------------------------------------------------------
// The snapshot helper
// ---------------------------------------------------------------------------------------------

fn blessing() -> bool {
    std::env::var_os("ECS_CLI_BLESS").is_some_and(|v| v == "1")
}

/// Compares the files of `dir` whose names end in `ext` with `expected` (file name → content).
/// With `ECS_CLI_BLESS=1` writes `expected` there instead and removes the files not in it.
fn check_snapshots(dir: &Path, ext: &str, expected: &BTreeMap<String, String>) {
    let present: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(ext))
                .collect()
        })
        .unwrap_or_default();
    if blessing() {
        fs::create_dir_all(dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
        for name in present.iter().filter(|n| !expected.contains_key(*n)) {
            fs::remove_file(dir.join(name)).unwrap_or_else(|e| panic!("remove {name}: {e}"));
        }
        for (name, content) in expected {
            let path = dir.join(name);
            if fs::read_to_string(&path).ok().as_deref() != Some(content) {
                fs::write(&path, content)
                    .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
            }
        }
        return;
    }
    let mut problems = Vec::new();
    for (name, content) in expected {
        match fs::read_to_string(dir.join(name)) {
            Err(_) => problems.push(format!("{name}: missing")),
            Ok(actual) if &actual != content => problems.push(format!(
                "{name}: differs\n{}",
                first_difference(&actual, content)
            )),
            Ok(_) => {}
        }
    }
    for name in present.iter().filter(|n| !expected.contains_key(*n)) {
        problems.push(format!("{name}: stale (nothing generates it any more)"));
    }
    assert!(
        problems.is_empty(),
        "{} is out of date ({} files):\n{}\n\nIf the change is intended, refresh it with\n    {BLESS_COMMAND}\nand review the diff.",
        dir.strip_prefix(repo_root()).unwrap_or(dir).display(),
        problems.len(),
        problems.join("\n")
    );
}

/// The first line where `actual` (the file) and `expected` (generated) differ.
fn first_difference(actual: &str, expected: &str) -> String {
    let (a, e): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), expected.lines().collect());
    let at = a
        .iter()
        .zip(&e)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(e.len()));
    let show = |v: &[&str]| {
        v.get(at)
            .map_or("(end of file)".to_string(), |l| format!("{l:?}"))
    };
    format!(
        "  line {}:\n    file:      {}\n    generated: {}",
        at + 1,
        show(&a),
        show(&e)
    )
}

#[test]
fn first_difference_names_the_line() {
    let d = first_difference("a\nb\nc\n", "a\nB\nc\n");
    assert!(
        d.contains("line 2") && d.contains("\"b\"") && d.contains("\"B\""),
        "{d}"
    );
    let d = first_difference("a\n", "a\nb\n");
    assert!(d.contains("line 2") && d.contains("(end of file)"), "{d}");
}

// ---------------------------------------------------------------------------------------------
// docs/reference/
// ---------------------------------------------------------------------------------------------

#[test]
fn reference_docs_match_the_clap_tree() {
    let expected: BTreeMap<String, String> =
        ecs_cli::reference::markdown_files().into_iter().collect();
    assert!(expected.contains_key("README.md") && expected.contains_key("compose.md"));
    check_snapshots(&repo_root().join("docs/reference"), ".md", &expected);
}

/// The reference names every command path, alias and flag of the original (the inventory's
/// list in `tests/fixtures/command-paths.txt`).
#[test]
fn reference_docs_list_every_original_path_and_flag() {
    let files = ecs_cli::reference::markdown_files();
    let all: String = files.iter().map(|(_, c)| c.as_str()).collect();
    let mut missing = Vec::new();
    for (path, flags) in original_paths() {
        let words: Vec<&str> = path.split(' ').collect();
        let alias_form = format!("`ecs-cli {path}`");
        if !all.contains(&format!("## ecs-cli {path}\n")) && !all.contains(&alias_form) {
            missing.push(format!("command `{path}`"));
        }
        let top = format!("{}.md", words[0]);
        let file = files
            .iter()
            .find(|(n, _)| *n == top)
            .map(|(_, c)| c.as_str())
            .unwrap_or("");
        for flag in flags {
            if !file.contains(&format!("`{flag}`")) {
                missing.push(format!("{flag} of `{path}` in {top}"));
            }
        }
    }
    assert!(missing.is_empty(), "not in the reference: {missing:?}");
}

// ---------------------------------------------------------------------------------------------
// Help snapshots
// ---------------------------------------------------------------------------------------------

/// Command paths whose help output the original was recorded giving, with the recording (an
/// offline scenario in `tests/fixtures/offline/`, a verbatim copy of
/// `shared/reference/samples/offline/`): ours must print exactly the same.
///
/// None today: the offline sample set keeps no help output of the original (the scenarios
/// `offline-scenarios.sh` runs for `ecs-cli`, `help`, `help ps`, `compose help up`,
/// `compose list --help`, `compose service delete --help` and `license` were not kept, numbers
/// 03, 05-06, 09-16 and 46), and the help wording is the project's own (clap's layout, not
/// urfave's). What the two must agree on — every command path, alias and flag of the original
/// is listed — is checked against the inventory by `offline::help_of_every_command_lists_all_its_flags`.
/// [`every_recorded_help_output_is_compared`] fails when a help recording is added to the
/// fixtures without being listed here.
const ORIGINAL_HELP: &[(&str, &str)] = &[];

/// The file name of a command path's help snapshot: `ecs-cli.txt`, `ecs-cli-compose-list.txt`.
fn snapshot_name(path: &[String]) -> String {
    let mut name = String::from("ecs-cli");
    for word in path {
        name.push('-');
        name.push_str(word);
    }
    name + ".txt"
}

/// `(path, flags)` of every line of `tests/fixtures/command-paths.txt`.
fn original_paths() -> Vec<(String, Vec<String>)> {
    read_fixture("command-paths.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let (path, flags) = line.split_once('\t').unwrap_or((line, ""));
            (
                path.to_string(),
                flags.split_whitespace().map(str::to_string).collect(),
            )
        })
        .collect()
}

/// Every command path a user can type: the root, and each path of the tree with aliases.
fn typed_paths() -> Vec<Vec<String>> {
    let tree = ecs_cli::reference::tree();
    std::iter::once(Vec::new())
        .chain(
            ecs_cli::reference::command_paths(&tree)
                .into_iter()
                .map(|(typed, _)| typed),
        )
        .collect()
}

#[test]
fn help_snapshots_of_every_command_path() {
    let paths = typed_paths();
    let joined: Vec<String> = paths.iter().map(|p| p.join(" ")).collect();
    let missing: Vec<String> = original_paths()
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| !joined.contains(p))
        .collect();
    assert!(
        missing.is_empty(),
        "paths of the original missing from the tree: {missing:?}"
    );

    let sandbox = Sandbox::new();
    let mut expected = BTreeMap::new();
    let mut failures = Vec::new();
    for path in &paths {
        let out = sandbox.run(path).arg("--help").output();
        if out.code != Some(0) || !out.raw_stderr.is_empty() {
            failures.push(out.describe());
            continue;
        }
        // `ecs-cli <group> help <sub>` prints the same page as `ecs-cli <group> <sub> --help`.
        if let Some((last, parent)) = path.split_last() {
            let via_help = sandbox.run(parent).arg("help").arg(last).output();
            if via_help.raw_stdout != out.raw_stdout || via_help.code != Some(0) {
                failures.push(format!(
                    "`help {last}` differs from `{last} --help`:\n{}",
                    via_help.describe()
                ));
            }
        }
        expected.insert(snapshot_name(path), out.raw_stdout);
    }
    assert!(failures.is_empty(), "help failed:\n{}", failures.join("\n"));
    check_snapshots(&fixture("help"), ".txt", &expected);
}

#[test]
fn help_equals_the_original_where_it_was_recorded() {
    let sandbox = Sandbox::new();
    for (path, scenario) in ORIGINAL_HELP {
        let recorded = read_fixture(&format!("offline/{scenario}.out"));
        let out = sandbox.run(path.split_whitespace()).arg("--help").output();
        assert_eq!(
            out.raw_stdout, recorded,
            "help of `{path}` differs from the original's ({scenario})"
        );
    }
}

/// Every recorded offline scenario that asks for help (`help`, `h`, `-h`, `--help`, or no
/// arguments at all) is listed in [`ORIGINAL_HELP`].
#[test]
fn every_recorded_help_output_is_compared() {
    let mut unlisted = Vec::new();
    for entry in fs::read_dir(fixture("offline")).expect("read offline fixtures") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let Some(stem) = name.strip_suffix(".cmd") else {
            continue;
        };
        let cmd = read_fixture(&format!("offline/{name}"));
        let args = cmd
            .split_once(": ecs-cli")
            .map(|(_, a)| a.trim())
            .unwrap_or_default();
        let words: Vec<&str> = args.split_whitespace().collect();
        let asks_help = words.is_empty()
            || words
                .iter()
                .any(|w| matches!(*w, "help" | "h" | "-h" | "--help" | "-help"));
        if asks_help && !ORIGINAL_HELP.iter().any(|(_, s)| *s == stem) {
            unlisted.push(stem.to_string());
        }
    }
    assert!(
        unlisted.is_empty(),
        "recorded help outputs of the original not compared (add them to ORIGINAL_HELP): {unlisted:?}"
    );
}

#[test]
fn help_does_not_list_the_hidden_commands() {
    let sandbox = Sandbox::new();
    for args in [&["--help"][..], &["help"], &[]] {
        let out = sandbox.run(args).output();
        out.assert_success();
        for word in ["completion", "man "] {
            assert!(
                !out.raw_stdout.contains(word),
                "`ecs-cli {}` mentions {word:?}\n{}",
                args.join(" "),
                out.describe()
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Completions
// ---------------------------------------------------------------------------------------------

fn completion_script(shell: &str) -> String {
    let out = Sandbox::new().run(["completion", shell]).output();
    out.assert_success();
    assert!(out.raw_stderr.is_empty(), "{}", out.describe());
    assert!(out.raw_stdout.contains("ecs-cli"), "{}", out.describe());
    out.raw_stdout
}

#[test]
fn completion_scripts_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = completion_script(shell);
        // fish spells flags without their dashes (`-l cluster-config`).
        for word in ["compose", "registry-creds", "cluster-config", "delete"] {
            assert!(script.contains(word), "{shell} script lacks {word:?}");
        }
    }
    // `ecs-cli completion bash | bash -n` parses.
    let mut bash = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run bash");
    bash.stdin
        .take()
        .expect("stdin")
        .write_all(completion_script("bash").as_bytes())
        .expect("write to bash");
    let out = bash.wait_with_output().expect("bash -n");
    assert!(
        out.status.success(),
        "bash -n rejects the script: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What the bash script completes for `words` (the last one is the word being completed).
fn bash_complete(script: &Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("'{}'", w.replace('\'', r"'\''")))
        .collect();
    let line = words.join(" ");
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT={}\n\
         fn=$(complete -p ecs-cli | sed 's/.*-F \\([^ ]*\\).*/\\1/')\n\
         \"$fn\" ecs-cli '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        line.len(),
        words[words.len() - 1],
        words.get(words.len().wrapping_sub(2)).unwrap_or(&""),
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(&program)
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "bash completion failed for {words:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completion_completes_every_path_alias_and_flag() {
    let dir = TempDir::new("completion");
    let script = dir.path().join("ecs-cli.bash");
    fs::write(&script, completion_script("bash")).expect("write script");
    let offers = |words: &[&str], wanted: &[&str]| {
        let got = bash_complete(&script, words);
        let missing: Vec<&&str> = wanted
            .iter()
            .filter(|w| !got.iter().any(|g| g == *w))
            .collect();
        assert!(
            missing.is_empty(),
            "{words:?} does not offer {missing:?}; offers {got:?}"
        );
    };
    offers(
        &["ecs-cli", ""],
        &["configure", "compose", "local", "help", "h", "completion"],
    );
    offers(
        &["ecs-cli", "-"],
        &["--endpoint", "--version", "-v", "--help"],
    );
    offers(
        &["ecs-cli", "compose", ""],
        &["create", "ps", "list", "stop", "down", "service", "help"],
    );
    offers(
        &["ecs-cli", "compose", "service", ""],
        &["rm", "delete", "down", "list"],
    );
    offers(
        &["ecs-cli", "completion", ""],
        &["bash", "zsh", "fish", "powershell"],
    );
    // Every flag (long, long alias, short) of every command path of the original, aliases of
    // commands included.
    for (path, flags) in original_paths() {
        let mut words: Vec<&str> = std::iter::once("ecs-cli").chain(path.split(' ')).collect();
        words.push("-");
        let wanted: Vec<&str> = flags.iter().map(String::as_str).collect();
        offers(&words, &wanted);
    }
}

#[test]
fn completion_without_or_with_an_unknown_shell_is_one_fatal_line() {
    let sandbox = Sandbox::new();
    let line = sandbox.run(["completion"]).output().assert_single_fatal();
    assert!(line.contains("a shell is required"), "{line}");
    let line = sandbox
        .run(["completion", "tcsh"])
        .output()
        .assert_single_fatal();
    assert!(
        line.contains("unknown shell") && line.contains("bash|zsh|fish|powershell"),
        "{line}"
    );
}

// ---------------------------------------------------------------------------------------------
// Man pages
// ---------------------------------------------------------------------------------------------

#[test]
fn man_prints_the_root_page() {
    let out = Sandbox::new().run(["man"]).output();
    out.assert_success();
    assert!(
        // Every .TH argument in its place (an unquoted empty date would shift them).
        out.raw_stdout
            .contains(r#".TH ecs-cli 1 " " "ecs-cli 1.21.0" "Amazon ECS CLI""#),
        "{}",
        out.describe()
    );
    assert!(
        out.raw_stdout.contains("ecs\\-cli\\-compose(1)"),
        "{}",
        out.describe()
    );
}

#[test]
fn man_writes_one_page_per_command() {
    let sandbox = Sandbox::new();
    let dir = sandbox.root().join("man1");
    let out = sandbox.run(["man"]).arg(&dir).output();
    out.assert_success();
    let mut pages: Vec<String> = fs::read_dir(&dir)
        .expect("man dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    // The root and the 38 commands of the original; aliases and hidden commands get no page.
    assert_eq!(pages.len(), 39, "{pages:?}");
    for page in [
        "ecs-cli.1",
        "ecs-cli-compose-service-up.1",
        "ecs-cli-local-ps.1",
    ] {
        assert!(pages.iter().any(|p| p == page), "no {page} in {pages:?}");
    }
    assert!(!pages
        .iter()
        .any(|p| p.contains("completion") || p.contains("list")));
    let up = fs::read_to_string(dir.join("ecs-cli-compose-service-up.1")).expect("page");
    assert!(up.contains("cluster\\-config"), "{up}");
    assert_eq!(out.raw_stdout.lines().count(), 39, "{}", out.describe());
}
