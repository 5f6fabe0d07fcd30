//! `ecs-cli compose stop`: Stop all tasks of the project.

/// Stop all tasks of the project
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Stops every running task of the project.
pub async fn exec(ctx: &mut crate::context::Context, _args: &Args) -> anyhow::Result<()> {
    let p = crate::tasks::compose::prepare(ctx, None, false).await?;
    p.runner.stop().await
}
