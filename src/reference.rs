//! What is generated from the one clap tree ([`crate::commands::Cli`]) instead of written by
//! hand: the Markdown reference in `docs/reference/`, the shell completion scripts
//! (`ecs-cli completion <shell>`) and the man pages (`ecs-cli man [DIR]`).
//!
//! The generator lives in the crate, not in a test or a build step, because the binary needs
//! the same tree walk for its completions and man pages, and a build script cannot see the
//! clap tree without compiling the crate twice. The drift test (`tests/it/reference.rs`)
//! calls [`markdown_files`] and compares the result with `docs/reference/`.

use std::fmt::Write as _;

use clap::{Arg, ArgAction, Command, CommandFactory};

use crate::commands::Cli;

/// The command that refreshes `docs/reference/` and `tests/fixtures/help/`.
pub const BLESS_COMMAND: &str = "ECS_CLI_BLESS=1 cargo test --profile ci --test it reference";

/// urfave/cli's text for the `help, h` subcommand every command group of the original had.
const HELP_SUBCOMMAND_ABOUT: &str = "Shows a list of commands or help for one command";

/// The clap tree, built: bin names (`ecs-cli compose service up`), display names
/// (`ecs-cli-compose-service-up`) and the implicit `-h, --help` are set.
pub fn tree() -> Command {
    let mut cmd = Cli::command();
    cmd.build();
    cmd
}

/// One command of the tree with the names that lead to it from the root.
pub struct Node<'a> {
    /// Names after `ecs-cli` (empty for the root).
    pub path: Vec<String>,
    pub cmd: &'a Command,
}

impl Node<'_> {
    /// `ecs-cli compose service up`.
    pub fn full_name(&self) -> String {
        std::iter::once("ecs-cli")
            .chain(self.path.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Every command of `root`, parents before their subcommands, in declaration order.
pub fn walk(root: &Command) -> Vec<Node<'_>> {
    walk_from(root, Vec::new())
}

/// [`walk`] from a command that `path` leads to.
fn walk_from(cmd: &Command, path: Vec<String>) -> Vec<Node<'_>> {
    fn go<'a>(cmd: &'a Command, path: Vec<String>, out: &mut Vec<Node<'a>>) {
        out.push(Node {
            path: path.clone(),
            cmd,
        });
        for sub in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(sub.get_name().to_string());
            go(sub, p, out);
        }
    }
    let mut out = Vec::new();
    go(cmd, path, &mut out);
    out
}

/// Every command path a user can type, aliases included (`compose list` as well as
/// `compose ps`), with the canonical path it resolves to.
pub fn command_paths(root: &Command) -> Vec<(Vec<String>, Vec<String>)> {
    fn go(
        cmd: &Command,
        typed: Vec<String>,
        canonical: Vec<String>,
        out: &mut Vec<(Vec<String>, Vec<String>)>,
    ) {
        for sub in cmd.get_subcommands() {
            let mut c = canonical.clone();
            c.push(sub.get_name().to_string());
            let names = std::iter::once(sub.get_name()).chain(sub.get_all_aliases());
            for name in names {
                let mut t = typed.clone();
                t.push(name.to_string());
                out.push((t.clone(), c.clone()));
                go(sub, t, c.clone(), out);
            }
        }
    }
    let mut out = Vec::new();
    go(root, Vec::new(), Vec::new(), &mut out);
    out
}

/// The tree the completion scripts are generated from: the clap tree plus what the command-line
/// normaliser (`src/cli.rs`) accepts outside clap, so that it completes too: a `help` (alias
/// `h`) subcommand on every command group, and `-v, --version` on the root.
pub fn completion_tree() -> Command {
    fn add_help(cmd: Command) -> Command {
        if !cmd.has_subcommands() {
            return cmd;
        }
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        let mut cmd = cmd;
        for name in names {
            cmd = cmd.mut_subcommand(name, add_help);
        }
        cmd.subcommand(
            Command::new("help")
                .visible_alias("h")
                .about(HELP_SUBCOMMAND_ABOUT)
                .arg(Arg::new("command").value_name("COMMAND")),
        )
    }
    add_help(Cli::command()).arg(
        Arg::new("version")
            .long("version")
            .short('v')
            .action(ArgAction::SetTrue)
            .help("Print the version"),
    )
}

