//! The cluster lifecycle behind `up`, `down` and `scale`: the ECS cluster and its
//! CloudFormation stack (VPC, subnets, security group, instance role and profile, launch
//! configuration, Auto Scaling group), with the original's checks, log lines and order of
//! calls. Takes plain options and the resolved configuration; the stack calls and waits are
//! [`crate::stacks`].

pub mod params;
pub mod template;
pub mod userdata;

use std::path::PathBuf;

use crate::aws;
use crate::config::resolve::CommandConfig;
use crate::config::{LAUNCH_TYPE_EC2, LAUNCH_TYPE_FARGATE};
use crate::logging::{log, LogLevel};
use crate::stacks::{self, Operation, Param};

use params::{Params, StackFlags};

/// The instance type used when `--instance-type` is not given.
pub const DEFAULT_INSTANCE_TYPE: &str = "t2.micro";

/// What `up` was asked for. Empty strings are flags not given (as the original read them).
#[derive(Debug, Clone, Default)]
pub struct UpOptions {
    pub capability_iam: bool,
    pub empty: bool,
    pub stack: StackFlags,
    pub no_associate_public_ip_address: bool,
    pub extra_user_data: Vec<String>,
    pub force: bool,
    pub tags: String,
    pub imdsv2: bool,
    /// Where relative `--extra-user-data` names are read from.
    pub cwd: PathBuf,
}

fn cluster_not_set() -> anyhow::Error {
    anyhow::anyhow!(
        "Please configure a cluster using the configure command or the '--cluster' flag"
    )
}

/// `ecs-cli up`: creates the cluster and, unless `--empty`, its stack; prints what the stack
/// created and `Cluster creation succeeded.`.
pub async fn up(cfg: &CommandConfig, opts: &UpOptions) -> anyhow::Result<()> {
    if cfg.cluster.is_empty() {
        return Err(cluster_not_set());
    }
    let cfn = aws::cloudformation(cfg);
    if opts.empty {
        create_empty(cfg, &cfn, opts).await?;
    } else {
        create_with_stack(cfg, &cfn, opts).await?;
        if let Err(e) = print_network_resources(&cfn, &cfg.cfn_stack_name).await {
            log(
                LogLevel::Error,
                &format!("Error describing Cloudformation resources: {e}"),
                &[],
            );
        }
    }
    println!("Cluster creation succeeded.");
    Ok(())
}

async fn create_empty(
    cfg: &CommandConfig,
    cfn: &aws_sdk_cloudformation::Client,
    opts: &UpOptions,
) -> anyhow::Result<()> {
    for (flag, value) in opts.stack.named() {
        if !value.is_empty() {
            log(
                LogLevel::Warning,
                &format!("Value for flag '{flag}' will be ignored when creating an empty cluster"),
                &[],
            );
        }
    }
    if opts.capability_iam {
        log(
            LogLevel::Warning,
            "The '--capability-iam' flag will be ignored when creating an empty cluster",
            &[],
        );
    }
    if opts.force {
        log(
            LogLevel::Warning,
            "Force flag is unsupported when creating an empty cluster.",
            &[],
        );
    }
    if stacks::exists(cfn, &cfg.cfn_stack_name).await {
        anyhow::bail!(
            "A CloudFormation stack already exists for the cluster '{}'.",
            cfg.cluster
        );
    }
    let tags = parse_tags(&opts.tags)?;
    create_cluster(cfg, &tags).await
}

fn parse_tags(flag: &str) -> anyhow::Result<Vec<(String, String)>> {
    crate::go::ecs_utils::parse_tags(flag).map_err(anyhow::Error::msg)
}

fn launch_type(cfg: &CommandConfig) -> &str {
    if cfg.launch_type.is_empty() {
        LAUNCH_TYPE_EC2
    } else {
        &cfg.launch_type
    }
}

