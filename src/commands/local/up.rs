//! `ecs-cli local up`: Convert a task definition and run its containers locally.

use super::create::{create_files, CreateFlags};
use crate::commands::flags::Levels;
use crate::config::resolve::Flags;
use crate::error::Fatal;
use crate::local::{compose, network, secrets};

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

/// Converts (unless given a compose file), sets up the local network and the endpoints
/// container, decrypts the secrets, and runs the compose files.
pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let given = [
        ("task-def-file", args.task_def_file.is_some()),
        ("task-def-remote", args.task_def_remote.is_some()),
        ("task-def-compose", args.task_def_compose.is_some()),
    ];
    let set: Vec<&str> = given
        .iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| *n)
        .collect();
    if set.len() > 1 {
        return Err(Fatal::new(format!(
            "only one of --{} or --{} can be specified",
            set[0], set[1]
        ))
        .into());
    }
    if args.output.is_some() && args.task_def_compose.is_some() {
        return Err(
            Fatal::new("only one of --output or --task-def-compose can be specified").into(),
        );
    }
    let base = match &args.task_def_compose {
        Some(compose) => {
            // The flags still take effect (e.g. the region for the secrets).
            compose.clone()
        }
        None => {
            let opts = CreateFlags {
                task_def_file: args.task_def_file.clone(),
                task_def_remote: args.task_def_remote.clone(),
                output: args.output.clone(),
                force: args.force,
                use_role: false,
            };
            create_files(parents.clone(), &opts)
                .await
                .map_err(|e| Fatal::new(format!("Failed to create Compose files due to:\n{e}")))?
        }
    };
    compose::check_installed()
        .map_err(|e| Fatal::new(format!("Failed to run docker-compose up due to \n{e}")))?;
    let files = compose::files(&base, &args.r#override);
    let secrets = secrets::from_compose_files(&files)
        .map_err(|e| Fatal::new(format!("Failed to read secrets due to:\n{e}")))?;
    let mut env = Vec::new();
    if !secrets.is_empty() {
        let mut ctx = parents.leaf(Flags::default());
        let cfg = ctx
            .command_config()
            .await
            .map_err(|e| Fatal::new(format!("Failed to decrypt secrets due to:\n{e}")))?;
        env = secrets::decrypt_all(cfg, &secrets)
            .await
            .map_err(|e| Fatal::new(format!("Failed to decrypt secrets due to:\n{e}")))?;
    }
    let docker = network::connect().await.map_err(Fatal::new)?;
    network::setup(&docker).await.map_err(Fatal::new)?;
    let out = match compose::up(&files, &env) {
        Ok(out) => out,
        Err(e) => {
            // Leave no endpoints container or network behind when no task started.
            let _ = network::teardown(&docker).await;
            return Err(Fatal::new(format!("Failed to run docker-compose up due to \n{e}")).into());
        }
    };
    println!("Compose out: {out}");
    Ok(())
}
