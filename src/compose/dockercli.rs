//! Compose v3 files, loaded the way docker/cli's compose loader (as vendored by the original)
//! does it: forbidden properties, interpolation, schema v3.0, typed decoding with its
//! transform hooks, environment and volume path resolution, and merging of several files.

use std::path::Path;

use super::envfile::{kv_to_map_with_nil, parse_env_file};
use super::interp::{interpolate_v3, EnvMap};
use super::schema;
use crate::go;
use crate::yaml::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PortConfig {
    pub protocol: String,
    pub target: u64,
    pub published: u64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeMount {
    pub kind: String,
    pub source: String,
    pub target: String,
    pub read_only: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ulimit {
    pub single: i64,
    pub soft: i64,
    pub hard: i64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct HealthCheck {
    pub test: Option<Vec<String>>,
    pub timeout: Option<i64>,
    pub interval: Option<i64>,
    pub retries: Option<u64>,
    pub start_period: Option<i64>,
    pub disable: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Logging {
    pub driver: String,
    pub options: Option<Vec<(String, String)>>,
}

/// The parts of docker/cli's `types.ServiceConfig` the translation reads, plus which fields
/// were set (for the "unsupported option" warnings).
#[derive(Clone, Debug, Default)]
pub struct Service {
    pub name: String,
    pub cap_add: Option<Vec<String>>,
    pub cap_drop: Option<Vec<String>>,
    pub command: Option<Vec<String>>,
    pub devices: Option<Vec<String>>,
    pub dns: Option<Vec<String>>,
    pub dns_search: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    pub environment: Option<Vec<(String, Option<String>)>>,
    pub env_file: Option<Vec<String>>,
    pub extra_hosts: Option<Vec<String>>,
    pub hostname: String,
    pub healthcheck: Option<HealthCheck>,
    pub image: String,
    pub labels: Option<Vec<(String, String)>>,
    pub links: Option<Vec<String>>,
    pub logging: Option<Logging>,
    pub ports: Option<Vec<PortConfig>>,
    pub privileged: bool,
    pub read_only: bool,
    pub security_opt: Option<Vec<String>>,
    pub stop_grace_period: Option<i64>,
    pub tmpfs: Option<Vec<String>>,
    pub tty: bool,
    pub ulimits: Option<Vec<(String, Ulimit)>>,
    pub user: String,
    pub volumes: Option<Vec<VolumeMount>>,
    pub working_dir: String,
    /// `deploy` set at all, and whether it has resources.
    pub deploy_set: bool,
    pub deploy_resources: bool,
    /// Unsupported fields that are set, in the struct's field order, by option name.
    pub unsupported: Vec<String>,
    /// The fields of a v3.1–v3.8 or Specification file that have an ECS meaning (None for
    /// v3.0 files, which the original reads).
    pub later: Option<super::later::LaterFields>,
}

/// Top-level named volume: None when it has no settings at all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeConfig {
    pub driver: String,
    pub driver_opts: Vec<(String, String)>,
    pub external: bool,
    pub labels: Vec<(String, String)>,
}

#[derive(Debug, Default)]
pub struct Config {
    pub services: Vec<Service>,
    pub volumes: Vec<(String, VolumeConfig)>,
}

const FORBIDDEN: [&str; 8] = [
    "extends",
    "volume_driver",
    "volumes_from",
    "cpu_quota",
    "cpu_shares",
    "cpuset",
    "mem_limit",
    "memswap_limit",
];

/// docker/cli `ParseYAML`: a mapping with string keys (empty lists become nil, as there).
pub fn parse_yaml(text: &str) -> Result<Value, String> {
    let v = crate::yaml::load_value(text)?;
    match v {
        Value::Map(_) => convert_keys(v, ""),
        _ => Err("Top-level object must be a mapping".into()),
    }
}

fn convert_keys(v: Value, prefix: &str) -> Result<Value, String> {
    match v {
        Value::Map(m) => {
            let mut out = Map::new();
            for (k, val) in m.iter() {
                let key = match k {
                    Value::Str(s) => s.clone(),
                    other => {
                        let loc = if prefix.is_empty() {
                            "at top level".to_string()
                        } else {
                            format!("in {prefix}")
                        };
                        return Err(format!("Non-string key {loc}: {}", other.go_sharp_v()));
                    }
                };
                let p = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                out.insert(Value::Str(key), convert_keys(val.clone(), &p)?);
            }
            Ok(Value::Map(out))
        }
        Value::Seq(items) => {
            if items.is_empty() {
                return Ok(Value::Null);
            }
            let mut out = Vec::new();
            for (i, it) in items.into_iter().enumerate() {
                out.push(convert_keys(it, &format!("{prefix}[{i}]"))?);
            }
            Ok(Value::Seq(out))
        }
        other => Ok(other),
    }
}

/// Loads and merges the given files (each already parsed with [`parse_yaml`]): v3.0 files as
/// the original does.
pub fn load(
    files: &[(String, Value)],
    working_dir: &Path,
    env: &EnvMap,
    os_env: &std::collections::BTreeMap<String, String>,
) -> Result<Config, String> {
    load_version(files, working_dir, env, os_env, "3.0")
}

/// The top-level keys the loader reads; any other key of a later file is warned about.
const TOP_LEVEL_READ: [&str; 3] = ["version", "services", "volumes"];

/// [`load`] for a file of `version`: "3.0" as the original; "3.1"–"3.8" and "spec" (the
/// Compose Specification) validated against their own schema, the keys that v3.0 does not
/// have warned about as unsupported, never an error.
pub fn load_version(
    files: &[(String, Value)],
    working_dir: &Path,
    env: &EnvMap,
    os_env: &std::collections::BTreeMap<String, String>,
    version: &str,
) -> Result<Config, String> {
    let later = schema::later_version(version);
    let mut configs = Vec::new();
    for (_, dict) in files {
        let mut dict = dict.clone();
        if later.is_some() {
            if let Value::Map(top) = &dict {
                for (k, _) in top.iter() {
                    let key = k.go_sprint();
                    if !TOP_LEVEL_READ.contains(&key.as_str()) {
                        tracing::warn!(
                            "option name" = %key,
                            "Skipping unsupported YAML option..."
                        );
                    }
                }
            }
        }
        if let Some(Value::Map(services)) = dict.get("services") {
            for (_, svc) in services.iter() {
                if let Value::Map(sm) = svc {
                    if version != "spec" && FORBIDDEN.iter().any(|k| sm.contains_key(k)) {
                        return Err("Configuration contains forbidden properties".into());
                    }
                }
            }
        }
        interpolate_v3(&mut dict, env)?;
        let mut skipped = Vec::new();
        if version == "spec" {
            skipped = newer_than_schema(&mut dict, working_dir);
        }
        let errors = later.unwrap_or_else(schema::compose_v30).validate(&dict);
        if let Some(m) = schema::docker_message(&errors) {
            return Err(m);
        }
        let mut cfg = load_sections(&dict, working_dir, env, os_env)?;
        if later.is_some() {
            read_later_services(&dict, &mut cfg)?;
        }
        for (service, key) in skipped {
            if let Some(svc) = cfg.services.iter_mut().find(|s| s.name == service) {
                if !svc.unsupported.contains(&key) {
                    svc.unsupported.push(key);
                }
            }
        }
        configs.push(cfg);
    }
    if configs.len() == 1 {
        return Ok(configs.pop().unwrap_or_default());
    }
    let mut iter = configs.into_iter();
    let mut base = iter.next().unwrap_or_default();
    for over in iter {
        base = merge(base, over);
    }
    Ok(base)
}

/// The embedded Specification schema is docker-compose 1.29's (2021): what the Specification
/// added since is made to fit it. Service keys it does not know are taken out (and returned, to
/// be warned about as unsupported); top-level ones are taken out (the caller warns about every
/// top-level key it does not read); `env_file` entries in the long form (`path`, `required`)
/// become paths, an optional file that does not exist being left out.
fn newer_than_schema(dict: &mut Value, working_dir: &Path) -> Vec<(String, String)> {
    let mut skipped = Vec::new();
    let Some(doc) = schema::later_version("spec") else {
        return skipped;
    };
    let Value::Map(top) = dict else {
        return skipped;
    };
    let top_known: Vec<String> = doc.root.properties.iter().map(|(k, _)| k.clone()).collect();
    let extra: Vec<String> = top
        .iter()
        .map(|(k, _)| k.go_sprint())
        .filter(|key| !top_known.contains(key) && !key.starts_with("x-"))
        .collect();
    for k in extra {
        top.remove(&k);
    }
    let service_known: Vec<String> = doc
        .definitions
        .get("service")
        .map(|d| d.properties.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    let Some(Value::Map(services)) = top.get_mut("services") else {
        return skipped;
    };
    for (name, svc) in services.iter_mut() {
        let Value::Map(sm) = svc else { continue };
        let extra: Vec<String> = sm
            .iter()
            .map(|(k, _)| k.go_sprint())
            .filter(|key| !service_known.contains(key) && !key.starts_with("x-"))
            .collect();
        for k in extra {
            sm.remove(&k);
            skipped.push((name.go_sprint(), k));
        }
        if let Some(Value::Seq(files)) = sm.get_mut("env_file") {
            let mut paths = Vec::new();
            for f in files.drain(..) {
                match f {
                    Value::Map(m) => {
                        let path = m.get("path").map(|p| p.go_sprint()).unwrap_or_default();
                        let required = !matches!(m.get("required"), Some(Value::Bool(false)));
                        if required || working_dir.join(&path).exists() {
                            paths.push(Value::Str(path));
                        }
                    }
                    other => paths.push(other),
                }
            }
            *files = paths;
        }
    }
    skipped
}

/// For a later file: the service keys that docker/cli's v3.0 service has no field for (keys
/// of the later versions and of the Specification, `x-` extensions) join the service's
/// unsupported options, and the fields with an ECS meaning are read (and leave that list).
fn read_later_services(dict: &Value, cfg: &mut Config) -> Result<(), String> {
    let Some(Value::Map(services)) = dict.get("services") else {
        return Ok(());
    };
    let v30 = schema::compose_v30();
    let known: Vec<&str> = v30
        .definitions
        .get("service")
        .map(|d| d.properties.iter().map(|(k, _)| k.as_str()).collect())
        .unwrap_or_default();
    for s in cfg.services.iter_mut() {
        let Some(Value::Map(sm)) = services.get(s.name.as_str()) else {
            continue;
        };
        for (k, v) in sm.iter() {
            let key = k.go_sprint();
            if !known.contains(&key.as_str()) && !v.is_null() && !s.unsupported.contains(&key) {
                s.unsupported.push(key);
            }
        }
        let fields = super::later::read(&s.name, sm)?;
        s.unsupported
            .retain(|u| !super::later::TRANSLATED.contains(&u.as_str()) && u != "deploy");
        s.deploy_resources = false;
        s.deploy_set = fields.deploy_other;
        s.later = Some(fields);
    }
    Ok(())
}

fn load_sections(
    dict: &Value,
    working_dir: &Path,
    env: &EnvMap,
    os_env: &std::collections::BTreeMap<String, String>,
) -> Result<Config, String> {
    let mut cfg = Config::default();
    if let Some(Value::Map(services)) = dict.get("services") {
        for (name, svc) in services.iter() {
            let name = name.as_str().unwrap_or("").to_string();
            let empty = Map::new();
            let sm = match svc {
                Value::Map(m) => m,
                _ => &empty,
            };
            let mut s = load_service(&name, sm)?;
            resolve_environment(&mut s, sm, working_dir, env, os_env)?;
            resolve_volume_paths(&mut s, working_dir, env)?;
            cfg.services.push(s);
        }
    }
    if let Some(Value::Map(vols)) = dict.get("volumes") {
        for (name, v) in vols.iter() {
            let name = name.as_str().unwrap_or("").to_string();
            let mut vc = VolumeConfig::default();
            if let Value::Map(m) = v {
                if let Some(Value::Str(d)) = m.get("driver") {
                    vc.driver = d.clone();
                }
                if let Some(Value::Map(o)) = m.get("driver_opts") {
                    vc.driver_opts = o
                        .iter()
                        .map(|(k, v)| (k.go_sprint(), v.go_sprint()))
                        .collect();
                }
                match m.get("external") {
                    Some(Value::Bool(b)) => vc.external = *b,
                    Some(Value::Map(_)) => vc.external = true,
                    _ => {}
                }
                if let Some(l) = m.get("labels") {
                    vc.labels = mapping_or_list(l, false)
                        .into_iter()
                        .map(|(k, v)| (k, v.unwrap_or_default()))
                        .collect();
                }
                if vc.external {
                    if !vc.driver.is_empty() {
                        return Err(external_volume_error(&name, "driver"));
                    }
                    if !vc.driver_opts.is_empty() {
                        return Err(external_volume_error(&name, "driver_opts"));
                    }
                    if !vc.labels.is_empty() {
                        return Err(external_volume_error(&name, "labels"));
                    }
                }
            }
            cfg.volumes.push((name, vc));
        }
    }
    Ok(cfg)
}

fn external_volume_error(volume: &str, key: &str) -> String {
    format!("conflicting parameters \"{key}\" and \"external\" specified for volume \"{volume}\"")
}

fn decode_errors(errs: Vec<String>) -> String {
    let mut points: Vec<String> = errs.into_iter().map(|e| format!("* {e}")).collect();
    points.sort();
    format!(
        "{} error(s) decoding:\n\n{}",
        points.len(),
        points.join("\n")
    )
}

fn string_list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Str(s) => Some(vec![s.clone()]),
        Value::Seq(items) => Some(items.iter().map(|i| i.go_sprint()).collect()),
        _ => None,
    }
}

fn plain_list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Seq(items) => Some(items.iter().map(|i| i.go_sprint()).collect()),
        _ => None,
    }
}

