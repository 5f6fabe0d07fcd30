//! `ecs-cli local`: Run ECS task definitions locally with Docker.

use crate::commands::flags::Levels;
use crate::config::resolve::Flags;

pub mod create;
pub mod down;
pub mod ps;
pub mod up;

/// Run ECS task definitions locally with Docker
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Name of the ECS profile in ~/.ecs/credentials to use (default: the default one)
    #[arg(
        long = "ecs-profile",
        env = "ECS_PROFILE",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub ecs_profile: Option<String>,
    /// Use this named profile from the AWS shared config/credentials files (takes precedence over --ecs-profile)
    #[arg(
        long = "aws-profile",
        env = "AWS_PROFILE",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub aws_profile: Option<String>,
    /// AWS region
    #[arg(long = "region", short = 'r', value_name = "VALUE")]
    pub region: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(clap::Subcommand, Debug, Clone)]
pub enum Command {
    Create(create::Args),
    Up(up::Args),
    Down(down::Args),
    Ps(ps::Args),
}

/// Routes a `local` subcommand, with this level's flags.
pub async fn dispatch(parents: Levels, args: Args) -> anyhow::Result<()> {
    let levels = parents.with(Flags {
        region: args.region.clone(),
        ecs_profile: args.ecs_profile.clone(),
        aws_profile: args.aws_profile.clone(),
        ..Flags::default()
    });
    let Some(command) = args.command else {
        return Err(crate::commands::subcommand_required());
    };
    match command {
        Command::Create(a) => create::exec(levels, &a).await,
        Command::Up(a) => up::exec(levels, &a).await,
        Command::Down(a) => down::exec(levels, &a).await,
        Command::Ps(a) => ps::exec(levels, &a).await,
    }
}
