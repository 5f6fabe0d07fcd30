//! The command line, as the original (urfave/cli v1 + Go's `flag` package) read it.
//!
//! clap defines the tree, the flags and the help; [`normalise`] first rewrites the raw
//! arguments the way urfave/cli understood them, so that clap sees a plain, unambiguous
//! command line:
//! - `-flag` and `--flag` are the same, `--flag=value` works, a bool takes `--flag=false`;
//! - a parent command's flags come before its subcommand; `help`/`h` subcommands exist;
//! - a leaf parses flags from the first `-x` token on, positional arguments before it are
//!   moved after, and the first positional after a flag ends flag parsing (Go `flag`);
//! - an unknown command is `No help topic for 'x'` (exit 3); an unknown flag is a usage error.

use clap::{ArgAction, CommandFactory, FromArgMatches};

use crate::commands::Cli;
use crate::error::{EXIT_ERROR, EXIT_OK, EXIT_UNKNOWN_COMMAND};
use crate::logging::{self, LogLevel};

/// `ecs-cli --version` text.
pub fn version_line() -> String {
    format!(
        "ecs-cli version {} ({})",
        env!("CARGO_PKG_VERSION"),
        env!("ECS_CLI_GIT_SHA")
    )
}

/// The process entry point: parse, dispatch, and turn the outcome into an exit status.
pub fn main() -> i32 {
    logging::init();
    crate::error::install_panic_hook();
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let root = Cli::command();
    let normalised = match normalise(&root, &args) {
        Ok(n) => n,
        Err(outcome) => return outcome.finish(&root),
    };
    let matches = match root.clone().try_get_matches_from(&normalised.argv) {
        Ok(m) => m,
        Err(e) => {
            // The normaliser checks everything clap would; this is a last resort.
            if matches!(
                e.kind(),
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
            ) {
                let _ = e.print();
                return EXIT_OK;
            }
            logging::emit(
                LogLevel::Fatal,
                e.kind().as_str().unwrap_or("invalid arguments"),
                &[],
            );
            return EXIT_ERROR;
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            logging::emit(LogLevel::Fatal, &e.to_string(), &[]);
            return EXIT_ERROR;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            logging::emit(
                LogLevel::Fatal,
                &format!("could not start the async runtime: {e}"),
                &[],
            );
            return EXIT_ERROR;
        }
    };
    let result = runtime.block_on(crate::commands::dispatch(cli));
    let code = match result {
        Ok(()) => EXIT_OK,
        Err(e) => crate::error::report(&e),
    };
    // Do not wait for background SDK tasks (connection pools) at exit.
    runtime.shutdown_background();
    code
}

/// What the normaliser hands to clap: the rewritten argv.
#[derive(Debug, PartialEq)]
pub struct Normalised {
    pub argv: Vec<String>,
}

/// Ways the command line ends before any command runs.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Print the help of the command at this path, exit 0.
    Help(Vec<String>),
    /// Print the version, exit 0.
    Version,
    /// `No help topic for 'x'`, exit 3.
    UnknownCommand(String),
    /// A flag error at this path: the message (Go's wording) and whether the command is a leaf.
    Usage { path: Vec<String>, message: String },
}

impl Outcome {
    /// Prints what the outcome calls for and returns the exit status.
    pub fn finish(self, root: &clap::Command) -> i32 {
        match self {
            Outcome::Help(path) => {
                print_help(root, &path);
                EXIT_OK
            }
            Outcome::Version => {
                println!("{}", version_line());
                EXIT_OK
            }
            Outcome::UnknownCommand(name) => {
                eprintln!("No help topic for '{name}'");
                EXIT_UNKNOWN_COMMAND
            }
            Outcome::Usage { path, message } => {
                let leaf = find(root, &path)
                    .map(|c| !c.has_subcommands())
                    .unwrap_or(false);
                let joined = path.join(" ");
                if leaf && joined == "check-attributes" {
                    // The original printed only the error line here (its help lookup failed).
                    logging::emit(LogLevel::Error, &message, &[]);
                } else if leaf && !joined.starts_with("local ") {
                    logging::emit(LogLevel::Error, &message, &[]);
                    print_help(root, &path);
                } else {
                    println!("Incorrect Usage: {message}\n");
                    print_help(root, &path);
                    logging::emit(LogLevel::Fatal, &message, &[]);
                }
                EXIT_ERROR
            }
        }
    }
}

