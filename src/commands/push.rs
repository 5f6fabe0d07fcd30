//! `ecs-cli push`: Push a local image to an ECR repository, creating the repository if needed.

use crate::commands::flags::{Level, Levels};

/// Push a local image to an ECR repository, creating the repository if needed
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// AWS account ID of the ECR registry (default: your account)
    #[arg(long = "registry-id", value_name = "VALUE")]
    pub registry_id: Option<String>,
    /// Tags as key=value pairs, comma separated
    #[arg(long = "tags", value_name = "VALUE")]
    pub tags: Option<String>,
    #[command(flatten)]
    pub aws_flags: crate::commands::flags::AwsFlags,
    /// Print debug log lines
    #[arg(long = "verbose", visible_alias = "debug")]
    pub verbose: bool,
    /// Use the FIPS endpoint of ECR
    #[arg(long = "use-fips", visible_alias = "fips")]
    pub use_fips: bool,
    /// Local image to push ([REGISTRY/]REPOSITORY[:TAG])
    #[arg(value_name = "IMAGE", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(Level::from(&args.aws_flags).verbose(args.verbose));
    // Resolve the configuration first, so configuration errors read as they will when built.
    ctx.command_config()
        .await
        .map_err(|e| crate::error::executing("push", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("push"))
}
