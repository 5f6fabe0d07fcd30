//! Registering task definitions the way the original's ECS client did: describe the family,
//! and when a task definition identical to the request was registered before (per the local
//! cache) and is still ACTIVE, reuse it instead of registering a duplicate revision.
//!
//! The cache lives in `<user cache dir>/ecs-cli/tdcache/<md5 hex>` (the original used
//! `~/.cache/ecs-cli/tdcache`). Each entry names the revision registered for one request.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aws_sdk_ecs::operation::register_task_definition::RegisterTaskDefinitionInput;
use aws_sdk_ecs::types::{TaskDefinition, TaskDefinitionStatus};
use md5::{Digest, Md5};
use serde_json::{json, Value};

/// The on-disk cache of registered task definitions.
pub struct TdCache {
    dir: Option<PathBuf>,
}

impl TdCache {
    /// The cache under the user's cache directory; when it cannot be created, a cache that
    /// remembers nothing (with the original's warning).
    pub fn open() -> TdCache {
        let dir = dirs::cache_dir().map(|d| d.join("ecs-cli").join("tdcache"));
        match dir {
            Some(d) => match create_private_dir(&d) {
                Ok(()) => TdCache { dir: Some(d) },
                Err(e) => {
                    tracing::warn!(error = %e, "Unable to create cache for task definitions; extraneous ones may be registered");
                    TdCache { dir: None }
                }
            },
            None => {
                tracing::warn!(error = "no cache directory", "Unable to create cache for task definitions; extraneous ones may be registered");
                TdCache { dir: None }
            }
        }
    }

    /// A cache in a given directory (tests).
    pub fn at(dir: &Path) -> TdCache {
        let _ = create_private_dir(dir);
        TdCache {
            dir: Some(dir.to_path_buf()),
        }
    }

    fn get(&self, key: &str) -> Option<String> {
        let dir = self.dir.as_ref()?;
        let text = std::fs::read_to_string(dir.join(key)).ok()?;
        let v: Value = serde_json::from_str(&text).ok()?;
        v.get("taskDefinitionArn")?.as_str().map(str::to_string)
    }

    fn put(&self, key: &str, td: &TaskDefinition) -> std::io::Result<()> {
        let dir = match &self.dir {
            Some(d) => d,
            None => return Ok(()),
        };
        let body = json!({
            "taskDefinitionArn": td.task_definition_arn().unwrap_or(""),
            "family": td.family().unwrap_or(""),
            "revision": td.revision(),
        });
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut tmp, body.to_string().as_bytes())?;
        tmp.persist(dir.join(key)).map_err(|e| e.error)?;
        Ok(())
    }
}

