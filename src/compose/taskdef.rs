//! From loaded compose services (v1/v2 or v3) and ecs-params to the RegisterTaskDefinition
//! request: the original's adapter conversions, its container reconciliation with ecs-params,
//! volumes, registry credentials and task-level fields.

use aws_sdk_ecs::types as ecs;

use super::dockercli;
use super::ecs_params::{ContainerDef, EcsParams, HealthCheckParams, Secret};
use super::interp::EnvLookup;
use super::libcompose::{self, ServiceConfig, Ulimit};
use super::regcreds::RegistryCredsOutput;
use crate::go;

const DEFAULT_MEM_LIMIT: i64 = 512;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Device {
    pub host_path: String,
    pub container_path: Option<String>,
    pub permissions: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PortMapping {
    pub container_port: i64,
    pub host_port: i64,
    pub protocol: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MountPoint {
    pub container_path: String,
    pub source_volume: String,
    pub read_only: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeFrom {
    pub source_container: String,
    pub read_only: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tmpfs {
    pub container_path: String,
    pub mount_options: Vec<String>,
    pub size: i64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct HealthCheck {
    pub command: Option<Vec<String>>,
    pub interval: Option<i64>,
    pub timeout: Option<i64>,
    pub retries: Option<i64>,
    pub start_period: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogConfig {
    pub driver: String,
    pub options: Vec<(String, String)>,
}

/// The original's `adapter.ContainerConfig`: what a compose service contributes. `None` lists
/// are left out of the request; `Some(empty)` ones are sent as `[]`.
#[derive(Clone, Debug, Default)]
pub struct ContainerConfig {
    pub name: String,
    pub cap_add: Option<Vec<String>>,
    pub cap_drop: Option<Vec<String>>,
    pub command: Vec<String>,
    pub cpu: i64,
    pub devices: Option<Vec<Device>>,
    pub dns_search: Vec<String>,
    pub dns_servers: Vec<String>,
    pub docker_labels: Option<Vec<(String, String)>>,
    pub security_options: Vec<String>,
    pub entrypoint: Vec<String>,
    pub environment: Vec<(String, String)>,
    pub extra_hosts: Vec<(String, String)>,
    pub health_check: Option<HealthCheck>,
    pub hostname: String,
    pub image: String,
    pub links: Vec<String>,
    pub log_configuration: Option<LogConfig>,
    pub memory: i64,
    pub memory_reservation: i64,
    pub mount_points: Option<Vec<MountPoint>>,
    pub port_mappings: Option<Vec<PortMapping>>,
    pub privileged: bool,
    pub pseudo_terminal: bool,
    pub read_only: bool,
    pub shm_size: i64,
    pub stop_timeout: Option<i64>,
    pub tmpfs: Option<Vec<Tmpfs>>,
    pub ulimits: Option<Vec<Ulimit>>,
    pub volumes_from: Option<Vec<VolumeFrom>>,
    pub user: String,
    pub working_directory: String,
    /// `init` (later compose versions): the init process, unless ecs-params says otherwise.
    pub init: bool,
    /// `sysctls` (later compose versions): the container's system controls.
    pub system_controls: Vec<(String, String)>,
    /// `depends_on` (later compose versions): (container, ECS condition), used when
    /// ecs-params has no `depends_on` for the container.
    pub depends_on: Vec<(String, String)>,
}

/// Volumes collected while converting mount points: host paths get generated names
/// (`volume-N`, N counting every volume known so far); named volumes keep their names.
#[derive(Clone, Debug, Default)]
pub struct Volumes {
    pub with_host: Vec<(String, String)>,
    pub empty_host: Vec<String>,
}

impl Volumes {
    /// `GetSourcePathAndUpdateVolumes`
    pub fn source_volume(&mut self, source: &str) -> Result<String, String> {
        let n = self.with_host.len() + self.empty_host.len();
        if source.is_empty() {
            let name = format!("volume-{n}");
            self.empty_host.push(name.clone());
            return Ok(name);
        }
        if is_named_volume(source) {
            if !self.empty_host.iter().any(|v| v == source) {
                return Err(format!(
                    "named volume [{source}] is used but no declaration was found in the volumes section"
                ));
            }
            return Ok(source.to_string());
        }
        if let Some((_, name)) = self.with_host.iter().find(|(h, _)| h == source) {
            return Ok(name.clone());
        }
        let name = format!("volume-{n}");
        self.with_host.push((source.to_string(), name.clone()));
        Ok(name)
    }
}

fn is_named_volume(v: &str) -> bool {
    !v.starts_with('.') && !v.starts_with('/') && !v.starts_with('~')
}

// ------------------------------------------------------------------------------------------
// adapter conversions

pub fn convert_devices(devs: &[String]) -> Result<Vec<Device>, String> {
    let mut out = Vec::new();
    for d in devs {
        let parts: Vec<&str> = d.split(':').collect();
        let mut dev = Device {
            host_path: parts[0].to_string(),
            ..Default::default()
        };
        if parts.len() > 1 {
            dev.container_path = Some(parts[1].to_string());
        }
        if parts.len() > 2 {
            dev.permissions = Some(device_permissions(parts[2])?);
        }
        if parts.len() > 3 {
            return Err(format!("Invalid number of arguments in device {d}"));
        }
        out.push(dev);
    }
    Ok(out)
}

fn device_permissions(perms: &str) -> Result<Vec<String>, String> {
    if perms.len() > 3 {
        return Err(format!(
            "Invalid number of device options: found {}, max is 3",
            perms.len()
        ));
    }
    let mut out: Vec<String> = Vec::new();
    for c in perms.chars() {
        let p = match c {
            'r' => "read",
            'w' => "write",
            'm' => "mknod",
            other => {
                return Err(format!(
                    "Invalid device option: found '{other}', but only 'r', 'w' or 'm' are valid"
                ))
            }
        };
        if !out.iter().any(|x| x == p) {
            out.push(p.to_string());
        }
    }
    Ok(out)
}

pub fn convert_extra_hosts(hosts: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for h in hosts {
        let parts: Vec<&str> = h.split(':').collect();
        if parts.len() != 2 {
            return Err(format!(
                "expected format HOSTNAME:IPADDRESS. could not parse ExtraHost: {h}"
            ));
        }
        out.push((parts[0].to_string(), parts[1].to_string()));
    }
    Ok(out)
}

/// `ConvertToKeyValuePairs` (v1/v2): `KEY` and `KEY=` are looked up in the environment.
pub fn convert_env(env: &EnvLookup, vars: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for v in vars {
        let (key, value) = match v.split_once('=') {
            Some((k, val)) => (k.to_string(), Some(val.to_string())),
            None => (v.clone(), None),
        };
        if let Some(val) = value {
            if !val.is_empty() {
                out.push((key, val));
                continue;
            }
        }
        match env.lookup(&key) {
            None => {
                tracing::warn!("key name" = %key, "Environment variable is unresolved. Setting it to a blank value...");
                out.push((key, String::new()));
            }
            Some(kv) => {
                let val = kv
                    .split_once('=')
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default();
                out.push((key, val));
            }
        }
    }
    out
}

pub fn convert_port_mappings(service: &str, ports: &[String]) -> Result<Vec<PortMapping>, String> {
    let mut out = Vec::new();
    for p in ports {
        let mut spec = p.as_str();
        let mut protocol = "tcp".to_string();
        if spec.ends_with("/tcp") || spec.ends_with("/udp") {
            protocol = spec[spec.len() - 3..].to_string();
            spec = &spec[..spec.len() - 4];
        }
        let parts: Vec<&str> = spec.split(':').collect();
        let (host, container) = match parts.len() {
            1 => (None, parts[0]),
            2 => (Some(parts[0]), parts[1]),
            3 => {
                tracing::warn!(container = %service, portMapping = %spec, "Ignoring the ip address while transforming it to task definition");
                (Some(parts[1]), parts[2])
            }
            _ => {
                return Err(format!(
                    "expected format [hostPort]:containerPort. Could not parse portmappings: {spec}"
                ))
            }
        };
        // As in the original, only the last conversion's error counts.
        let host_port = host.map(go::strconv::atoi).unwrap_or(Ok(0));
        let container_port = go::strconv::atoi(container);
        let container_port = match container_port {
            Ok(c) => c,
            Err(e) => {
                return Err(format!(
                    "Could not convert port into integer in portmappings: {e}"
                ))
            }
        };
        out.push(PortMapping {
            container_port,
            host_port: host_port.unwrap_or(0),
            protocol,
        });
    }
    Ok(out)
}

pub fn convert_tmpfs(paths: &[String]) -> Result<Option<Vec<Tmpfs>>, String> {
    if paths.is_empty() {
        return Ok(None);
    }
    let re =
        regex::Regex::new(r"size=(\d+(\.\d+)*) ?([kKmMgGtTpP])?[bB]?").expect("tmpfs size pattern");
    let mut out = Vec::new();
    for m in paths {
        let (path, opts) = match m.split_once(':') {
            Some(p) => p,
            None => return Err("Path and Size are required options for tmpfs".into()),
        };
        let mut mount_options = Vec::new();
        let mut size: i64 = 0;
        for option in opts.split(',') {
            match re.find(option) {
                Some(found) => {
                    let value = &found.as_str()[5..];
                    size = mib(go::units::ram_in_bytes(value)?);
                }
                None => mount_options.push(option.to_string()),
            }
        }
        if size == 0 {
            return Err("You must specify the size option for tmpfs".into());
        }
        out.push(Tmpfs {
            container_path: path.to_string(),
            mount_options,
            size,
        });
    }
    Ok(Some(out))
}

pub fn convert_volumes_from(items: &[String]) -> Result<Vec<VolumeFrom>, String> {
    let mut out = Vec::new();
    for item in items {
        let parts: Vec<&str> = item.split(':').collect();
        let parse_err = || {
            format!("expected format [container:]SERVICE|CONTAINER[:ro|rw]. could not parse cfgVolumeFrom: {item}")
        };
        let (name, mode) = match parts.len() {
            1 => (parts[0], ""),
            2 => {
                if parts[0] == "container" {
                    (parts[1], "")
                } else {
                    (parts[0], parts[1])
                }
            }
            3 => {
                if parts[0] != "container" {
                    return Err(parse_err());
                }
                (parts[1], parts[2])
            }
            _ => return Err(parse_err()),
        };
        let read_only = match mode {
            "" | "rw" => false,
            "ro" => true,
            other => return Err(format!("Could not parse access mode {other}")),
        };
        out.push(VolumeFrom {
            source_container: name.to_string(),
            read_only,
        });
    }
    Ok(out)
}

/// Whole seconds of a duration, truncated (`int64(d / time.Second)`).
fn seconds(nanos: i64) -> i64 {
    nanos / go::time::SECOND
}

/// Bytes to MiB as the original does (integer division; 0 stays 0).
fn mib(bytes: i64) -> i64 {
    bytes / (1024 * 1024)
}

// ------------------------------------------------------------------------------------------
// services -> container configs

const V1V2_SUPPORTED: [&str; 34] = [
    "cap_add",
    "cap_drop",
    "command",
    "cpu_shares",
    "devices",
    "dns",
    "dns_search",
    "entrypoint",
    "env_file",
    "environment",
    "extends",
    "extra_hosts",
    "hostname",
    "image",
    "labels",
    "links",
    "logging",
    "log_driver",
    "log_opt",
    "mem_limit",
    "mem_reservation",
    "ports",
    "privileged",
    "read_only",
    "security_opt",
    "shm_size",
    "stop_grace_period",
    "tmpfs",
    "tty",
    "ulimits",
    "user",
    "volumes",
    "volumes_from",
    "working_dir",
];

fn warn_unsupported(option: &str, service: &str) {
    tracing::warn!("option name" = %option, "service name" = %service, "Skipping unsupported YAML option for service...");
}

/// The set fields of a libcompose service, in struct order, by YAML name.
fn v1v2_set_fields(s: &ServiceConfig) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut f = |name: &'static str, set: bool| {
        if set {
            out.push(name);
        }
    };
    f("build", s.build != libcompose::Build::default());
    f("cap_add", s.cap_add.is_some());
    f("cap_drop", s.cap_drop.is_some());
    f("cpuset", !s.cpuset.is_empty());
    f("cpu_shares", s.cpu_shares != 0);
    f("cpu_quota", s.cpu_quota != 0);
    f("command", s.command.is_some());
    f("cgroup_parent", !s.cgroup_parent.is_empty());
    f("container_name", !s.container_name.is_empty());
    f("devices", s.devices.is_some());
    f("depends_on", s.depends_on.is_some());
    f("dns", s.dns.is_some());
    f("dns_opt", s.dns_opt.is_some());
    f("dns_search", s.dns_search.is_some());
    f("domainname", !s.domainname.is_empty());
    f("entrypoint", s.entrypoint.is_some());
    f("env_file", s.env_file.is_some());
    f("environment", s.environment.is_some());
    f("expose", s.expose.is_some());
    f("extends", s.extends.is_some());
    f("external_links", s.external_links.is_some());
    f("extra_hosts", s.extra_hosts.is_some());
    f("group_add", s.group_add.is_some());
    f("image", !s.image.is_empty());
    f("isolation", !s.isolation.is_empty());
    f("hostname", !s.hostname.is_empty());
    f("ipc", !s.ipc.is_empty());
    f("labels", s.labels.is_some());
    f("links", s.links.is_some());
    f(
        "logging",
        !s.logging.driver.is_empty() || s.logging.options.is_some(),
    );
    f("mac_address", !s.mac_address.is_empty());
    f("mem_limit", s.mem_limit != 0);
    f("mem_reservation", s.mem_reservation != 0);
    f("memswap_limit", s.memswap_limit != 0);
    f("mem_swappiness", s.mem_swappiness != 0);
    f("network_mode", !s.network_mode.is_empty());
    f(
        "networks",
        s.networks.as_ref().map(|n| n.len() != 1).unwrap_or(true),
    );
    f("oom_score_adj", s.oom_score_adj != 0);
    f("pid", !s.pid.is_empty());
    f("ports", s.ports.is_some());
    f("privileged", s.privileged);
    f("security_opt", s.security_opt.is_some());
    f("shm_size", s.shm_size != 0);
    f("stop_signal", !s.stop_signal.is_empty());
    f("stop_grace_period", !s.stop_grace_period.is_empty());
    f("tmpfs", s.tmpfs.is_some());
    f("volume_driver", !s.volume_driver.is_empty());
    f("volumes", s.volumes.is_some());
    f("volumes_from", s.volumes_from.is_some());
    f("uts", !s.uts.is_empty());
    f("restart", !s.restart.is_empty());
    f("read_only", s.read_only);
    f("stdin_open", s.stdin_open);
    f("tty", s.tty);
    f("user", !s.user.is_empty());
    f("working_dir", !s.working_dir.is_empty());
    f("ulimits", s.ulimits.is_some());
    out
}

/// `convertV1V2ToContainerConfig`
pub fn from_v1v2(
    name: &str,
    s: &ServiceConfig,
    env: &EnvLookup,
    volumes: &mut Volumes,
) -> Result<ContainerConfig, String> {
    // unsupported fields (networks: anything but exactly one network)
    for field in v1v2_set_fields(s) {
        if !V1V2_SUPPORTED.contains(&field) {
            warn_unsupported(field, name);
        }
    }

    let devices = convert_devices(s.devices.as_deref().unwrap_or(&[]))?;
    let environment = convert_env(env, s.environment.as_deref().unwrap_or(&[]));
    let extra_hosts = convert_extra_hosts(s.extra_hosts.as_deref().unwrap_or(&[]))?;
    let log_configuration = if s.logging.driver.is_empty() {
        None
    } else {
        Some(LogConfig {
            driver: s.logging.driver.clone(),
            options: s.logging.options.clone().unwrap_or_default(),
        })
    };
    let mut memory = mib(s.mem_limit);
    let memory_reservation = mib(s.mem_reservation);
    if memory == 0 && memory_reservation != 0 {
        memory = memory_reservation;
    }
    let mut mount_points = Vec::new();
    for v in s.volumes.as_deref().unwrap_or(&[]) {
        let read_only = match v.access_mode.as_str() {
            "" | "rw" => false,
            "ro" => true,
            _ => {
                return Err(format!(
                    "expected format [HOST:]CONTAINER[:ro|rw]. could not parse volume: {}",
                    v.to_spec()
                ))
            }
        };
        let source_volume = volumes.source_volume(&v.source)?;
        mount_points.push(MountPoint {
            container_path: v.destination.clone(),
            source_volume,
            read_only,
        });
    }
    let port_mappings = convert_port_mappings(name, s.ports.as_deref().unwrap_or(&[]))?;
    let shm_size = mib(s.shm_size);
    let tmpfs = convert_tmpfs(s.tmpfs.as_deref().unwrap_or(&[]))?;
    let ulimits: Vec<Ulimit> = s.ulimits.clone().unwrap_or_default();
    let volumes_from = convert_volumes_from(s.volumes_from.as_deref().unwrap_or(&[]))?;
    let stop_timeout = if s.stop_grace_period.is_empty() {
        None
    } else {
        Some(seconds(go::time::parse_duration(&s.stop_grace_period)?))
    };
    Ok(ContainerConfig {
        name: name.to_string(),
        cap_add: s.cap_add.clone(),
        cap_drop: s.cap_drop.clone(),
        command: s.command.clone().unwrap_or_default(),
        cpu: s.cpu_shares,
        devices: Some(devices),
        dns_search: s.dns_search.clone().unwrap_or_default(),
        dns_servers: s.dns.clone().unwrap_or_default(),
        docker_labels: Some(s.labels.clone().unwrap_or_default()),
        security_options: s.security_opt.clone().unwrap_or_default(),
        entrypoint: s.entrypoint.clone().unwrap_or_default(),
        environment,
        extra_hosts,
        health_check: None,
        hostname: s.hostname.clone(),
        image: s.image.clone(),
        links: s.links.clone().unwrap_or_default(),
        log_configuration,
        memory,
        memory_reservation,
        mount_points: Some(mount_points),
        port_mappings: Some(port_mappings),
        privileged: s.privileged,
        pseudo_terminal: s.tty,
        read_only: s.read_only,
        shm_size,
        stop_timeout,
        tmpfs,
        ulimits: Some(ulimits),
        volumes_from: Some(volumes_from),
        user: s.user.clone(),
        working_directory: s.working_dir.clone(),
        ..Default::default()
    })
}

/// `convertToContainerConfig` (v3)
pub fn from_v3(s: &dockercli::Service, volumes: &mut Volumes) -> Result<ContainerConfig, String> {
    for option in &s.unsupported {
        warn_unsupported(option, &s.name);
    }
    if s.deploy_resources {
        tracing::warn!("option name" = "deploy", "service name" = %s.name, "Skipping unsupported YAML option for service... service-level resources should be configured in the ecs-param.yml file.");
    } else if s.deploy_set {
        warn_unsupported("deploy", &s.name);
    }
    let mut c = ContainerConfig {
        name: s.name.clone(),
        cap_add: s.cap_add.clone(),
        cap_drop: s.cap_drop.clone(),
        command: s.command.clone().unwrap_or_default(),
        security_options: s.security_opt.clone().unwrap_or_default(),
        entrypoint: s.entrypoint.clone().unwrap_or_default(),
        hostname: s.hostname.clone(),
        image: s.image.clone(),
        links: s.links.clone().unwrap_or_default(),
        privileged: s.privileged,
        read_only: s.read_only,
        user: s.user.clone(),
        working_directory: s.working_dir.clone(),
        pseudo_terminal: s.tty,
        ..Default::default()
    };
    c.devices = Some(convert_devices(s.devices.as_deref().unwrap_or(&[]))?);
    if let Some(h) = &s.healthcheck {
        if !h.disable {
            c.health_check = Some(HealthCheck {
                command: Some(h.test.clone().unwrap_or_default()),
                interval: h.interval.map(seconds),
                retries: h.retries.map(|r| r as i64),
                timeout: h.timeout.map(seconds),
                start_period: h.start_period.map(seconds),
            });
        }
    }
    c.dns_servers = s.dns.clone().unwrap_or_default();
    c.dns_search = s.dns_search.clone().unwrap_or_default();
    c.docker_labels = s.labels.clone();
    c.environment = s
        .environment
        .clone()
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.unwrap_or_default()))
        .collect();
    c.extra_hosts = convert_extra_hosts(s.extra_hosts.as_deref().unwrap_or(&[]))?;
    if let Some(l) = &s.logging {
        c.log_configuration = Some(LogConfig {
            driver: l.driver.clone(),
            options: l.options.clone().unwrap_or_default(),
        });
    }
    if let Some(ports) = &s.ports {
        if !ports.is_empty() {
            c.port_mappings = Some(
                ports
                    .iter()
                    .map(|p| PortMapping {
                        container_port: p.target as i64,
                        host_port: p.published as i64,
                        protocol: p.protocol.clone(),
                    })
                    .collect(),
            );
        }
    }
    if let Some(t) = &s.tmpfs {
        c.tmpfs = convert_tmpfs(t)?;
    }
    if let Some(u) = &s.ulimits {
        if !u.is_empty() {
            c.ulimits = Some(
                u.iter()
                    .map(|(name, l)| {
                        let (soft, hard) = if l.single > 0 {
                            (l.single, l.single)
                        } else {
                            (l.soft, l.hard)
                        };
                        Ulimit {
                            name: name.clone(),
                            soft,
                            hard,
                        }
                    })
                    .collect(),
            );
        }
    }
    if let Some(vols) = &s.volumes {
        if !vols.is_empty() {
            let mut mps = Vec::new();
            for v in vols {
                if v.kind == "volume" || v.kind == "bind" {
                    let source_volume = volumes.source_volume(&v.source)?;
                    mps.push(MountPoint {
                        container_path: v.target.clone(),
                        source_volume,
                        read_only: v.read_only,
                    });
                } else {
                    tracing::warn!("Unsupported mount type found: {}", v.kind);
                }
            }
            c.mount_points = Some(mps);
        }
    }
    c.stop_timeout = s.stop_grace_period.map(seconds);
    if let Some(l) = &s.later {
        c.memory = l.memory;
        c.memory_reservation = l.memory_reservation;
        c.cpu = l.cpu;
        c.init = l.init;
        c.shm_size = l.shm_size;
        c.system_controls = l.sysctls.clone();
        c.depends_on = l.depends_on.clone();
    }
    Ok(c)
}

// ------------------------------------------------------------------------------------------
// reconciliation with ecs-params and the request

fn override_msg(service: &str, option: &str, was: i64, now: i64) {
    tracing::info!("option name" = %option, "service name" = %service, "Using ecs-params value as override (was {} but is now {})", was, now);
}

fn resolve_int(service: &str, compose: i64, params: i64, option: &str) -> i64 {
    if compose > 0 && params > 0 {
        override_msg(service, option, compose, params);
    }
    if params > 0 {
        params
    } else {
        compose
    }
}

fn resolve_opt(
    service: &str,
    compose: Option<i64>,
    params: Option<i64>,
    option: &str,
) -> Option<i64> {
    if let (Some(c), Some(p)) = (compose, params) {
        override_msg(service, option, c, p);
    }
    params.or(compose)
}

fn parse_health_time(field: &str) -> Result<Option<i64>, String> {
    if field.is_empty() {
        return Ok(None);
    }
    if let Ok(d) = go::time::parse_duration(field) {
        return Ok(Some(seconds(d)));
    }
    if let Ok(v) = go::strconv::parse_int(field, 64, "ParseInt") {
        return Ok(Some(v));
    }
    Err(format!(
        "Could not parse {field} either as an integer or a duration (ex: 1m30s)"
    ))
}

fn health_command(c: &[String]) -> Vec<String> {
    if c.len() == 1 {
        vec!["CMD-SHELL".to_string(), c[0].clone()]
    } else {
        c.to_vec()
    }
}

/// `HealthCheck.ConvertToECSHealthCheck`
fn params_health_check(h: &HealthCheckParams) -> Result<HealthCheck, String> {
    let cmd = h.command.as_deref().unwrap_or(&[]);
    let test = h.test.as_deref().unwrap_or(&[]);
    if !cmd.is_empty() && !test.is_empty() {
        return Err("healthcheck.test and healthcheck.command can not both be specified".into());
    }
    let mut out = HealthCheck::default();
    if !cmd.is_empty() {
        out.command = Some(health_command(cmd));
    }
    if !test.is_empty() {
        out.command = Some(health_command(test));
    }
    if h.retries != 0 {
        out.retries = Some(h.retries);
    }
    out.timeout = parse_health_time(&h.timeout)?;
    out.start_period = parse_health_time(&h.start_period)?;
    out.interval = parse_health_time(&h.interval)?;
    Ok(out)
}

fn resolve_health_check(
    service: &str,
    compose: Option<HealthCheck>,
    params: Option<&HealthCheckParams>,
) -> Result<Option<HealthCheck>, String> {
    let mut hc = compose;
    if let Some(p) = params {
        let over = params_health_check(p)?;
        hc = Some(match hc {
            Some(mut c) => {
                let cc = c.command.clone().unwrap_or_default();
                let oc = over.command.clone().unwrap_or_default();
                if !cc.is_empty() && !oc.is_empty() {
                    tracing::info!("option name" = "healthcheck command", "service name" = %service, "Using ecs-params value as override");
                }
                if !oc.is_empty() {
                    c.command = over.command.clone();
                }
                c.interval =
                    resolve_opt(service, c.interval, over.interval, "healthcheck interval");
                c.retries = resolve_opt(service, c.retries, over.retries, "healthcheck retries");
                c.timeout = resolve_opt(service, c.timeout, over.timeout, "healthcheck timeout");
                c.start_period = resolve_opt(
                    service,
                    c.start_period,
                    over.start_period,
                    "healthcheck start_period",
                );
                c
            }
            None => over,
        });
    }
    if let Some(h) = &hc {
        if h.command.is_none() {
            return Err(format!(
                "{service}: test/command is a required field for container healthcheck"
            ));
        }
    }
    Ok(hc)
}

fn build_secrets(secrets: &[Secret]) -> Vec<ecs::Secret> {
    secrets
        .iter()
        .map(|s| {
            ecs::Secret::builder()
                .name(&s.name)
                .value_from(&s.value_from)
                .build()
                .expect("secret fields set")
        })
        .collect()
}

fn i32v(v: i64) -> i32 {
    v as i32
}

/// `reconcileContainerDef`
fn reconcile(
    c: &ContainerConfig,
    def: &ContainerDef,
    task_mem_set: bool,
    source_file: &str,
) -> Result<ecs::ContainerDefinition, String> {
    let mut b = ecs::ContainerDefinition::builder()
        .set_command(Some(c.command.clone()))
        .set_dns_search_domains(Some(c.dns_search.clone()))
        .set_dns_servers(Some(c.dns_servers.clone()))
        .set_docker_security_options(Some(c.security_options.clone()))
        .set_entry_point(Some(c.entrypoint.clone()))
        .set_environment(Some(
            c.environment
                .iter()
                .map(|(k, v)| ecs::KeyValuePair::builder().name(k).value(v).build())
                .collect(),
        ))
        .set_extra_hosts(Some(
            c.extra_hosts
                .iter()
                .map(|(h, ip)| {
                    ecs::HostEntry::builder()
                        .hostname(h)
                        .ip_address(ip)
                        .build()
                        .expect("host entry fields set")
                })
                .collect(),
        ))
        .image(&c.image)
        .set_links(Some(c.links.clone()))
        .name(&c.name)
        .privileged(c.privileged)
        .pseudo_terminal(c.pseudo_terminal)
        .readonly_root_filesystem(c.read_only);
    if let Some(l) = &c.docker_labels {
        b = b.set_docker_labels(Some(l.iter().cloned().collect()));
    }
    if !c.hostname.is_empty() {
        b = b.hostname(&c.hostname);
    }
    if let Some(mp) = &c.mount_points {
        b = b.set_mount_points(Some(
            mp.iter()
                .map(|m| {
                    ecs::MountPoint::builder()
                        .container_path(&m.container_path)
                        .source_volume(&m.source_volume)
                        .read_only(m.read_only)
                        .build()
                })
                .collect(),
        ));
    }
    if let Some(pm) = &c.port_mappings {
        b = b.set_port_mappings(Some(
            pm.iter()
                .map(|p| {
                    ecs::PortMapping::builder()
                        .protocol(ecs::TransportProtocol::from(p.protocol.as_str()))
                        .container_port(i32v(p.container_port))
                        .host_port(i32v(p.host_port))
                        .build()
                })
                .collect(),
        ));
    }
    if let Some(u) = &c.ulimits {
        b = b.set_ulimits(Some(
            u.iter()
                .map(|u| {
                    ecs::Ulimit::builder()
                        .name(ecs::UlimitName::from(u.name.as_str()))
                        .soft_limit(i32v(u.soft))
                        .hard_limit(i32v(u.hard))
                        .build()
                        .expect("ulimit fields set")
                })
                .collect(),
        ));
    }
    if !c.user.is_empty() {
        b = b.user(&c.user);
    }
    if let Some(vf) = &c.volumes_from {
        b = b.set_volumes_from(Some(
            vf.iter()
                .map(|v| {
                    ecs::VolumeFrom::builder()
                        .source_container(&v.source_container)
                        .read_only(v.read_only)
                        .build()
                })
                .collect(),
        ));
    }
    if !c.working_directory.is_empty() {
        b = b.working_directory(&c.working_directory);
    }

    // Linux parameters
    let mut caps = ecs::KernelCapabilities::builder();
    if let Some(a) = &c.cap_add {
        caps = caps.set_add(Some(a.clone()));
    }
    if let Some(d) = &c.cap_drop {
        caps = caps.set_drop(Some(d.clone()));
    }
    let mut lp = ecs::LinuxParameters::builder().capabilities(caps.build());
    if let Some(devs) = &c.devices {
        lp = lp.set_devices(Some(
            devs.iter()
                .map(|d| {
                    let mut db = ecs::Device::builder().host_path(&d.host_path);
                    if let Some(cp) = &d.container_path {
                        db = db.container_path(cp);
                    }
                    if let Some(p) = &d.permissions {
                        db = db.set_permissions(Some(
                            p.iter()
                                .map(|x| ecs::DeviceCgroupPermission::from(x.as_str()))
                                .collect(),
                        ));
                    }
                    db.build().expect("device host path set")
                })
                .collect(),
        ));
    }
    if def.init_process_enabled || c.init {
        lp = lp.init_process_enabled(true);
    }
    if !c.system_controls.is_empty() {
        b = b.set_system_controls(Some(
            c.system_controls
                .iter()
                .map(|(k, v)| ecs::SystemControl::builder().namespace(k).value(v).build())
                .collect(),
        ));
    }
    if c.shm_size != 0 {
        lp = lp.shared_memory_size(i32v(c.shm_size));
    }
    if let Some(st) = c.stop_timeout {
        b = b.stop_timeout(i32v(st));
    }
    if let Some(t) = &c.tmpfs {
        lp = lp.set_tmpfs(Some(
            t.iter()
                .map(|t| {
                    ecs::Tmpfs::builder()
                        .container_path(&t.container_path)
                        .set_mount_options(Some(t.mount_options.clone()))
                        .size(i32v(t.size))
                        .build()
                        .expect("tmpfs fields set")
                })
                .collect(),
        ));
    }
    b = b.linux_parameters(lp.build());

    // resources and ecs-params fields
    b = b.essential(def.essential);
    let cpu = resolve_int(&c.name, c.cpu, def.cpu, "CPU");
    let mut mem_limit = resolve_int(&c.name, c.memory, mib(def.memory), "MemoryLimit");
    let mem_res = resolve_int(
        &c.name,
        c.memory_reservation,
        mib(def.memory_reservation),
        "MemoryReservation",
    );
    if !def.firelens.type_.is_empty() {
        b = b.firelens_configuration(
            ecs::FirelensConfiguration::builder()
                .r#type(ecs::FirelensConfigurationType::from(
                    def.firelens.type_.as_str(),
                ))
                .set_options(Some(
                    def.firelens
                        .options
                        .clone()
                        .unwrap_or_default()
                        .into_iter()
                        .collect(),
                ))
                .build()
                .expect("firelens type set"),
        );
    }
    if !def.repository_credentials.is_empty() {
        b = b.repository_credentials(
            ecs::RepositoryCredentials::builder()
                .credentials_parameter(&def.repository_credentials)
                .build()
                .expect("credentials parameter set"),
        );
    }
    if !def.secrets.is_empty() {
        b = b.set_secrets(Some(build_secrets(&def.secrets)));
    }
    let mut log = c.log_configuration.clone();
    let secret_options = if def.logging_secret_options.is_empty() {
        None
    } else if log.is_none() {
        return Err(format!(
            "{}: services.{}.logging.secret_options needs a logging driver set for service {} in the compose file",
            source_file, c.name, c.name
        ));
    } else {
        Some(build_secrets(&def.logging_secret_options))
    };
    if let Some(l) = log.take() {
        b = b.log_configuration(
            ecs::LogConfiguration::builder()
                .log_driver(ecs::LogDriver::from(l.driver.as_str()))
                .set_options(Some(l.options.into_iter().collect()))
                .set_secret_options(secret_options)
                .build()
                .expect("log driver set"),
        );
    }
    let health = resolve_health_check(&c.name, c.health_check.clone(), def.healthcheck.as_ref())?;
    let mut resource_requirements = Vec::new();
    if !def.gpu.is_empty() {
        resource_requirements.push(
            ecs::ResourceRequirement::builder()
                .r#type(ecs::ResourceType::Gpu)
                .value(&def.gpu)
                .build()
                .expect("gpu fields set"),
        );
    }
    let depends_on: Vec<(String, String)> = if def.depends_on.is_empty() {
        c.depends_on.clone()
    } else {
        def.depends_on
            .iter()
            .map(|d| (d.container_name.clone(), d.condition.clone()))
            .collect()
    };
    if !depends_on.is_empty() {
        b = b.set_depends_on(Some(
            depends_on
                .iter()
                .map(|(name, condition)| {
                    ecs::ContainerDependency::builder()
                        .container_name(name)
                        .condition(ecs::ContainerCondition::from(condition.as_str()))
                        .build()
                        .expect("dependency fields set")
                })
                .collect(),
        ));
    }

    if mem_limit == 0 && mem_res == 0 && !task_mem_set {
        mem_limit = DEFAULT_MEM_LIMIT;
    }
    if mem_limit != 0 && mem_limit < mem_res {
        return Err("mem_limit must be greater than mem_reservation".into());
    }
    if mem_limit != 0 {
        b = b.memory(i32v(mem_limit));
    }
    if mem_res != 0 {
        b = b.memory_reservation(i32v(mem_res));
    }
    b = b.cpu(i32v(cpu));
    if let Some(h) = health {
        let mut hb = ecs::HealthCheck::builder().set_command(h.command.clone());
        if let Some(i) = h.interval {
            hb = hb.interval(i32v(i));
        }
        if let Some(r) = h.retries {
            hb = hb.retries(i32v(r));
        }
        if let Some(t) = h.timeout {
            hb = hb.timeout(i32v(t));
        }
        if let Some(s) = h.start_period {
            hb = hb.start_period(i32v(s));
        }
        b = b.health_check(hb.build().expect("health check command set"));
    }
    if !resource_requirements.is_empty() {
        b = b.set_resource_requirements(Some(resource_requirements));
    }
    Ok(b.build())
}

