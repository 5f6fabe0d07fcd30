//! `ecs-cli down`: Delete the cluster's CloudFormation stack and the ECS cluster.

use crate::commands::flags::Levels;
use crate::error::executing;

/// Delete the cluster's CloudFormation stack and the ECS cluster
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Delete the cluster without asking for confirmation
    #[arg(long = "force", short = 'f')]
    pub force: bool,
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Deletes the cluster's stack and the cluster, after confirmation unless `--force`.
pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    if !args.force {
        confirm().map_err(|e| executing("down", e))?;
    }
    let cfg = ctx
        .command_config()
        .await
        .map_err(|e| executing("down", crate::error::chain_text(&e)))?
        .clone();
    crate::cluster::down(&cfg)
        .await
        .map_err(|e| executing("down", crate::error::chain_text(&e)))
}

/// `Are you sure you want to delete your cluster? [y/N]`; only y/yes proceeds.
fn confirm() -> Result<(), String> {
    println!("Are you sure you want to delete your cluster? [y/N]");
    let mut input = String::new();
    match std::io::stdin().read_line(&mut input) {
        Ok(0) => return Err("Error reading input: EOF".into()),
        Err(e) => return Err(format!("Error reading input: {e}")),
        Ok(_) => {}
    }
    if !input.ends_with('\n') {
        return Err("Error reading input: EOF".into());
    }
    match input.trim().to_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err("Aborted cluster deletion. To delete your cluster, re-run this command and specify the '--force' flag or confirm that you'd like to delete your cluster at the prompt.".into()),
    }
}