fn create_private_dir(d: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(d)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// The part of a task definition ARN after `task-definition/` (`family:revision`).
pub fn id_from_arn(arn: &str) -> String {
    match arn.split_once("task-definition/") {
        Some((_, id)) => id.to_string(),
        None => arn.to_string(),
    }
}

fn account_from_arn(arn: &str) -> String {
    arn.split(':').nth(4).unwrap_or("").to_string()
}

fn sorted_map(m: Option<&std::collections::HashMap<String, String>>) -> Value {
    match m {
        None => Value::Null,
        Some(m) => {
            let b: BTreeMap<&String, &String> = m.iter().collect();
            json!(b)
        }
    }
}

fn dbg<T: std::fmt::Debug>(v: &T) -> Value {
    Value::String(format!("{v:?}"))
}

/// A canonical text of a request (container definitions sorted by name, maps sorted), so
/// that identical requests give identical cache keys.
pub fn canonical_request(input: &RegisterTaskDefinitionInput) -> String {
    let mut cds: Vec<Value> = input
        .container_definitions()
        .iter()
        .map(|c| {
            let log = c.log_configuration().map(|l| {
                json!({
                    "driver": l.log_driver().as_str(),
                    "options": sorted_map(l.options()),
                    "secretOptions": dbg(&l.secret_options()),
                })
            });
            let fire = c
                .firelens_configuration()
                .map(|f| json!({"type": f.r#type().as_str(), "options": sorted_map(f.options())}));
            json!({
                "name": c.name(),
                "image": c.image(),
                "cpu": c.cpu(),
                "memory": c.memory(),
                "memoryReservation": c.memory_reservation(),
                "essential": c.essential(),
                "command": dbg(&c.command()),
                "entryPoint": dbg(&c.entry_point()),
                "environment": dbg(&c.environment()),
                "extraHosts": dbg(&c.extra_hosts()),
                "dnsServers": dbg(&c.dns_servers()),
                "dnsSearchDomains": dbg(&c.dns_search_domains()),
                "dockerSecurityOptions": dbg(&c.docker_security_options()),
                "dockerLabels": sorted_map(c.docker_labels()),
                "links": dbg(&c.links()),
                "hostname": c.hostname(),
                "user": c.user(),
                "workingDirectory": c.working_directory(),
                "mountPoints": dbg(&c.mount_points()),
                "portMappings": dbg(&c.port_mappings()),
                "ulimits": dbg(&c.ulimits()),
                "volumesFrom": dbg(&c.volumes_from()),
                "privileged": c.privileged(),
                "pseudoTerminal": c.pseudo_terminal(),
                "readonlyRootFilesystem": c.readonly_root_filesystem(),
                "linuxParameters": dbg(&c.linux_parameters()),
                "logConfiguration": log,
                "healthCheck": dbg(&c.health_check()),
                "stopTimeout": c.stop_timeout(),
                "repositoryCredentials": dbg(&c.repository_credentials()),
                "secrets": dbg(&c.secrets()),
                "firelensConfiguration": fire,
                "resourceRequirements": dbg(&c.resource_requirements()),
                "dependsOn": dbg(&c.depends_on()),
            })
        })
        .collect();
    cds.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    let volumes: Vec<Value> = input
        .volumes()
        .iter()
        .map(|v| {
            let docker = v.docker_volume_configuration().map(|d| {
                json!({
                    "scope": d.scope().map(|s| s.as_str().to_string()),
                    "autoprovision": d.autoprovision(),
                    "driver": d.driver(),
                    "driverOpts": sorted_map(d.driver_opts()),
                    "labels": sorted_map(d.labels()),
                })
            });
            json!({
                "name": v.name(),
                "host": dbg(&v.host()),
                "docker": docker,
                "efs": dbg(&v.efs_volume_configuration()),
            })
        })
        .collect();
    let mut volumes = volumes;
    volumes.sort_by_key(|v| v.to_string());
    json!({
        "family": input.family(),
        "taskRoleArn": input.task_role_arn(),
        "executionRoleArn": input.execution_role_arn(),
        "networkMode": input.network_mode().map(|n| n.as_str().to_string()),
        "cpu": input.cpu(),
        "memory": input.memory(),
        "pidMode": input.pid_mode().map(|n| n.as_str().to_string()),
        "ipcMode": input.ipc_mode().map(|n| n.as_str().to_string()),
        "requiresCompatibilities": dbg(&input.requires_compatibilities()),
        "placementConstraints": dbg(&input.placement_constraints()),
        "tags": dbg(&input.tags()),
        "containerDefinitions": cds,
        "volumes": volumes,
    })
    .to_string()
}

/// The cache key: md5 of region, account and the canonical request.
pub fn cache_key(region: &str, account: &str, input: &RegisterTaskDefinitionInput) -> String {
    let text = format!("{region}-{account}-{}", canonical_request(input));
    hex::encode(Md5::digest(text.as_bytes()))
}

async fn describe(client: &aws_sdk_ecs::Client, id: &str) -> Option<TaskDefinition> {
    client
        .describe_task_definition()
        .task_definition(id)
        .send()
        .await
        .ok()
        .and_then(|r| r.task_definition)
}

async fn register(
    client: &aws_sdk_ecs::Client,
    input: &RegisterTaskDefinitionInput,
    region: &str,
    cache: &TdCache,
) -> anyhow::Result<TaskDefinition> {
    let i = input.clone();
    let resp = client
        .register_task_definition()
        .set_family(i.family)
        .set_task_role_arn(i.task_role_arn)
        .set_execution_role_arn(i.execution_role_arn)
        .set_network_mode(i.network_mode)
        .set_container_definitions(i.container_definitions)
        .set_volumes(i.volumes)
        .set_placement_constraints(i.placement_constraints)
        .set_requires_compatibilities(i.requires_compatibilities)
        .set_cpu(i.cpu)
        .set_memory(i.memory)
        .set_tags(i.tags)
        .set_pid_mode(i.pid_mode)
        .set_ipc_mode(i.ipc_mode)
        .set_proxy_configuration(i.proxy_configuration)
        .set_ephemeral_storage(i.ephemeral_storage)
        .set_runtime_platform(i.runtime_platform)
        .set_enable_fault_injection(i.enable_fault_injection)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!(crate::aws::error_text(&e)))?;
    let td = resp
        .task_definition
        .ok_or_else(|| anyhow::anyhow!("RegisterTaskDefinition returned no task definition"))?;
    let account = account_from_arn(td.task_definition_arn().unwrap_or(""));
    let key = cache_key(region, &account, input);
    if let Err(e) = cache.put(&key, &td) {
        tracing::warn!(err = %e, td = %td.task_definition_arn().unwrap_or(""), "Could not cache task definition; redundant TDs might be created");
    }
    Ok(td)
}

/// `RegisterTaskDefinitionIfNeeded`: the cached revision when it matches and is ACTIVE,
/// otherwise a newly registered one.
pub async fn register_if_needed(
    client: &aws_sdk_ecs::Client,
    input: &RegisterTaskDefinitionInput,
    region: &str,
    cache: &TdCache,
) -> anyhow::Result<TaskDefinition> {
    let family = input.family().unwrap_or("");
    if family.is_empty() {
        anyhow::bail!("invalid task definitions: family is required");
    }
    let latest = match describe(client, family).await {
        Some(td) if td.status() != Some(&TaskDefinitionStatus::Inactive) => td,
        _ => return register(client, input, region, cache).await,
    };
    let account = account_from_arn(latest.task_definition_arn().unwrap_or(""));
    let key = cache_key(region, &account, input);
    if let Some(arn) = cache.get(&key) {
        if let Some(td) = describe(client, &arn).await {
            if td.status() == Some(&TaskDefinitionStatus::Active) {
                tracing::debug!(taskDefHash = %key, "cache hit");
                return Ok(td);
            }
        }
    }
    tracing::debug!(taskDefHash = %key, "cache miss");
    register(client, input, region, cache).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(labels: &[(&str, &str)]) -> RegisterTaskDefinitionInput {
        let cd = aws_sdk_ecs::types::ContainerDefinition::builder()
            .name("web")
            .image("nginx")
            .set_docker_labels(Some(
                labels
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ))
            .build();
        RegisterTaskDefinitionInput::builder()
            .family("f")
            .container_definitions(cd)
            .build()
            .unwrap()
    }

    #[test]
    fn cache_key_ignores_map_order() {
        let a = input(&[("a", "1"), ("b", "2"), ("c", "3")]);
        let b = input(&[("c", "3"), ("a", "1"), ("b", "2")]);
        assert_eq!(cache_key("r", "1", &a), cache_key("r", "1", &b));
        assert_ne!(cache_key("r", "1", &a), cache_key("r", "2", &a));
        assert_ne!(cache_key("r", "1", &a), cache_key("r", "1", &input(&[])));
    }

    #[test]
    fn cache_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let cache = TdCache::at(dir.path());
        let td = TaskDefinition::builder()
            .task_definition_arn("arn:aws:ecs:us-east-1:123:task-definition/f:3")
            .family("f")
            .revision(3)
            .build();
        cache.put("k", &td).unwrap();
        assert_eq!(
            cache.get("k").as_deref(),
            Some("arn:aws:ecs:us-east-1:123:task-definition/f:3")
        );
        assert_eq!(
            id_from_arn("arn:aws:ecs:us-east-1:123:task-definition/f:3"),
            "f:3"
        );
        assert_eq!(
            account_from_arn("arn:aws:ecs:us-east-1:123:task-definition/f:3"),
            "123"
        );
    }
}
