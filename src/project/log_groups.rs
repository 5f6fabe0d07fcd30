//! `--create-log-groups` (the original's `CreateLogGroups`): containers that do not log with
//! the awslogs driver are passed over; each of the others must name a stream prefix, and its
//! awslogs-group is created in its awslogs-region. A group that exists already is only a
//! warning, and so is a definition where no container uses awslogs. One CloudWatch Logs client serves every
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
    let awslogs_users: Vec<&ContainerDefinition> =
        containers.iter().filter(|c| uses_awslogs(c)).collect();
    if awslogs_users.is_empty() {
        tracing::warn!("No log groups to create; no containers use 'awslogs'");
        return Ok(());
    }
    for c in awslogs_users {
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

/// Whether the container's log driver is `awslogs` (no log configuration: no).
fn uses_awslogs(c: &ContainerDefinition) -> bool {
    c.log_configuration()
        .is_some_and(|lc| lc.log_driver().as_str() == "awslogs")
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ecs::types::{LogConfiguration, LogDriver};

    #[test]
    fn only_awslogs_containers_count() {
        let plain = ContainerDefinition::builder().name("a").build();
        let syslog = ContainerDefinition::builder()
            .name("b")
            .log_configuration(
                LogConfiguration::builder()
                    .log_driver(LogDriver::Syslog)
                    .build()
                    .unwrap(),
            )
            .build();
        let aws = ContainerDefinition::builder()
            .name("c")
            .log_configuration(
                LogConfiguration::builder()
                    .log_driver(LogDriver::Awslogs)
                    .build()
                    .unwrap(),
            )
            .build();
        assert!(!uses_awslogs(&plain));
        assert!(!uses_awslogs(&syslog));
        assert!(uses_awslogs(&aws));
    }
}
