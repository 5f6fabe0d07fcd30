//! `ecs-cli configure`: Store a cluster configuration (cluster, region, launch type) in ~/.ecs/config.

use crate::config::{
    self,
    file::{ClusterEntry, ClusterFile, CONFIG_VERSION},
};
use crate::error::Fatal;

pub mod default;
pub mod migrate;
pub mod profile;

/// Store a cluster configuration (cluster, region, launch type) in ~/.ecs/config
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// ECS cluster name
    #[arg(
        long = "cluster",
        short = 'c',
        env = "ECS_CLUSTER",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub cluster: Option<String>,
    /// AWS region
    #[arg(
        long = "region",
        short = 'r',
        env = "AWS_REGION",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub region: Option<String>,
    /// Name under which to store this cluster configuration
    #[arg(long = "config-name", value_name = "VALUE")]
    pub config_name: Option<String>,
    /// Prefix added to the project name to form ECS service names
    #[arg(long = "compose-service-name-prefix", value_name = "VALUE")]
    pub compose_service_name_prefix: Option<String>,
    /// Name of the CloudFormation stack for the cluster (default: amazon-ecs-cli-setup-<cluster>)
    #[arg(long = "cfn-stack-name", value_name = "VALUE")]
    pub cfn_stack_name: Option<String>,
    /// Launch type used when a command gets no --launch-type: EC2 or FARGATE
    #[arg(long = "default-launch-type", value_name = "VALUE")]
    pub default_launch_type: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `<flag> can not be empty`, the original's check for required values.
pub(crate) fn required(value: &Option<String>, flag: &str) -> anyhow::Result<String> {
    match value.as_deref() {
        Some(v) if !v.is_empty() => Ok(v.to_string()),
        _ => Err(Fatal::new(format!("{flag} can not be empty")).into()),
    }
}

/// Saves a cluster configuration under `--config-name` (default `default`).
pub async fn exec(args: &Args) -> anyhow::Result<()> {
    let region = required(&args.region, "region")?;
    let name = required(
        &Some(args.config_name.clone().unwrap_or_else(|| "default".into())),
        "config-name",
    )?;
    let cluster = required(&args.cluster, "cluster")?;
    let launch_type = args.default_launch_type.clone().unwrap_or_default();
    config::validate_launch_type(&launch_type).map_err(Fatal::new)?;
    let entry = ClusterEntry {
        cluster,
        region,
        compose_service_name_prefix: args.compose_service_name_prefix.clone().unwrap_or_default(),
        cfn_stack_name: args.cfn_stack_name.clone().unwrap_or_default(),
        default_launch_type: launch_type,
    };
    save_cluster(&name, entry)
        .map_err(|e| Fatal::new(format!("Error saving cluster configuration: {e}")))?;
    tracing::info!("Saved ECS CLI cluster configuration {name}.");
    Ok(())
}

/// Adds or replaces one cluster configuration; the first one saved becomes the default.
pub(crate) fn save_cluster(name: &str, entry: ClusterEntry) -> anyhow::Result<()> {
    config::with_config_lock(|| save_cluster_locked(name, entry))
}

fn save_cluster_locked(name: &str, entry: ClusterEntry) -> anyhow::Result<()> {
    let path = config::config_path()?;
    // An unreadable or legacy file starts a new YAML file, as in the original.
    let mut file = ClusterFile::read(&path).unwrap_or_default();
    file.version = CONFIG_VERSION.into();
    file.clusters.insert(name.to_string(), entry);
    if file.clusters.len() == 1 {
        file.default = name.to_string();
    }
    file.write(&path).map_err(anyhow::Error::msg)
}

#[derive(clap::Subcommand, Debug, Clone)]
pub enum Command {
    Profile(profile::Args),
    Default(default::Args),
    Migrate(migrate::Args),
}

/// Routes a `configure` subcommand; without one, `configure` itself saves a cluster
/// configuration. (The configure commands read no shared flags.)
pub async fn dispatch(args: Args) -> anyhow::Result<()> {
    let Some(command) = args.command.clone() else {
        return exec(&args).await;
    };
    match command {
        Command::Profile(a) => profile::dispatch(a).await,
        Command::Default(a) => default::exec(&a).await,
        Command::Migrate(a) => migrate::exec(&a).await,
    }
}
