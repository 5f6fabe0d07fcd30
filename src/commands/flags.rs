//! Flags shared by many commands. Each command level declares them itself (the original's
//! commands did), and a command reads the nearest non-empty value from its own level up
//! through its parents with `Context::string`, so these structs are only declarations.

/// Region and credentials: which AWS account and region a command talks to.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct AwsFlags {
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
}

/// [`AwsFlags`] plus the ECS cluster.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ClusterFlags {
    #[command(flatten)]
    pub aws: AwsFlags,
    /// ECS cluster name
    #[arg(long = "cluster", short = 'c', value_name = "VALUE")]
    pub cluster: Option<String>,
}
