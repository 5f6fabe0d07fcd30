//! `ecs-cli compose service rm`: Scale the service to 0 and delete it.

/// Scale the service to 0 and delete it
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
    /// Minutes to wait for the service to become stable (0: do not wait)
    #[arg(long = "timeout", default_value_t = 5.0, value_name = "N")]
    pub timeout: f64,
    /// Also delete the private DNS namespace created for service discovery
    #[arg(long = "delete-namespace")]
    pub delete_namespace: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

pub async fn exec(ctx: &mut crate::context::Context, _args: &Args) -> anyhow::Result<()> {
    // Resolve the configuration first, so configuration errors read as they will when built.
    ctx.command_config()
        .await
        .map_err(|e| crate::error::executing("rm", crate::error::chain_text(&e)))?;
    Err(crate::error::not_built("compose service rm"))
}
