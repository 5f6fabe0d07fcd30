//! `ecs-cli local up`: Convert a task definition and run its containers locally.

/// Convert a task definition and run its containers locally
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Compose file to run instead of converting a task definition
    #[arg(long = "task-def-compose", short = 'c', value_name = "VALUE")]
    pub task_def_compose: Option<String>,
    /// Task definition JSON file to convert and run
    #[arg(long = "task-def-file", short = 'f', value_name = "VALUE")]
    pub task_def_file: Option<String>,
    /// Task definition in ECS: family:revision or ARN
    #[arg(long = "task-def-remote", short = 't', value_name = "VALUE")]
    pub task_def_remote: Option<String>,
    /// Compose file to write (default docker-compose.ecs-local.yml)
    #[arg(long = "output", short = 'o', value_name = "VALUE")]
    pub output: Option<String>,
    /// Additional compose override file (repeatable)
    #[arg(long = "override", value_name = "VALUE", action = clap::ArgAction::Append)]
    pub r#override: Vec<String>,
    /// Overwrite existing output files without asking
    #[arg(long = "force")]
    pub force: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

pub async fn exec(_parents: crate::commands::flags::Levels, _args: &Args) -> anyhow::Result<()> {
    Err(crate::error::not_built("local up"))
}
