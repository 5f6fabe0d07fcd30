//! `ecs-cli up`: Create an ECS cluster and, unless --empty, a CloudFormation stack of container instances.

use crate::cluster::{self, params::StackFlags};
use crate::commands::flags::{Level, Levels};
use crate::context::Context;
use crate::error::{executing, Fatal};

/// Create an ECS cluster and, unless --empty, a CloudFormation stack of container instances
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Acknowledge that the command may create IAM resources (required unless --instance-role is given)
    #[arg(long = "capability-iam")]
    pub capability_iam: bool,
    /// Create only the ECS cluster, without the CloudFormation stack and instances
    #[arg(long = "empty", short = 'e')]
    pub empty: bool,
    /// Existing IAM role for the container instances (instead of --capability-iam)
    #[arg(long = "instance-role", value_name = "VALUE")]
    pub instance_role: Option<String>,
    /// EC2 key pair for SSH access to the container instances
    #[arg(long = "keypair", value_name = "VALUE")]
    pub keypair: Option<String>,
    /// EC2 instance type of the container instances (default t2.micro)
    #[arg(long = "instance-type", value_name = "VALUE")]
    pub instance_type: Option<String>,
    /// Use Spot instances with this maximum hourly price
    #[arg(long = "spot-price", value_name = "VALUE")]
    pub spot_price: Option<String>,
    /// AMI for the container instances (default: the ECS-optimized Amazon Linux 2 AMI)
    #[arg(long = "image-id", value_name = "VALUE")]
    pub image_id: Option<String>,
    /// Do not give the container instances public IP addresses
    #[arg(long = "no-associate-public-ip-address")]
    pub no_associate_public_ip_address: bool,
    /// Number of container instances
    #[arg(long = "size", value_name = "VALUE")]
    pub size: Option<String>,
    /// Two availability zones for the new VPC, comma separated (e.g. us-east-1a,us-east-1b)
    #[arg(long = "azs", value_name = "VALUE")]
    pub azs: Option<String>,
    /// Existing security group(s) for the container instances, comma separated
    #[arg(long = "security-group", value_name = "VALUE")]
    pub security_group: Option<String>,
    /// CIDR range allowed to reach the container instances through the security group
    #[arg(long = "cidr", value_name = "VALUE")]
    pub cidr: Option<String>,
    /// Port opened on the security group for the container instances
    #[arg(long = "port", value_name = "VALUE")]
    pub port: Option<String>,
    /// Existing subnets for the container instances, comma separated (with --vpc)
    #[arg(long = "subnets", value_name = "VALUE")]
    pub subnets: Option<String>,
    /// Existing VPC ID to use
    #[arg(long = "vpc", value_name = "VALUE")]
    pub vpc: Option<String>,
    /// File with additional user data for the container instances (repeatable)
    #[arg(long = "extra-user-data", value_name = "VALUE", action = clap::ArgAction::Append)]
    pub extra_user_data: Vec<String>,
    /// Delete and recreate the cluster stack if it already exists
    #[arg(long = "force", short = 'f')]
    pub force: bool,
    /// Tags as key=value pairs, comma separated
    #[arg(long = "tags", value_name = "VALUE")]
    pub tags: Option<String>,
    /// Require IMDSv2 on the container instances
    #[arg(long = "imdsv2")]
    pub imdsv2: bool,
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Launch type: EC2 or FARGATE (default: the cluster configuration's)
    #[arg(long = "launch-type", value_name = "VALUE")]
    pub launch_type: Option<String>,
    /// Print debug log lines
    #[arg(long = "verbose", visible_alias = "debug")]
    pub verbose: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Creates the cluster (and, unless `--empty`, its CloudFormation stack).
pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(
        Level::from(&args.cluster_flags)
            .launch_type(&args.launch_type)
            .verbose(args.verbose),
    );
    run(&mut ctx, args)
        .await
        .map_err(|e| match e.downcast::<Fatal>() {
            Ok(f) => f.into(),
            Err(e) => executing("up", crate::error::chain_text(&e)),
        })
}

async fn run(ctx: &mut Context, args: &Args) -> anyhow::Result<()> {
    let cfg = ctx
        .command_config()
        .await
        .map_err(|e| anyhow::anyhow!("Error reading flags: {}", crate::error::chain_text(&e)))?
        .clone();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let opts = cluster::UpOptions {
        capability_iam: args.capability_iam,
        empty: args.empty,
        stack: StackFlags {
            size: text(&args.size),
            azs: text(&args.azs),
            security_group: text(&args.security_group),
            cidr: text(&args.cidr),
            port: text(&args.port),
            subnets: text(&args.subnets),
            vpc: text(&args.vpc),
            instance_type: text(&args.instance_type),
            keypair: text(&args.keypair),
            image_id: text(&args.image_id),
            instance_role: text(&args.instance_role),
            spot_price: text(&args.spot_price),
        },
        no_associate_public_ip_address: args.no_associate_public_ip_address,
        extra_user_data: args.extra_user_data.clone(),
        force: args.force,
        tags: text(&args.tags),
        imdsv2: args.imdsv2,
        cwd: std::env::current_dir().unwrap_or_default(),
    };
    cluster::up(&cfg, &opts).await
}
