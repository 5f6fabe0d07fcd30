//! `ecs-cli up`: Create an ECS cluster and, unless --empty, a CloudFormation stack of container instances.

use crate::aws;
use crate::commands::flags::{Level, Levels};
use crate::config::resolve::CommandConfig;
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

/// Flags that become stack parameters, in the order their "ignored" warnings are printed.
type FlagIsSet = fn(&Args) -> bool;

const STACK_FLAGS: [(&str, FlagIsSet); 12] = [
    ("keypair", |a| a.keypair.is_some()),
    ("instance-type", |a| a.instance_type.is_some()),
    ("spot-price", |a| a.spot_price.is_some()),
    ("image-id", |a| a.image_id.is_some()),
    ("size", |a| a.size.is_some()),
    ("azs", |a| a.azs.is_some()),
    ("security-group", |a| a.security_group.is_some()),
    ("cidr", |a| a.cidr.is_some()),
    ("port", |a| a.port.is_some()),
    ("subnets", |a| a.subnets.is_some()),
    ("vpc", |a| a.vpc.is_some()),
    ("instance-role", |a| a.instance_role.is_some()),
];

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
    if cfg.cluster.is_empty() {
        anyhow::bail!(
            "Please configure a cluster using the configure command or the '--cluster' flag"
        );
    }
    let tags = crate::go::ecs_utils::parse_tags(args.tags.as_deref().unwrap_or(""))
        .map_err(anyhow::Error::msg)?;
    if args.empty {
        for (flag, set) in STACK_FLAGS {
            if set(args) {
                tracing::warn!(
                    "Value for flag '{flag}' will be ignored when creating an empty cluster"
                );
            }
        }
        if args.capability_iam {
            tracing::warn!(
                "The '--capability-iam' flag will be ignored when creating an empty cluster"
            );
        }
        if args.force {
            tracing::warn!("Force flag is unsupported when creating an empty cluster.");
        }
    } else if cfg.launch_type != crate::config::LAUNCH_TYPE_FARGATE {
        match (args.capability_iam, args.instance_role.is_some()) {
            (false, false) => anyhow::bail!("You must either specify a custom role with the '--instance-role' flag or set the '--capability-iam' flag"),
            (true, true) => anyhow::bail!("Cannot specify custom role when '--capability-iam' flag is set"),
            _ => {}
        }
    }

    let cfn = aws::cloudformation(&cfg);
    let stack_exists = cfn
        .describe_stacks()
        .stack_name(&cfg.cfn_stack_name)
        .send()
        .await
        .is_ok();
    if args.empty {
        if stack_exists {
            anyhow::bail!(
                "A CloudFormation stack already exists for the cluster '{}'. Please specify '--force' to clean up your existing resources",
                cfg.cluster
            );
        }
        create_cluster(&cfg, &tags).await?;
        println!("Cluster creation succeeded.");
        return Ok(());
    }
    Err(crate::error::not_built(
        "up (with a CloudFormation stack; use --empty)",
    ))
}

/// CreateCluster with the `--tags`, logging like the original.
async fn create_cluster(cfg: &CommandConfig, tags: &[(String, String)]) -> anyhow::Result<()> {
    let ecs = aws::ecs(cfg);
    let mut req = ecs.create_cluster().cluster_name(&cfg.cluster);
    for (k, v) in tags {
        req = req.tags(aws_sdk_ecs::types::Tag::builder().key(k).value(v).build());
    }
    match req.send().await {
        Ok(_) => {
            tracing::info!(cluster = %cfg.cluster, region = %cfg.region, "Created cluster");
            Ok(())
        }
        Err(e) => {
            let text = aws::error_text(&e);
            tracing::error!(cluster = %cfg.cluster, error = %text, "Failed to Create Cluster");
            Err(anyhow::anyhow!(text))
        }
    }
}
