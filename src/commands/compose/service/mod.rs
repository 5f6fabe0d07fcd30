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
    /// AWS region
    #[arg(long = "region", short = 'r', value_name = "VALUE")]
    pub region: Option<String>,
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
    /// Name of the cluster configuration in ~/.ecs/config to use (default: the default one)
    #[arg(long = "cluster-config", value_name = "VALUE")]
    pub cluster_config: Option<String>,
    /// ECS cluster name
    #[arg(long = "cluster", short = 'c', value_name = "VALUE")]
    pub cluster: Option<String>,
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