fn has_essential(defs: &[(String, ContainerDef)], count: usize) -> bool {
    let non_essential = defs.iter().filter(|(_, d)| !d.essential).count();
    non_essential != count
}

fn build_volumes(
    volumes: &Volumes,
    params: Option<&EcsParams>,
    params_file: &str,
) -> Result<Vec<ecs::Volume>, String> {
    let mut out = Vec::new();
    for (host, name) in &volumes.with_host {
        out.push(
            ecs::Volume::builder()
                .name(name)
                .host(
                    ecs::HostVolumeProperties::builder()
                        .source_path(host)
                        .build(),
                )
                .build(),
        );
    }
    // named and anonymous volumes, then ecs-params docker and EFS volumes by name
    enum Cfg<'a> {
        None,
        Docker(&'a super::ecs_params::DockerVolume),
        Efs(&'a super::ecs_params::EfsVolume),
    }
    let mut without_host: Vec<(String, Cfg)> = volumes
        .empty_host
        .iter()
        .map(|n| (n.clone(), Cfg::None))
        .collect();
    if let Some(p) = params {
        for dv in &p.task_definition.docker_volumes {
            if dv.name.is_empty() {
                return Err("Name is required when specifying a docker volume".into());
            }
            match without_host.iter_mut().find(|(n, _)| *n == dv.name) {
                Some(e) => e.1 = Cfg::Docker(dv),
                None => without_host.push((dv.name.clone(), Cfg::Docker(dv))),
            }
        }
        for ev in &p.task_definition.efs_volumes {
            if ev.name.is_empty() {
                return Err("Name is required when specifying an EFS volume".into());
            }
            match without_host.iter_mut().find(|(n, _)| *n == ev.name) {
                Some(e) => e.1 = Cfg::Efs(ev),
                None => without_host.push((ev.name.clone(), Cfg::Efs(ev))),
            }
        }
    }
    for (name, cfg) in without_host {
        let mut vb = ecs::Volume::builder().name(&name);
        match cfg {
            Cfg::None => {}
            Cfg::Docker(d) => {
                let mut db =
                    ecs::DockerVolumeConfiguration::builder().set_autoprovision(d.autoprovision);
                if let Some(dr) = &d.driver {
                    db = db.driver(dr);
                }
                if let Some(s) = &d.scope {
                    db = db.scope(ecs::Scope::from(s.as_str()));
                }
                if let Some(o) = &d.driver_opts {
                    db = db.set_driver_opts(Some(o.iter().cloned().collect()));
                }
                if let Some(l) = &d.labels {
                    db = db.set_labels(Some(l.iter().cloned().collect()));
                }
                vb = vb.docker_volume_configuration(db.build());
            }
            Cfg::Efs(e) => {
                let fs = match &e.filesystem_id {
                    Some(f) => f.clone(),
                    None => return Err("file system id is required for efs volumes".into()),
                };
                let mut eb = ecs::EfsVolumeConfiguration::builder().file_system_id(fs);
                if let Some(r) = &e.root_directory {
                    eb = eb.root_directory(r);
                }
                let mut required = false;
                let mut auth = ecs::EfsAuthorizationConfig::builder();
                if let Some(iam) = &e.iam {
                    auth = auth.iam(ecs::EfsAuthorizationConfigIam::from(iam.as_str()));
                    if iam == "ENABLED" {
                        required = true;
                    }
                }
                if let Some(ap) = &e.access_point {
                    auth = auth.access_point_id(ap);
                    required = true;
                }
                eb = eb.authorization_config(auth.build());
                if let Some(t) = &e.transit_encryption {
                    eb = eb.transit_encryption(ecs::EfsTransitEncryption::from(t.as_str()));
                }
                if required {
                    match &e.transit_encryption {
                        Some(t) if t == "ENABLED" => {}
                        Some(_) => {
                            return Err("Transit encryption is required when using IAM access or an access point".into())
                        }
                        None => {
                            return Err(format!(
                                "Transit encryption is required when using IAM access or an access point: efs_volumes entry '{}' in {} sets no transit_encryption",
                                e.name, params_file
                            ))
                        }
                    }
                }
                if let Some(p) = e.transit_encryption_port {
                    eb = eb.transit_encryption_port(i32v(p));
                }
                vb = vb.efs_volume_configuration(eb.build().expect("file system id set"));
            }
        }
        out.push(vb.build());
    }
    Ok(out)
}

fn apply_registry_creds(
    defs: &mut [ecs::ContainerDefinition],
    creds: &RegistryCredsOutput,
) -> Result<(), String> {
    let mut map: Vec<(String, String)> = Vec::new();
    for (registry, entry) in &creds.container_credentials {
        if !entry.credentials_parameter.is_empty() && !entry.container_names.is_empty() {
            for c in &entry.container_names {
                if let Some((_, existing)) = map.iter().find(|(n, _)| n == c) {
                    return Err(format!(
                        "Duplicate credential_parameter values found for container {} ({} and {})",
                        c, existing, entry.credentials_parameter
                    ));
                }
                map.push((c.clone(), entry.credentials_parameter.clone()));
            }
        } else {
            tracing::warn!("No containers found for registry {}", registry);
        }
    }
    if map.is_empty() {
        return Ok(());
    }
    for def in defs.iter_mut() {
        let name = def.name().unwrap_or("").to_string();
        if let Some(pos) = map.iter().position(|(n, _)| *n == name) {
            let (_, param) = map.remove(pos);
            let existing = def
                .repository_credentials()
                .map(|r| r.credentials_parameter().to_string())
                .unwrap_or_default();
            if !existing.is_empty() {
                tracing::info!("container name" = %name, "option name" = "credentials_parameter", "Using ecs-registry-creds value as override (was {} but is now {})", existing, param);
            } else {
                tracing::info!("container name" = %name, "option name" = "credentials_parameter", "Using ecs-registry-creds value {}", param);
            }
            def.repository_credentials = Some(
                ecs::RepositoryCredentials::builder()
                    .credentials_parameter(param)
                    .build()
                    .expect("credentials parameter set"),
            );
        }
    }
    if !map.is_empty() {
        let names: Vec<String> = map.into_iter().map(|(n, _)| n).collect();
        tracing::warn!(
            "Containers listed with registry credentials but not used: [{}]",
            names.join(" ")
        );
    }
    Ok(())
}

/// Everything `ConvertToTaskDefinition` takes.
pub struct ConvertParams<'a> {
    pub family: &'a str,
    pub task_role_arn: Option<&'a str>,
    pub launch_type: Option<&'a str>,
    pub volumes: &'a Volumes,
    pub containers: &'a [ContainerConfig],
    pub ecs_params: Option<&'a EcsParams>,
    pub ecs_params_file: &'a str,
    pub registry_creds: Option<&'a RegistryCredsOutput>,
}