/// The man pages: `ecs-cli.1` and one page per command that `ecs-cli help` lists
/// (`ecs-cli-compose-service-up.1`; aliases and hidden commands get none), as (file name, roff).
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let root = tree();
    let mut pages = Vec::new();
    for node in walk(&root) {
        if node.cmd.is_hide_set() {
            continue;
        }
        // No date (nothing reproducible to put there), but not an empty one: roff 1.1 writes
        // an empty `.TH` argument unquoted, which shifts the source into the date's place.
        let man = clap_mangen::Man::new(node.cmd.clone())
            .date(" ")
            .source(format!("ecs-cli {}", env!("CARGO_PKG_VERSION")))
            .manual("Amazon ECS CLI");
        let mut roff = Vec::new();
        man.render(&mut roff)?;
        pages.push((man.get_filename(), roff));
    }
    Ok(pages)
}

/// The files of `docs/reference/` as (file name, content): `README.md` (the root command and an
/// index) and one file per top-level command with all its subcommands.
pub fn markdown_files() -> Vec<(String, String)> {
    let root = tree();
    let mut files = Vec::new();
    let mut index = String::new();
    let _ = writeln!(index, "# ecs-cli command reference\n");
    index.push_str(&generated_note());
    index.push_str(
        "\nEvery command path with its aliases and usage, and every flag with its short form, \
aliases, environment variable, default and help text, generated from the clap tree by \
`src/reference.rs` (`reference::markdown_files`). The generator is in the crate because the \
binary walks the same tree for `ecs-cli completion` and `ecs-cli man`; the drift test in \
`tests/it/reference.rs` fails when these files differ from what it generates.\n\n\
How the original's command line is read (the same here, see `docs/cli.md`):\n\n\
- `-flag` and `--flag` are the same; `--flag=value` and `--flag value` too; a bool flag takes \
`--flag=false`.\n\
- A command group's flags go before its subcommand: `ecs-cli compose --file a.yml service up`.\n\
- Every command takes `-h, --help`; every command group also has a `help` (alias `h`) \
subcommand: `ecs-cli compose help up`. The root takes `-v, --version`.\n\
- Hidden arguments (extra words some commands take only to reject or ignore them as the \
original did) are left out. Commands that `ecs-cli help` does not list are here, marked \
(hidden).\n\n",
    );
    let root_node = Node {
        path: Vec::new(),
        cmd: &root,
    };
    index.push_str(&command_section(&root_node, "##", None));
    let _ = writeln!(index, "## Commands\n");
    let _ = writeln!(index, "| Command | Aliases | Description |");
    let _ = writeln!(index, "|---|---|---|");
    for top in root.get_subcommands() {
        let file = format!("{}.md", top.get_name());
        for node in walk_from(top, vec![top.get_name().to_string()]) {
            let _ = writeln!(
                index,
                "| [{}]({file}#{}) | {} | {} |",
                node.full_name(),
                anchor(&node.full_name()),
                aliases_cell(node.cmd),
                about_cell(node.cmd),
            );
        }
        files.push((file, group_file(top)));
    }
    files.insert(0, ("README.md".to_string(), index));
    files
}

fn generated_note() -> String {
    format!(
        "<!-- Generated by src/reference.rs from the clap tree: do not edit. Refresh with: {BLESS_COMMAND} -->\n"
    )
}

