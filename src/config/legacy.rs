//! The legacy INI `~/.ecs/config` (`[ecs]` section) of ecs-cli before v1.0.

/// Defaults the original applied when a key was absent (not when it was empty).
pub const DEFAULT_COMPOSE_PROJECT_NAME_PREFIX: &str = "ecscompose-";
pub const DEFAULT_COMPOSE_SERVICE_NAME_PREFIX: &str = "ecscompose-service-";
pub const DEFAULT_CFN_STACK_NAME_PREFIX: &str = "amazon-ecs-cli-setup-";

/// The `[ecs]` section's values.
#[derive(Clone, Default, PartialEq)]
pub struct LegacyConfig {
    pub cluster: String,
    pub aws_profile: String,
    pub region: String,
    pub aws_access_key_id: String,
    pub aws_secret_access_key: String,
    pub compose_project_name_prefix: String,
    pub compose_service_name_prefix: String,
    pub cfn_stack_name_prefix: String,
}

impl std::fmt::Debug for LegacyConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LegacyConfig")
            .field("cluster", &self.cluster)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl LegacyConfig {
    /// An empty configuration with the original's defaults for absent keys.
    pub fn with_defaults() -> Self {
        LegacyConfig {
            compose_project_name_prefix: DEFAULT_COMPOSE_PROJECT_NAME_PREFIX.into(),
            compose_service_name_prefix: DEFAULT_COMPOSE_SERVICE_NAME_PREFIX.into(),
            cfn_stack_name_prefix: DEFAULT_CFN_STACK_NAME_PREFIX.into(),
            ..Default::default()
        }
    }

    /// Parses INI text; `None` when it has no `[ecs]` section (e.g. it is the YAML format).
    pub fn parse(text: &str) -> Option<Self> {
        let mut cfg = LegacyConfig::with_defaults();
        let mut in_ecs = false;
        let mut found = false;
        for raw in text.lines() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with(';') || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') && line.ends_with(']') {
                in_ecs = line[1..line.len() - 1].trim() == "ecs";
                found |= in_ecs;
                continue;
            }
            if !in_ecs {
                continue;
            }
            let Some((k, v)) = line.split_once(['=', ':']) else {
                continue;
            };
            let v = v.trim().to_string();
            match k.trim() {
                "cluster" => cfg.cluster = v,
                "aws_profile" => cfg.aws_profile = v,
                "region" => cfg.region = v,
                "aws_access_key_id" => cfg.aws_access_key_id = v,
                "aws_secret_access_key" => cfg.aws_secret_access_key = v,
                "compose-project-name-prefix" => cfg.compose_project_name_prefix = v,
                "compose-service-name-prefix" => cfg.compose_service_name_prefix = v,
                "cfn-stack-name-prefix" => cfg.cfn_stack_name_prefix = v,
                _ => {}
            }
        }
        found.then_some(cfg)
    }

    /// Reads the file when it exists and is INI.
    pub fn read(path: &std::path::Path) -> Option<Self> {
        std::fs::read(path)
            .ok()
            .map(|b| String::from_utf8_lossy(crate::go::os::without_bom(&b)).into_owned())
            .and_then(|t| Self::parse(&t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ecs_section_with_defaults_for_absent_keys() {
        let c = LegacyConfig::parse(
            "[ecs]\ncluster = legacy\nregion = us-west-2\ncompose-service-name-prefix = \n",
        )
        .unwrap();
        assert_eq!(c.cluster, "legacy");
        assert_eq!(c.region, "us-west-2");
        assert_eq!(c.compose_service_name_prefix, "");
        assert_eq!(c.compose_project_name_prefix, "ecscompose-");
        assert_eq!(c.cfn_stack_name_prefix, "amazon-ecs-cli-setup-");
        assert!(LegacyConfig::parse("version: v1\ndefault: x\n").is_none());
    }
}