/// `ConvertToTaskDefinition`, returning the request builder (without tags).
pub fn convert(
    p: &ConvertParams,
) -> Result<
    aws_sdk_ecs::operation::register_task_definition::builders::RegisterTaskDefinitionInputBuilder,
    String,
> {
    if p.containers.is_empty() {
        return Err(
            "cannot create a task definition with no containers; invalid service config".into(),
        );
    }
    let empty_td = super::ecs_params::EcsTaskDef::default();
    let td = p
        .ecs_params
        .map(|e| &e.task_definition)
        .unwrap_or(&empty_td);
    let task_role = match p.task_role_arn {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => td.task_role_arn.clone(),
    };
    // a container that another waits for to finish (depends_on with
    // service_completed_successfully, later compose versions) cannot be essential in ECS: it is
    // not, unless ecs-params says otherwise
    let runs_to_completion = |name: &str| {
        p.containers.iter().any(|o| {
            o.depends_on
                .iter()
                .any(|(n, cond)| n == name && (cond == "SUCCESS" || cond == "COMPLETE"))
        })
    };
    let mut defs = Vec::new();
    for c in p.containers {
        let default_def = ContainerDef {
            essential: !runs_to_completion(&c.name),
            ..Default::default()
        };
        let def = td
            .services
            .iter()
            .find(|(n, _)| *n == c.name)
            .map(|(_, d)| d)
            .unwrap_or(&default_def);
        if !has_essential(&td.services, p.containers.len()) {
            return Err("Task definition does not have any essential containers".into());
        }
        defs.push(reconcile(
            c,
            def,
            !td.task_size.memory.is_empty(),
            p.ecs_params_file,
        )?);
    }
    let volumes = build_volumes(p.volumes, p.ecs_params, p.ecs_params_file)?;
    let mut execution_role = td.execution_role.clone();
    if let Some(creds) = p.registry_creds {
        apply_registry_creds(&mut defs, creds)?;
        if !creds.task_execution_role.is_empty() {
            let new = &creds.task_execution_role;
            if !execution_role.is_empty() {
                tracing::info!(
                    "option name" = "task_execution_role",
                    "Using ecs-registry-creds value as override (was {} but is now {})",
                    execution_role,
                    new
                );
            } else {
                tracing::info!(
                    "option name" = "task_execution_role",
                    "Using ecs-registry-creds value {}",
                    new
                );
            }
            execution_role = new.clone();
        }
    }
    let mut b =
        aws_sdk_ecs::operation::register_task_definition::RegisterTaskDefinitionInput::builder()
            .family(p.family)
            .set_container_definitions(Some(defs))
            .set_volumes(Some(volumes))
            .task_role_arn(task_role)
            .execution_role_arn(execution_role);
    if !td.network_mode.is_empty() {
        b = b.network_mode(ecs::NetworkMode::from(td.network_mode.as_str()));
    }
    if !td.task_size.cpu.is_empty() {
        b = b.cpu(&td.task_size.cpu);
    }
    if !td.task_size.memory.is_empty() {
        b = b.memory(&td.task_size.memory);
    }
    if !td.placement_constraints.is_empty() {
        b = b.set_placement_constraints(Some(
            td.placement_constraints
                .iter()
                .map(|c| {
                    ecs::TaskDefinitionPlacementConstraint::builder()
                        .r#type(ecs::TaskDefinitionPlacementConstraintType::from(
                            c.type_.as_str(),
                        ))
                        .expression(&c.expression)
                        .build()
                })
                .collect(),
        ));
    }
    if let Some(lt) = p.launch_type {
        if !lt.is_empty() {
            b = b.requires_compatibilities(ecs::Compatibility::from(lt));
        }
    }
    if !td.pid_mode.is_empty() {
        b = b.pid_mode(ecs::PidMode::from(td.pid_mode.as_str()));
    }
    if !td.ipc_mode.is_empty() {
        b = b.ipc_mode(ecs::IpcMode::from(td.ipc_mode.as_str()));
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_v2_forms() {
        let p = convert_port_mappings(
            "web",
            &[
                "3000".into(),
                "9090:80/tcp".into(),
                "5353:53/udp".into(),
                "127.0.0.1:8001:8001".into(),
            ],
        )
        .unwrap();
        assert_eq!(
            p[0],
            PortMapping {
                container_port: 3000,
                host_port: 0,
                protocol: "tcp".into()
            }
        );
        assert_eq!(p[1].host_port, 9090);
        assert_eq!(p[2].protocol, "udp");
        assert_eq!(p[3].container_port, 8001);
        assert_eq!(
            convert_port_mappings("w", &["1.2.3.4:80:80:80".into()]).unwrap_err(),
            "expected format [hostPort]:containerPort. Could not parse portmappings: 1.2.3.4:80:80:80"
        );
        assert_eq!(
            convert_port_mappings("w", &["53:53/UDP".into()]).unwrap_err(),
            "Could not convert port into integer in portmappings: strconv.Atoi: parsing \"53/UDP\": invalid syntax"
        );
        // Only the container port's conversion error is reported.
        assert_eq!(
            convert_port_mappings("w", &["x:80".into()]).unwrap()[0].host_port,
            0
        );
    }

    #[test]
    fn volumes_numbering() {
        let mut v = Volumes {
            empty_host: vec!["shared".into()],
            ..Default::default()
        };
        assert_eq!(v.source_volume("/a").unwrap(), "volume-1");
        assert_eq!(v.source_volume("").unwrap(), "volume-2");
        assert_eq!(v.source_volume("/a").unwrap(), "volume-1");
        assert_eq!(v.source_volume("shared").unwrap(), "shared");
        assert!(v
            .source_volume("nope")
            .unwrap_err()
            .contains("named volume [nope]"));
        assert_eq!(v.source_volume("~/x").unwrap(), "volume-3");
    }

    #[test]
    fn tmpfs_sizes() {
        let t = convert_tmpfs(&[
            "/run:rw,noexec,nosuid,size=65536k".into(),
            "/tmp:size=1g".into(),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(t[0].size, 64);
        assert_eq!(t[0].mount_options, vec!["rw", "noexec", "nosuid"]);
        assert_eq!(t[1].size, 1024);
        assert_eq!(
            convert_tmpfs(&["/run:size=512".into()]).unwrap_err(),
            "You must specify the size option for tmpfs"
        );
        assert_eq!(
            convert_tmpfs(&["/run".into()]).unwrap_err(),
            "Path and Size are required options for tmpfs"
        );
    }

    #[test]
    fn devices_and_volumes_from() {
        let d = convert_devices(&["/dev/snd:/dev/snd:rw".into()]).unwrap();
        assert_eq!(
            d[0].permissions.as_ref().unwrap(),
            &vec!["read".to_string(), "write".to_string()]
        );
        assert_eq!(
            convert_devices(&["/a:/b:r:x".into()]).unwrap_err(),
            "Invalid number of arguments in device /a:/b:r:x"
        );
        assert_eq!(
            convert_volumes_from(&["container:data:rx".into()]).unwrap_err(),
            "Could not parse access mode rx"
        );
        let v = convert_volumes_from(&["svc:ro".into(), "container:c".into()]).unwrap();
        assert!(v[0].read_only);
        assert_eq!(v[1].source_container, "c");
    }

    #[test]
    fn health_times() {
        assert_eq!(parse_health_time("1m30s").unwrap(), Some(90));
        assert_eq!(parse_health_time("40").unwrap(), Some(40));
        assert!(parse_health_time("soon").is_err());
    }
}
