//! `ecs-cli registry-creds`: Manage private registry credentials for ECS tasks.

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
    #[command(name = "up")]
    Up(up::Args),
}
