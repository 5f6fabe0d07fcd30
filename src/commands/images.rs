//! `ecs-cli images`: List the images in ECR repositories.

use crate::commands::flags::{Level, Levels};
use crate::images::list;

/// List the images in ECR repositories
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Only list tagged images
    #[arg(long = "tagged")]
    pub tagged: bool,
    /// Only list untagged images
    #[arg(long = "untagged")]
    pub untagged: bool,
    #[command(flatten)]
    pub aws_flags: crate::commands::flags::AwsFlags,
    /// Print debug log lines
    #[arg(long = "verbose", visible_alias = "debug")]
    pub verbose: bool,
    /// Only list images of this repository
    #[arg(value_name = "REPOSITORY", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(Level::from(&args.aws_flags).verbose(args.verbose));
    let cfg = ctx
        .command_config()
        .await
        .map_err(|e| crate::error::executing("images", crate::error::chain_text(&e)))?;
    let opts = list::Options {
        repositories: args.args.clone(),
        tagged: args.tagged,
        untagged: args.untagged,
        registry_id: None,
    };
    list::run(cfg, &opts)
        .await
        .map_err(|e| crate::error::executing("images", e))
}
