//! `ecs-cli compose service`: Run a docker-compose project as an ECS service.

pub mod create;
pub mod ps;
pub mod rm;
pub mod scale;
pub mod start;
pub mod stop;
pub mod up;

/// Run a docker-compose project as an ECS service
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(clap::Subcommand, Debug, Clone)]
pub enum Command {
    #[command(name = "create")]
    Create(create::Args),
    #[command(name = "start")]
    Start(start::Args),
    #[command(name = "up")]
    Up(up::Args),
    #[command(name = "ps", visible_alias = "list")]
    Ps(ps::Args),
    #[command(name = "scale")]
    Scale(scale::Args),
    #[command(name = "stop")]
    Stop(stop::Args),
    #[command(name = "rm", visible_alias = "delete", visible_alias = "down")]
    Rm(rm::Args),
}
