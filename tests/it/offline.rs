//! Behaviour that needs no AWS: the offline scenarios observed on the original ecs-cli v1.21.0
//! (`tests/fixtures/offline/`, produced by `shared/reference/samples/offline-scenarios.sh`), the
//! help of every command, and the handling of broken or unwritable configuration.

use std::fs;
use std::path::Path;

use crate::support;
use crate::support::{mode_of, read_fixture, set_mode, strip_log_time, Output, Sandbox};

/// An AWS endpoint that refuses connections at once: a command that should fail before any AWS
/// call fails fast instead of waiting on the network if it does call.
const NO_AWS: (&str, &str) = ("AWS_ENDPOINT_URL", "http://127.0.0.1:9");

// ---------------------------------------------------------------------------------------------
// Replaying a scenario
// ---------------------------------------------------------------------------------------------

/// The `~/.ecs` state a scenario starts from (the seeds of `offline-scenarios.sh`).
#[derive(Clone, Copy, PartialEq)]
enum Seed {
    None,
    /// One cluster config (`cfgA`: cc / eu-west-1) and one profile (`pA`), written by `configure`.
    A,
    /// What `configure migrate --force` writes with no legacy file (an empty default cluster).
    M,
    /// A legacy INI `[ecs]` config.
    I,
    /// Seed A with a config file that is not YAML.
    B,
}

impl Seed {
    fn label(self) -> &'static str {
        match self {
            Seed::None => "",
            Seed::A => "A",
            Seed::M => "M",
            Seed::I => "I",
            Seed::B => "B",
        }
    }

    /// Prepares the sandbox HOME exactly as the script does: seeds A and M by running this
    /// binary's own `configure` with a cleared environment.
    fn apply(self, sandbox: &Sandbox) {
        let configure = |args: &str| {
            let out = sandbox.run(args.split_whitespace()).output();
            assert_eq!(
                out.code,
                Some(0),
                "seed {}: `ecs-cli {}` must succeed to prepare the scenario\n{}",
                self.label(),
                args,
                out.describe()
            );
        };
        match self {
            Seed::None => {}
            Seed::A | Seed::B => {
                configure("configure --cluster cc --region eu-west-1 --config-name cfgA");
                configure("configure profile --access-key AK --secret-key SK --profile-name pA");
                if self == Seed::B {
                    fs::write(sandbox.ecs_dir().join("config"), "garbage: [\n")
                        .expect("write corrupt config");
                }
            }
            Seed::M => configure("configure migrate --force"),
            Seed::I => {
                let ini = "[ecs]\ncluster = legacy\naws_profile = \nregion = us-west-2\naws_access_key_id = AKL\n\
                           aws_secret_access_key = SKL\ncompose-project-name-prefix = ecscompose-\n\
                           compose-service-name-prefix = \ncfn-stack-name-prefix = amazon-ecs-cli-setup-\n";
                sandbox.write_home_file(".ecs/config", ini, 0o644);
                set_mode(&sandbox.ecs_dir(), 0o755);
            }
        }
    }
}

/// Standard input of a scenario.
#[derive(Clone, Copy)]
enum Input {
    Empty,
    /// `no.txt`: "n\n"
    No,
    /// `yes.txt`: "y\n"
    Yes,
}

struct Scenario {
    /// `NN-name`, the fixture's file stem.
    name: &'static str,
    seed: Seed,
    /// The scenario's environment (the script's EXTRA).
    env: &'static [(&'static str, &'static str)],
    stdin: Input,
    /// The arguments, separated by spaces (none of them contains one).
    args: &'static str,
}

/// What the original did, normalised for comparison.
struct Expected {
    rc: i32,
    stdout: String,
    stderr: String,
    ecsdir: Option<String>,
}

impl Scenario {
    /// The `.cmd` line the script wrote for this scenario: checked against the fixture so that
    /// each test replays exactly what was observed.
    fn cmd_line(&self) -> String {
        let env: Vec<String> = self.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let stdin = match self.stdin {
            Input::Empty => "",
            Input::No => " < no.txt",
            Input::Yes => " < yes.txt",
        };
        format!(
            "seed={} env=[{}] cwd=<tmp>/myproj: ecs-cli {}{stdin}",
            self.seed.label(),
            env.join(" "),
            self.args
        )
    }

