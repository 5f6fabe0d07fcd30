//! `ecs-cli local up`: Convert a task definition and run its containers locally.

use super::create::{create_files, CreateFlags};
use crate::commands::flags::Levels;
use crate::config::resolve::Flags;
use crate::error::Fatal;
use crate::local::{compose, network, project, secrets, DEFAULT_INPUT, DEFAULT_OUTPUT};

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

/// Converts (unless given a compose file), decrypts the secrets, sets up the local network
/// and the endpoints container, and runs the compose files.
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
    let base = base_file(parents.clone(), args)
        .await
        .map_err(|e| Fatal::new(format!("Failed to create Compose files due to:\n{e}")))?;
    let overrides = compose::override_files(&base, &args.r#override);
    compose::check_installed()
        .map_err(|e| Fatal::new(format!("Failed to run docker-compose up due to \n{e}")))?;

    let secrets = secrets::from_compose_file(&base).map_err(|e| {
        Fatal::new(format!(
            "Failed to unmarshal Compose file {base} due to \n{e}"
        ))
    })?;
    let mut env = Vec::new();
    if !secrets.is_empty() {
        let mut ctx = parents.leaf(Flags::default());
        let cfg = ctx.command_config().await.map_err(|e| {
            Fatal::new(format!(
                "Failed to create clients to decrypt secrets due to \n{e}"
            ))
        })?;
        for s in &secrets {
            let store = secrets::store(&s.value_from).map_err(|e| {
                Fatal::new(format!(
                    "Failed to retrieve the service of the secret due to \n{e}"
                ))
            })?;
            let value = secrets::decrypt(cfg, s, &store)
                .await
                .map_err(|e| Fatal::new(format!("Failed to decrypt secret due to \n{e}")))?;
            env.push((s.env_name(), value));
        }
    }

    let docker = network::connect().await.map_err(Fatal::new)?;
    if let Err(e) = network::setup(&docker).await {
        // A network made for nothing (e.g. the endpoints image could not be pulled) goes again.
        let _ = network::teardown(&docker).await;
        return Err(Fatal::new(e).into());
    }
    let mut files = vec![base];
    files.extend(overrides);
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

/// The absolute path of the base compose file: `--task-def-compose`, or the file `create`
/// writes from `--task-def-file`/`--task-def-remote`/`./task-definition.json`, or else an
/// existing `./docker-compose.ecs-local.yml`.
async fn base_file(parents: Levels, args: &Args) -> Result<String, String> {
    if args.task_def_file.is_none() && args.task_def_remote.is_none() {
        if let Some(compose) = &args.task_def_compose {
            return Ok(project::absolute(compose));
        }
        if !std::path::Path::new(DEFAULT_INPUT).exists() {
            if std::path::Path::new(DEFAULT_OUTPUT).exists() {
                return Ok(project::absolute(DEFAULT_OUTPUT));
            }
            return Err(format!(
                "need to provide one of {DEFAULT_INPUT} or {DEFAULT_OUTPUT}"
            ));
        }
    }
    let opts = CreateFlags {
        task_def_file: args.task_def_file.clone(),
        task_def_remote: args.task_def_remote.clone(),
        output: args.output.clone(),
        force: args.force,
        use_role: false,
    };
    let base = create_files(parents, &opts).await?;
    Ok(project::absolute(&base))
}
