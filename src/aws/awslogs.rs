//! The CloudWatch Logs settings of a container definition: its `awslogs` log driver options,
//! as `logs` and `--create-log-groups` require them.

use aws_sdk_ecs::types::ContainerDefinition;

/// Where a container's log events go.
#[derive(Debug, Clone, PartialEq)]
pub struct AwsLogs {
    pub group: String,
    /// Empty: the region of the command's configuration.
    pub region: String,
    pub stream_prefix: String,
}

/// The awslogs settings of `def`, or the original's message for a container that does not log
/// to CloudWatch with a stream prefix. `field` is how the message names the container
/// definition's field: `logs` wrote `logConfiguration`, `--create-log-groups`
/// `logConfigution` (sic).
pub fn settings(def: &ContainerDefinition, field: &str) -> Result<AwsLogs, String> {
    let name = def.name().unwrap_or_default();
    let Some(lc) = def.log_configuration() else {
        return Err(format!("Container '{name}' is not configured to use CloudWatch logs; {field} ('logging' in Docker Compose) is a required container definition field"));
    };
    if lc.log_driver().as_str() != "awslogs" {
        return Err(format!(
            "Container '{name}': Must specify log driver as awslogs"
        ));
    }
    let opt = |k: &str| {
        lc.options()
            .and_then(|o| o.get(k))
            .cloned()
            .unwrap_or_default()
    };
    let stream_prefix = opt("awslogs-stream-prefix");
    if stream_prefix.is_empty() {
        return Err(format!("Container {name}: ECS CLI Requires Log Stream Prefix (awslogs-stream-prefix) to be specified."));
    }
    Ok(AwsLogs {
        group: opt("awslogs-group"),
        region: opt("awslogs-region"),
        stream_prefix,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ecs::types::{LogConfiguration, LogDriver};

    fn container(driver: LogDriver, options: &[(&str, &str)]) -> ContainerDefinition {
        let mut log = LogConfiguration::builder().log_driver(driver);
        for (k, v) in options {
            log = log.options(*k, *v);
        }
        ContainerDefinition::builder()
            .name("web")
            .log_configuration(log.build().unwrap())
            .build()
    }

    #[test]
    fn only_awslogs_with_a_stream_prefix() {
        let ok = container(
            LogDriver::Awslogs,
            &[
                ("awslogs-group", "g"),
                ("awslogs-region", "eu-west-1"),
                ("awslogs-stream-prefix", "p"),
            ],
        );
        assert_eq!(
            settings(&ok, "logConfiguration").unwrap(),
            AwsLogs {
                group: "g".into(),
                region: "eu-west-1".into(),
                stream_prefix: "p".into()
            }
        );
        let no_prefix = container(LogDriver::Awslogs, &[("awslogs-group", "g")]);
        assert_eq!(
            settings(&no_prefix, "logConfiguration").unwrap_err(),
            "Container web: ECS CLI Requires Log Stream Prefix (awslogs-stream-prefix) to be specified."
        );
        let syslog = container(LogDriver::Syslog, &[]);
        assert_eq!(
            settings(&syslog, "logConfiguration").unwrap_err(),
            "Container 'web': Must specify log driver as awslogs"
        );
        let none = ContainerDefinition::builder().name("web").build();
        assert_eq!(
            settings(&none, "logConfigution").unwrap_err(),
            "Container 'web' is not configured to use CloudWatch logs; logConfigution ('logging' in Docker Compose) is a required container definition field"
        );
    }
}
