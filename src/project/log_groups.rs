//! `--create-log-groups` (the original's `CreateLogGroups`): every container must log with
//! awslogs and a stream prefix; each awslogs-group is created in its awslogs-region, and a
//! group that exists already is only a warning. One CloudWatch Logs client serves every
//! container; a container whose awslogs-region differs gets that region for its call only.

use aws_sdk_cloudwatchlogs::config::Region;
use aws_sdk_cloudwatchlogs::error::ProvideErrorMetadata;
use aws_sdk_ecs::types::ContainerDefinition;

use crate::aws::awslogs;
use crate::config::resolve::CommandConfig;
use crate::error::Fatal;

/// Creates the log group of each container, in the order of the definition.
pub async fn create(cfg: &CommandConfig, containers: &[ContainerDefinition]) -> anyhow::Result<()> {
    let client = crate::aws::logs(cfg, "");
    for c in containers {
        let awslogs::AwsLogs { group, region, .. } =
            awslogs::settings(c, "logConfigution").map_err(Fatal::new)?;
        let mut call = client.create_log_group().log_group_name(&group).customize();
        if !region.is_empty() && region != cfg.region {
            call = call.config_override(
                aws_sdk_cloudwatchlogs::config::Builder::default()
                    .region(Region::new(region.clone())),
            );
        }
        match call.send().await {
            Ok(_) => tracing::info!("Created Log Group {} in {}", group, region),
            Err(e) => {
                let exists = e
                    .as_service_error()
                    .is_some_and(|s| s.is_resource_already_exists_exception());
                if !exists {
                    return Err(Fatal::new(crate::aws::error_text(&e)).into());
                }
                let msg = e.as_service_error().and_then(|s| s.message()).unwrap_or("");
                tracing::warn!(
                    "Failed to create log group {} in {}: {}",
                    group,
                    region,
                    msg
                );
            }
        }
    }
    Ok(())
}