/// docker/cli transformMappingOrList: list `K=V` / `K`, or map; numbers printed with %v.
fn mapping_or_list(v: &Value, allow_nil: bool) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    let mut put = |k: String, v: Option<String>| {
        if let Some(e) = out.iter_mut().find(|(ek, _)| *ek == k) {
            e.1 = v;
        } else {
            out.push((k, v));
        }
    };
    match v {
        Value::Map(m) => {
            for (k, val) in m.iter() {
                let s = match val {
                    Value::Null => {
                        if allow_nil {
                            None
                        } else {
                            Some(String::new())
                        }
                    }
                    other => Some(other.go_sprint()),
                };
                put(k.go_sprint(), s);
            }
        }
        Value::Seq(items) => {
            for i in items {
                let s = i.go_sprint();
                match s.split_once('=') {
                    Some((k, v)) => put(k.to_string(), Some(v.to_string())),
                    None => put(s, if allow_nil { None } else { Some(String::new()) }),
                }
            }
        }
        _ => {}
    }
    out
}

/// Whether a decoded struct (deploy, build) would be Go's zero value. Its pointer, map and
/// slice fields count as set as soon as they are present; `resources` and `placement` are
/// plain structs, checked field by field; empty strings and false are zero.
fn struct_is_zero(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Map(m) => m.iter().all(|(k, v)| match (k.as_str(), v) {
            (_, Value::Null) => true,
            (_, Value::Str(s)) => s.is_empty(),
            (_, Value::Bool(b)) => !b,
            (Some("resources") | Some("placement"), Value::Map(_)) => struct_is_zero(v),
            _ => false,
        }),
        Value::Str(s) => s.is_empty(),
        _ => false,
    }
}

