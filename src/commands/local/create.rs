//! `ecs-cli local create`: Convert a task definition into a docker-compose file.

/// Convert a task definition into a docker-compose file
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Task definition JSON file (default ./task-definition.json)
    #[arg(long = "task-def-file", short = 'f', value_name = "VALUE")]
    pub task_def_file: Option<String>,
    /// Task definition in ECS: family:revision or ARN
    #[arg(long = "task-def-remote", short = 't', value_name = "VALUE")]
    pub task_def_remote: Option<String>,
    /// Compose file to write (default docker-compose.ecs-local.yml)
    #[arg(long = "output", short = 'o', value_name = "VALUE")]
    pub output: Option<String>,
    /// Overwrite existing output files without asking
    #[arg(long = "force")]
    pub force: bool,
    /// Use the task role of the task definition for the local container credentials
    #[arg(long = "use-role")]
    pub use_role: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Converts a task definition into a docker-compose file.
pub async fn exec(_parents: crate::commands::flags::Levels, args: &Args) -> anyhow::Result<()> {
    if args.task_def_file.is_some() && args.task_def_remote.is_some() {
        return Err(crate::error::Fatal::new(
            "Error with local create: \nonly one of --task-def-file or --task-def-remote can be specified",
        )
        .into());
    }
    if args.task_def_file.is_none()
        && args.task_def_remote.is_none()
        && !std::path::Path::new("task-definition.json").exists()
    {
        return Err(crate::error::Fatal::new(
            "Error with local create: \ncould not detect valid task definition (either set one of --task-def-file or --task-def-remote flags, or define a task-definition.json file)",
        )
        .into());
    }
    Err(crate::error::not_built("local create"))
}
