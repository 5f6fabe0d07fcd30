//! `ecs-cli local down`: Stop and remove locally running ECS task containers.

/// Stop and remove locally running ECS task containers
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Task definition JSON file (default ./task-definition.json)
    #[arg(long = "task-def-file", short = 'f', value_name = "VALUE")]
    pub task_def_file: Option<String>,
    /// Task definition in ECS: family:revision or ARN
    #[arg(long = "task-def-remote", short = 't', value_name = "VALUE")]
    pub task_def_remote: Option<String>,
    /// Act on every locally running ECS task container, not only those of one task definition
    #[arg(long = "all")]
    pub all: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

pub async fn exec(_parents: crate::commands::flags::Levels, _args: &Args) -> anyhow::Result<()> {
    Err(crate::error::not_built("local down"))
}
