//! ecs-params.yml: the original expands `$VAR`/`${VAR}` in the raw text (Go's os.ExpandEnv,
//! no defaults) and decodes it with go-yaml v2 into typed structs. Unknown keys are ignored and
//! the `version` is never checked.

use std::collections::BTreeMap;
use std::path::Path;

use super::interp::go_expand_env;
use super::libcompose::mem_string_or_int;
use crate::yaml::{self, Decoder, Kind, Node};

#[derive(Clone, Debug, Default)]
pub struct EcsParams {
    pub version: String,
    pub task_definition: EcsTaskDef,
    pub run_params: RunParams,
}

#[derive(Clone, Debug, Default)]
pub struct EcsTaskDef {
    pub network_mode: String,
    pub task_role_arn: String,
    pub pid_mode: String,
    pub ipc_mode: String,
    pub services: Vec<(String, ContainerDef)>,
    pub execution_role: String,
    pub task_size: TaskSize,
    pub docker_volumes: Vec<DockerVolume>,
    pub efs_volumes: Vec<EfsVolume>,
    pub placement_constraints: Vec<Constraint>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TaskSize {
    pub cpu: String,
    pub memory: String,
}

#[derive(Clone, Debug, Default)]
pub struct ContainerDef {
    pub essential: bool,
    pub init_process_enabled: bool,
    pub repository_credentials: String,
    pub cpu: i64,
    /// Bytes.
    pub memory: i64,
    /// Bytes.
    pub memory_reservation: i64,
    pub healthcheck: Option<HealthCheckParams>,
    pub logging_secret_options: Vec<Secret>,
    pub firelens: Firelens,
    pub secrets: Vec<Secret>,
    pub gpu: String,
    pub depends_on: Vec<DependsOn>,
}

#[derive(Clone, Debug, Default)]
pub struct HealthCheckParams {
    pub test: Option<Vec<String>>,
    pub command: Option<Vec<String>>,
    pub timeout: String,
    pub interval: String,
    pub retries: i64,
    pub start_period: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Secret {
    pub value_from: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Firelens {
    pub type_: String,
    pub options: Option<Vec<(String, String)>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DependsOn {
    pub container_name: String,
    pub condition: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DockerVolume {
    pub name: String,
    pub scope: Option<String>,
    pub autoprovision: Option<bool>,
    pub driver: Option<String>,
    pub driver_opts: Option<Vec<(String, String)>>,
    pub labels: Option<Vec<(String, String)>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EfsVolume {
    pub name: String,
    pub filesystem_id: Option<String>,
    pub root_directory: Option<String>,
    pub transit_encryption: Option<String>,
    pub transit_encryption_port: Option<i64>,
    pub access_point: Option<String>,
    pub iam: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraint {
    pub expression: String,
    pub type_: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Strategy {
    pub field: String,
    pub type_: String,
}

/// `run_params`: not part of the task definition, kept for the commands that run tasks and
/// create services.
#[derive(Clone, Debug, Default)]
pub struct RunParams {
    pub network_configuration: NetworkConfiguration,
    pub task_placement: TaskPlacement,
    pub service_discovery: ServiceDiscovery,
}

#[derive(Clone, Debug, Default)]
pub struct NetworkConfiguration {
    pub awsvpc_configuration: AwsVpcConfiguration,
}

#[derive(Clone, Debug, Default)]
pub struct AwsVpcConfiguration {
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub assign_public_ip: String,
}

#[derive(Clone, Debug, Default)]
pub struct TaskPlacement {
    pub strategies: Vec<Strategy>,
    pub constraints: Vec<Constraint>,
}

#[derive(Clone, Debug, Default)]
pub struct ServiceDiscovery {
    pub container_name: String,
    pub container_port: Option<i64>,
    pub private_dns_namespace: PrivateDnsNamespace,
    pub public_dns_namespace: Namespace,
    pub service_discovery_service: ServiceDiscoveryService,
}

#[derive(Clone, Debug, Default)]
pub struct Namespace {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, Default)]
pub struct PrivateDnsNamespace {
    pub id: String,
    pub name: String,
    pub vpc: String,
    pub description: String,
}

#[derive(Clone, Debug, Default)]
pub struct ServiceDiscoveryService {
    pub name: String,
    pub description: String,
    pub dns_config: DnsConfig,
    pub healthcheck_custom_config: HealthCheckCustomConfig,
}

#[derive(Clone, Debug, Default)]
pub struct DnsConfig {
    pub type_: String,
    pub ttl: Option<i64>,
}

#[derive(Clone, Debug, Default)]
pub struct HealthCheckCustomConfig {
    pub failure_threshold: Option<i64>,
}

/// `ReadECSParams`: the explicit file, else `ecs-params.yml` when it exists. Paths are as given
/// (relative to `cwd`), which is how they appear in messages.
pub fn read(
    filename: Option<&str>,
    cwd: &Path,
    env: &BTreeMap<String, String>,
) -> Result<Option<EcsParams>, String> {
    let name = match filename {
        Some(f) if !f.is_empty() => f.to_string(),
        _ => {
            if cwd.join("ecs-params.yml").exists() {
                "ecs-params.yml".to_string()
            } else {
                return Ok(None);
            }
        }
    };
    let bytes = crate::go::os::read_file(cwd, &name)
        .map_err(|e| format!("Error reading file '{name}': {e}"))?;
    let text = go_expand_env(
        &String::from_utf8_lossy(crate::go::os::without_bom(&bytes)),
        env,
    );
    parse(&text)
        .map(Some)
        .map_err(|e| format!("Error unmarshalling yaml data from ECS params file: {name}: {e}"))
}

/// Decodes ecs-params content (already env-expanded).
pub fn parse(text: &str) -> Result<EcsParams, String> {
    let root = yaml::parse(text)?;
    let mut d = Decoder::default();
    let mut p = EcsParams::default();
    if let Some(root) = &root {
        if let Some(entries) = d.map_entries(root, "utils.ECSParams")? {
            for (k, v) in entries {
                match key(k) {
                    "version" => p.version = d.string(v)?.unwrap_or_default(),
                    "task_definition" => {
                        if let Some(td) = task_def(&mut d, v)? {
                            p.task_definition = td;
                        }
                    }
                    "run_params" => {
                        if let Some(rp) = run_params(&mut d, v)? {
                            p.run_params = rp;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    d.finish()?;
    Ok(p)
}

fn key(n: &Node) -> &str {
    n.scalar_text().unwrap_or("")
}

type R<T> = Result<Option<T>, String>;

fn task_def(d: &mut Decoder, n: &Node) -> R<EcsTaskDef> {
    let entries = match d.map_entries(n, "utils.EcsTaskDef")? {
        Some(e) => e,
        None => return Ok(None),
    };
    let mut t = EcsTaskDef::default();
    for (k, v) in entries {
        match key(k) {
            "ecs_network_mode" => t.network_mode = d.string(v)?.unwrap_or_default(),
            "task_role_arn" => t.task_role_arn = d.string(v)?.unwrap_or_default(),
            "pid_mode" => t.pid_mode = d.string(v)?.unwrap_or_default(),
            "ipc_mode" => t.ipc_mode = d.string(v)?.unwrap_or_default(),
            "task_execution_role" => t.execution_role = d.string(v)?.unwrap_or_default(),
            "services" => {
                if let Some(es) = d.map_entries(v, "utils.ContainerDefs")? {
                    let mut out: Vec<(String, ContainerDef)> = Vec::new();
                    for (sk, sv) in es {
                        let name = match d.string(sk)? {
                            Some(n) => n,
                            None => continue,
                        };
                        if let Some(cd) = container_def(d, sv)? {
                            out.retain(|(n, _)| *n != name);
                            out.push((name, cd));
                        }
                    }
                    t.services = out;
                }
            }
            "task_size" => {
                if let Some(es) = d.map_entries(v, "utils.TaskSize")? {
                    for (sk, sv) in es {
                        match key(sk) {
                            "cpu_limit" => t.task_size.cpu = d.string(sv)?.unwrap_or_default(),
                            "mem_limit" => t.task_size.memory = d.string(sv)?.unwrap_or_default(),
                            _ => {}
                        }
                    }
                }
            }
            "docker_volumes" => {
                if let Some(items) = d.seq_items(v, "[]utils.DockerVolume")? {
                    let mut out = Vec::new();
                    for it in items {
                        if let Some(dv) = docker_volume(d, it)? {
                            out.push(dv);
                        }
                    }
                    t.docker_volumes = out;
                }
            }
            "efs_volumes" => {
                if let Some(items) = d.seq_items(v, "[]utils.EFSVolume")? {
                    let mut out = Vec::new();
                    for it in items {
                        if let Some(ev) = efs_volume(d, it)? {
                            out.push(ev);
                        }
                    }
                    t.efs_volumes = out;
                }
            }
            "placement_constraints" => {
                if let Some(c) = constraints(d, v)? {
                    t.placement_constraints = c;
                }
            }
            _ => {}
        }
    }
    Ok(Some(t))
}

fn opt_string(d: &mut Decoder, n: &Node) -> Result<Option<String>, String> {
    if n.is_null() {
        return Ok(None);
    }
    d.string(n)
}

fn opt_int(d: &mut Decoder, n: &Node) -> Result<Option<i64>, String> {
    if n.is_null() {
        return Ok(None);
    }
    d.int(n, "int64")
}

fn docker_volume(d: &mut Decoder, n: &Node) -> R<DockerVolume> {
    let entries = match d.map_entries(n, "utils.DockerVolume")? {
        Some(e) => e,
        None => return Ok(None),
    };
    let mut v = DockerVolume::default();
    for (k, val) in entries {
        match key(k) {
            "name" => v.name = d.string(val)?.unwrap_or_default(),
            "scope" => v.scope = opt_string(d, val)?,
            "autoprovision" => v.autoprovision = if val.is_null() { None } else { d.bool(val)? },
            "driver" => v.driver = opt_string(d, val)?,
            "driver_opts" => {
                v.driver_opts = if val.is_null() {
                    None
                } else {
                    d.string_map(val)?
                }
            }
            "labels" => {
                v.labels = if val.is_null() {
                    None
                } else {
                    d.string_map(val)?
                }
            }
            _ => {}
        }
    }
    Ok(Some(v))
}

fn efs_volume(d: &mut Decoder, n: &Node) -> R<EfsVolume> {
    let entries = match d.map_entries(n, "utils.EFSVolume")? {
        Some(e) => e,
        None => return Ok(None),
    };
    let mut v = EfsVolume::default();
    for (k, val) in entries {
        match key(k) {
            "name" => v.name = d.string(val)?.unwrap_or_default(),
            "filesystem_id" => v.filesystem_id = opt_string(d, val)?,
            "root_directory" => v.root_directory = opt_string(d, val)?,
            "transit_encryption" => v.transit_encryption = opt_string(d, val)?,
            "transit_encryption_port" => v.transit_encryption_port = opt_int(d, val)?,
            "access_point" => v.access_point = opt_string(d, val)?,
            "iam" => v.iam = opt_string(d, val)?,
            _ => {}
        }
    }
    Ok(Some(v))
}

fn constraints(d: &mut Decoder, n: &Node) -> R<Vec<Constraint>> {
    let items = match d.seq_items(n, "[]utils.Constraint")? {
        Some(i) => i,
        None => return Ok(None),
    };
    let mut out = Vec::new();
    for it in items {
        if let Some(es) = d.map_entries(it, "utils.Constraint")? {
            let mut c = Constraint::default();
            for (k, v) in es {
                match key(k) {
                    "expression" => c.expression = d.string(v)?.unwrap_or_default(),
                    "type" => c.type_ = d.string(v)?.unwrap_or_default(),
                    _ => {}
                }
            }
            out.push(c);
        }
    }
    Ok(Some(out))
}

fn secrets(d: &mut Decoder, n: &Node) -> R<Vec<Secret>> {
    let items = match d.seq_items(n, "[]utils.Secret")? {
        Some(i) => i,
        None => return Ok(None),
    };
    let mut out = Vec::new();
    for it in items {
        if let Some(es) = d.map_entries(it, "utils.Secret")? {
            let mut s = Secret::default();
            for (k, v) in es {
                match key(k) {
                    "value_from" => s.value_from = d.string(v)?.unwrap_or_default(),
                    "name" => s.name = d.string(v)?.unwrap_or_default(),
                    _ => {}
                }
            }
            out.push(s);
        }
    }
    Ok(Some(out))
}

/// libcompose yaml.Stringorslice inside ecs-params.
fn stringorslice(n: &Node) -> Result<Option<Vec<String>>, String> {
    if n.is_null() {
        return Ok(None);
    }
    match &n.target().kind {
        Kind::Scalar(s, _) => Ok(Some(vec![s.clone()])),
        Kind::Seq(items) => {
            if items.is_empty() {
                return Ok(None);
            }
            let mut out = Vec::new();
            for i in items {
                let v = yaml::ValueDecoder::default().decode(i)?;
                match v {
                    crate::yaml::Value::Str(s) => out.push(s),
                    other => {
                        return Err(format!(
                            "Cannot unmarshal '{}' of type {} into a string value",
                            other.go_sprint(),
                            other.go_type(false)
                        ))
                    }
                }
            }
            Ok(Some(out))
        }
        _ => Err("Failed to unmarshal Stringorslice".into()),
    }
}

fn container_def(d: &mut Decoder, n: &Node) -> R<ContainerDef> {
    if n.is_null() {
        // A null entry bypasses the custom unmarshaler: every field is zero, essential false.
        return Ok(Some(ContainerDef::default()));
    }
    let entries = match d.map_entries(n, "utils.rawContainerDef")? {
        Some(e) => e,
        None => return Ok(None),
    };
    let mut c = ContainerDef {
        essential: true,
        ..Default::default()
    };
    for (k, v) in entries {
        match key(k) {
            "essential" => {
                if let Some(b) = d.bool(v)? {
                    c.essential = b;
                }
            }
            "init_process_enabled" => {
                if let Some(b) = d.bool(v)? {
                    c.init_process_enabled = b;
                }
            }
            "repository_credentials" => {
                if let Some(es) = d.map_entries(v, "utils.RepositoryCredentials")? {
                    for (rk, rv) in es {
                        if key(rk) == "credentials_parameter" {
                            c.repository_credentials = d.string(rv)?.unwrap_or_default();
                        }
                    }
                }
            }
            "cpu_shares" => c.cpu = d.int(v, "int64")?.unwrap_or_default(),
            "mem_limit" => c.memory = mem_string_or_int(v)?,
            "mem_reservation" => c.memory_reservation = mem_string_or_int(v)?,
            "healthcheck" => {
                if v.is_null() {
                    c.healthcheck = None;
                } else if let Some(es) = d.map_entries(v, "utils.HealthCheck")? {
                    let mut h = HealthCheckParams::default();
                    for (hk, hv) in es {
                        match key(hk) {
                            "test" => h.test = stringorslice(hv)?,
                            "command" => h.command = stringorslice(hv)?,
                            "timeout" => h.timeout = d.string(hv)?.unwrap_or_default(),
                            "interval" => h.interval = d.string(hv)?.unwrap_or_default(),
                            "retries" => h.retries = d.int(hv, "int64")?.unwrap_or_default(),
                            "start_period" => h.start_period = d.string(hv)?.unwrap_or_default(),
                            _ => {}
                        }
                    }
                    c.healthcheck = Some(h);
                }
            }
            "logging" => {
                if let Some(es) = d.map_entries(v, "utils.Logging")? {
                    for (lk, lv) in es {
                        if key(lk) == "secret_options" {
                            if let Some(s) = secrets(d, lv)? {
                                c.logging_secret_options = s;
                            }
                        }
                    }
                }
            }
            "firelens_configuration" => {
                if let Some(es) = d.map_entries(v, "utils.FirelensConfiguration")? {
                    for (fk, fv) in es {
                        match key(fk) {
                            "type" => c.firelens.type_ = d.string(fv)?.unwrap_or_default(),
                            "options" => {
                                c.firelens.options = if fv.is_null() {
                                    None
                                } else {
                                    d.string_map(fv)?
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            "secrets" => {
                if let Some(s) = secrets(d, v)? {
                    c.secrets = s;
                }
            }
            "gpu" => c.gpu = d.string(v)?.unwrap_or_default(),
            "depends_on" => {
                if let Some(items) = d.seq_items(v, "[]utils.DependsOnParams")? {
                    let mut out = Vec::new();
                    for it in items {
                        if let Some(es) = d.map_entries(it, "utils.DependsOnParams")? {
                            let mut dep = DependsOn::default();
                            for (dk, dv) in es {
                                match key(dk) {
                                    "container_name" => {
                                        dep.container_name = d.string(dv)?.unwrap_or_default()
                                    }
                                    "condition" => {
                                        dep.condition = d.string(dv)?.unwrap_or_default()
                                    }
                                    _ => {}
                                }
                            }
                            out.push(dep);
                        }
                    }
                    c.depends_on = out;
                }
            }
            _ => {}
        }
    }
    Ok(Some(c))
}

fn strings_field(d: &mut Decoder, n: &Node) -> Result<Vec<String>, String> {
    Ok(d.string_list(n)?.unwrap_or_default())
}

fn run_params(d: &mut Decoder, n: &Node) -> R<RunParams> {
    let entries = match d.map_entries(n, "utils.RunParams")? {
        Some(e) => e,
        None => return Ok(None),
    };
    let mut r = RunParams::default();
    for (k, v) in entries {
        match key(k) {
            "network_configuration" => {
                if let Some(es) = d.map_entries(v, "utils.NetworkConfiguration")? {
                    for (nk, nv) in es {
                        if key(nk) == "awsvpc_configuration" {
                            if let Some(aes) = d.map_entries(nv, "utils.AwsVpcConfiguration")? {
                                let a = &mut r.network_configuration.awsvpc_configuration;
                                for (ak, av) in aes {
                                    match key(ak) {
                                        "subnets" => a.subnets = strings_field(d, av)?,
                                        "security_groups" => {
                                            a.security_groups = strings_field(d, av)?
                                        }
                                        "assign_public_ip" => {
                                            a.assign_public_ip = d.string(av)?.unwrap_or_default()
                                        }
                                        _ => {}
                                    }
                                }
                            }
                        }
                    }
                }
            }
            "task_placement" => {
                if let Some(es) = d.map_entries(v, "utils.TaskPlacement")? {
                    for (tk, tv) in es {
                        match key(tk) {
                            "strategy" => {
                                if let Some(items) = d.seq_items(tv, "[]utils.Strategy")? {
                                    let mut out = Vec::new();
                                    for it in items {
                                        if let Some(ses) = d.map_entries(it, "utils.Strategy")? {
                                            let mut s = Strategy::default();
                                            for (sk, sv) in ses {
                                                match key(sk) {
                                                    "field" => {
                                                        s.field = d.string(sv)?.unwrap_or_default()
                                                    }
                                                    "type" => {
                                                        s.type_ = d.string(sv)?.unwrap_or_default()
                                                    }
                                                    _ => {}
                                                }
                                            }
                                            out.push(s);
                                        }
                                    }
                                    r.task_placement.strategies = out;
                                }
                            }
                            "constraints" => {
                                if let Some(c) = constraints(d, tv)? {
                                    r.task_placement.constraints = c;
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            "service_discovery" => {
                if let Some(es) = d.map_entries(v, "utils.ServiceDiscovery")? {
                    let sd = &mut r.service_discovery;
                    for (sk, sv) in es {
                        match key(sk) {
                            "container_name" => {
                                sd.container_name = d.string(sv)?.unwrap_or_default()
                            }
                            "container_port" => sd.container_port = opt_int(d, sv)?,
                            "private_dns_namespace" => {
                                if let Some(pes) = d.map_entries(sv, "utils.PrivateDNSNamespace")? {
                                    for (pk, pv) in pes {
                                        let s = d.string(pv)?.unwrap_or_default();
                                        match key(pk) {
                                            "id" => sd.private_dns_namespace.id = s,
                                            "name" => sd.private_dns_namespace.name = s,
                                            "vpc" => sd.private_dns_namespace.vpc = s,
                                            "description" => {
                                                sd.private_dns_namespace.description = s
                                            }
                                            _ => {}
                                        }
                                    }
                                }
                            }
                            "public_dns_namespace" => {
                                if let Some(pes) = d.map_entries(sv, "utils.PublicDNSNamespace")? {
                                    for (pk, pv) in pes {
                                        let s = d.string(pv)?.unwrap_or_default();
                                        match key(pk) {
                                            "id" => sd.public_dns_namespace.id = s,
                                            "name" => sd.public_dns_namespace.name = s,
                                            _ => {}
                                        }
                                    }
                                }
                            }
                            "service_discovery_service" => {
                                if let Some(ses) =
                                    d.map_entries(sv, "utils.ServiceDiscoveryService")?
                                {
                                    let sds = &mut sd.service_discovery_service;
                                    for (xk, xv) in ses {
                                        match key(xk) {
                                            "name" => sds.name = d.string(xv)?.unwrap_or_default(),
                                            "description" => {
                                                sds.description = d.string(xv)?.unwrap_or_default()
                                            }
                                            "dns_config" => {
                                                if let Some(des) =
                                                    d.map_entries(xv, "utils.DNSConfig")?
                                                {
                                                    for (dk, dv) in des {
                                                        match key(dk) {
                                                            "type" => {
                                                                sds.dns_config.type_ = d
                                                                    .string(dv)?
                                                                    .unwrap_or_default()
                                                            }
                                                            "ttl" => {
                                                                sds.dns_config.ttl = opt_int(d, dv)?
                                                            }
                                                            _ => {}
                                                        }
                                                    }
                                                }
                                            }
                                            "healthcheck_custom_config" => {
                                                if let Some(hes) = d.map_entries(
                                                    xv,
                                                    "utils.HealthCheckCustomConfig",
                                                )? {
                                                    for (hk, hv) in hes {
                                                        if key(hk) == "failure_threshold" {
                                                            sds.healthcheck_custom_config
                                                                .failure_threshold =
                                                                opt_int(d, hv)?;
                                                        }
                                                    }
                                                }
                                            }
                                            _ => {}
                                        }
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(Some(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_with_defaults() {
        let p = parse("version: 1\ntask_definition:\n  services:\n    a:\n      cpu_shares: 5\n    b:\n      essential: no\n    c:\n").unwrap();
        let s = &p.task_definition.services;
        assert!(s[0].1.essential);
        assert_eq!(s[0].1.cpu, 5);
        assert!(!s[1].1.essential);
        assert!(!s[2].1.essential);
    }

    #[test]
    fn type_errors_like_go_yaml() {
        let e = parse(
            "version: 1\ntask_definition:\n  services:\n    web:\n      essential: sometimes\n",
        )
        .unwrap_err();
        assert_eq!(
            e,
            "yaml: unmarshal errors:\n  line 5: cannot unmarshal !!str `sometimes` into bool"
        );
        let e = parse("version: 1\ntask_definition:\n  task_size: big\n").unwrap_err();
        assert_eq!(
            e,
            "yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `big` into utils.TaskSize"
        );
    }

    #[test]
    fn memory_and_healthcheck() {
        let p = parse("task_definition:\n  services:\n    web:\n      mem_limit: 1g\n      healthcheck:\n        test: curl x\n        start_period: 40\n").unwrap();
        let c = &p.task_definition.services[0].1;
        assert_eq!(c.memory, 1 << 30);
        let h = c.healthcheck.as_ref().unwrap();
        assert_eq!(h.test.as_ref().unwrap(), &vec!["curl x".to_string()]);
        assert_eq!(h.start_period, "40");
    }
}