fn is_set(v: Option<&Value>) -> bool {
    !matches!(v, None | Some(Value::Null))
}

fn load_service(name: &str, sm: &Map) -> Result<Service, String> {
    let mut s = Service {
        name: name.to_string(),
        ..Default::default()
    };
    let mut errs: Vec<String> = Vec::new();
    let get = |k: &str| sm.get(k);
    let str_of = |k: &str| match sm.get(k) {
        Some(Value::Str(v)) => v.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.go_sprint(),
    };
    let bool_of = |k: &str| matches!(sm.get(k), Some(Value::Bool(true)));

    // Warnings for set-but-unsupported fields, in docker/cli's field order.
    let unsupported: [(&str, &'static str); 18] = [
        ("build", "build"),
        ("cgroup_parent", "cgroup_parent"),
        ("container_name", "container_name"),
        ("depends_on", "depends_on"),
        ("deploy", "deploy"),
        ("domainname", "domain_name"),
        ("expose", "expose"),
        ("external_links", "external_links"),
        ("ipc", "ipc"),
        ("mac_address", "mac_address"),
        ("network_mode", "network_mode"),
        ("networks", "networks"),
        ("pid", "pid"),
        ("restart", "restart"),
        ("shm_size", "shm_size"),
        ("stdin_open", "stdin_open"),
        ("stop_signal", "stop_signal"),
        ("sysctls", "sysctls"),
    ];
    for (key, option) in unsupported {
        let v = get(key);
        let nonzero = match v {
            None | Some(Value::Null) => false,
            Some(Value::Str(x)) => !x.is_empty(),
            Some(Value::Bool(b)) => *b,
            Some(Value::Map(m)) => {
                if key == "deploy" || key == "build" {
                    !struct_is_zero(&Value::Map(m.clone()))
                } else {
                    true
                }
            }
            Some(_) => true,
        };
        if nonzero {
            s.unsupported.push(option.to_string());
        }
    }
    if is_set(get("userns_mode")) && !str_of("userns_mode").is_empty() {
        s.unsupported.push("user_ns_mode".to_string());
    }
    if let Some(Value::Map(d)) = get("deploy") {
        s.deploy_set = !struct_is_zero(&Value::Map(d.clone()));
        if let Some(Value::Map(r)) = d.get("resources") {
            s.deploy_resources = is_set(r.get("limits")) || is_set(r.get("reservations"));
        }
    }

    if let Some(v) = get("cap_add") {
        s.cap_add = plain_list(v);
    }
    if let Some(v) = get("cap_drop") {
        s.cap_drop = plain_list(v);
    }
    for (key, field) in [("command", "Command"), ("entrypoint", "Entrypoint")] {
        if let Some(v) = get(key) {
            let parsed = match v {
                Value::Str(text) => match shellwords_parse(text) {
                    Ok(words) => Some(words),
                    Err(e) => {
                        errs.push(format!("error decoding '{field}': {e}"));
                        None
                    }
                },
                Value::Seq(items) => Some(items.iter().map(|i| i.go_sprint()).collect()),
                _ => None,
            };
            if key == "command" {
                s.command = parsed;
            } else {
                s.entrypoint = parsed;
            }
        }
    }
    if let Some(v) = get("devices") {
        s.devices = plain_list(v);
    }
    if let Some(v) = get("dns") {
        s.dns = string_list(v);
    }
    if let Some(v) = get("dns_search") {
        s.dns_search = string_list(v);
    }
    if let Some(v) = get("environment") {
        if !v.is_null() {
            s.environment = Some(mapping_or_list(v, true));
        }
    }
    if let Some(v) = get("env_file") {
        s.env_file = string_list(v);
    }
    if let Some(v) = get("extra_hosts") {
        s.extra_hosts = match v {
            Value::Seq(items) => Some(items.iter().map(|i| i.go_sprint()).collect()),
            Value::Map(m) => Some(
                m.iter()
                    .map(|(k, v)| {
                        let val = if v.is_null() {
                            String::new()
                        } else {
                            v.go_sprint()
                        };
                        format!("{}:{}", k.go_sprint(), val)
                    })
                    .collect(),
            ),
            _ => None,
        };
    }
    s.hostname = str_of("hostname");
    if let Some(Value::Map(hc)) = get("healthcheck") {
        let mut h = HealthCheck::default();
        if let Some(t) = hc.get("test") {
            h.test = match t {
                Value::Str(x) => Some(vec!["CMD-SHELL".to_string(), x.clone()]),
                Value::Seq(items) => Some(items.iter().map(|i| i.go_sprint()).collect()),
                _ => None,
            };
        }
        for (key, field) in [
            ("interval", "Interval"),
            ("timeout", "Timeout"),
            ("start_period", "StartPeriod"),
        ] {
            if let Some(Value::Str(d)) = hc.get(key) {
                match go::time::parse_duration(d) {
                    Ok(n) => match key {
                        "interval" => h.interval = Some(n),
                        "timeout" => h.timeout = Some(n),
                        _ => h.start_period = Some(n),
                    },
                    Err(e) => errs.push(format!("error decoding 'HealthCheck.{field}': {e}")),
                }
            }
        }
        match hc.get("retries") {
            Some(Value::Int(i)) if *i >= 0 => h.retries = Some(*i as u64),
            Some(Value::Uint(u)) => h.retries = Some(*u),
            Some(Value::Float(f)) if *f >= 0.0 => h.retries = Some(*f as u64),
            Some(Value::Int(_)) | Some(Value::Float(_)) => errs.push(
                "'HealthCheck.Retries' expected type 'uint64', got unconvertible type 'int'"
                    .to_string(),
            ),
            _ => {}
        }
        h.disable = matches!(hc.get("disable"), Some(Value::Bool(true)));
        s.healthcheck = Some(h);
    }
    s.image = str_of("image");
    if let Some(v) = get("labels") {
        if !v.is_null() {
            s.labels = Some(
                mapping_or_list(v, false)
                    .into_iter()
                    .map(|(k, v)| (k, v.unwrap_or_default()))
                    .collect(),
            );
        }
    }
    if let Some(v) = get("links") {
        s.links = plain_list(v);
    }
    if let Some(Value::Map(l)) = get("logging") {
        let mut lg = Logging::default();
        if let Some(Value::Str(d)) = l.get("driver") {
            lg.driver = d.clone();
        }
        if let Some(Value::Map(o)) = l.get("options") {
            lg.options = Some(
                o.iter()
                    .map(|(k, v)| {
                        (
                            k.go_sprint(),
                            if v.is_null() {
                                String::new()
                            } else {
                                v.go_sprint()
                            },
                        )
                    })
                    .collect(),
            );
        }
        s.logging = Some(lg);
    }
    if let Some(v) = get("ports") {
        match transform_ports(v) {
            Ok(p) => s.ports = p,
            Err(e) => errs.push(format!("error decoding 'Ports': {e}")),
        }
    }
    s.privileged = bool_of("privileged");
    s.read_only = bool_of("read_only");
    if let Some(v) = get("security_opt") {
        s.security_opt = plain_list(v);
    }
    if let Some(Value::Str(d)) = get("stop_grace_period") {
        match go::time::parse_duration(d) {
            Ok(n) => s.stop_grace_period = Some(n),
            Err(e) => errs.push(format!("error decoding 'stop_grace_period': {e}")),
        }
    }
    if let Some(v) = get("tmpfs") {
        s.tmpfs = string_list(v);
    }
    s.tty = bool_of("tty");
    if let Some(Value::Map(u)) = get("ulimits") {
        let mut out = Vec::new();
        for (k, v) in u.iter() {
            let ul = match v {
                Value::Int(i) => Ulimit {
                    single: *i,
                    ..Default::default()
                },
                Value::Map(m) => Ulimit {
                    single: 0,
                    soft: match m.get("soft") {
                        Some(Value::Int(i)) => *i,
                        _ => 0,
                    },
                    hard: match m.get("hard") {
                        Some(Value::Int(i)) => *i,
                        _ => 0,
                    },
                },
                other => {
                    errs.push(format!(
                        "error decoding 'Ulimits[{}]': invalid type {} for ulimits",
                        k.go_sprint(),
                        other.go_type(true)
                    ));
                    continue;
                }
            };
            out.push((k.go_sprint(), ul));
        }
        s.ulimits = Some(out);
    }
    s.user = str_of("user");
    if let Some(Value::Seq(vols)) = get("volumes") {
        let mut out = Vec::new();
        for (i, v) in vols.iter().enumerate() {
            match v {
                Value::Str(spec) => match parse_volume(spec) {
                    Ok(m) => out.push(m),
                    Err(e) => errs.push(format!("error decoding 'Volumes[{i}]': {e}")),
                },
                other => errs.push(format!(
                    "error decoding 'Volumes[{i}]': invalid type {} for service volume",
                    other.go_type(true)
                )),
            }
        }
        s.volumes = Some(out);
    }
    s.working_dir = str_of("working_dir");
    if !errs.is_empty() {
        return Err(decode_errors(errs));
    }
    Ok(s)
}

/// docker/cli `transformServicePort` + `toServicePortConfigs`.
fn transform_ports(v: &Value) -> Result<Option<Vec<PortConfig>>, String> {
    let items = match v {
        Value::Seq(items) => items,
        Value::Null => return Ok(None),
        other => return Err(format!("invalid type {} for port", other.go_type(true))),
    };
    let mut out = Vec::new();
    for it in items {
        let spec = match it {
            Value::Int(i) => i.to_string(),
            Value::Str(s) => s.clone(),
            other => return Err(format!("invalid type {} for port", other.go_type(true))),
        };
        out.extend(to_service_port_configs(&spec)?);
    }
    Ok(Some(out))
}

fn to_service_port_configs(spec: &str) -> Result<Vec<PortConfig>, String> {
    let mappings = go::nat::parse_port_spec(spec)?;
    // the original walks the container ports in string order, each with its bindings in order
    let mut by_key: std::collections::BTreeMap<&str, Vec<&go::nat::PortBinding>> =
        std::collections::BTreeMap::new();
    for m in &mappings {
        by_key.entry(m.port.as_str()).or_default().push(&m.binding);
    }
    let mut out = Vec::new();
    for (key, bindings) in by_key {
        let (port, proto) = key.split_once('/').unwrap_or((key, "tcp"));
        let target: u64 = port.parse().unwrap_or(0);
        for b in bindings {
            if !b.host_ip.is_empty() && b.host_ip != "0.0.0.0" {
                tracing::warn!(
                    "ignoring IP-address ({}:{}:{}) service will listen on '0.0.0.0'",
                    b.host_ip,
                    b.host_port,
                    key
                );
            }
            let (start, end) = match go::nat::parse_port_range(&b.host_port) {
                Ok(r) => r,
                Err(_) if b.host_port.is_empty() => (0, 0),
                Err(_) => {
                    return Err(format!(
                        "invalid hostport binding ({}) for port ({})",
                        b.host_port, port
                    ))
                }
            };
            for p in start..=end {
                out.push(PortConfig {
                    protocol: proto.to_ascii_lowercase(),
                    target,
                    published: p,
                });
            }
        }
    }
    Ok(out)
}

/// docker/cli `loader.ParseVolume` (short syntax).
pub fn parse_volume(spec: &str) -> Result<VolumeMount, String> {
    let mut v = VolumeMount::default();
    let chars: Vec<char> = spec.chars().collect();
    match chars.len() {
        0 => return Err("invalid empty volume spec".into()),
        1 | 2 => {
            v.target = spec.to_string();
            v.kind = "volume".into();
            return Ok(v);
        }
        _ => {}
    }
    let mut buffer: Vec<char> = Vec::new();
    let mut all = chars.clone();
    all.push('\0');
    let n = all.len();
    for (i, &c) in all.iter().enumerate() {
        let end = i == n - 1;
        if c == ':' && buffer.len() == 1 && buffer[0].is_alphabetic() {
            buffer.push(c);
            continue;
        }
        if c == ':' || end {
            if let Err(e) = populate_field(end, &buffer, &mut v) {
                populate_type(&mut v)?;
                return Err(format!("invalid spec: {spec}: {e}"));
            }
            buffer.clear();
        } else {
            buffer.push(c);
        }
    }
    populate_type(&mut v)?;
    Ok(v)
}

fn populate_field(end: bool, buffer: &[char], v: &mut VolumeMount) -> Result<(), String> {
    let s: String = buffer.iter().collect();
    if buffer.is_empty() {
        return Err("empty section between colons".into());
    }
    if v.source.is_empty() && end {
        v.target = s;
        return Ok(());
    }
    if v.source.is_empty() {
        v.source = s;
        return Ok(());
    }
    if v.target.is_empty() {
        v.target = s;
        return Ok(());
    }
    if !end {
        return Err("too many colons".into());
    }
    for option in s.split(',') {
        match option {
            "ro" => v.read_only = true,
            "rw" => v.read_only = false,
            _ => {}
        }
    }
    Ok(())
}

fn populate_type(v: &mut VolumeMount) -> Result<(), String> {
    if v.source.is_empty() {
        v.kind = "volume".into();
        return Ok(());
    }
    let src: Vec<char> = v.source.chars().collect();
    let is_path = matches!(src[0], '.' | '/' | '~') || v.source.starts_with("\\\\") || {
        if src.len() < 2 {
            // The original indexes past the end of a one-character source here.
            return Err(format!(
                "invalid volume source {:?}: a one-character volume name is not supported",
                v.source
            ));
        }
        src[1] == ':' && src[0].is_alphabetic()
    };
    v.kind = if is_path { "bind" } else { "volume" }.into();
    Ok(())
}

fn resolve_environment(
    s: &mut Service,
    _sm: &Map,
    working_dir: &Path,
    env: &EnvMap,
    os_env: &std::collections::BTreeMap<String, String>,
) -> Result<(), String> {
    let mut environment: Vec<(String, Option<String>)> = Vec::new();
    let update = |vars: Vec<(String, Option<String>)>,
                  environment: &mut Vec<(String, Option<String>)>| {
        for (k, v) in vars {
            let looked = env.get(&k).cloned();
            let value = match (&v, looked) {
                (None, Some(l)) => Some(l),
                (Some(x), Some(l)) if x.is_empty() => Some(l),
                _ => v,
            };
            if let Some(e) = environment.iter_mut().find(|(ek, _)| *ek == k) {
                e.1 = value;
            } else {
                environment.push((k, value));
            }
        }
    };
    if let Some(files) = &s.env_file {
        if !files.is_empty() {
            let mut vars = Vec::new();
            for f in files {
                let path = abs_path(working_dir, f);
                let content =
                    std::fs::read(&path).map_err(|e| go::os::read_file_error(&path, &e))?;
                vars.extend(parse_env_file(&content, &path, os_env)?);
            }
            update(kv_to_map_with_nil(&vars), &mut environment);
        }
    }
    if let Some(e) = s.environment.take() {
        update(e, &mut environment);
    }
    s.environment = Some(environment);
    Ok(())
}

fn abs_path(working_dir: &Path, p: &str) -> String {
    if p.starts_with('/') {
        return p.to_string();
    }
    go::path::join(&working_dir.to_string_lossy(), p)
}

fn resolve_volume_paths(s: &mut Service, working_dir: &Path, env: &EnvMap) -> Result<(), String> {
    if let Some(vols) = &mut s.volumes {
        for v in vols.iter_mut() {
            if v.kind != "bind" {
                continue;
            }
            if v.source.is_empty() {
                return Err(
                    "invalid mount config for type \"bind\": field Source must not be empty".into(),
                );
            }
            let mut p = v.source.clone();
            if p.starts_with('~') {
                match env.get("HOME") {
                    Some(home) => p = p.replacen('~', home, 1),
                    None => tracing::warn!("cannot expand '~', because the environment lacks HOME"),
                }
            }
            if !p.starts_with('/') {
                p = abs_path(working_dir, &p);
            }
            v.source = p;
        }
    }
    Ok(())
}

/// docker/cli's merge of several files: services by name (override fields win, lists are
/// appended, maps merged), sorted by name; volumes by name.
fn merge(mut base: Config, over: Config) -> Config {
    for o in over.services {
        match base.services.iter_mut().find(|b| b.name == o.name) {
            Some(b) => merge_service(b, o),
            None => base.services.push(o),
        }
    }
    base.services.sort_by(|a, b| a.name.cmp(&b.name));
    for (name, v) in over.volumes {
        if let Some(e) = base.volumes.iter_mut().find(|(n, _)| *n == name) {
            e.1 = v;
        } else {
            base.volumes.push((name, v));
        }
    }
    base
}

fn append<T: Clone>(b: &mut Option<Vec<T>>, o: Option<Vec<T>>) {
    if let Some(o) = o {
        match b {
            Some(v) => v.extend(o),
            None => *b = Some(o),
        }
    }
}

fn merge_kv<V: Clone>(b: &mut Option<Vec<(String, V)>>, o: Option<Vec<(String, V)>>) {
    if let Some(o) = o {
        let target = b.get_or_insert_with(Vec::new);
        for (k, v) in o {
            if let Some(e) = target.iter_mut().find(|(ek, _)| *ek == k) {
                e.1 = v;
            } else {
                target.push((k, v));
            }
        }
    }
}

fn merge_service(b: &mut Service, o: Service) {
    if o.later.is_some() {
        b.later = o.later.clone();
    }
    append(&mut b.cap_add, o.cap_add);
    append(&mut b.cap_drop, o.cap_drop);
    append(&mut b.command, o.command);
    append(&mut b.devices, o.devices);
    append(&mut b.dns, o.dns);
    append(&mut b.dns_search, o.dns_search);
    append(&mut b.entrypoint, o.entrypoint);
    merge_kv(&mut b.environment, o.environment);
    append(&mut b.env_file, o.env_file);
    append(&mut b.extra_hosts, o.extra_hosts);
    if !o.hostname.is_empty() {
        b.hostname = o.hostname;
    }
    if o.healthcheck.is_some() {
        b.healthcheck = o.healthcheck;
    }
    if !o.image.is_empty() {
        b.image = o.image;
    }
    merge_kv(&mut b.labels, o.labels);
    append(&mut b.links, o.links);
    if let Some(ol) = o.logging {
        match &mut b.logging {
            Some(bl) => {
                if bl.driver == ol.driver || bl.driver.is_empty() || ol.driver.is_empty() {
                    if bl.driver.is_empty() {
                        bl.driver = ol.driver;
                    }
                    merge_kv(&mut bl.options, ol.options);
                } else {
                    *bl = ol;
                }
            }
            None => b.logging = Some(ol),
        }
    }
    // Ports: when the base has ports, base and override are merged by published port and
    // sorted by it (docker/cli's mergeSlice on ServicePortConfig); otherwise appended.
    match (&mut b.ports, o.ports) {
        (Some(bp), op) if !bp.is_empty() => {
            let mut by_published = std::collections::BTreeMap::new();
            for p in bp.drain(..).chain(op.unwrap_or_default()) {
                by_published.insert(p.published, p);
            }
            *bp = by_published.into_values().collect();
        }
        (bp, Some(op)) => append(bp, Some(op)),
        _ => {}
    }
    b.privileged |= o.privileged;
    b.read_only |= o.read_only;
    append(&mut b.security_opt, o.security_opt);
    if o.stop_grace_period.is_some() {
        b.stop_grace_period = o.stop_grace_period;
    }
    append(&mut b.tmpfs, o.tmpfs);
    b.tty |= o.tty;
    merge_kv(&mut b.ulimits, o.ulimits);
    if !o.user.is_empty() {
        b.user = o.user;
    }
    append(&mut b.volumes, o.volumes);
    if !o.working_dir.is_empty() {
        b.working_dir = o.working_dir;
    }
    b.deploy_set |= o.deploy_set;
    b.deploy_resources |= o.deploy_resources;
    for u in o.unsupported {
        if !b.unsupported.contains(&u) {
            b.unsupported.push(u);
        }
    }
}

/// mattn/go-shellwords `Parse` with default options (docker/cli's `command` strings).
pub fn shellwords_parse(line: &str) -> Result<Vec<String>, String> {
    let invalid = || "invalid command line string".to_string();
    let mut args = Vec::new();
    let mut buf = String::new();
    let (mut escaped, mut dq, mut sq, mut bq, mut dollar) = (false, false, false, false, false);
    let mut got = false;
    for r in line.chars() {
        if escaped {
            buf.push(r);
            escaped = false;
            continue;
        }
        if r == '\\' {
            if sq {
                buf.push(r);
            } else {
                escaped = true;
            }
            continue;
        }
        if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
            if sq || dq || bq || dollar {
                buf.push(r);
            } else if got {
                args.push(std::mem::take(&mut buf));
                got = false;
            }
            continue;
        }
        match r {
            '`' if !sq && !dq && !dollar => bq = !bq,
            ')' if !sq && !dq && !bq => dollar = !dollar,
            '(' if !sq && !dq && !bq => {
                if !dollar && buf.ends_with('$') {
                    dollar = true;
                    buf.push('(');
                    continue;
                }
                return Err(invalid());
            }
            '"' if !sq && !dollar => {
                dq = !dq;
                continue;
            }
            '\'' if !dq && !dollar => {
                sq = !sq;
                continue;
            }
            ';' | '&' | '|' | '<' | '>' if !(sq || dq || bq || dollar) => {
                if r == '>' && buf.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    got = false;
                }
                break;
            }
            _ => {}
        }
        got = true;
        buf.push(r);
    }
    if got {
        args.push(buf);
    }
    if escaped || sq || dq || bq || dollar {
        return Err(invalid());
    }
    Ok(args)
}