async fn create_with_stack(
    cfg: &CommandConfig,
    cfn: &aws_sdk_cloudformation::Client,
    opts: &UpOptions,
) -> anyhow::Result<()> {
    let launch_type = launch_type(cfg);
    let ec2_launch = launch_type == LAUNCH_TYPE_EC2;
    if ec2_launch {
        match (opts.capability_iam, !opts.stack.instance_role.is_empty()) {
            (false, false) => anyhow::bail!("You must either specify a custom role with the '--instance-role' flag or set the '--capability-iam' flag"),
            (true, true) => anyhow::bail!("Cannot specify custom role when '--capability-iam' flag is set"),
            _ => {}
        }
        if opts.stack.keypair.is_empty() {
            log(
                LogLevel::Warning,
                "You will not be able to SSH into your EC2 instances without a key pair.",
                &[],
            );
        }
    }

    let stack_name = cfg.cfn_stack_name.as_str();
    let delete_first = stacks::exists(cfn, stack_name).await;
    if delete_first && !opts.force {
        anyhow::bail!(
            "A CloudFormation stack already exists for the cluster '{}'. Please specify '--force' to clean up your existing resources",
            cfg.cluster
        );
    }

    let tags = parse_tags(&opts.tags)?;
    let mut instance_tags = Vec::new();
    if ec2_launch && !tags.is_empty() && instance_tagging_enabled(cfg).await? {
        instance_tags = tags.clone();
    }

    let mut params = Params::from_flags(&opts.stack);
    if ec2_launch {
        let mut user_data = userdata::UserData::new(&cfg.cluster, &instance_tags);
        for file in &opts.extra_user_data {
            user_data
                .add_file(&opts.cwd, file)
                .map_err(anyhow::Error::msg)?;
        }
        params.add(params::USER_DATA, &user_data.build());
    }
    params.add(params::CLUSTER, &cfg.cluster);
    if opts.no_associate_public_ip_address {
        params.add(params::ASSOCIATE_PUBLIC_IP, "false");
    }
    if launch_type == LAUNCH_TYPE_FARGATE {
        params.add(params::IS_FARGATE, "true");
    }
    if opts.imdsv2 {
        params.add(params::IS_IMDSV2, "true");
    }
    params.validate().map_err(anyhow::Error::msg)?;

    if ec2_launch {
        let instance_type = checked_instance_type(cfg, &opts.stack.instance_type).await?;
        params.add(params::INSTANCE_TYPE, &instance_type);
        if !params.has(params::AMI_ID) {
            let ssm = aws::ssm(cfg);
            let ami = aws::amimetadata::recommended_ami(&ssm, &cfg.region, &instance_type).await?;
            log(
                LogLevel::Info,
                &format!(
                    "Using recommended {} AMI with ECS Agent {} and {}",
                    ami.os_name, ami.agent_version, ami.runtime_version
                ),
                &[],
            );
            params.add(params::AMI_ID, &ami.image_id);
        }
    }

    create_cluster(cfg, &tags).await?;

    if delete_first {
        stacks::delete(cfn, stack_name).await?;
        log(
            LogLevel::Info,
            "Waiting for your CloudFormation stack resources to be deleted...",
            &[],
        );
        stacks::wait_until_complete(
            cfn,
            stack_name,
            Operation::Delete,
            "Run the same 'ecs-cli up --force' again to recreate it once it is gone.",
        )
        .await?;
    }

    let template = template::render(stack_name, &tags);
    let stack_params: Vec<Param> = params
        .entries()
        .iter()
        .map(|(k, v)| Param::value(k, v))
        .collect();
    stacks::create(
        cfn,
        &stacks::NewStack {
            name: stack_name,
            template: &template,
            parameters: &stack_params,
            tags: &tags,
            capability_iam: true,
        },
    )
    .await?;
    log(
        LogLevel::Info,
        "Waiting for your cluster resources to be created...",
        &[],
    );
    stacks::wait_until_complete(
        cfn,
        stack_name,
        Operation::Create,
        "Follow it in the CloudFormation console; 'ecs-cli up --force' with the same flags starts over, 'ecs-cli down --force' removes it.",
    )
    .await
}

/// The instance type to use (`--instance-type`, else the default, logged), checked against
/// the types the region offers.
async fn checked_instance_type(cfg: &CommandConfig, flag: &str) -> anyhow::Result<String> {
    let instance_type = if flag.is_empty() {
        log(
            LogLevel::Info,
            &format!("Defaulting instance type to {DEFAULT_INSTANCE_TYPE}"),
            &[],
        );
        DEFAULT_INSTANCE_TYPE.to_string()
    } else {
        flag.to_string()
    };
    let offered = aws::ec2_offerings::instance_types(&aws::ec2(cfg), &cfg.region).await?;
    if !offered.contains(&instance_type) {
        anyhow::bail!(params::unsupported_instance_type(
            &instance_type,
            &cfg.region,
            &offered
        ));
    }
    Ok(instance_type)
}

/// Whether container instances can be tagged (the effective `containerInstanceLongArnFormat`
/// setting is enabled); warns as the original did when it is.
async fn instance_tagging_enabled(cfg: &CommandConfig) -> anyhow::Result<bool> {
    use aws_sdk_ecs::types::SettingName;
    let out = aws::ecs(cfg)
        .list_account_settings()
        .name(SettingName::ContainerInstanceLongArnFormat)
        .effective_settings(true)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!(aws::error_text(&e)))?;
    let Some(setting) = out.settings().first() else {
        return Ok(false);
    };
    if setting.value() != Some("enabled") {
        return Ok(false);
    }
    log(
        LogLevel::Warning,
        &format!(
            "Enabling container instance tagging because containerInstanceLongArnFormat is enabled for your identity, {}. If this is not your account default setting, your instances will fail to join your cluster. You can use the PutAccountSettingDefault API to change your account default.",
            setting.principal_arn().unwrap_or_default()
        ),
        &[],
    );
    Ok(true)
}