fn find<'a>(root: &'a clap::Command, path: &[String]) -> Option<&'a clap::Command> {
    let mut cmd = root;
    for name in path {
        cmd = cmd.find_subcommand(name)?;
    }
    Some(cmd)
}

/// Prints the help of the command at `path` to stdout.
pub fn print_help(root: &clap::Command, path: &[String]) {
    let mut built = root.clone();
    built.build();
    fn descend(cmd: &mut clap::Command, path: &[String]) {
        match path.split_first() {
            Some((name, rest)) if cmd.find_subcommand(name).is_some() => {
                if let Some(sub) = cmd.find_subcommand_mut(name) {
                    descend(sub, rest);
                }
            }
            _ => {
                let _ = cmd.print_help();
            }
        }
    }
    descend(&mut built, path);
}

/// Whether clap's value parser for `arg` accepts `value` (an int or float flag given text).
fn value_parses(arg: &clap::Arg, long: &str, value: &str) -> bool {
    let probe = clap::Command::new("probe")
        .no_binary_name(true)
        .arg(arg.clone().env(None::<&str>).required(false));
    match probe.try_get_matches_from([format!("--{long}={value}")]) {
        Ok(_) => true,
        Err(e) => !matches!(
            e.kind(),
            clap::error::ErrorKind::ValueValidation | clap::error::ErrorKind::InvalidValue
        ),
    }
}

/// Parent commands that do something themselves when no subcommand is given.
const PARENTS_WITH_ACTION: [&str; 2] = ["configure", "configure profile"];

fn is_flag_token(tok: &str) -> bool {
    tok.len() > 1 && tok.starts_with('-')
}

/// Rewrites a raw command line (without argv[0]) into one clap parses, or an early outcome.
pub fn normalise(root: &clap::Command, args: &[String]) -> Result<Normalised, Outcome> {
    let mut argv = vec!["ecs-cli".to_string()];
    let mut path: Vec<String> = Vec::new();
    let mut cmd = root;
    let mut i = 0;
    loop {
        if cmd.has_subcommands() {
            let mut flags = FlagSet::default();
            while i < args.len() {
                let tok = &args[i];
                if tok == "--" {
                    i += 1;
                    break;
                }
                if !is_flag_token(tok) {
                    break;
                }
                i += 1;
                parse_flag(cmd, &path, tok, args, &mut i, &mut flags)?;
            }
            argv.extend(flags.into_args());
            let Some(name) = args.get(i) else {
                if PARENTS_WITH_ACTION.contains(&path.join(" ").as_str()) {
                    return Ok(Normalised { argv });
                }
                return Err(Outcome::Help(path));
            };
            i += 1;
            if name == "help" || name == "h" {
                return match args.get(i) {
                    None => Err(Outcome::Help(path)),
                    Some(topic) => match cmd.find_subcommand(topic) {
                        Some(sub) => {
                            path.push(sub.get_name().to_string());
                            Err(Outcome::Help(path))
                        }
                        None => Err(Outcome::UnknownCommand(topic.clone())),
                    },
                };
            }
            let Some(sub) = cmd.find_subcommand(name) else {
                return Err(Outcome::UnknownCommand(name.clone()));
            };
            argv.push(sub.get_name().to_string());
            path.push(sub.get_name().to_string());
            cmd = sub;
            continue;
        }

        // A leaf: flags from the first flag token on, earlier positionals moved after them.
        let rest = &args[i..];
        let terminator = rest.iter().position(|a| a == "--");
        let first_flag = rest.iter().position(|a| is_flag_token(a) && a != "--");
        let list: Vec<String> = match first_flag {
            Some(f) if terminator.is_none_or(|t| f < t) => {
                let end = terminator.unwrap_or(rest.len());
                let mut l: Vec<String> = rest[f..end].to_vec();
                l.extend_from_slice(&rest[..f]);
                if let Some(t) = terminator {
                    l.extend_from_slice(&rest[t..]);
                }
                l
            }
            _ => rest.to_vec(),
        };
        let mut flags = FlagSet::default();
        let mut j = 0;
        while j < list.len() {
            let tok = &list[j];
            if tok == "--" {
                j += 1;
                break;
            }
            if !is_flag_token(tok) {
                break;
            }
            j += 1;
            parse_flag(cmd, &path, tok, &list, &mut j, &mut flags)?;
        }
        argv.extend(flags.into_args());
        argv.push("--".to_string());
        argv.extend_from_slice(&list[j..]);
        return Ok(Normalised { argv });
    }
}

