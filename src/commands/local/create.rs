//! `ecs-cli local create`: Convert a task definition into a docker-compose file.

use crate::commands::flags::Levels;
use crate::config::resolve::Flags;
use crate::error::Fatal;
use crate::local::{self, project, project::Source};

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
pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let opts = CreateFlags {
        task_def_file: args.task_def_file.clone(),
        task_def_remote: args.task_def_remote.clone(),
        output: args.output.clone(),
        force: args.force,
        use_role: args.use_role,
    };
    create_files(parents, &opts)
        .await
        .map_err(|e| Fatal::new(format!("Error with local create: \n{e}")))?;
    Ok(())
}

/// The flags `local create` and `local up` share.
pub struct CreateFlags {
    pub task_def_file: Option<String>,
    pub task_def_remote: Option<String>,
    pub output: Option<String>,
    pub force: bool,
    pub use_role: bool,
}

/// Reads, converts and writes the compose files; returns the base file's name.
pub async fn create_files(parents: Levels, f: &CreateFlags) -> Result<String, String> {
    if f.task_def_file.is_some() && f.task_def_remote.is_some() {
        return Err(
            "only one of --task-def-file or --task-def-remote can be specified".to_string(),
        );
    }
    let source = match (&f.task_def_file, &f.task_def_remote) {
        (Some(file), _) => Source::File(file.clone()),
        (None, Some(remote)) => Source::Remote(remote.clone()),
        (None, None) if std::path::Path::new(local::DEFAULT_INPUT).exists() => {
            Source::File(local::DEFAULT_INPUT.to_string())
        }
        (None, None) => {
            return Err("could not detect valid task definition (either set one of --task-def-file or --task-def-remote flags, or define a task-definition.json file)".to_string());
        }
    };
    let region = match &source {
        Source::Remote(r) => project::remote_region(r),
        Source::File(_) => None,
    };
    let mut ctx = parents.leaf(Flags {
        region,
        ..Flags::default()
    });
    let (td, input) = match &source {
        Source::File(file) => project::read_file(file)?,
        Source::Remote(remote) => {
            let cfg = ctx.command_config().await.map_err(|e| e.to_string())?;
            let ecs = crate::aws::ecs(cfg);
            project::read_remote(&ecs, remote)
                .await
                .map_err(|e| e.to_string())?
        }
    };
    let converted = project::convert(&td, &input, f.use_role)?;
    let base = f
        .output
        .clone()
        .filter(|o| !o.is_empty())
        .unwrap_or_else(|| local::DEFAULT_OUTPUT.to_string());
    let stdin = std::io::stdin();
    project::write(&base, &converted, f.force, &mut stdin.lock())?;
    Ok(base)
}