/// CreateCluster with the `--tags`, logging like the original's ECS client.
pub async fn create_cluster(cfg: &CommandConfig, tags: &[(String, String)]) -> anyhow::Result<()> {
    let ecs = aws::ecs(cfg);
    let mut req = ecs.create_cluster().cluster_name(&cfg.cluster);
    for (k, v) in tags {
        req = req.tags(aws_sdk_ecs::types::Tag::builder().key(k).value(v).build());
    }
    match req.send().await {
        Ok(_) => {
            log(
                LogLevel::Info,
                "Created cluster",
                &[
                    ("cluster", cfg.cluster.clone()),
                    ("region", cfg.region.clone()),
                ],
            );
            Ok(())
        }
        Err(e) => {
            let text = aws::error_text(&e);
            log(
                LogLevel::Error,
                "Failed to Create Cluster",
                &[("cluster", cfg.cluster.clone()), ("error", text.clone())],
            );
            Err(anyhow::anyhow!(text))
        }
    }
}

/// `VPC created: …`, `Security Group created: …`, `Subnet created: …` for the network
/// resources the stack has.
async fn print_network_resources(
    cfn: &aws_sdk_cloudformation::Client,
    stack_name: &str,
) -> anyhow::Result<()> {
    for (logical_id, label) in [
        (template::VPC, "VPC"),
        (template::SECURITY_GROUP, "Security Group"),
        (template::SUBNET_1, "Subnet"),
        (template::SUBNET_2, "Subnet"),
    ] {
        if let Some(r) = stacks::resource(cfn, stack_name, logical_id).await? {
            println!(
                "{label} created: {}",
                r.physical_resource_id().unwrap_or_default()
            );
        }
    }
    Ok(())
}

/// `ecs-cli down` after the confirmation: the cluster must be active; its stack (if any) is
/// deleted and waited for, then the cluster.
pub async fn down(cfg: &CommandConfig) -> anyhow::Result<()> {
    let ecs = aws::ecs(cfg);
    validate_cluster(&ecs, &cfg.cluster).await?;
    let cfn = aws::cloudformation(cfg);
    let stack_name = cfg.cfn_stack_name.as_str();
    if stacks::exists(&cfn, stack_name).await {
        stacks::delete(&cfn, stack_name).await?;
        log(
            LogLevel::Info,
            "Waiting for your cluster resources to be deleted...",
            &[],
        );
        stacks::wait_until_complete(
            &cfn,
            stack_name,
            Operation::Delete,
            "Run 'ecs-cli down --force' again to finish: it deletes the cluster once the stack is gone.",
        )
        .await?;
    } else {
        log(
            LogLevel::Info,
            &format!(
                "No CloudFormation stack found for cluster '{}'.",
                cfg.cluster
            ),
            &[],
        );
    }
    match ecs.delete_cluster().cluster(&cfg.cluster).send().await {
        Ok(out) => {
            let name = out
                .cluster()
                .and_then(|c| c.cluster_name())
                .unwrap_or(cfg.cluster.as_str())
                .to_string();
            log(LogLevel::Info, "Deleted cluster", &[("cluster", name)]);
            Ok(())
        }
        Err(e) => {
            let text = aws::error_text(&e);
            log(
                LogLevel::Error,
                "Failed to Delete Cluster",
                &[("cluster", cfg.cluster.clone()), ("error", text.clone())],
            );
            Err(anyhow::anyhow!(text))
        }
    }
}

async fn validate_cluster(ecs: &aws_sdk_ecs::Client, cluster: &str) -> anyhow::Result<()> {
    if cluster.is_empty() {
        return Err(cluster_not_set());
    }
    aws::ecs_reads::validate_cluster(ecs, cluster).await
}

/// `ecs-cli scale` after its flag checks: UpdateStack with the previous template, every
/// parameter kept but `AsgMaxSize`, and wait.
pub async fn scale(cfg: &CommandConfig, size: &str) -> anyhow::Result<()> {
    let ecs = aws::ecs(cfg);
    validate_cluster(&ecs, &cfg.cluster).await?;
    let cfn = aws::cloudformation(cfg);
    let stack_name = cfg.cfn_stack_name.as_str();
    let existing = stacks::parameters(&cfn, stack_name).await.map_err(|_| {
        anyhow::anyhow!(
            "CloudFormation stack not found for cluster '{}'",
            cfg.cluster
        )
    })?;
    let changes = [(params::ASG_MAX_SIZE, size.to_string())];
    let update = stacks::keep_all_but(&existing, &changes);
    stacks::update(&cfn, stack_name, None, &update, true).await?;
    log(
        LogLevel::Info,
        "Waiting for your cluster resources to be updated...",
        &[],
    );
    stacks::wait_until_complete(
        &cfn,
        stack_name,
        Operation::Update,
        "Follow it in the CloudFormation console; run 'ecs-cli scale' again once the update is over.",
    )
    .await
}
