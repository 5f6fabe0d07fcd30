//! The command tree, one module per command (a directory per command group): each command's
//! clap `Args` and its `exec`, which gathers its inputs (flags, configuration) and calls the
//! machinery below (`project`, `ecs_tasks`, `aws`, `output`). This file routes the top-level
//! commands; each group's `mod.rs` routes its own subcommands.

pub mod check_attributes;
pub mod completion;
pub mod compose;
pub mod configure;
pub mod down;
pub mod flags;
pub mod images;
pub mod license;
pub mod local;
pub mod logs;
pub mod man;
pub mod ps;
pub mod pull;
pub mod push;
pub mod registry_creds;
pub mod scale;
pub mod up;

use flags::Levels;

// The help's summary is the `about` below (a doc comment here would be overridden by it).
#[derive(clap::Parser, Debug, Clone)]
#[command(
    name = "ecs-cli",
    bin_name = "ecs-cli",
    disable_version_flag = true,
    disable_help_subcommand = true,
    about = "Amazon ECS CLI (a Rust clone of ecs-cli v1): create and manage ECS clusters, tasks and services from docker-compose files",
    after_help = "Run 'ecs-cli <command> --help' for a command's flags. Version: ecs-cli --version (-v)."
)]
pub struct Cli {
    /// Use this URL for the ECS API instead of the regional endpoint
    #[arg(long = "endpoint", value_name = "URL")]
    pub endpoint: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The top-level commands; each group (`configure`, `compose`, `registry-creds`, `local`)
/// dispatches its own subcommands in its `mod.rs`.
#[derive(clap::Subcommand, Debug, Clone)]
#[allow(clippy::large_enum_variant)] // parsed once; boxing the variants buys nothing
pub enum Command {
    Configure(configure::Args),
    Up(up::Args),
    Down(down::Args),
    Scale(scale::Args),
    Ps(ps::Args),
    Push(push::Args),
    Pull(pull::Args),
    Images(images::Args),
    License(license::Args),
    Compose(compose::Args),
    CheckAttributes(check_attributes::Args),
    Logs(logs::Args),
    RegistryCreds(registry_creds::Args),
    Local(local::Args),
    // Hidden: not in the original (docs/differences.md).
    #[command(name = "completion", hide = true)]
    Completion(completion::Args),
    // Hidden: not in the original (docs/differences.md).
    #[command(name = "man", hide = true)]
    Man(man::Args),
}

/// Runs the parsed command line: routes each top-level command to its group or command.
pub async fn dispatch(cli: Cli) -> anyhow::Result<()> {
    let root = Levels::root(cli.endpoint);
    let Some(command) = cli.command else {
        return Err(crate::error::Fatal::new("a command is required").into());
    };
    match command {
        Command::Configure(a) => configure::dispatch(a).await,
        Command::Up(a) => up::exec(root, &a).await,
        Command::Down(a) => down::exec(root, &a).await,
        Command::Scale(a) => scale::exec(root, &a).await,
        Command::Ps(a) => ps::exec(root, &a).await,
        Command::Push(a) => push::exec(root, &a).await,
        Command::Pull(a) => pull::exec(root, &a).await,
        Command::Images(a) => images::exec(root, &a).await,
        Command::License(a) => license::exec(&a).await,
        Command::Compose(a) => compose::dispatch(root, a).await,
        Command::CheckAttributes(a) => check_attributes::exec(root, &a).await,
        Command::Logs(a) => logs::exec(root, &a).await,
        Command::RegistryCreds(a) => registry_creds::dispatch(root, a).await,
        Command::Local(a) => local::dispatch(root, a).await,
        Command::Completion(a) => completion::exec(&a),
        Command::Man(a) => man::exec(&a),
    }
}

/// The error of a command group run without a subcommand (the argument normaliser shows the
/// group's help instead, so this is a safety net).
pub(crate) fn subcommand_required() -> anyhow::Error {
    crate::error::Fatal::new("a subcommand is required").into()
}
