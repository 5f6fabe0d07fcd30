//! `ecs-cli pull`: Pull an image from ECR.

use crate::commands::flags::{Level, Levels};
use crate::images::transfer;

/// Pull an image from ECR
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// AWS account ID of the ECR registry (default: your account)
    #[arg(long = "registry-id", value_name = "VALUE")]
    pub registry_id: Option<String>,
    #[command(flatten)]
    pub aws_flags: crate::commands::flags::AwsFlags,
    /// Print debug log lines
    #[arg(long = "verbose", visible_alias = "debug")]
    pub verbose: bool,
    /// Use the FIPS endpoint of ECR
    #[arg(long = "use-fips", visible_alias = "fips")]
    pub use_fips: bool,
    /// Image to pull (REPOSITORY[:TAG])
    #[arg(value_name = "IMAGE", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(Level::from(&args.aws_flags).verbose(args.verbose));
    let fail = |e: String| crate::error::executing("pull", e);
    let cfg = ctx
        .command_config()
        .await
        .map_err(|e| fail(crate::error::chain_text(&e)))?;
    if args.args.len() != 1 {
        return Err(fail("ecs-cli pull requires exactly 1 argument".to_string()));
    }
    let opts = transfer::PullOptions {
        image: args.args[0].clone(),
        registry_id: args.registry_id.clone(),
        fips: args.use_fips,
    };
    transfer::pull(cfg, &opts).await.map_err(fail)
}
