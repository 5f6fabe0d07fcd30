//! `ecs-cli compose create`: Register the project's task definition.

use crate::commands::flags::{Level, Levels};
use crate::compose::ProjectOptions;

/// Register the project's task definition
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Launch type: EC2 or FARGATE (default: the cluster configuration's)
    #[arg(long = "launch-type", value_name = "VALUE")]
    pub launch_type: Option<String>,
    /// Create the CloudWatch log groups named in the awslogs logging options
    #[arg(long = "create-log-groups")]
    pub create_log_groups: bool,
    /// Tags as key=value pairs, comma separated
    #[arg(long = "tags", value_name = "VALUE")]
    pub tags: Option<String>,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Registers the project's task definition (or reuses the cached identical revision).
pub async fn exec(parents: Levels, opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(Level::from(&args.cluster_flags).launch_type(&args.launch_type));
    let (cfg, project) = super::open(&mut ctx, opts).await?;
    let tags = super::parse_tags(&args.tags)?;
    project
        .register(&cfg, &tags, args.create_log_groups)
        .await?;
    Ok(())
}
