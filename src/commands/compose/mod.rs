//! `ecs-cli compose`: Run a docker-compose project on ECS as tasks, or as a service with the service subcommand.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::flags::{Level, Levels};
use crate::compose::ProjectOptions;
use crate::config::resolve::CommandConfig;
use crate::context::Context;
use crate::ecs_tasks::run::Runner;
use crate::error::Fatal;
use crate::project::{self, Project};

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
#[allow(clippy::large_enum_variant)] // parsed once; boxing the variants buys nothing
pub enum Command {
    Create(create::Args),
    #[command(visible_alias = "list")]
    Ps(ps::Args),
    Run(run::Args),
    Scale(scale::Args),
    Start(start::Args),
    #[command(visible_alias = "down")]
    Stop(stop::Args),
    Up(up::Args),
    Service(service::Args),
}

/// Routes a `compose` subcommand, with this level's flags and the project's options.
pub async fn dispatch(parents: Levels, args: Args) -> anyhow::Result<()> {
    let opts = args.project_options();
    let levels = parents.with(Level::from(&args.cluster_flags).verbose(args.verbose));
    let Some(command) = args.command else {
        return Err(super::subcommand_required());
    };
    match command {
        Command::Create(a) => create::exec(levels, &opts, &a).await,
        Command::Ps(a) => ps::exec(levels, &opts, &a).await,
        Command::Run(a) => run::exec(levels, &opts, &a).await,
        Command::Scale(a) => scale::exec(levels, &opts, &a).await,
        Command::Start(a) => start::exec(levels, &opts, &a).await,
        Command::Stop(a) => stop::exec(levels, &opts, &a).await,
        Command::Up(a) => up::exec(levels, &opts, &a).await,
        Command::Service(a) => service::dispatch(levels, &opts, a).await,
    }
}

impl Args {
    /// The project options from this level's flags, COMPOSE_FILE and the process environment.
    fn project_options(&self) -> ProjectOptions {
        let env: BTreeMap<String, String> = std::env::vars_os()
            .map(|(k, v)| {
                (
                    k.to_string_lossy().into_owned(),
                    v.to_string_lossy().into_owned(),
                )
            })
            .collect();
        // urfave/cli: COMPOSE_FILE (split on ',') is the default, --file values come after it.
        let mut files: Vec<String> = Vec::new();
        if let Some(v) = env.get("COMPOSE_FILE").filter(|v| !v.is_empty()) {
            files.extend(v.split(',').map(str::to_string));
        }
        files.extend(self.file.iter().cloned());
        let given = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
        ProjectOptions {
            files,
            project_name: given(&self.project_name),
            ecs_params: given(&self.ecs_params),
            registry_creds: given(&self.registry_creds),
            task_role_arn: given(&self.task_role_arn),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            env,
        }
    }
}

/// The configuration of a compose command and its project, opened; failures are reported
/// the way the original's project factory reported them.
async fn open(
    ctx: &mut Context,
    opts: &ProjectOptions,
) -> anyhow::Result<(CommandConfig, Project)> {
    let cfg = ctx
        .command_config()
        .await
        .map_err(|e| project::config_error(&e))?
        .clone();
    let project = project::open(&cfg, opts)?;
    Ok((cfg, project))
}

/// `--tags key=value,…`, in the order given.
fn parse_tags(value: &Option<String>) -> anyhow::Result<Vec<(String, String)>> {
    match value.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => Ok(crate::go::ecs_utils::parse_tags(t).map_err(Fatal::new)?),
        None => Ok(Vec::new()),
    }
}

/// A compose project ready for a task command: its configuration, the project, its tags and
/// the [`Runner`] with the project's naming.
struct ProjectTasks {
    cfg: CommandConfig,
    project: Project,
    tags: Vec<(String, String)>,
    runner: Runner,
}

impl ProjectTasks {
    /// Opens the project and builds its runner (`--launch-type`, where the command has it,
    /// is part of the configuration; `compose run` uses the configured default).
    async fn open(
        ctx: &mut Context,
        opts: &ProjectOptions,
        tags: &Option<String>,
        disable_managed_tags: bool,
    ) -> anyhow::Result<ProjectTasks> {
        let (cfg, project) = open(ctx, opts).await?;
        let tags = parse_tags(tags)?;
        let runner = Runner {
            ecs: crate::aws::ecs(&cfg),
            cluster: cfg.cluster.clone(),
            launch_type: cfg.launch_type.clone(),
            project_name: project.name.clone(),
            filter: project.task_filter(&cfg),
            ecs_params: project.ecs_params.clone(),
            tags: tags.clone(),
            disable_managed_tags,
        };
        Ok(ProjectTasks {
            cfg,
            project,
            tags,
            runner,
        })
    }

    /// Registers (or reuses) the task definition; returns its ARN.
    async fn register(&self, create_log_groups: bool) -> anyhow::Result<String> {
        self.project
            .register(&self.cfg, &self.tags, create_log_groups)
            .await
    }
}