/// The directory the v3 loader resolves relative paths against.
pub fn working_dir_of(first_file: &str, cwd: &Path) -> String {
    let abs = if first_file.starts_with('/') {
        first_file.to_string()
    } else {
        go::path::join(&cwd.to_string_lossy(), first_file)
    };
    let abs = go::path::clean(&abs);
    go::path::dir(&abs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_specs() {
        let v = parse_volume("/data/api:/api").unwrap();
        assert_eq!(
            (v.kind.as_str(), v.source.as_str(), v.target.as_str()),
            ("bind", "/data/api", "/api")
        );
        let v = parse_volume("/tmpdata").unwrap();
        assert_eq!(
            (v.kind.as_str(), v.source.as_str(), v.target.as_str()),
            ("volume", "", "/tmpdata")
        );
        let v = parse_volume("shared:/out:ro").unwrap();
        assert_eq!((v.kind.as_str(), v.read_only), ("volume", true));
        assert_eq!(
            parse_volume("/a:/b:/c:/d").unwrap_err(),
            "invalid spec: /a:/b:/c:/d: too many colons"
        );
        assert_eq!(
            parse_volume(":/x").unwrap_err(),
            "invalid spec: :/x: empty section between colons"
        );
    }

    #[test]
    fn ports_v3() {
        let p = to_service_port_configs("9090-9091:8080-8081").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].published, p[0].target), (9090, 8080));
        let p = to_service_port_configs("3000-3002").unwrap();
        assert_eq!(
            p.iter().map(|x| x.published).collect::<Vec<_>>(),
            vec![0, 0, 0]
        );
        // container ports come out in string order
        let p = to_service_port_configs("9-10").unwrap();
        assert_eq!(p.iter().map(|x| x.target).collect::<Vec<_>>(), vec![10, 9]);
    }

    #[test]
    fn a_whole_port_range_is_linear() {
        // found by the fuzzer: grouping the bindings was quadratic
        let t = std::time::Instant::now();
        let p = to_service_port_configs("1-65535/udp").unwrap();
        assert_eq!(p.len(), 65535);
        assert!(t.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn shellwords() {
        assert_eq!(
            shellwords_parse("echo \"hello v3\" done").unwrap(),
            vec!["echo", "hello v3", "done"]
        );
        assert_eq!(shellwords_parse("a && b").unwrap(), vec!["a"]);
        assert!(shellwords_parse("a \"b").is_err());
        assert_eq!(
            shellwords_parse("x --api.insecure=true").unwrap(),
            vec!["x", "--api.insecure=true"]
        );
    }

    #[test]
    fn deploy_zero_values_are_not_reported() {
        let svc = |deploy: &str| {
            let v = parse_yaml(&format!(
                "version: '3'\nservices:\n  web:\n    image: x\n    deploy: {deploy}\n"
            ))
            .unwrap();
            let m = v
                .get("services")
                .unwrap()
                .get("web")
                .unwrap()
                .as_map()
                .unwrap()
                .clone();
            load_service("web", &m).unwrap()
        };
        assert!(!svc("{}").deploy_set);
        assert!(!svc("{resources: {}}")
            .unsupported
            .iter()
            .any(|u| u == "deploy"));
        assert!(svc("{replicas: 0}").deploy_set);
        let r = svc("{resources: {limits: {}}}");
        assert!(r.deploy_resources && r.unsupported.iter().any(|u| u == "deploy"));
    }

    #[test]
    fn empty_lists_become_null() {
        let v = parse_yaml("version: '3'\nservices:\n  web:\n    cap_add: []\n").unwrap();
        assert_eq!(
            v.get("services")
                .unwrap()
                .get("web")
                .unwrap()
                .get("cap_add"),
            Some(&Value::Null)
        );
        assert_eq!(
            parse_yaml("- a").unwrap_err(),
            "Top-level object must be a mapping"
        );
    }
}
