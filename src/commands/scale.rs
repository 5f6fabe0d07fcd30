//! `ecs-cli scale`: Change the number of container instances in the cluster's stack.

use crate::commands::flags::Levels;
use crate::error::executing;

/// Change the number of container instances in the cluster's stack
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Acknowledge that the command may create IAM resources (required unless --instance-role is given)
    #[arg(long = "capability-iam")]
    pub capability_iam: bool,
    /// Number of container instances to scale the cluster to
    #[arg(long = "size", value_name = "VALUE")]
    pub size: Option<String>,
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Changes the number of container instances of the cluster's stack.
pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    if !args.capability_iam {
        return Err(executing("scale", "Please acknowledge that this command may create IAM resources with the '--capability-iam' flag"));
    }
    let size = args.size.clone().unwrap_or_default();
    if size.is_empty() {
        return Err(executing("scale", "Missing required flag '--size'"));
    }
    if size.parse::<i64>().is_err() {
        return Err(executing(
            "scale",
            format!(
                "strconv.Atoi: parsing {}: invalid syntax",
                crate::go::strconv::quote(&size)
            ),
        ));
    }
    let cfg = ctx
        .command_config()
        .await
        .map_err(|e| executing("scale", crate::error::chain_text(&e)))?
        .clone();
    crate::cluster::scale(&cfg, &size)
        .await
        .map_err(|e| executing("scale", crate::error::chain_text(&e)))
}