/// Flags of one command level in the order given; a repeated single-value flag keeps its
/// last value (Go's `flag`), a repeatable one appends.
#[derive(Default)]
struct FlagSet {
    items: Vec<(String, Option<String>, bool)>,
}

impl FlagSet {
    fn set(&mut self, long: &str, value: Option<String>, append: bool) {
        if !append {
            self.items.retain(|(l, _, _)| l != long);
        }
        self.items.push((long.to_string(), value, append));
    }

    fn unset(&mut self, long: &str) {
        self.items.retain(|(l, _, _)| l != long);
    }

    fn into_args(self) -> Vec<String> {
        self.items
            .into_iter()
            .map(|(long, value, _)| match value {
                Some(v) => format!("--{long}={v}"),
                None => format!("--{long}"),
            })
            .collect()
    }
}

fn parse_flag(
    cmd: &clap::Command,
    path: &[String],
    tok: &str,
    list: &[String],
    next: &mut usize,
    flags: &mut FlagSet,
) -> Result<(), Outcome> {
    let usage = |message: String| Outcome::Usage {
        path: path.to_vec(),
        message,
    };
    let mut body = &tok[1..];
    if let Some(b) = body.strip_prefix('-') {
        body = b;
    }
    if body.is_empty() || body.starts_with('-') || body.starts_with('=') {
        return Err(usage(format!("bad flag syntax: {tok}")));
    }
    let (name, inline) = match body.find('=') {
        Some(k) => (&body[..k], Some(body[k + 1..].to_string())),
        None => (body, None),
    };
    let arg = cmd.get_arguments().find(|a| {
        a.get_long() == Some(name)
            || (name.chars().count() == 1 && a.get_short() == name.chars().next())
            || a.get_all_aliases().is_some_and(|al| al.contains(&name))
    });
    let Some(arg) = arg else {
        if name == "help" || name == "h" {
            return Err(Outcome::Help(path.to_vec()));
        }
        if path.is_empty() && (name == "version" || name == "v") {
            return Err(Outcome::Version);
        }
        return Err(usage(format!("flag provided but not defined: -{name}")));
    };
    let long = arg.get_long().unwrap_or(name).to_string();
    match arg.get_action() {
        ArgAction::SetTrue => {
            let on = match inline {
                None => true,
                Some(v) => crate::go::strconv::parse_bool(&v).ok_or_else(|| {
                    usage(format!(
                        "invalid boolean value {} for -{name}: parse error",
                        crate::go::strconv::quote(&v)
                    ))
                })?,
            };
            if on {
                flags.set(&long, None, false);
            } else {
                flags.unset(&long);
            }
        }
        action => {
            let value = match inline {
                Some(v) => v,
                None => {
                    let v = list
                        .get(*next)
                        .cloned()
                        .ok_or_else(|| usage(format!("flag needs an argument: -{name}")))?;
                    *next += 1;
                    v
                }
            };
            if !value_parses(arg, &long, &value) {
                return Err(usage(format!(
                    "invalid value {} for flag -{name}: parse error",
                    crate::go::strconv::quote(&value)
                )));
            }
            flags.set(&long, Some(value), matches!(action, ArgAction::Append));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(args: &[&str]) -> Result<Normalised, Outcome> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        normalise(&Cli::command(), &args)
    }

    fn argv(args: &[&str]) -> Vec<String> {
        norm(args).expect("parses").argv
    }

    #[test]
    fn single_dash_long_flags_and_equals() {
        assert_eq!(
            argv(&["ps", "-cluster", "c1", "--region=us-east-1"]),
            ["ecs-cli", "ps", "--cluster=c1", "--region=us-east-1", "--"]
        );
    }

    #[test]
    fn positionals_before_flags_are_moved_after() {
        assert_eq!(
            argv(&["compose", "scale", "3", "--cluster", "c1"]),
            ["ecs-cli", "compose", "scale", "--cluster=c1", "--", "3"]
        );
    }

    #[test]
    fn first_positional_after_a_flag_ends_flag_parsing() {
        let a = argv(&[
            "compose",
            "run",
            "-c",
            "c1",
            "web",
            "nginx -t",
            "--disable-ecs-managed-tags",
        ]);
        assert_eq!(
            a,
            [
                "ecs-cli",
                "compose",
                "run",
                "--cluster=c1",
                "--",
                "web",
                "nginx -t",
                "--disable-ecs-managed-tags"
            ]
        );
    }

    #[test]
    fn parent_flags_stay_on_the_parent() {
        let a = argv(&[
            "compose",
            "--file",
            "a.yml",
            "-f",
            "b.yml",
            "service",
            "up",
            "--timeout",
            "1",
        ]);
        assert_eq!(
            a,
            [
                "ecs-cli",
                "compose",
                "--file=a.yml",
                "--file=b.yml",
                "service",
                "up",
                "--timeout=1",
                "--"
            ]
        );
    }

    #[test]
    fn aliases_resolve_to_the_canonical_name() {
        assert_eq!(
            argv(&["compose", "list"]),
            ["ecs-cli", "compose", "ps", "--"]
        );
        assert_eq!(
            argv(&["compose", "-debug", "up"]),
            ["ecs-cli", "compose", "--verbose", "up", "--"]
        );
    }

    #[test]
    fn repeated_flag_keeps_last_and_bools_take_values() {
        assert_eq!(
            argv(&["ps", "-c", "a", "-c", "b"]),
            ["ecs-cli", "ps", "--cluster=b", "--"]
        );
        assert_eq!(
            argv(&["up", "--empty=false", "-e"]),
            ["ecs-cli", "up", "--empty", "--"]
        );
        assert_eq!(
            argv(&["up", "-e", "--empty=false"]),
            ["ecs-cli", "up", "--"]
        );
    }

    #[test]
    fn errors_and_early_outcomes() {
        assert_eq!(
            norm(&["bogus"]),
            Err(Outcome::UnknownCommand("bogus".into()))
        );
        assert_eq!(
            norm(&["compose", "bogus"]),
            Err(Outcome::UnknownCommand("bogus".into()))
        );
        assert_eq!(norm(&[]), Err(Outcome::Help(vec![])));
        assert_eq!(norm(&["-v"]), Err(Outcome::Version));
        assert_eq!(norm(&["help", "ps"]), Err(Outcome::Help(vec!["ps".into()])));
        assert_eq!(
            norm(&["compose", "help", "up"]),
            Err(Outcome::Help(vec!["compose".into(), "up".into()]))
        );
        assert_eq!(
            norm(&["check-attributes", "--bogus"]),
            Err(Outcome::Usage {
                path: vec!["check-attributes".into()],
                message: "flag provided but not defined: -bogus".into()
            })
        );
        assert_eq!(
            norm(&["logs", "--since", "abc"]),
            Err(Outcome::Usage {
                path: vec!["logs".into()],
                message: "invalid value \"abc\" for flag -since: parse error".into()
            })
        );
        assert_eq!(
            norm(&["ps", "--cluster"]),
            Err(Outcome::Usage {
                path: vec!["ps".into()],
                message: "flag needs an argument: -cluster".into()
            })
        );
    }

    #[test]
    fn values_may_start_with_a_dash() {
        assert_eq!(
            argv(&["compose", "service", "up", "--timeout", "-1"]),
            ["ecs-cli", "compose", "service", "up", "--timeout=-1", "--"]
        );
    }
}