/// One top-level command and all its subcommands.
fn group_file(top: &Command) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# ecs-cli {}\n", top.get_name());
    out.push_str(&generated_note());
    out.push('\n');
    out.push_str("[All commands](README.md)\n\n");
    for node in walk_from(top, vec![top.get_name().to_string()]) {
        out.push_str(&command_section(&node, "##", Some(top.get_name())));
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The section of one command: heading, description, usage, aliases, subcommands, arguments
/// and flags.
fn command_section(node: &Node<'_>, level: &str, file_of: Option<&str>) -> String {
    let cmd = node.cmd;
    let mut out = String::new();
    let _ = writeln!(out, "{level} {}\n", node.full_name());
    if let Some(about) = cmd.get_long_about().or(cmd.get_about()) {
        let _ = writeln!(out, "{}\n", escape(&about.to_string()));
    }
    if cmd.is_hide_set() {
        let _ = writeln!(
            out,
            "Hidden: not listed by `ecs-cli help` (see `docs/differences.md`).\n"
        );
    }
    let usage = cmd.clone().render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    let _ = writeln!(out, "Usage: `{usage}`\n");
    let aliases: Vec<&str> = cmd.get_all_aliases().collect();
    if !aliases.is_empty() {
        let parent = &node.path[..node.path.len().saturating_sub(1)];
        let typed: Vec<String> = aliases
            .iter()
            .map(|a| {
                let mut p: Vec<&str> = std::iter::once("ecs-cli")
                    .chain(parent.iter().map(String::as_str))
                    .collect();
                p.push(a);
                format!("`{}`", p.join(" "))
            })
            .collect();
        let _ = writeln!(out, "Aliases: {}\n", typed.join(", "));
    }
    if cmd.has_subcommands() {
        let _ = writeln!(out, "Subcommands:\n");
        let _ = writeln!(out, "| Command | Aliases | Description |");
        let _ = writeln!(out, "|---|---|---|");
        for sub in cmd.get_subcommands() {
            let full = format!("{} {}", node.full_name(), sub.get_name());
            let link = match file_of {
                Some(_) => format!("#{}", anchor(&full)),
                None => format!("{}.md#{}", sub.get_name(), anchor(&full)),
            };
            let _ = writeln!(
                out,
                "| [{}]({link}) | {} | {} |",
                sub.get_name(),
                aliases_cell(sub),
                about_cell(sub)
            );
        }
        out.push('\n');
    }
    let positionals: Vec<&Arg> = cmd.get_positionals().filter(|a| !a.is_hide_set()).collect();
    if !positionals.is_empty() {
        let _ = writeln!(out, "Arguments:\n");
        let _ = writeln!(out, "| Argument | Required | Values | Description |");
        let _ = writeln!(out, "|---|---|---|---|");
        for arg in positionals {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                value_names(arg),
                if arg.is_required_set() { "yes" } else { "no" },
                possible_values_cell(arg),
                help_cell(arg),
            );
        }
        out.push('\n');
    }
    let flags: Vec<&Arg> = cmd
        .get_arguments()
        .filter(|a| !a.is_positional() && !a.is_hide_set() && a.get_id() != "help")
        .collect();
    if flags.is_empty() {
        let _ = writeln!(out, "Flags: none (besides `-h, --help`).\n");
    } else {
        let _ = writeln!(out, "Flags (besides `-h, --help`):\n");
        let _ = writeln!(
            out,
            "| Flag | Short | Aliases | Value | Env | Default | Description |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|");
        for arg in flags {
            let _ = writeln!(out, "{}", flag_row(arg));
        }
        out.push('\n');
    }
    if let Some(after) = cmd.get_after_long_help().or(cmd.get_after_help()) {
        let _ = writeln!(out, "```text\n{}\n```\n", after.to_string().trim_end());
    }
    out
}

