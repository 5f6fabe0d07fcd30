//! `ecs-cli local ps`: List locally running ECS task containers.

/// List locally running ECS task containers
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
    /// Print the containers as JSON
    #[arg(long = "json")]
    pub json: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

pub async fn exec(_ctx: &mut crate::context::Context, _args: &Args) -> anyhow::Result<()> {
    Err(crate::error::not_built("local ps"))
}
