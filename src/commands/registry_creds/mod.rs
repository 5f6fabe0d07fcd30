//! `ecs-cli registry-creds`: Manage private registry credentials for ECS tasks.

use crate::commands::flags::Levels;

pub mod up;

/// Manage private registry credentials for ECS tasks
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub aws_flags: crate::commands::flags::AwsFlags,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(clap::Subcommand, Debug, Clone)]
pub enum Command {
    Up(up::Args),
}

/// Routes a `registry-creds` subcommand, with this level's flags.
pub async fn dispatch(parents: Levels, args: Args) -> anyhow::Result<()> {
    let levels = parents.with(&args.aws_flags);
    let Some(command) = args.command else {
        return Err(crate::commands::subcommand_required());
    };
    match command {
        Command::Up(a) => up::exec(levels, &a).await,
    }
}
