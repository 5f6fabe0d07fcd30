//! `ecs-cli logs`: Print the CloudWatch Logs of a task's containers.

use crate::context::Context;
use crate::error::executing;

/// Print the CloudWatch Logs of a task's containers
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// AWS region
    #[arg(long = "region", short = 'r', value_name = "VALUE")]
    pub region: Option<String>,
    /// Name of the ECS profile in ~/.ecs/credentials to use (default: the default one)
    #[arg(
        long = "ecs-profile",
        env = "ECS_PROFILE",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub ecs_profile: Option<String>,
    /// Use this named profile from the AWS shared config/credentials files (takes precedence over --ecs-profile)
    #[arg(
        long = "aws-profile",
        env = "AWS_PROFILE",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub aws_profile: Option<String>,
    /// Name of the cluster configuration in ~/.ecs/config to use (default: the default one)
    #[arg(long = "cluster-config", value_name = "VALUE")]
    pub cluster_config: Option<String>,
    /// ECS cluster name
    #[arg(long = "cluster", short = 'c', value_name = "VALUE")]
    pub cluster: Option<String>,
    /// ID of the task whose logs to show
    #[arg(long = "task-id", value_name = "VALUE")]
    pub task_id: Option<String>,
    /// Task definition (family:revision or ARN)
    #[arg(long = "task-def", value_name = "VALUE")]
    pub task_def: Option<String>,
    /// Keep polling for new log events
    #[arg(long = "follow")]
    pub follow: bool,
    /// CloudWatch Logs filter pattern to apply to the events
    #[arg(long = "filter-pattern", value_name = "VALUE")]
    pub filter_pattern: Option<String>,
    /// Container (compose service) to attach to the load balancer, or whose logs to show
    #[arg(long = "container-name", value_name = "VALUE")]
    pub container_name: Option<String>,
    /// Show only events from this many minutes ago onwards
    #[arg(long = "since", value_name = "N")]
    pub since: Option<i64>,
    /// Show only events after this time (RFC 3339, e.g. 2006-01-02T15:04:05+07:00)
    #[arg(long = "start-time", value_name = "VALUE")]
    pub start_time: Option<String>,
    /// Show only events before this time (RFC 3339, e.g. 2006-01-02T15:04:05+07:00)
    #[arg(long = "end-time", value_name = "VALUE")]
    pub end_time: Option<String>,
    /// Prefix each event with its timestamp
    #[arg(long = "timestamps", short = 't')]
    pub timestamps: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Prints the CloudWatch Logs events of a task's containers.
pub async fn exec(ctx: &mut Context, args: &Args) -> anyhow::Result<()> {
    if args.task_id.as_deref().unwrap_or("").is_empty() {
        return Err(executing(
            "logs",
            "TaskID must be specified with the --task-id flag",
        ));
    }
    if args.since.is_some() && args.start_time.is_some() {
        return Err(executing(
            "logs",
            "--since can not be used with --start-time",
        ));
    }
    if args.follow && args.end_time.is_some() {
        return Err(executing(
            "logs",
            "--follow can not be used with --end-time",
        ));
    }
    ctx.command_config()
        .await
        .map_err(|e| executing("logs", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("logs"))
}
