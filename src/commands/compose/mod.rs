//! `ecs-cli compose`: Run a docker-compose project on ECS as tasks, or as a service with the service subcommand.

pub mod create;
pub mod ps;
pub mod run;
pub mod scale;
pub mod service;
pub mod start;
pub mod stop;
pub mod up;

/// Run a docker-compose project on ECS as tasks, or as a service with the service subcommand
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Compose file(s) to read (repeatable; default docker-compose.yml) [env: COMPOSE_FILE=]
    #[arg(long = "file", short = 'f', value_name = "VALUE", action = clap::ArgAction::Append)]
    pub file: Vec<String>,
    /// Project name (default: the directory of the first compose file)
    #[arg(
        long = "project-name",
        short = 'p',
        env = "COMPOSE_PROJECT_NAME",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub project_name: Option<String>,
    /// IAM role the task containers may assume
    #[arg(long = "task-role-arn", value_name = "VALUE")]
    pub task_role_arn: Option<String>,
    /// ECS parameters file (default: ecs-params.yml when it exists)
    #[arg(long = "ecs-params", value_name = "VALUE")]
    pub ecs_params: Option<String>,
    /// Registry credentials output file to use (default: the newest ecs-registry-creds_*.yml here)
    #[arg(long = "registry-creds", value_name = "VALUE")]
    pub registry_creds: Option<String>,
    /// Print debug log lines
    #[arg(long = "verbose", visible_alias = "debug")]
    pub verbose: bool,
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(clap::Subcommand, Debug, Clone)]
pub enum Command {
    #[command(name = "create")]
    Create(create::Args),
    #[command(name = "ps", visible_alias = "list")]
    Ps(ps::Args),
    #[command(name = "run")]
    Run(run::Args),
    #[command(name = "scale")]
    Scale(scale::Args),
    #[command(name = "start")]
    Start(start::Args),
    #[command(name = "stop", visible_alias = "down")]
    Stop(stop::Args),
    #[command(name = "up")]
    Up(up::Args),
    #[command(name = "service")]
    Service(service::Args),
}
