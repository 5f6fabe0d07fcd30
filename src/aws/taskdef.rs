//! Registering task definitions the way the original's ECS client did: describe the family,
//! and when a task definition identical to the request was registered before (per the local
//! cache) and is still ACTIVE, reuse it instead of registering a duplicate revision.
//!
//! The cache lives in `<user cache dir>/ecs-cli/tdcache/<md5 hex>` (the original used
//! `~/.cache/ecs-cli/tdcache`). Each entry names the revision registered for one request.

use std::path::{Path, PathBuf};

use aws_sdk_ecs::operation::register_task_definition::builders::RegisterTaskDefinitionFluentBuilder;
use aws_sdk_ecs::operation::register_task_definition::RegisterTaskDefinitionInput;
use aws_sdk_ecs::types::{TaskDefinition, TaskDefinitionStatus};
use md5::{Digest, Md5};
use serde_json::{json, Value};

use super::arn;

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

    /// A cache in a given directory.
    #[cfg(test)]
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

/// A canonical text of a request: every member the SDK serialises (see [`super::canonical`]),
/// maps sorted, container definitions sorted by name and volumes by their text, so that
/// identical requests give identical cache keys however their parts were ordered.
pub fn canonical_request(input: &RegisterTaskDefinitionInput) -> String {
    let mut v = match super::canonical::to_value(input) {
        Ok(v) => v,
        // Only a bug in the serializer gets here; an empty text would make every request
        // share one key, so fall back to a text that never matches a cached one.
        Err(e) => return format!("unserialisable request: {e} {}", std::process::id()),
    };
    if let Some(Value::Array(cds)) = v.get_mut("containerDefinitions") {
        cds.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    }
    if let Some(Value::Array(volumes)) = v.get_mut("volumes") {
        volumes.sort_by_key(|v| v.to_string());
    }
    v.to_string()
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

/// The RegisterTaskDefinition call for `input`: every member of the input, copied into the
/// fluent builder (the SDK offers no way to send an input as it is). The unit test
/// `the_call_carries_every_member` fails when the SDK grows a member that is not copied here.
#[allow(deprecated)] // inferenceAccelerators: deprecated by the API, still a member to carry
fn register_call(
    client: &aws_sdk_ecs::Client,
    input: RegisterTaskDefinitionInput,
) -> RegisterTaskDefinitionFluentBuilder {
    client
        .register_task_definition()
        .set_family(input.family)
        .set_task_role_arn(input.task_role_arn)
        .set_execution_role_arn(input.execution_role_arn)
        .set_network_mode(input.network_mode)
        .set_container_definitions(input.container_definitions)
        .set_volumes(input.volumes)
        .set_placement_constraints(input.placement_constraints)
        .set_requires_compatibilities(input.requires_compatibilities)
        .set_cpu(input.cpu)
        .set_memory(input.memory)
        .set_tags(input.tags)
        .set_pid_mode(input.pid_mode)
        .set_ipc_mode(input.ipc_mode)
        .set_proxy_configuration(input.proxy_configuration)
        .set_inference_accelerators(input.inference_accelerators)
        .set_ephemeral_storage(input.ephemeral_storage)
        .set_runtime_platform(input.runtime_platform)
        .set_enable_fault_injection(input.enable_fault_injection)
}

async fn register(
    client: &aws_sdk_ecs::Client,
    input: &RegisterTaskDefinitionInput,
    region: &str,
    cache: &TdCache,
) -> anyhow::Result<TaskDefinition> {
    let resp = register_call(client, input.clone())
        .send()
        .await
        .map_err(|e| anyhow::anyhow!(super::error_text(&e)))?;
    let td = resp
        .task_definition
        .ok_or_else(|| anyhow::anyhow!("RegisterTaskDefinition returned no task definition"))?;
    let account = arn::account(td.task_definition_arn().unwrap_or(""));
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
    let account = arn::account(latest.task_definition_arn().unwrap_or(""));
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
    #[allow(deprecated)] // InferenceAccelerator
    use aws_sdk_ecs::types::{
        Compatibility, ContainerDefinition, CpuArchitecture, EphemeralStorage,
        InferenceAccelerator, IpcMode, NetworkMode, PidMode, ProxyConfiguration, RuntimePlatform,
        SystemControl, Tag, TaskDefinitionPlacementConstraint, Volume,
    };

    fn input(labels: &[(&str, &str)]) -> RegisterTaskDefinitionInput {
        let cd = ContainerDefinition::builder()
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
    fn cache_key_ignores_the_order_of_containers_and_volumes() {
        let td = |containers: [&str; 2], volumes: [&str; 2]| {
            let mut b = RegisterTaskDefinitionInput::builder().family("f");
            for n in containers {
                b = b.container_definitions(ContainerDefinition::builder().name(n).build());
            }
            for n in volumes {
                b = b.volumes(Volume::builder().name(n).build());
            }
            canonical_request(&b.build().unwrap())
        };
        assert_eq!(td(["a", "b"], ["x", "y"]), td(["b", "a"], ["y", "x"]));
        assert_ne!(td(["a", "b"], ["x", "y"]), td(["a", "c"], ["x", "y"]));
    }

    #[test]
    fn cache_key_sees_every_field() {
        // A member the hand-written key of earlier versions left out.
        let with_sysctl = RegisterTaskDefinitionInput::builder()
            .family("f")
            .container_definitions(
                ContainerDefinition::builder()
                    .name("web")
                    .image("nginx")
                    .system_controls(
                        SystemControl::builder()
                            .namespace("net.core.somaxconn")
                            .value("1024")
                            .build(),
                    )
                    .build(),
            )
            .build()
            .unwrap();
        assert_ne!(
            cache_key("r", "1", &with_sysctl),
            cache_key("r", "1", &input(&[]))
        );
        assert!(canonical_request(&with_sysctl)
            .contains(r#""systemControls":[{"namespace":"net.core.somaxconn","value":"1024"}]"#));
    }

    /// An input with every member of RegisterTaskDefinitionInput set.
    #[allow(deprecated)] // inferenceAccelerators
    fn full_input() -> RegisterTaskDefinitionInput {
        RegisterTaskDefinitionInput::builder()
            .family("f")
            .task_role_arn("role")
            .execution_role_arn("exec")
            .network_mode(NetworkMode::Awsvpc)
            .container_definitions(ContainerDefinition::builder().name("web").build())
            .volumes(Volume::builder().name("v").build())
            .placement_constraints(
                TaskDefinitionPlacementConstraint::builder()
                    .expression("e")
                    .build(),
            )
            .requires_compatibilities(Compatibility::Fargate)
            .cpu("256")
            .memory("512")
            .tags(Tag::builder().key("k").value("v").build())
            .pid_mode(PidMode::Task)
            .ipc_mode(IpcMode::Task)
            .proxy_configuration(
                ProxyConfiguration::builder()
                    .container_name("envoy")
                    .build()
                    .unwrap(),
            )
            .inference_accelerators(
                InferenceAccelerator::builder()
                    .device_name("d")
                    .device_type("t")
                    .build()
                    .unwrap(),
            )
            .ephemeral_storage(EphemeralStorage::builder().size_in_gib(21).build())
            .runtime_platform(
                RuntimePlatform::builder()
                    .cpu_architecture(CpuArchitecture::Arm64)
                    .build(),
            )
            .enable_fault_injection(true)
            .build()
            .unwrap()
    }

    #[test]
    fn the_call_carries_every_member() {
        let full = full_input();
        let text = canonical_request(&full);
        let v: Value = serde_json::from_str(&text).unwrap();
        for member in RegisterTaskDefinitionInput::SCHEMA.members() {
            let name = member.member_name().unwrap();
            assert!(
                v.get(name).is_some(),
                "the test input does not set `{name}`: set it in full_input and copy it in register_call"
            );
        }
        let conf = aws_sdk_ecs::Config::builder()
            .behavior_version(aws_sdk_ecs::config::BehaviorVersion::latest())
            .region(aws_sdk_ecs::config::Region::new("us-east-1"))
            .build();
        let client = aws_sdk_ecs::Client::from_conf(conf);
        let sent = register_call(&client, full.clone())
            .as_input()
            .clone()
            .build()
            .unwrap();
        assert_eq!(canonical_request(&sent), text);
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
    }
}