fn flag_row(arg: &Arg) -> String {
    let long = arg
        .get_long()
        .map(|l| format!("`--{l}`"))
        .unwrap_or_default();
    let short = arg
        .get_short()
        .map(|s| format!("`-{s}`"))
        .unwrap_or_default();
    let mut aliases: Vec<String> = arg
        .get_all_aliases()
        .unwrap_or_default()
        .into_iter()
        .map(|a| format!("`--{a}`"))
        .collect();
    aliases.extend(
        arg.get_all_short_aliases()
            .unwrap_or_default()
            .into_iter()
            .map(|s| format!("`-{s}`")),
    );
    let value = if arg.get_num_args().is_some_and(|n| n.takes_values()) {
        let mut v = format!("`<{}>`", value_names(arg));
        if matches!(arg.get_action(), ArgAction::Append) {
            v.push_str(", repeatable");
        }
        v
    } else {
        "(none)".to_string()
    };
    let env = arg
        .get_env()
        .map(|e| format!("`{}`", e.to_string_lossy()))
        .unwrap_or_default();
    let default = arg
        .get_default_values()
        .iter()
        .map(|d| format!("`{}`", d.to_string_lossy()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut help = help_cell(arg);
    let possible = possible_values_cell(arg);
    if !possible.is_empty() {
        help = format!("{help} (values: {possible})");
    }
    format!(
        "| {long} | {short} | {} | {value} | {env} | {default} | {help} |",
        aliases.join(", ")
    )
}

fn value_names(arg: &Arg) -> String {
    arg.get_value_names()
        .map(|names| {
            names
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| arg.get_id().as_str().to_uppercase())
}

fn possible_values_cell(arg: &Arg) -> String {
    arg.get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| format!("`{}`", v.get_name()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn help_cell(arg: &Arg) -> String {
    arg.get_long_help()
        .or(arg.get_help())
        .map(|h| escape(&h.to_string()))
        .unwrap_or_default()
}

fn about_cell(cmd: &Command) -> String {
    let about = cmd
        .get_about()
        .map(|a| escape(&a.to_string()))
        .unwrap_or_default();
    if cmd.is_hide_set() {
        format!("(hidden) {about}")
    } else {
        about
    }
}

fn aliases_cell(cmd: &Command) -> String {
    cmd.get_all_aliases()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// GitHub's anchor of a heading made of plain words: lower case, spaces become `-`.
fn anchor(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Help text as Markdown table-cell text: no line breaks, and no character that Markdown would
/// read as a table border, HTML or emphasis.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        match c {
            '|' => out.push_str("\\|"),
            '*' => out.push_str("\\*"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_table_cells_whole() {
        assert_eq!(escape("a|b <c> *d*\ne"), "a\\|b &lt;c&gt; \\*d\\*<br>e");
    }

    #[test]
    fn anchors_follow_github() {
        assert_eq!(
            anchor("ecs-cli compose service up"),
            "ecs-cli-compose-service-up"
        );
        assert_eq!(
            anchor("ecs-cli check-attributes"),
            "ecs-cli-check-attributes"
        );
    }

    #[test]
    fn command_paths_include_aliases() {
        let root = tree();
        let paths = command_paths(&root);
        let find = |typed: &[&str]| {
            paths
                .iter()
                .find(|(t, _)| t.iter().map(String::as_str).eq(typed.iter().copied()))
                .map(|(_, c)| c.join(" "))
        };
        assert_eq!(find(&["compose", "list"]).as_deref(), Some("compose ps"));
        assert_eq!(
            find(&["compose", "service", "delete"]).as_deref(),
            Some("compose service rm")
        );
        assert_eq!(find(&["compose", "down"]).as_deref(), Some("compose stop"));
    }

    #[test]
    fn completion_tree_has_help_subcommands_and_version() {
        let tree = completion_tree();
        let compose = tree.find_subcommand("compose").expect("compose");
        assert!(compose.find_subcommand("h").is_some());
        assert!(compose
            .find_subcommand("service")
            .and_then(|s| s.find_subcommand("help"))
            .is_some());
        assert!(tree.get_arguments().any(|a| a.get_short() == Some('v')));
        // Leaves get no help subcommand.
        assert!(!tree.find_subcommand("ps").expect("ps").has_subcommands());
    }
}
