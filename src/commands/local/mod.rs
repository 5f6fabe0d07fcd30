//! `ecs-cli local`: Run ECS task definitions locally with Docker.

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
    #[command(name = "create")]
    Create(create::Args),
    #[command(name = "up")]
    Up(up::Args),
    #[command(name = "down")]
    Down(down::Args),
    #[command(name = "ps")]
    Ps(ps::Args),
}
