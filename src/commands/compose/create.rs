//! `ecs-cli compose create`: Register the project's task definition.

/// Register the project's task definition
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Launch type: EC2 or FARGATE (default: the cluster configuration's)
    #[arg(long = "launch-type", value_name = "VALUE")]
    pub launch_type: Option<String>,
    /// Create the CloudWatch log groups named in the awslogs logging options
    #[arg(long = "create-log-groups")]
    pub create_log_groups: bool,
    /// Tags as key=value pairs, comma separated
    #[arg(long = "tags", value_name = "VALUE")]
    pub tags: Option<String>,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// The compose project options from the command line (the `compose` level flags and the
/// COMPOSE_FILE variable) and the process environment.
pub fn project_options(ctx: &crate::context::Context) -> crate::compose::ProjectOptions {
    let env: std::collections::BTreeMap<String, String> = std::env::vars().collect();
    // urfave/cli: COMPOSE_FILE (split on ',') is the default, --file values come after it.
    let mut files: Vec<String> = Vec::new();
    if let Some(v) = env.get("COMPOSE_FILE").filter(|v| !v.is_empty()) {
        files.extend(v.split(',').map(str::to_string));
    }
    files.extend(ctx.strings("file"));
    crate::compose::ProjectOptions {
        files,
        project_name: ctx.string("project-name"),
        ecs_params: ctx.string("ecs-params"),
        registry_creds: ctx.string("registry-creds"),
        task_role_arn: ctx.string("task-role-arn"),
        cwd: std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from(".")),
        env,
    }
}

/// How the original reported a project it could not read or translate: an error line, then
/// the fatal line, both carrying the error.
pub fn project_error(err: &crate::compose::ComposeError) -> anyhow::Error {
    tracing::error!(error = %err, "Unable to open ECS Compose Project");
    crate::error::Fatal::new("Unable to create and read ECS Compose Project")
        .field("error", err)
        .into()
}

/// What every compose command starts with (the original's project factory): the command
/// configuration, then the project loaded and translated (its `Parse`). Failures are
/// reported the way the original reported them.
pub async fn open_project(
    ctx: &mut crate::context::Context,
) -> anyhow::Result<(
    crate::config::resolve::CommandConfig,
    crate::compose::Project,
    crate::compose::TaskDefinitionRequest,
)> {
    let cfg = match ctx.command_config().await {
        Ok(c) => c.clone(),
        Err(e) => {
            let text = crate::error::chain_text(&e);
            tracing::error!(error = %text, "Unable to create an instance of CommandConfig given the cli context");
            return Err(
                crate::error::Fatal::new("Unable to create and read ECS Compose Project")
                    .field("error", text)
                    .into(),
            );
        }
    };
    let opts = project_options(ctx);
    let project = crate::compose::load_project(&opts).map_err(|e| project_error(&e))?;
    let lt = (!cfg.launch_type.is_empty()).then_some(cfg.launch_type.as_str());
    let request = crate::compose::translate(&project, lt).map_err(|e| project_error(&e))?;
    Ok((cfg, project, request))
}

pub async fn exec(ctx: &mut crate::context::Context, args: &Args) -> anyhow::Result<()> {
    let (cfg, _project, request) = open_project(ctx).await?;
    let tags = match args.tags.as_deref().or(ctx.string("tags").as_deref()) {
        Some(t) if !t.is_empty() => {
            crate::go::ecs_utils::parse_tags(t).map_err(crate::error::Fatal::new)?
        }
        _ => Vec::new(),
    };
    let input = request.input(&tags);
    let client = crate::aws::ecs(&cfg);
    let cache = crate::aws::taskdef::TdCache::open();
    let td =
        match crate::aws::taskdef::register_if_needed(&client, &input, &cfg.region, &cache).await {
            Ok(td) => td,
            Err(e) => {
                tracing::error!(error = %e, "Create task definition failed");
                return Err(crate::error::Fatal::new(e.to_string()).into());
            }
        };
    let id = crate::aws::taskdef::id_from_arn(td.task_definition_arn().unwrap_or(""));
    tracing::info!(TaskDefinition = %id, "Using ECS task definition");
    if args.create_log_groups || ctx.bool("create-log-groups") {
        create_log_groups(&cfg, &td).await?;
    }
    Ok(())
}

/// `CreateLogGroups`: every container must log with awslogs and a stream prefix; each
/// awslogs-group is created in its awslogs-region (an existing group is only a warning).
pub async fn create_log_groups(
    cfg: &crate::config::resolve::CommandConfig,
    td: &aws_sdk_ecs::types::TaskDefinition,
) -> anyhow::Result<()> {
    use crate::error::Fatal;
    for c in td.container_definitions() {
        let name = c.name().unwrap_or("");
        let log = match c.log_configuration() {
            Some(l) => l,
            None => {
                return Err(Fatal::new(format!(
                    "Container '{name}' is not configured to use CloudWatch logs; logConfigution ('logging' in Docker Compose) is a required container definition field"
                ))
                .into())
            }
        };
        if log.log_driver().as_str() != "awslogs" {
            return Err(Fatal::new(format!(
                "Container '{name}': Must specify log driver as awslogs"
            ))
            .into());
        }
        let opts = log.options();
        let opt = |k: &str| opts.and_then(|o| o.get(k)).cloned().unwrap_or_default();
        if opt("awslogs-stream-prefix").is_empty() {
            return Err(Fatal::new(format!(
                "Container {name}: ECS CLI Requires Log Stream Prefix (awslogs-stream-prefix) to be specified."
            ))
            .into());
        }
        let group = opt("awslogs-group");
        let region = opt("awslogs-region");
        let client_region = if region.is_empty() {
            cfg.region.clone()
        } else {
            region.clone()
        };
        let conf = aws_sdk_cloudwatchlogs::config::Builder::from(&cfg.sdk)
            .region(aws_sdk_cloudwatchlogs::config::Region::new(client_region))
            .build();
        let client = aws_sdk_cloudwatchlogs::Client::from_conf(conf);
        match client
            .create_log_group()
            .log_group_name(&group)
            .send()
            .await
        {
            Ok(_) => tracing::info!("Created Log Group {} in {}", group, region),
            Err(e) => {
                let exists = e
                    .as_service_error()
                    .map(|s| s.is_resource_already_exists_exception())
                    .unwrap_or(false);
                if exists {
                    let msg = e
                        .as_service_error()
                        .and_then(|s| {
                            aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata::message(s)
                        })
                        .unwrap_or("")
                        .to_string();
                    tracing::warn!(
                        "Failed to create log group {} in {}: {}",
                        group,
                        region,
                        msg
                    );
                    continue;
                }
                return Err(Fatal::new(crate::aws::error_text(&e)).into());
            }
        }
    }
    Ok(())
}
