//! The command tree, one module per command (a directory per command group), and the one
//! place that dispatches a parsed command line to its implementation.

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

use crate::context::Context;

/// Amazon ECS CLI: create and manage ECS clusters, tasks and services from docker-compose files.
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

#[derive(clap::Subcommand, Debug, Clone)]
pub enum Command {
    #[command(name = "configure")]
    Configure(configure::Args),
    #[command(name = "up")]
    Up(up::Args),
    #[command(name = "down")]
    Down(down::Args),
    #[command(name = "scale")]
    Scale(scale::Args),
    #[command(name = "ps")]
    Ps(ps::Args),
    #[command(name = "push")]
    Push(push::Args),
    #[command(name = "pull")]
    Pull(pull::Args),
    #[command(name = "images")]
    Images(images::Args),
    #[command(name = "license")]
    License(license::Args),
    #[command(name = "compose")]
    Compose(compose::Args),
    #[command(name = "check-attributes")]
    CheckAttributes(check_attributes::Args),
    #[command(name = "logs")]
    Logs(logs::Args),
    #[command(name = "registry-creds")]
    RegistryCreds(registry_creds::Args),
    #[command(name = "local")]
    Local(local::Args),
    // Hidden: not in the original (docs/differences.md).
    #[command(name = "completion", hide = true)]
    Completion(completion::Args),
    // Hidden: not in the original (docs/differences.md).
    #[command(name = "man", hide = true)]
    Man(man::Args),
}

pub async fn dispatch(ctx: &mut Context, cli: Cli) -> anyhow::Result<()> {
    ctx.set_endpoint(cli.endpoint.clone());
    // `--verbose`/`--debug` exists only where the original honoured it (up, push, pull, images,
    // and compose before its subcommand).
    crate::logging::set_debug(ctx.bool("verbose"));
    let Some(command) = cli.command else {
        return Err(crate::error::Fatal::new("a command is required").into());
    };
    match command {
        Command::Configure(a) => dispatch_configure(ctx, a).await,
        Command::Up(a) => up::exec(ctx, &a).await,
        Command::Down(a) => down::exec(ctx, &a).await,
        Command::Scale(a) => scale::exec(ctx, &a).await,
        Command::Ps(a) => ps::exec(ctx, &a).await,
        Command::Push(a) => push::exec(ctx, &a).await,
        Command::Pull(a) => pull::exec(ctx, &a).await,
        Command::Images(a) => images::exec(ctx, &a).await,
        Command::License(a) => license::exec(ctx, &a).await,
        Command::Compose(a) => dispatch_compose(ctx, a).await,
        Command::CheckAttributes(a) => check_attributes::exec(ctx, &a).await,
        Command::Logs(a) => logs::exec(ctx, &a).await,
        Command::RegistryCreds(a) => dispatch_registry_creds(ctx, a).await,
        Command::Local(a) => dispatch_local(ctx, a).await,
        Command::Completion(a) => completion::exec(&a),
        Command::Man(a) => man::exec(&a),
    }
}

async fn dispatch_configure_profile(
    ctx: &mut Context,
    args: configure::profile::Args,
) -> anyhow::Result<()> {
    let Some(command) = args.command.clone() else {
        return configure::profile::exec(ctx, &args).await;
    };
    match command {
        configure::profile::Command::Default(a) => configure::profile::default::exec(ctx, &a).await,
    }
}

async fn dispatch_configure(ctx: &mut Context, args: configure::Args) -> anyhow::Result<()> {
    let Some(command) = args.command.clone() else {
        return configure::exec(ctx, &args).await;
    };
    match command {
        configure::Command::Profile(a) => dispatch_configure_profile(ctx, a).await,
        configure::Command::Default(a) => configure::default::exec(ctx, &a).await,
        configure::Command::Migrate(a) => configure::migrate::exec(ctx, &a).await,
    }
}

async fn dispatch_compose_service(
    ctx: &mut Context,
    args: compose::service::Args,
) -> anyhow::Result<()> {
    let Some(command) = args.command.clone() else {
        return Err(crate::error::Fatal::new("a subcommand is required").into());
    };
    match command {
        compose::service::Command::Create(a) => compose::service::create::exec(ctx, &a).await,
        compose::service::Command::Start(a) => compose::service::start::exec(ctx, &a).await,
        compose::service::Command::Up(a) => compose::service::up::exec(ctx, &a).await,
        compose::service::Command::Ps(a) => compose::service::ps::exec(ctx, &a).await,
        compose::service::Command::Scale(a) => compose::service::scale::exec(ctx, &a).await,
        compose::service::Command::Stop(a) => compose::service::stop::exec(ctx, &a).await,
        compose::service::Command::Rm(a) => compose::service::rm::exec(ctx, &a).await,
    }
}

async fn dispatch_compose(ctx: &mut Context, args: compose::Args) -> anyhow::Result<()> {
    let Some(command) = args.command.clone() else {
        return Err(crate::error::Fatal::new("a subcommand is required").into());
    };
    match command {
        compose::Command::Create(a) => compose::create::exec(ctx, &a).await,
        compose::Command::Ps(a) => compose::ps::exec(ctx, &a).await,
        compose::Command::Run(a) => compose::run::exec(ctx, &a).await,
        compose::Command::Scale(a) => compose::scale::exec(ctx, &a).await,
        compose::Command::Start(a) => compose::start::exec(ctx, &a).await,
        compose::Command::Stop(a) => compose::stop::exec(ctx, &a).await,
        compose::Command::Up(a) => compose::up::exec(ctx, &a).await,
        compose::Command::Service(a) => dispatch_compose_service(ctx, a).await,
    }
}

async fn dispatch_registry_creds(
    ctx: &mut Context,
    args: registry_creds::Args,
) -> anyhow::Result<()> {
    let Some(command) = args.command.clone() else {
        return Err(crate::error::Fatal::new("a subcommand is required").into());
    };
    match command {
        registry_creds::Command::Up(a) => registry_creds::up::exec(ctx, &a).await,
    }
}

async fn dispatch_local(ctx: &mut Context, args: local::Args) -> anyhow::Result<()> {
    let Some(command) = args.command.clone() else {
        return Err(crate::error::Fatal::new("a subcommand is required").into());
    };
    match command {
        local::Command::Create(a) => local::create::exec(ctx, &a).await,
        local::Command::Up(a) => local::up::exec(ctx, &a).await,
        local::Command::Down(a) => local::down::exec(ctx, &a).await,
        local::Command::Ps(a) => local::ps::exec(ctx, &a).await,
    }
}