    fn expected(&self) -> Expected {
        let read = |ext: &str| read_fixture(&format!("offline/{}.{ext}", self.name));
        let cmd = read("cmd");
        assert_eq!(
            cmd.trim_end(),
            self.cmd_line(),
            "the test does not replay {}.cmd",
            self.name
        );
        // The original ran with HOME=/home/user; our runs show <HOME>.
        let home =
            |text: String| normalise_version(&text).replace("/home/user/.ecs", "<HOME>/.ecs");
        Expected {
            rc: read("rc").trim().parse().expect("rc fixture is a number"),
            stdout: home(strip_log_time(&read("out"))),
            stderr: home(read("err")),
            ecsdir: support::fixture(&format!("offline/{}.ecsdir", self.name))
                .exists()
                .then(|| read("ecsdir")),
        }
    }

    /// Seeds a fresh sandbox and runs the scenario, with `extra_env` added where the project
    /// deliberately runs it differently (documented at each use).
    fn replay(&self, extra_env: &[(&str, &str)]) -> (Sandbox, Output) {
        let sandbox = Sandbox::new();
        self.seed.apply(&sandbox);
        let stdin: &[u8] = match self.stdin {
            Input::Empty => b"",
            Input::No => b"n\n",
            Input::Yes => b"y\n",
        };
        let out = sandbox
            .run(self.args.split_whitespace())
            .envs(self.env)
            .envs(extra_env)
            .stdin(stdin)
            .output();
        (sandbox, out)
    }

    /// Replays the scenario and requires the original's exact behaviour: exit code, normalised
    /// stdout and stderr, and the `~/.ecs` files (content and mode).
    fn assert_same_as_original(&self) {
        let expected = self.expected();
        let (sandbox, out) = self.replay(&[]);
        let mut diffs = Vec::new();
        if out.code != Some(expected.rc) {
            diffs.push(format!(
                "exit code: expected {}, got {:?}",
                expected.rc, out.code
            ));
        }
        let stdout = normalise_version(&out.stdout());
        if stdout != expected.stdout {
            diffs.push(difference("stdout", &expected.stdout, &stdout));
        }
        let stderr = normalise_version(&out.stderr());
        if stderr != expected.stderr {
            diffs.push(difference("stderr", &expected.stderr, &stderr));
        }
        diffs.extend(ecs_files_difference(&expected, &sandbox));
        assert!(
            diffs.is_empty(),
            "{} differs from the original:\n{}\n\n{}",
            self.name,
            diffs.join("\n"),
            out.describe()
        );
    }
}

fn ecs_files_difference(expected: &Expected, sandbox: &Sandbox) -> Option<String> {
    let actual = sandbox.ecs_listing();
    (actual != expected.ecsdir).then(|| {
        let show = |listing: &Option<String>| {
            listing
                .clone()
                .unwrap_or_else(|| "(no ~/.ecs directory)\n".into())
        };
        difference("~/.ecs files", &show(&expected.ecsdir), &show(&actual))
    })
}

fn difference(what: &str, expected: &str, actual: &str) -> String {
    format!("{what}: expected\n{expected}<<<\ngot\n{actual}<<<")
}

/// `ecs-cli version 1.21.0 (*2791f9b)` and ours, `1.21.0 (<git short sha>)`, both become
/// `ecs-cli version 1.21.0 (<sha>)`: the commit is the only expected difference.
fn normalise_version(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let replaced = body.strip_prefix("ecs-cli version ").and_then(|_| {
            let open = body.rfind(" (")?;
            let inner = body[open + 2..].strip_suffix(')')?;
            let hex = inner.strip_prefix('*').unwrap_or(inner);
            (!hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()))
                .then(|| format!("{} (<sha>)", &body[..open]))
        });
        match replaced {
            Some(new) => {
                out.push_str(&new);
                out.push_str(&line[body.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

const fn scenario(
    name: &'static str,
    seed: Seed,
    env: &'static [(&'static str, &'static str)],
    stdin: Input,
    args: &'static str,
) -> Scenario {
    Scenario {
        name,
        seed,
        env,
        stdin,
        args,
    }
}

/// A scenario without seed, environment or input.
const fn plain(name: &'static str, args: &'static str) -> Scenario {
    scenario(name, Seed::None, &[], Input::Empty, args)
}

// ---------------------------------------------------------------------------------------------
// The scenarios (one test each)
// ---------------------------------------------------------------------------------------------

#[test]
fn s01_version() {
    plain("01-version", "--version").assert_same_as_original();
}

#[test]
fn s02_version_short() {
    plain("02-version-short", "-v").assert_same_as_original();
}

#[test]
fn s04_unknown_command() {
    plain("04-unknown-cmd", "bogus").assert_same_as_original();
}

#[test]
fn s07_unknown_subcommand() {
    plain("07-unknown-subcmd", "compose bogus").assert_same_as_original();
}

#[test]
fn s08_unknown_flag_check_attributes() {
    plain(
        "08-unknown-flag-check-attributes",
        "check-attributes --bogus",
    )
    .assert_same_as_original();
}

#[test]
fn s17_ps_without_region() {
    plain("17-ps-no-region", "ps").assert_same_as_original();
}

#[test]
fn s18_configure_without_region() {
    plain("18-configure-no-region", "configure --cluster c").assert_same_as_original();
}

#[test]
fn s19_configure_without_cluster() {
    plain("19-configure-no-cluster", "configure --region us-east-1").assert_same_as_original();
}

#[test]
fn s20_configure_bad_launch_type() {
    plain(
        "20-configure-bad-launch-type",
        "configure --cluster c --region us-east-1 --default-launch-type foo",
    )
    .assert_same_as_original();
}

#[test]
fn s21_configure_from_environment() {
    scenario(
        "21-configure-from-env",
        Seed::None,
        &[("AWS_REGION", "ap-south-1"), ("ECS_CLUSTER", "envcluster")],
        Input::Empty,
        "configure",
    )
    .assert_same_as_original();
}

#[test]
fn s22_configure_profile_without_keys() {
    plain("22-configure-profile-no-keys", "configure profile").assert_same_as_original();
}

#[test]
fn s23_configure_profile_from_environment() {
    scenario(
        "23-configure-profile-from-env",
        Seed::None,
        &[
            ("AWS_ACCESS_KEY_ID", "AKENV"),
            ("AWS_SECRET_ACCESS_KEY", "SKENV"),
            ("AWS_SESSION_TOKEN", "TOKENV"),
        ],
        Input::Empty,
        "configure profile",
    )
    .assert_same_as_original();
}

#[test]
fn s24_configure_default_without_file() {
    plain(
        "24-configure-default-nofile",
        "configure default --config-name x",
    )
    .assert_same_as_original();
}

#[test]
fn s25_configure_migrate_without_file() {
    plain("25-configure-migrate-nofile", "configure migrate --force").assert_same_as_original();
}

#[test]
fn s26_configure_migrate_ini_forced() {
    scenario(
        "26-configure-migrate-ini-force",
        Seed::I,
        &[],
        Input::Empty,
        "configure migrate --force",
    )
    .assert_same_as_original();
}

#[test]
fn s27_configure_migrate_ini_answer_no() {
    scenario(
        "27-configure-migrate-ini-prompt-no",
        Seed::I,
        &[],
        Input::No,
        "configure migrate",
    )
    .assert_same_as_original();
}

#[test]
fn s28_configure_migrate_ini_answer_yes() {
    scenario(
        "28-configure-migrate-ini-prompt-yes",
        Seed::I,
        &[],
        Input::Yes,
        "configure migrate",
    )
    .assert_same_as_original();
}

#[test]
fn s29_up_without_cluster() {
    plain("29-up-no-cluster", "up --region us-east-1").assert_same_as_original();
}

#[test]
fn s30_up_without_iam_choice() {
    plain("30-up-no-iam", "up --region us-east-1 --cluster c1").assert_same_as_original();
}

#[test]
fn s31_up_with_both_roles() {
    plain(
        "31-up-both-roles",
        "up --region us-east-1 --cluster c1 --capability-iam --instance-role r",
    )
    .assert_same_as_original();
}

#[test]
fn s32_up_bad_launch_type() {
    plain(
        "32-up-bad-launch-type",
        "up --region us-east-1 --cluster c1 --launch-type FOO",
    )
    .assert_same_as_original();
}

#[test]
fn s33_scale_without_iam() {
    plain("33-scale-no-iam", "scale --region us-east-1 --cluster c1").assert_same_as_original();
}

#[test]
fn s34_scale_without_size() {
    plain(
        "34-scale-no-size",
        "scale --region us-east-1 --cluster c1 --capability-iam",
    )
    .assert_same_as_original();
}

#[test]
fn s35_scale_bad_size() {
    plain(
        "35-scale-bad-size",
        "scale --region us-east-1 --cluster c1 --capability-iam --size abc",
    )
    .assert_same_as_original();
}

#[test]
fn s36_down_prompt_answered_no() {
    scenario(
        "36-down-prompt-no",
        Seed::None,
        &[],
        Input::No,
        "down --region us-east-1 --cluster c1",
    )
    .assert_same_as_original();
}

#[test]
fn s37_down_prompt_at_eof() {
    plain("37-down-prompt-eof", "down --region us-east-1 --cluster c1").assert_same_as_original();
}

#[test]
fn s38_logs_without_task() {
    plain("38-logs-no-task", "logs --region us-east-1 --cluster c1").assert_same_as_original();
}

#[test]
fn s39_logs_since_with_start_time() {
    plain(
        "39-logs-since-and-start",
        "logs --region us-east-1 --cluster c1 --task-id t --since 5 --start-time 2020-01-01T00:00:00Z",
    )
    .assert_same_as_original();
}

#[test]
fn s40_registry_creds_without_file() {
    plain(
        "40-regcreds-no-args",
        "registry-creds up --region us-east-1",
    )
    .assert_same_as_original();
}

#[test]
fn s41_registry_creds_missing_file() {
    plain(
        "41-regcreds-no-role",
        "registry-creds up --region us-east-1 nofile.yml",
    )
    .assert_same_as_original();
}

#[test]
fn s42_compose_up_without_compose_file() {
    plain("42-compose-up-no-file", "compose --region us-east-1 up").assert_same_as_original();
}

#[test]
fn s43_compose_ps_bad_status() {
    plain(
        "43-compose-ps-bad-status",
        "compose --region us-east-1 ps --desired-status FOO",
    )
    .assert_same_as_original();
}

/// Project decision: the original's message embeds the Docker client's own text (the socket
/// path, Go map syntax); ours must fail the same way with the same start of message. Run with a
/// Docker socket that does not exist, so the result does not depend on the machine's Docker.
#[test]
fn s44_local_ps_without_docker() {
    let s = plain("44-local-ps-no-docker", "local ps");
    let expected = s.expected();
    let (sandbox, out) = s.replay(&[("DOCKER_HOST", "unix:///nonexistent.sock")]);
    assert_eq!(out.code, Some(expected.rc), "{}", out.describe());
    let fatal = out.assert_single_fatal();
    assert!(
        fatal.starts_with("level=fatal msg=\"Failed to list containers due to:"),
        "unexpected fatal line\n{}",
        out.describe()
    );
    assert_eq!(ecs_files_difference(&expected, &sandbox), None);
}

#[test]
fn s45_local_create_without_input() {
    plain("45-local-create-no-input", "local create").assert_same_as_original();
}

#[test]
fn s47_ps_unknown_cluster_config() {
    scenario(
        "47-ps-cluster-config-missing",
        Seed::A,
        &[],
        Input::Empty,
        "ps --cluster-config nope",
    )
    .assert_same_as_original();
}

#[test]
fn s48_ps_unknown_ecs_profile() {
    scenario(
        "48-ps-ecs-profile-missing",
        Seed::A,
        &[],
        Input::Empty,
        "ps --ecs-profile nope",
    )
    .assert_same_as_original();
}

#[test]
fn s49_ps_unknown_ecs_profile_from_environment() {
    scenario(
        "49-ps-ecs-profile-env-missing",
        Seed::A,
        &[("ECS_PROFILE", "nope")],
        Input::Empty,
        "ps",
    )
    .assert_same_as_original();
}

#[test]
fn s50_up_without_iam_choice_with_config() {
    scenario("50-up-no-iam-with-config", Seed::A, &[], Input::Empty, "up")
        .assert_same_as_original();
}

/// Project decision: the original failed on a DNS lookup of the real ECS endpoint, with Go's
/// resolver text. We point the SDK at a closed local port so the run fails fast without network,
/// and compare the exit code, the three warnings about ignored flags, and the final fatal line's
/// start; the error wording in between is the SDK's.
#[test]
fn s51_up_empty_warns_about_ignored_flags() {
    let s = scenario(
        "51-up-fargate-empty-flags-warn",
        Seed::A,
        &[],
        Input::Empty,
        "up --empty --size 3 --capability-iam --force --region us-east-1",
    );
    let expected = s.expected();
    let (sandbox, out) = s.replay(&[NO_AWS]);
    assert_eq!(out.code, Some(expected.rc), "{}", out.describe());
    assert_eq!(out.raw_stderr, "", "{}", out.describe());
    let lines = out.stdout_lines();
    let warnings: Vec<&str> = expected.stdout.lines().take(3).collect();
    assert!(
        warnings.iter().all(|w| w.starts_with("level=warning ")),
        "fixture changed?"
    );
    assert_eq!(
        lines.iter().take(3).map(String::as_str).collect::<Vec<_>>(),
        warnings,
        "{}",
        out.describe()
    );
    let last = lines.last().map(String::as_str).unwrap_or("");
    assert!(
        last.starts_with("level=fatal msg=\"Error executing 'up': "),
        "the last line must be the fatal error of 'up'\n{}",
        out.describe()
    );
    assert_eq!(ecs_files_difference(&expected, &sandbox), None);
}

/// Project decision: the original panics (exit 2, Go stack trace on stderr) when the selected
/// cluster configuration has neither cluster nor region. Ours exits 1 with one fatal line about
/// that cluster configuration, and leaves the files alone.
fn assert_clean_error_on_empty_cluster_config(s: Scenario) {
    let expected = s.expected();
    assert_eq!(expected.rc, 2, "fixture changed?");
    let (sandbox, out) = s.replay(&[]);
    let fatal = out.assert_single_fatal();
    assert!(
        fatal.to_lowercase().contains("cluster config"),
        "the error must name the cluster configuration\n{}",
        out.describe()
    );
    assert_eq!(ecs_files_difference(&expected, &sandbox), None);
}

#[test]
fn s52_ps_after_empty_migration() {
    assert_clean_error_on_empty_cluster_config(scenario(
        "52-after-empty-migrate-ps",
        Seed::M,
        &[],
        Input::Empty,
        "ps",
    ));
}

#[test]
fn s53_ps_after_empty_migration_with_flags() {
    assert_clean_error_on_empty_cluster_config(scenario(
        "53-after-empty-migrate-ps-with-region",
        Seed::M,
        &[],
        Input::Empty,
        "ps --region us-east-1 --cluster x",
    ));
}

#[test]
fn s54_ps_with_corrupt_config() {
    scenario("54-ps-bad-config-yaml", Seed::B, &[], Input::Empty, "ps").assert_same_as_original();
}

/// Every fixture has a test above (the numbers the script skipped are help and license outputs,
/// whose wording is the project's own).
#[test]
fn every_offline_fixture_is_replayed() {
    let source = include_str!("offline.rs");
    let dir = support::fixture("offline");
    let mut missing = Vec::new();
    for entry in fs::read_dir(&dir).expect("read fixtures") {
        let name = entry
            .expect("fixture entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(stem) = name.strip_suffix(".cmd") {
            if !source.contains(&format!("\"{stem}\"")) {
                missing.push(stem.to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "offline fixtures without a test: {missing:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Help
// ---------------------------------------------------------------------------------------------

/// True when `flag` (`--name` or `-x`) appears in `help` as a whole option, not inside a longer
/// one (`-c` does not count inside `--cluster`).
fn mentions_flag(help: &str, flag: &str) -> bool {
    let is_name_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    help.match_indices(flag).any(|(at, _)| {
        let before = help[..at].chars().next_back();
        let after = help[at + flag.len()..].chars().next();
        !before.is_some_and(is_name_char) && !after.is_some_and(is_name_char)
    })
}

/// `ecs-cli <path> --help` exits 0 and lists every flag and alias of that command, for every
/// command path of the original (`tests/fixtures/command-paths.txt`, from the inventory).
#[test]
fn help_of_every_command_lists_all_its_flags() {
    let sandbox = Sandbox::new();
    let table = read_fixture("command-paths.txt");
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (path, flags) = line.split_once('\t').unwrap_or((line, ""));
        let out = sandbox.run(path.split_whitespace()).arg("--help").output();
        checked += 1;
        if out.code != Some(0) {
            let said = format!("{}{}", out.raw_stdout, out.raw_stderr);
            let first = said.lines().next().unwrap_or("(no output)");
            failures.push(format!(
                "`ecs-cli {path} --help` exited {:?}: {first}",
                out.code
            ));
            continue;
        }
        let missing: Vec<&str> = flags
            .split_whitespace()
            .filter(|f| !mentions_flag(&out.raw_stdout, f))
            .collect();
        if !missing.is_empty() {
            failures.push(format!(
                "`ecs-cli {path} --help` does not list {}",
                missing.join(" ")
            ));
        }
    }
    assert_eq!(
        checked, 43,
        "38 command paths and 5 command aliases expected in the fixture"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} help pages fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn mentions_flag_matches_whole_options_only() {
    let help = "  -c, --cluster <NAME>   the cluster\n      --cluster-config <NAME>\n  --verbose, --debug\n";
    assert!(mentions_flag(help, "-c"));
    assert!(mentions_flag(help, "--cluster"));
    assert!(mentions_flag(help, "--cluster-config"));
    assert!(mentions_flag(help, "--debug"));
    assert!(!mentions_flag(help, "--config"));
    assert!(!mentions_flag(help, "-d"));
    assert!(!mentions_flag("      --cluster-config", "--cluster"));
}

// ---------------------------------------------------------------------------------------------
// Broken configuration, unwritable HOME, file modes
// ---------------------------------------------------------------------------------------------

/// Runs `args` in a sandbox prepared with `seed` (plus `env`), and requires exactly one fatal
/// line, exit 1, and `~/.ecs` left exactly as it was. Returns the fatal line.
fn assert_fails_cleanly(seed: Seed, env: &[(&str, &str)], args: &str) -> String {
    let sandbox = Sandbox::new();
    seed.apply(&sandbox);
    let before = sandbox.ecs_listing();
    let out = sandbox
        .run(args.split_whitespace())
        .env(NO_AWS.0, NO_AWS.1)
        .envs(env)
        .output();
    let fatal = out.assert_single_fatal();
    assert_eq!(
        sandbox.ecs_listing(),
        before,
        "~/.ecs changed\n{}",
        out.describe()
    );
    fatal
}

#[test]
fn corrupt_config_gives_one_fatal_line() {
    for args in [
        "ps",
        "ps --region us-east-1 --cluster x",
        "up --capability-iam",
        "down --force",
        "images",
        "configure default --config-name cfgA",
    ] {
        assert_fails_cleanly(Seed::B, &[], args);
    }
}

#[test]
fn corrupt_credentials_give_one_fatal_line() {
    for args in ["ps", "configure profile default --profile-name pA"] {
        let sandbox = Sandbox::new();
        Seed::A.apply(&sandbox);
        fs::write(sandbox.ecs_dir().join("credentials"), "ecs_profiles: [\n")
            .expect("corrupt credentials");
        let before = sandbox.ecs_listing();
        let out = sandbox
            .run(args.split_whitespace())
            .env(NO_AWS.0, NO_AWS.1)
            .output();
        out.assert_single_fatal();
        assert_eq!(
            sandbox.ecs_listing(),
            before,
            "~/.ecs changed\n{}",
            out.describe()
        );
    }
}

#[test]
fn unknown_cluster_config_gives_one_fatal_line() {
    for args in [
        "ps --cluster-config nope",
        "up --capability-iam --cluster-config nope",
        "down --force --cluster-config nope",
        "scale --capability-iam --size 1 --cluster-config nope",
        "images --cluster-config nope",
    ] {
        let fatal = assert_fails_cleanly(Seed::A, &[], args);
        assert!(
            fatal.contains("nope"),
            "`ecs-cli {args}`: the error must name the missing configuration: {fatal}"
        );
    }
}

#[test]
fn unknown_ecs_profile_gives_one_fatal_line() {
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[], "ps --ecs-profile nope"),
        (&[], "up --capability-iam --ecs-profile nope"),
        (&[], "down --force --ecs-profile nope"),
        (&[], "images --ecs-profile nope"),
        (&[("ECS_PROFILE", "nope")], "down --force"),
    ];
    for (env, args) in cases {
        let fatal = assert_fails_cleanly(Seed::A, env, args);
        assert!(
            fatal.contains("nope"),
            "`ecs-cli {args}`: the error must name the missing profile: {fatal}"
        );
    }
}

/// The names in a directory, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| {
            e.expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// True when this process can write into `dir` despite its mode (running as root).
fn writes_ignore_permissions(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let writable = fs::write(&probe, "").is_ok();
    let _ = fs::remove_file(&probe);
    writable
}

/// `configure` with a HOME it cannot write to: exit 1, one clear line, no file left behind.
/// (As root, mode 0500 does not stop writes; `~/.ecs` is then made a regular file instead, which
/// makes the directory impossible to create for anyone. Both are reported, neither skipped.)
#[test]
fn configure_in_unwritable_home_fails_cleanly() {
    for args in [
        "configure --cluster c --region us-east-1",
        "configure profile --access-key AK --secret-key SK",
    ] {
        let sandbox = Sandbox::new();
        set_mode(sandbox.home(), 0o500);
        let blocker = sandbox.ecs_dir();
        if writes_ignore_permissions(sandbox.home()) {
            eprintln!("running as root: chmod 500 cannot block writes; blocking ~/.ecs with a regular file");
            set_mode(sandbox.home(), 0o755);
            fs::write(&blocker, "not a directory\n").expect("write blocker");
        }
        let before = entries(sandbox.home());
        let out = sandbox.run(args.split_whitespace()).output();
        out.assert_single_fatal();
        assert_eq!(
            entries(sandbox.home()),
            before,
            "HOME changed\n{}",
            out.describe()
        );
        if blocker.is_file() {
            assert_eq!(fs::read_to_string(&blocker).unwrap(), "not a directory\n");
        }
    }
}

/// A save that cannot complete (the target name is taken by a directory) must not leave a
/// partial or temporary file in `~/.ecs`.
#[test]
fn failed_save_leaves_no_partial_file() {
    for (target, args) in [
        ("config", "configure --cluster c --region us-east-1"),
        (
            "credentials",
            "configure profile --access-key AK --secret-key SK",
        ),
    ] {
        let sandbox = Sandbox::new();
        fs::create_dir_all(sandbox.ecs_dir().join(target)).expect("mkdir target");
        let out = sandbox.run(args.split_whitespace()).output();
        out.assert_single_fatal();
        assert_eq!(
            entries(&sandbox.ecs_dir()),
            [target],
            "stray files in ~/.ecs\n{}",
            out.describe()
        );
        assert!(sandbox.ecs_dir().join(target).is_dir());
    }
}

#[test]
fn written_files_are_private() {
    let sandbox = Sandbox::new();
    Seed::A.apply(&sandbox);
    assert_eq!(mode_of(&sandbox.ecs_dir().join("config")), 0o600);
    assert_eq!(mode_of(&sandbox.ecs_dir().join("credentials")), 0o600);
    // An existing, more open file is made private again when it is rewritten.
    set_mode(&sandbox.ecs_dir().join("config"), 0o644);
    set_mode(&sandbox.ecs_dir().join("credentials"), 0o644);
    sandbox
        .run("configure --cluster c2 --region us-east-1 --config-name second".split_whitespace())
        .output()
        .assert_success();
    sandbox
        .run(
            "configure profile --access-key A2 --secret-key S2 --profile-name second"
                .split_whitespace(),
        )
        .output()
        .assert_success();
    assert_eq!(mode_of(&sandbox.ecs_dir().join("config")), 0o600);
    assert_eq!(mode_of(&sandbox.ecs_dir().join("credentials")), 0o600);
}

/// `~/.ecs` is created with the mode of HOME itself (as the original's MkdirAll does).
#[test]
fn ecs_directory_takes_the_mode_of_home() {
    let sandbox = Sandbox::new();
    set_mode(sandbox.home(), 0o700);
    sandbox
        .run("configure --cluster c --region us-east-1".split_whitespace())
        .output()
        .assert_success();
    assert_eq!(mode_of(&sandbox.ecs_dir()), 0o700);
}

#[test]
fn normalise_version_replaces_only_the_commit() {
    assert_eq!(
        normalise_version("ecs-cli version 1.21.0 (*2791f9b)\n"),
        "ecs-cli version 1.21.0 (<sha>)\n"
    );
    assert_eq!(
        normalise_version("ecs-cli version 1.21.0 (0abc123)\n"),
        "ecs-cli version 1.21.0 (<sha>)\n"
    );
    assert_eq!(
        normalise_version("ecs-cli version 1.21.0 (dev)\n"),
        "ecs-cli version 1.21.0 (dev)\n"
    );
    assert_eq!(normalise_version("other (abc)\n"), "other (abc)\n");
}
