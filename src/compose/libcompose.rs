//! Compose v1/v2 files, loaded the way libcompose (as vendored by the original) does it:
//! per file, interpolation, schema validation, `env_file` and `extends` resolution, merging
//! with the services of earlier files, then typed decoding through a YAML round trip.

use std::collections::BTreeMap;
use std::path::Path;

use super::envfile::split_lines;
use super::interp::{EnvLookup, V2Interpolator};
use super::schema::{self, SchemaDoc};
use crate::go;
use crate::yaml::{self, Decoder, Kind, Node};
use crate::yaml::{Map, Value};

/// One service as libcompose's `config.ServiceConfig` holds it after loading.
#[derive(Clone, Debug, Default)]
pub struct ServiceConfig {
    pub build: Build,
    pub cap_add: Option<Vec<String>>,
    pub cap_drop: Option<Vec<String>>,
    pub cpuset: String,
    pub cpu_shares: i64,
    pub cpu_quota: i64,
    pub command: Option<Vec<String>>,
    pub cgroup_parent: String,
    pub container_name: String,
    pub devices: Option<Vec<String>>,
    pub depends_on: Option<Vec<String>>,
    pub dns: Option<Vec<String>>,
    pub dns_opt: Option<Vec<String>>,
    pub dns_search: Option<Vec<String>>,
    pub domainname: String,
    pub entrypoint: Option<Vec<String>>,
    pub env_file: Option<Vec<String>>,
    pub environment: Option<Vec<String>>,
    pub expose: Option<Vec<String>>,
    pub extends: Option<Vec<String>>,
    pub external_links: Option<Vec<String>>,
    pub extra_hosts: Option<Vec<String>>,
    pub group_add: Option<Vec<String>>,
    pub image: String,
    pub isolation: String,
    pub hostname: String,
    pub ipc: String,
    pub labels: Option<Vec<(String, String)>>,
    pub links: Option<Vec<String>>,
    pub logging: Log,
    pub mac_address: String,
    pub mem_limit: i64,
    pub mem_reservation: i64,
    pub memswap_limit: i64,
    pub mem_swappiness: i64,
    pub network_mode: String,
    /// None: no `networks` key; Some(n): the number of networks listed.
    pub networks: Option<Vec<String>>,
    pub oom_score_adj: i64,
    pub pid: String,
    pub ports: Option<Vec<String>>,
    pub privileged: bool,
    pub security_opt: Option<Vec<String>>,
    pub shm_size: i64,
    pub stop_signal: String,
    pub stop_grace_period: String,
    pub tmpfs: Option<Vec<String>>,
    pub volume_driver: String,
    pub volumes: Option<Vec<VolumeSpec>>,
    pub volumes_from: Option<Vec<String>>,
    pub uts: String,
    pub restart: String,
    pub read_only: bool,
    pub stdin_open: bool,
    pub tty: bool,
    pub user: String,
    pub working_dir: String,
    pub ulimits: Option<Vec<Ulimit>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Build {
    pub context: String,
    pub dockerfile: String,
    pub args: Vec<(String, Option<String>)>,
}

impl Build {
    fn is_zero(&self) -> bool {
        self.context.is_empty() && self.dockerfile.is_empty() && self.args.is_empty()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Log {
    pub driver: String,
    pub options: Option<Vec<(String, String)>>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeSpec {
    pub source: String,
    pub destination: String,
    pub access_mode: String,
}

impl VolumeSpec {
    /// libcompose `Volume.String()`.
    pub fn to_spec(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if !self.source.is_empty() {
            parts.push(&self.source);
        }
        parts.push(&self.destination);
        if !self.access_mode.is_empty() {
            parts.push(&self.access_mode);
        }
        parts.join(":")
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ulimit {
    pub name: String,
    pub soft: i64,
    pub hard: i64,
}

/// A top-level volume entry (`config.VolumeConfig`); None when the entry is null.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeConfig {
    pub driver: String,
    pub driver_opts: Vec<(String, String)>,
    pub external: bool,
}

/// What the libcompose project holds after `Parse`.
#[derive(Debug, Default)]
pub struct LoadedProject {
    pub services: Vec<(String, ServiceConfig)>,
    pub volumes: Vec<(String, Option<VolumeConfig>)>,
    pub networks: Vec<String>,
    /// 2.1–2.4 files: the `init`, `sysctls` and `depends_on` of each service (the last file
    /// that has the service wins), which the v2 translation has no field for.
    pub later: Vec<(String, super::later::LaterFields)>,
}

/// Inputs shared by all files of a project.
pub struct LoadContext<'a> {
    /// Project name as libcompose normalises it (used only in log lines).
    pub normalized_name: String,
    pub env: &'a EnvLookup,
    pub cwd: &'a Path,
    pub os_env: &'a BTreeMap<String, String>,
}

type RawService = Map;
type RawServices = Vec<(String, Option<RawService>)>;

/// Raw service data plus whether `environment` was rebuilt by `env_file` processing (it is
/// then a typed list in the original, which its merge logic never appends to).
#[derive(Clone, Debug)]
struct ServiceData {
    map: RawService,
    env_typed: bool,
}

/// Loads all files in order. Errors are the texts libcompose returns; log lines it prints on
/// the way are emitted here.
pub fn load(ctx: &LoadContext, files: &[(String, String)]) -> Result<LoadedProject, String> {
    if ctx.normalized_name.is_empty() {
        return Err("Falied to determine project name".into());
    }
    let mut project = LoadedProject::default();
    let mut interp = V2Interpolator::default();
    for (file, content) in files {
        let r = merge_file(ctx, &mut interp, &mut project, file, content);
        match r {
            // libcompose adds the "default" network after each v2 file it loads
            Ok(version) if is_v2(&version) => handle_network_config(&mut project),
            Ok(_) => {}
            Err(e) => {
                tracing::error!(
                    "Could not parse config for project {} : {}",
                    ctx.normalized_name,
                    e
                );
                return Err(e);
            }
        }
    }
    Ok(project)
}

/// For a 2.1–2.4 file: `init`, `sysctls` and `depends_on` (with its conditions) are read for
/// the translation and taken out of the service (so libcompose neither sees nor warns about
/// them); the other keys libcompose's v2 service does not have are warned about, never an
/// error.
fn later_v2_services(
    services: &mut [(String, Option<RawService>)],
) -> Result<Vec<(String, super::later::LaterFields)>, String> {
    let v20 = schema::libcompose_v2();
    let known: Vec<&str> = v20
        .definitions
        .get("service")
        .map(|d| d.properties.iter().map(|(k, _)| k.as_str()).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (name, svc) in services.iter_mut() {
        let Some(m) = svc else { continue };
        let mut only = Map::new();
        for key in ["init", "sysctls", "depends_on"] {
            if let Some(v) = m.remove(key) {
                only.insert(Value::str(key), v);
            }
        }
        for (k, v) in m.iter() {
            let key = k.as_str().unwrap_or("");
            if !known.contains(&key) && !v.is_null() {
                tracing::warn!("option name" = %key, "service name" = %name, "Skipping unsupported YAML option for service...");
            }
        }
        out.push((name.clone(), super::later::read(name, &only)?));
    }
    Ok(out)
}

/// Whether a file's `version` is read as v2: libcompose's "2", and the later 2.1–2.4 this clone
/// reads beyond the original, with the same loader.
fn is_v2(version: &str) -> bool {
    version == "2" || matches!(version, "2.1" | "2.2" | "2.3" | "2.4")
}

/// The services schema a file of `version` is validated against: libcompose's for v1 and "2",
/// docker-compose's own for 2.1–2.4.
fn services_schema(version: &str) -> &'static SchemaDoc {
    if version == "2" {
        return schema::libcompose_v2();
    }
    match schema::later_version(version) {
        Some(doc) if is_v2(version) => doc,
        _ => schema::libcompose_v1(),
    }
}

fn handle_network_config(project: &mut LoadedProject) {
    for (_, svc) in project.services.iter_mut() {
        if !svc.network_mode.is_empty() {
            continue;
        }
        if svc.networks.as_ref().map(|n| n.is_empty()).unwrap_or(true) {
            svc.networks = Some(vec!["default".into()]);
            if !project.networks.iter().any(|n| n == "default") {
                project.networks.push("default".into());
            }
        }
        // a network a service names that the file does not declare is added to the
        // project's networks all the same (libcompose does, and the count drives the
        // project-level `networks` warning)
        for n in svc.networks.iter().flatten() {
            if !project.networks.contains(n) {
                project.networks.push(n.clone());
            }
        }
    }
}

struct RawConfig {
    version: String,
    services: Option<Vec<(String, Option<RawService>)>>,
    volumes: Option<Map>,
    networks: Option<Map>,
}

fn decode_raw_service_map(dec: &mut Decoder, node: &Node) -> Result<Option<RawServices>, String> {
    let entries = match dec.map_entries(node, "config.RawServiceMap")? {
        Some(e) => e,
        None => return Ok(None),
    };
    if node.is_null() {
        return Ok(None);
    }
    let mut out: Vec<(String, Option<RawService>)> = Vec::new();
    for (k, v) in entries {
        let name = match dec.string(k)? {
            Some(n) => n,
            None => continue,
        };
        let svc = if v.is_null() {
            None
        } else {
            match &v.target().kind {
                Kind::Map(_) => match yaml::ValueDecoder::default().decode(v)? {
                    Value::Map(m) => Some(m),
                    _ => None,
                },
                _ => {
                    dec.terror(v, "config.RawService");
                    continue;
                }
            }
        };
        if let Some(e) = out.iter_mut().find(|(n, _)| *n == name) {
            e.1 = svc;
        } else {
            out.push((name, svc));
        }
    }
    Ok(Some(out))
}

fn decode_iface_map(dec: &mut Decoder, node: &Node) -> Result<Option<Map>, String> {
    if node.is_null() {
        return Ok(None);
    }
    match &node.target().kind {
        Kind::Map(_) => match yaml::ValueDecoder::default().decode(node)? {
            Value::Map(m) => {
                // map[string]interface{}: keys become their text
                let mut out = Map::new();
                for (k, v) in m.iter() {
                    let key = match k {
                        Value::Str(s) => s.clone(),
                        Value::Null => String::new(),
                        other => other.go_sprint(),
                    };
                    out.insert(Value::Str(key), v.clone());
                }
                Ok(Some(out))
            }
            _ => Ok(None),
        },
        _ => {
            dec.terror(node, "map[string]interface {}");
            Ok(None)
        }
    }
}

/// libcompose `CreateConfig`.
fn create_config(bytes: &str) -> Result<RawConfig, String> {
    let root = yaml::parse(bytes)?;
    let mut dec = Decoder::default();
    let mut cfg = RawConfig {
        version: String::new(),
        services: None,
        volumes: None,
        networks: None,
    };
    if let Some(root) = &root {
        if let Some(entries) = dec.map_entries(root, "config.Config")? {
            for (k, v) in entries {
                let key = k.scalar_text().unwrap_or("");
                match key {
                    "version" => {
                        if let Some(s) = dec.string(v)? {
                            cfg.version = s;
                        }
                    }
                    "services" => cfg.services = decode_raw_service_map(&mut dec, v)?,
                    "volumes" => cfg.volumes = decode_iface_map(&mut dec, v)?,
                    "networks" => cfg.networks = decode_iface_map(&mut dec, v)?,
                    _ => {}
                }
            }
        }
    }
    dec.finish()?;
    if !is_v2(&cfg.version) {
        let mut dec = Decoder::default();
        cfg.services = match &root {
            Some(r) => decode_raw_service_map(&mut dec, r)?,
            None => None,
        };
        dec.finish()?;
    }
    Ok(cfg)
}

fn merge_file(
    ctx: &LoadContext,
    interp: &mut V2Interpolator,
    project: &mut LoadedProject,
    file: &str,
    content: &str,
) -> Result<String, String> {
    let cfg = create_config(content)?;
    let mut services: Vec<(String, Option<RawService>)> = cfg.services.unwrap_or_default();
    // `extends: name` is shorthand for `extends: {service: name}`
    for (_, svc) in services.iter_mut() {
        if let Some(m) = svc {
            if let Some(Value::Str(s)) = m.get("extends").cloned() {
                let mut em = Map::new();
                em.insert(Value::str("service"), Value::Str(s));
                m.insert(Value::str("extends"), Value::Map(em));
            }
        }
    }
    // Interpolation (services, then top-level volumes and networks)
    for (_, svc) in services.iter_mut() {
        if let Some(m) = svc {
            for (k, v) in m.iter_mut() {
                let key = k.as_str().unwrap_or("").to_string();
                interp.interpolate(ctx.env, &key, v)?;
            }
        }
    }
    let mut volumes = cfg.volumes.unwrap_or_default();
    for (k, v) in volumes.iter_mut() {
        let key = k.as_str().unwrap_or("").to_string();
        interp.interpolate(ctx.env, &key, v)?;
    }
    let mut networks = cfg.networks.unwrap_or_default();
    for (k, v) in networks.iter_mut() {
        let key = k.as_str().unwrap_or("").to_string();
        interp.interpolate(ctx.env, &key, v)?;
    }

    let v2 = is_v2(&cfg.version);
    let services_value = services_to_value(&services);
    let doc = services_schema(&cfg.version);
    validate_services(doc, &services_value)?;
    if v2 && cfg.version != "2" {
        for (name, fields) in later_v2_services(&mut services)? {
            match project.later.iter_mut().find(|(n, _)| *n == name) {
                Some(e) => e.1 = fields,
                None => project.later.push((name, fields)),
            }
        }
    }

    let mut datas: Vec<(String, ServiceData)> = Vec::new();
    for (name, svc) in &services {
        let data = ServiceData {
            map: svc.clone().unwrap_or_default(),
            env_typed: false,
        };
        let parsed = match parse_service(ctx, file, data, &services, v2, 0) {
            Ok(p) => p,
            Err(e) => {
                tracing::error!("Failed to parse service {}: {}", name, e);
                return Err(e);
            }
        };
        let merged = match project.services.iter().find(|(n, _)| n == name) {
            Some((_, existing)) => {
                let raw = service_to_raw(existing, v2);
                merge_config(
                    ServiceData {
                        map: raw,
                        env_typed: false,
                    },
                    parsed,
                )
            }
            None => parsed,
        };
        datas.push((name.clone(), merged));
    }

    // constraints
    let mut errs = Vec::new();
    for (name, data) in &datas {
        let m = Value::Map(data.map.clone());
        let c = doc.constraints.as_ref().expect("constraints schema");
        let errors = doc.validate_with(c, &m);
        if errors.is_empty() {
            continue;
        }
        let has_image = data.map.contains_key("image");
        let has_build = data.map.contains_key("build");
        if v2 {
            if errors.iter().any(|e| e.kind == "required") && (has_build || !has_image) {
                errs.push(format!("Service '{name}' has neither an image nor a build context specified. At least one must be provided."));
            }
        } else if errors.iter().any(|e| e.kind == "number_any_of") {
            let has_dockerfile = data.map.contains_key("dockerfile");
            if has_image && has_build {
                errs.push(format!("Service '{name}' has both an image and build path specified. A service can either be built to image or use an existing image, not both."));
            } else if !has_image && !has_build {
                errs.push(format!("Service '{name}' has neither an image nor a build path specified. Exactly one must be provided."));
            } else if has_image && has_dockerfile {
                errs.push(format!("Service '{name}' has both an image and alternate Dockerfile. A service can either be built to image or use an existing image, not both."));
            }
        }
        if !v2 && !errs.is_empty() {
            break;
        }
    }
    if !errs.is_empty() {
        return Err(errs.join("\n"));
    }

    // typed conversion (utils.Convert through YAML)
    let mut raw_all = Map::new();
    for (name, data) in &datas {
        raw_all.insert(Value::Str(name.clone()), Value::Map(data.map.clone()));
    }
    let typed = convert_services(&raw_all, v2)?;

    for (name, mut svc) in typed {
        if svc.restart == "false" {
            svc.restart = "no".into();
        }
        if let Some(e) = project.services.iter_mut().find(|(n, _)| *n == name) {
            e.1 = svc;
        } else {
            project.services.push((name, svc));
        }
    }

    // top-level volumes and networks
    if !volumes.is_empty() {
        let vols = convert_volumes(&volumes)?;
        for (name, v) in vols {
            if let Some(e) = project.volumes.iter_mut().find(|(n, _)| *n == name) {
                e.1 = v;
            } else {
                project.volumes.push((name, v));
            }
        }
    }
    if !networks.is_empty() {
        convert_networks(&networks)?;
        for (k, _) in networks.iter() {
            let name = k.as_str().unwrap_or("").to_string();
            if !project.networks.contains(&name) {
                project.networks.push(name);
            }
        }
    }
    Ok(cfg.version)
}

fn services_to_value(services: &[(String, Option<RawService>)]) -> Value {
    let mut m = Map::new();
    for (name, svc) in services {
        m.insert(
            Value::Str(name.clone()),
            match svc {
                Some(s) => Value::Map(s.clone()),
                None => Value::Null,
            },
        );
    }
    Value::Map(m)
}

/// Schema validation with libcompose's messages. Data that makes libcompose's message builder
/// crash gets a plain description instead.
fn validate_services(doc: &SchemaDoc, services: &Value) -> Result<(), String> {
    check_string_keys(services, "")?;
    let errors = doc.validate(services);
    match schema::libcompose_message(doc, services, &errors) {
        None => Ok(()),
        Some(m) if !m.is_empty() => Err(m),
        Some(_) => Err(fallback_validation_message(&errors)),
    }
}

fn fallback_validation_message(errors: &[schema::VErr]) -> String {
    match errors
        .iter()
        .find(|e| e.kind != "number_one_of" && e.kind != "number_any_of")
    {
        Some(e) => format!(
            "Service '{}' configuration is invalid: {} ({})",
            e.context.first().cloned().unwrap_or_default(),
            e.context.join("."),
            e.description()
        ),
        None => "Invalid compose configuration".into(),
    }
}

/// libcompose converts nested map keys to strings with a type assertion (and crashes on
/// anything else); report those instead.
fn check_string_keys(v: &Value, path: &str) -> Result<(), String> {
    match v {
        Value::Map(m) => {
            for (k, val) in m.iter() {
                let ks = match k {
                    Value::Str(s) => s.clone(),
                    other => {
                        return Err(format!(
                            "Invalid key {} of type {} in {}: keys must be strings",
                            other.go_sprint(),
                            other.go_type(false),
                            if path.is_empty() { "services" } else { path }
                        ))
                    }
                };
                let p = if path.is_empty() {
                    ks
                } else {
                    format!("{path}.{ks}")
                };
                check_string_keys(val, &p)?;
            }
            Ok(())
        }
        Value::Seq(items) => {
            for i in items {
                check_string_keys(i, path)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn as_string_value(v: Option<&Value>) -> String {
    match v {
        Some(Value::Str(s)) => s.clone(),
        _ => String::new(),
    }
}

/// Reads a file relative to the file that references it (libcompose FileResourceLookup).
fn lookup_file(
    ctx: &LoadContext,
    file: &str,
    relative_to: &str,
) -> Result<(String, String), String> {
    let mut f = file.to_string();
    if let Some(rest) = f.strip_prefix("~/") {
        let home = ctx.os_env.get("HOME").cloned().unwrap_or_default();
        f = format!("{home}/{rest}");
    }
    let resolved = if Path::new(&f).is_absolute() {
        f
    } else {
        go::path::join(&go::path::dir(relative_to), &f)
    };
    let b = go::os::read_file(ctx.cwd, &resolved)?;
    Ok((
        String::from_utf8_lossy(go::os::without_bom(&b)).into_owned(),
        resolved,
    ))
}

/// libcompose `readEnvFile`: env_file lines are added after the service's environment, files
/// processed last-first, a key already present being skipped.
fn read_env_file(
    ctx: &LoadContext,
    in_file: &str,
    mut data: ServiceData,
) -> Result<ServiceData, String> {
    let env_files = match data.map.get("env_file") {
        None => return Ok(data),
        Some(v) => v.clone(),
    };
    let files: Vec<String> = match &env_files {
        Value::Str(s) => vec![s.clone()],
        Value::Seq(items) => {
            let mut out = Vec::new();
            for i in items {
                match i {
                    Value::Str(s) => out.push(s.clone()),
                    other => {
                        return Err(format!(
                            "Cannot unmarshal '{}' of type {} into a string value",
                            other.go_sprint(),
                            other.go_type(false)
                        ))
                    }
                }
            }
            out
        }
        Value::Null => vec![],
        _ => return Err("Failed to unmarshal Stringorslice".into()),
    };
    if files.is_empty() {
        return Ok(data);
    }
    let mut vars: Vec<String> = match data.map.get("environment") {
        Some(v) => maporequal_from_value(v, "=")?.unwrap_or_default(),
        None => Vec::new(),
    };
    for f in files.iter().rev() {
        let (content, _) = lookup_file(ctx, f, in_file)?;
        for raw in split_lines(content.as_bytes()) {
            let line = String::from_utf8_lossy(raw);
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let key = match line.find('=') {
                Some(i) => &line[..=i],
                None => line,
            };
            if !vars.iter().any(|v| v.starts_with(key)) {
                vars.push(line.to_string());
            }
        }
    }
    data.map.insert(
        Value::str("environment"),
        Value::Seq(vars.into_iter().map(Value::Str).collect()),
    );
    data.env_typed = true;
    data.map.remove("env_file");
    Ok(data)
}

fn parse_service(
    ctx: &LoadContext,
    in_file: &str,
    data: ServiceData,
    datas: &[(String, Option<RawService>)],
    v2: bool,
    depth: usize,
) -> Result<ServiceData, String> {
    if depth > 64 {
        return Err("Cannot extend service: too many levels of extends".into());
    }
    let data = read_env_file(ctx, in_file, data)?;
    let ext = match data.map.get("extends") {
        Some(Value::Map(m)) => m.clone(),
        _ => return Ok(data),
    };
    let file = as_string_value(ext.get("file"));
    let service = as_string_value(ext.get("service"));
    if service.is_empty() {
        return Ok(data);
    }
    let base = if file.is_empty() {
        match datas.iter().find(|(n, _)| *n == service) {
            Some((_, svc)) => parse_service(
                ctx,
                in_file,
                ServiceData {
                    map: svc.clone().unwrap_or_default(),
                    env_typed: false,
                },
                datas,
                v2,
                depth + 1,
            )?,
            None => return Err(format!("Failed to find service {service} to extend")),
        }
    } else {
        let (content, resolved) = match lookup_file(ctx, &file, in_file) {
            Ok(r) => r,
            Err(e) => {
                tracing::error!("Failed to lookup file {}: {}", file, e);
                return Err(e);
            }
        };
        let mut base_version = String::new();
        let base_services: Vec<(String, Option<RawService>)> = if v2 {
            let base = create_config(&content)?;
            base_version = base.version;
            base.services.unwrap_or_default()
        } else {
            let root = yaml::parse(&content)?;
            let mut dec = Decoder::default();
            let s = match &root {
                Some(r) => decode_raw_service_map(&mut dec, r)?,
                None => None,
            };
            dec.finish()?;
            s.unwrap_or_default()
        };
        let mut base_services = base_services;
        let mut interp = V2Interpolator::default();
        for (_, svc) in base_services.iter_mut() {
            if let Some(m) = svc {
                for (k, v) in m.iter_mut() {
                    let key = k.as_str().unwrap_or("").to_string();
                    interp.interpolate(ctx.env, &key, v)?;
                }
            }
        }
        let doc = if v2 {
            services_schema(&base_version)
        } else {
            schema::libcompose_v1()
        };
        validate_services(doc, &services_to_value(&base_services))?;
        let found = base_services.iter().find(|(n, _)| *n == service).cloned();
        match found {
            Some((_, svc)) => parse_service(
                ctx,
                &resolved,
                ServiceData {
                    map: svc.unwrap_or_default(),
                    env_typed: false,
                },
                &base_services,
                v2,
                depth + 1,
            )?,
            None => return Err(format!("Failed to find service {service} in file {file}")),
        }
    };
    for k in ["links", "volumes_from"] {
        if base.map.contains_key(k) {
            let source = if file.is_empty() { in_file } else { &file };
            return Err(format!(
                "Cannot extend service '{service}' in {source}: services with '{k}' cannot be extended"
            ));
        }
    }
    Ok(merge_config(base, data))
}

/// libcompose `mergeConfig`/`merge`: lists are appended, maps merged, anything else replaced;
/// `image` and `build` exclude each other.
fn merge_config(mut base: ServiceData, over: ServiceData) -> ServiceData {
    for (k, v) in over.map.iter() {
        let key = k.as_str().unwrap_or("").to_string();
        if key == "image" {
            base.map.remove("build");
        } else if key == "build" {
            base.map.remove("image");
        }
        let base_typed = key == "environment" && base.env_typed;
        let over_typed = key == "environment" && over.env_typed;
        let new = match base.map.get(&key) {
            Some(existing) => match (existing, v) {
                (Value::Seq(l), Value::Seq(r)) if !base_typed && !over_typed => {
                    let mut all = l.clone();
                    all.extend(r.iter().cloned());
                    Value::Seq(all)
                }
                (Value::Map(l), Value::Map(r)) => {
                    let mut m = l.clone();
                    for (rk, rv) in r.iter() {
                        m.insert(rk.clone(), rv.clone());
                    }
                    Value::Map(m)
                }
                _ => v.clone(),
            },
            None => v.clone(),
        };
        if key == "environment" {
            base.env_typed = match base.map.get("environment") {
                Some(Value::Seq(_)) if !base_typed && !over_typed && matches!(v, Value::Seq(_)) => {
                    false
                }
                _ => over_typed,
            };
        }
        base.map.insert(Value::Str(key), new);
    }
    base
}

// ------------------------------------------------------------------------------------------
// Typed decoding (utils.Convert: yaml.Marshal then yaml.Unmarshal into the typed structs)

fn convert_services(raw: &Map, v2: bool) -> Result<Vec<(String, ServiceConfig)>, String> {
    let value = Value::Map(raw.clone());
    let text = yaml::marshal(&yaml::Doc::from(&value));
    let root = yaml::parse(&text)?;
    let mut dec = Decoder::default();
    let mut out = Vec::new();
    let mut failure: Option<String> = None;
    if let Some(root) = &root {
        if let Some(entries) = dec.map_entries(
            root,
            if v2 {
                "map[string]*config.ServiceConfig"
            } else {
                "map[string]*config.ServiceConfigV1"
            },
        )? {
            for (k, v) in entries {
                let name = k.scalar_text().unwrap_or("").to_string();
                if v.is_null() {
                    out.push((name, ServiceConfig::default()));
                    continue;
                }
                match decode_service(&mut dec, v, v2) {
                    Ok(Some(s)) => out.push((name, s)),
                    Ok(None) => {}
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
            }
        }
    }
    let result = match failure {
        Some(e) => Err(e),
        None => dec.finish(),
    };
    if let Err(e) = result {
        tracing::error!("Failed to unmarshall: {}\n{}", e, text);
        return Err(e);
    }
    // Services come back in the order of the emitted (sorted) YAML; restore document order.
    let mut ordered = Vec::new();
    for (k, _) in raw.iter() {
        let name = k.as_str().unwrap_or("");
        if let Some(pos) = out.iter().position(|(n, _)| n == name) {
            ordered.push(out.remove(pos));
        }
    }
    ordered.extend(out);
    Ok(ordered)
}

fn cannot_unmarshal_string(v: &Value) -> String {
    format!(
        "Cannot unmarshal '{}' of type {} into a string value",
        v.go_sprint(),
        v.go_type(false)
    )
}

/// Decodes a node into an untyped value (for the custom unmarshalers).
fn node_value(n: &Node) -> Result<Value, String> {
    yaml::ValueDecoder::default().decode(n)
}

fn to_strings(items: &[Value]) -> Result<Option<Vec<String>>, String> {
    if items.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for i in items {
        match i {
            Value::Str(s) => out.push(s.clone()),
            other => return Err(cannot_unmarshal_string(other)),
        }
    }
    Ok(Some(out))
}

/// libcompose MaporEqualSlice / MaporColonSlice from an untyped value.
fn maporequal_from_value(v: &Value, sep: &str) -> Result<Option<Vec<String>>, String> {
    match v {
        Value::Seq(items) => to_strings(items),
        Value::Map(m) => {
            if m.is_empty() {
                return Ok(None);
            }
            let mut parts = Vec::new();
            for (k, val) in m.iter() {
                let sk = match k {
                    Value::Str(s) => s,
                    other => return Err(cannot_unmarshal_string(other)),
                };
                match val {
                    Value::Str(s) => parts.push(format!("{sk}{sep}{s}")),
                    Value::Int(i) => parts.push(format!("{sk}{sep}{i}")),
                    Value::Float(f) => {
                        parts.push(format!("{sk}{sep}{}", go::strconv::format_f(*f)))
                    }
                    Value::Null => parts.push(sk.clone()),
                    other => return Err(cannot_unmarshal_string(other)),
                }
            }
            Ok(Some(parts))
        }
        Value::Null => Ok(None),
        _ => Err("Failed to unmarshal MaporSlice".into()),
    }
}

fn is_null_node(n: &Node) -> bool {
    n.is_null()
}

/// yaml.Stringorslice
fn stringorslice(n: &Node) -> Result<Option<Vec<String>>, String> {
    if is_null_node(n) {
        return Ok(None);
    }
    match &n.target().kind {
        Kind::Scalar(s, _) => Ok(Some(vec![s.clone()])),
        Kind::Seq(_) => match node_value(n)? {
            Value::Seq(items) => to_strings(&items),
            _ => Ok(None),
        },
        _ => Err("Failed to unmarshal Stringorslice".into()),
    }
}

/// yaml.Command
fn command(n: &Node) -> Result<Option<Vec<String>>, String> {
    if is_null_node(n) {
        return Ok(None);
    }
    match &n.target().kind {
        Kind::Scalar(s, _) => go::shlex::split(s).map(Some),
        Kind::Seq(_) => match node_value(n)? {
            Value::Seq(items) => to_strings(&items),
            _ => Ok(None),
        },
        _ => Err("Failed to unmarshal Command".into()),
    }
}

/// yaml.StringorInt: an integer, else a string through `strconv.ParseInt`.
fn string_or_int(n: &Node) -> Result<i64, String> {
    int_or_text(n, "StringorInt", |s| {
        go::strconv::parse_int(s, 64, "ParseInt")
    })
}

/// yaml.MemStringorInt: an integer, else a size through go-units `RAMInBytes` (also the type
/// of ecs-params' `mem_limit`/`mem_reservation`).
pub fn mem_string_or_int(n: &Node) -> Result<i64, String> {
    int_or_text(n, "MemStringorInt", go::units::ram_in_bytes)
}

/// The shape of libcompose's two integer types: null is 0, an integer is itself, any other
/// scalar goes through `parse`, anything else fails to unmarshal as `type_name`.
fn int_or_text(
    n: &Node,
    type_name: &str,
    parse: impl Fn(&str) -> Result<i64, String>,
) -> Result<i64, String> {
    if is_null_node(n) {
        return Ok(0);
    }
    let mut d = Decoder::default();
    if let Ok(Some(i)) = d.int(n, "int64") {
        if d.terrors.is_empty() {
            return Ok(i);
        }
    }
    match &n.target().kind {
        Kind::Scalar(s, _) => parse(s),
        _ => Err(format!("Failed to unmarshal {type_name}")),
    }
}

/// yaml.SliceorMap (labels)
fn slice_or_map(n: &Node) -> Result<Option<Vec<(String, String)>>, String> {
    if is_null_node(n) {
        return Ok(None);
    }
    let mut parts: Vec<(String, String)> = Vec::new();
    let mut put = |k: String, v: String| {
        if let Some(e) = parts.iter_mut().find(|(ek, _)| *ek == k) {
            e.1 = v;
        } else {
            parts.push((k, v));
        }
    };
    match node_value(n)? {
        Value::Seq(items) => {
            for i in items {
                match i {
                    Value::Str(s) => {
                        let s = s.trim();
                        match s.split_once('=') {
                            Some((k, v)) => put(k.to_string(), v.to_string()),
                            None => put(s.to_string(), String::new()),
                        }
                    }
                    other => return Err(cannot_unmarshal_string(&other)),
                }
            }
        }
        Value::Map(m) => {
            for (k, v) in m.iter() {
                match (k, v) {
                    (Value::Str(k), Value::Str(v)) => put(k.clone(), v.clone()),
                    (Value::Str(_), other) => return Err(cannot_unmarshal_string(other)),
                    (other, _) => return Err(cannot_unmarshal_string(other)),
                }
            }
        }
        _ => return Err("Failed to unmarshal SliceorMap".into()),
    }
    Ok(Some(parts))
}

/// yaml.Ulimits
fn ulimits(n: &Node) -> Result<Option<Vec<Ulimit>>, String> {
    if is_null_node(n) {
        return Ok(None);
    }
    let m = match node_value(n)? {
        Value::Map(m) => m,
        _ => return Err("Failed to unmarshal Ulimit".into()),
    };
    let mut out: Vec<Ulimit> = Vec::new();
    for (k, v) in m.iter() {
        let name = match k {
            Value::Str(s) => s.clone(),
            _ => return Err("Cannot unmarshal '' to type string into a string value".into()),
        };
        let (soft, hard) = match v {
            Value::Int(i) => (*i, *i),
            Value::Map(inner) => {
                if inner.len() != 2 {
                    return Err(format!("Failed to unmarshal Ulimit: {}", v.go_sharp_v()));
                }
                let mut soft = 0;
                let mut hard = 0;
                for (ik, iv) in inner.iter() {
                    let val = match iv {
                        Value::Int(i) => *i,
                        other => {
                            return Err(format!(
                                "ulimit '{name}': {} value {} is not an integer",
                                ik.go_sprint(),
                                other.go_sprint()
                            ))
                        }
                    };
                    match ik.as_str() {
                        Some("soft") => soft = val,
                        Some("hard") => hard = val,
                        _ => {}
                    }
                }
                (soft, hard)
            }
            other => {
                return Err(format!(
                    "Failed to unmarshal Ulimit: {}",
                    other.go_sharp_v()
                ))
            }
        };
        out.retain(|u| u.name != name);
        out.push(Ulimit { name, soft, hard });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Some(out))
}

/// yaml.Networks (only the names matter here)
fn networks(n: &Node) -> Result<Option<Vec<String>>, String> {
    if is_null_node(n) {
        return Ok(None);
    }
    match node_value(n)? {
        Value::Seq(items) => {
            let mut out = Vec::new();
            for i in items {
                match i {
                    Value::Str(s) => out.push(s),
                    _ => {
                        return Err("Cannot unmarshal '' to type string into a string value".into())
                    }
                }
            }
            Ok(Some(out))
        }
        Value::Map(m) => {
            let mut out = Vec::new();
            for (k, v) in m.iter() {
                match k {
                    Value::Str(s) => out.push(s.clone()),
                    _ => {
                        return Err("Cannot unmarshal '' to type string into a string value".into())
                    }
                }
                match v {
                    Value::Null | Value::Map(_) => {}
                    other => {
                        return Err(format!(
                            "Failed to unmarshal Network: {}",
                            other.go_sharp_v()
                        ))
                    }
                }
            }
            Ok(Some(out))
        }
        _ => Err("Failed to unmarshal Networks".into()),
    }
}

/// yaml.Volumes
fn volumes(n: &Node) -> Result<Option<Vec<VolumeSpec>>, String> {
    if is_null_node(n) {
        return Ok(None);
    }
    match node_value(n)? {
        Value::Seq(items) => {
            let mut out = Vec::new();
            for i in items {
                let s = match i {
                    Value::Str(s) => s,
                    _ => {
                        return Err("Cannot unmarshal '' to type string into a string value".into())
                    }
                };
                let parts: Vec<&str> = s.splitn(3, ':').collect();
                out.push(match parts.len() {
                    1 => VolumeSpec {
                        destination: parts[0].into(),
                        ..Default::default()
                    },
                    2 => VolumeSpec {
                        source: parts[0].into(),
                        destination: parts[1].into(),
                        ..Default::default()
                    },
                    _ => VolumeSpec {
                        source: parts[0].into(),
                        destination: parts[1].into(),
                        access_mode: parts[2].into(),
                    },
                });
            }
            Ok(Some(out))
        }
        _ => Err("Failed to unmarshal Volumes".into()),
    }
}

/// yaml.Build
fn build(n: &Node) -> Result<Build, String> {
    if is_null_node(n) {
        return Ok(Build::default());
    }
    match &n.target().kind {
        Kind::Scalar(s, _) => Ok(Build {
            context: s.clone(),
            ..Default::default()
        }),
        Kind::Map(_) => {
            let mut b = Build::default();
            if let Value::Map(m) = node_value(n)? {
                for (k, v) in m.iter() {
                    match (k.as_str(), v) {
                        (Some("context"), Value::Str(s)) => b.context = s.clone(),
                        (Some("dockerfile"), Value::Str(s)) => b.dockerfile = s.clone(),
                        (Some("args"), Value::Seq(items)) => {
                            for i in items {
                                if let Value::Str(s) = i {
                                    match s.split_once('=') {
                                        Some((k, v)) => b.args.push((k.into(), Some(v.into()))),
                                        None => b.args.push((s.clone(), None)),
                                    }
                                }
                            }
                        }
                        (Some("args"), Value::Map(am)) => {
                            for (ak, av) in am.iter() {
                                b.args.push((
                                    ak.go_sprint(),
                                    if av.is_null() {
                                        None
                                    } else {
                                        Some(av.go_sprint())
                                    },
                                ));
                            }
                        }
                        (Some("context"), _) | (Some("dockerfile"), _) => {
                            return Err(format!(
                                "interface conversion: build {} is not a string",
                                k.go_sprint()
                            ))
                        }
                        _ => {}
                    }
                }
            }
            Ok(b)
        }
        _ => Err("Failed to unmarshal Build".into()),
    }
}

/// Decodes one service (v2 `config.ServiceConfig`, or v1 `config.ServiceConfigV1` converted
/// to v2 the way libcompose's `ConvertServices` does). `Ok(None)` after a type error.
fn decode_service(
    dec: &mut Decoder,
    node: &Node,
    v2: bool,
) -> Result<Option<ServiceConfig>, String> {
    let entries = match dec.map_entries(
        node,
        if v2 {
            "config.ServiceConfig"
        } else {
            "config.ServiceConfigV1"
        },
    )? {
        Some(e) => e,
        None => return Ok(None),
    };
    let mut s = ServiceConfig::default();
    let mut v1_log_driver = String::new();
    let mut v1_log_opt: Option<Vec<(String, String)>> = None;
    let mut v1_dockerfile = String::new();
    for (k, v) in entries {
        let key = k.scalar_text().unwrap_or("");
        match key {
            "build" => {
                if v2 {
                    s.build = build(v)?;
                } else if let Some(b) = dec.string(v)? {
                    s.build.context = b;
                }
            }
            "dockerfile" if !v2 => {
                if let Some(d) = dec.string(v)? {
                    v1_dockerfile = d;
                }
            }
            "log_driver" if !v2 => {
                if let Some(d) = dec.string(v)? {
                    v1_log_driver = d;
                }
            }
            "log_opt" if !v2 => v1_log_opt = dec.string_map(v)?,
            "net" if !v2 => {
                if let Some(d) = dec.string(v)? {
                    s.network_mode = d;
                }
            }
            "cap_add" => s.cap_add = dec.string_list(v)?,
            "cap_drop" => s.cap_drop = dec.string_list(v)?,
            "cpuset" => s.cpuset = dec.string(v)?.unwrap_or_default(),
            "cpu_shares" => s.cpu_shares = string_or_int(v)?,
            "cpu_quota" => s.cpu_quota = string_or_int(v)?,
            "command" => s.command = command(v)?,
            "cgroup_parent" => s.cgroup_parent = dec.string(v)?.unwrap_or_default(),
            "container_name" => s.container_name = dec.string(v)?.unwrap_or_default(),
            "devices" => s.devices = dec.string_list(v)?,
            "depends_on" if v2 => s.depends_on = dec.string_list(v)?,
            "dns" => s.dns = stringorslice(v)?,
            "dns_opt" => s.dns_opt = dec.string_list(v)?,
            "dns_search" => s.dns_search = stringorslice(v)?,
            "domainname" => s.domainname = dec.string(v)?.unwrap_or_default(),
            "entrypoint" => s.entrypoint = command(v)?,
            "env_file" => s.env_file = stringorslice(v)?,
            "environment" => {
                s.environment = if is_null_node(v) {
                    None
                } else {
                    maporequal_from_value(&node_value(v)?, "=")?
                }
            }
            "expose" => s.expose = dec.string_list(v)?,
            "extends" if v2 => {
                s.extends = if is_null_node(v) {
                    None
                } else {
                    maporequal_from_value(&node_value(v)?, "=")?
                }
            }
            "external_links" => s.external_links = dec.string_list(v)?,
            "extra_hosts" => s.extra_hosts = dec.string_list(v)?,
            "group_add" => s.group_add = dec.string_list(v)?,
            "image" => s.image = dec.string(v)?.unwrap_or_default(),
            "isolation" => s.isolation = dec.string(v)?.unwrap_or_default(),
            "hostname" => s.hostname = dec.string(v)?.unwrap_or_default(),
            "ipc" => s.ipc = dec.string(v)?.unwrap_or_default(),
            "labels" => s.labels = slice_or_map(v)?,
            "links" => {
                s.links = if is_null_node(v) {
                    None
                } else {
                    maporequal_from_value(&node_value(v)?, ":")?
                }
            }
            "logging" if v2 => {
                if let Some(le) = dec.map_entries(v, "config.Log")? {
                    for (lk, lv) in le {
                        match lk.scalar_text().unwrap_or("") {
                            "driver" => s.logging.driver = dec.string(lv)?.unwrap_or_default(),
                            "options" => s.logging.options = dec.string_map(lv)?,
                            _ => {}
                        }
                    }
                }
            }
            "mac_address" => s.mac_address = dec.string(v)?.unwrap_or_default(),
            "mem_limit" => s.mem_limit = mem_string_or_int(v)?,
            "mem_reservation" => s.mem_reservation = mem_string_or_int(v)?,
            "memswap_limit" => s.memswap_limit = mem_string_or_int(v)?,
            "mem_swappiness" => s.mem_swappiness = mem_string_or_int(v)?,
            "network_mode" if v2 => s.network_mode = dec.string(v)?.unwrap_or_default(),
            "networks" if v2 => s.networks = networks(v)?,
            "oom_score_adj" => s.oom_score_adj = string_or_int(v)?,
            "pid" => s.pid = dec.string(v)?.unwrap_or_default(),
            "ports" => s.ports = dec.string_list(v)?,
            "privileged" => s.privileged = dec.bool(v)?.unwrap_or_default(),
            "security_opt" => s.security_opt = dec.string_list(v)?,
            "shm_size" => s.shm_size = mem_string_or_int(v)?,
            "stop_signal" => s.stop_signal = dec.string(v)?.unwrap_or_default(),
            "stop_grace_period" if v2 => s.stop_grace_period = dec.string(v)?.unwrap_or_default(),
            "tmpfs" => s.tmpfs = stringorslice(v)?,
            "volume_driver" => s.volume_driver = dec.string(v)?.unwrap_or_default(),
            "volumes" => {
                if v2 {
                    s.volumes = volumes(v)?;
                } else if let Some(list) = dec.string_list(v)? {
                    let as_value = Value::Seq(list.into_iter().map(Value::Str).collect());
                    let text = yaml::marshal(&yaml::Doc::from(&as_value));
                    let node = yaml::parse(&text)?.expect("volume list");
                    s.volumes = volumes(&node)?;
                }
            }
            "volumes_from" => s.volumes_from = dec.string_list(v)?,
            "uts" => s.uts = dec.string(v)?.unwrap_or_default(),
            "restart" => s.restart = dec.string(v)?.unwrap_or_default(),
            "read_only" => s.read_only = dec.bool(v)?.unwrap_or_default(),
            "stdin_open" => s.stdin_open = dec.bool(v)?.unwrap_or_default(),
            "tty" => s.tty = dec.bool(v)?.unwrap_or_default(),
            "user" => s.user = dec.string(v)?.unwrap_or_default(),
            "working_dir" => s.working_dir = dec.string(v)?.unwrap_or_default(),
            "ulimits" => s.ulimits = ulimits(v)?,
            _ => {}
        }
    }
    if !v2 {
        s.build.dockerfile = v1_dockerfile;
        s.logging = Log {
            driver: v1_log_driver,
            options: v1_log_opt,
        };
    }
    Ok(Some(s))
}

/// The raw form of a typed service (utils.Convert from ServiceConfig to RawService: yaml
/// marshal with `omitempty`, then unmarshal into a generic map).
fn service_to_raw(s: &ServiceConfig, _v2: bool) -> RawService {
    let mut m = Map::new();
    let str_list = |l: &Option<Vec<String>>| -> Option<Value> {
        match l {
            Some(v) if !v.is_empty() => {
                Some(Value::Seq(v.iter().cloned().map(Value::Str).collect()))
            }
            _ => None,
        }
    };
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            m.insert(Value::str(k), v);
        }
    };
    let s_nz = |x: &str| -> Option<Value> {
        if x.is_empty() {
            None
        } else {
            Some(Value::str(x))
        }
    };
    let i_nz = |x: i64| -> Option<Value> {
        if x == 0 {
            None
        } else {
            Some(Value::Int(x))
        }
    };
    let b_nz = |x: bool| -> Option<Value> {
        if x {
            Some(Value::Bool(true))
        } else {
            None
        }
    };
    if !s.build.is_zero() {
        let mut b = Map::new();
        if !s.build.context.is_empty() {
            b.insert(Value::str("context"), Value::str(&s.build.context));
        }
        if !s.build.dockerfile.is_empty() {
            b.insert(Value::str("dockerfile"), Value::str(&s.build.dockerfile));
        }
        if !s.build.args.is_empty() {
            let mut a = Map::new();
            for (k, v) in &s.build.args {
                a.insert(
                    Value::str(k),
                    v.clone().map(Value::Str).unwrap_or(Value::Null),
                );
            }
            b.insert(Value::str("args"), Value::Map(a));
        }
        put("build", Some(Value::Map(b)));
    }
    put("cap_add", str_list(&s.cap_add));
    put("cap_drop", str_list(&s.cap_drop));
    put("cpuset", s_nz(&s.cpuset));
    put("cpu_shares", i_nz(s.cpu_shares));
    put("cpu_quota", i_nz(s.cpu_quota));
    put("command", str_list(&s.command));
    put("cgroup_parent", s_nz(&s.cgroup_parent));
    put("container_name", s_nz(&s.container_name));
    put("devices", str_list(&s.devices));
    put("depends_on", str_list(&s.depends_on));
    put("dns", str_list(&s.dns));
    put("dns_opt", str_list(&s.dns_opt));
    put("dns_search", str_list(&s.dns_search));
    put("domainname", s_nz(&s.domainname));
    put("entrypoint", str_list(&s.entrypoint));
    put("env_file", str_list(&s.env_file));
    put("environment", str_list(&s.environment));
    put("expose", str_list(&s.expose));
    put("extends", str_list(&s.extends));
    put("external_links", str_list(&s.external_links));
    put("extra_hosts", str_list(&s.extra_hosts));
    put("group_add", str_list(&s.group_add));
    put("image", s_nz(&s.image));
    put("isolation", s_nz(&s.isolation));
    put("hostname", s_nz(&s.hostname));
    put("ipc", s_nz(&s.ipc));
    if let Some(l) = &s.labels {
        if !l.is_empty() {
            put(
                "labels",
                Some(Value::Map(
                    l.iter()
                        .map(|(k, v)| (Value::str(k), Value::str(v)))
                        .collect(),
                )),
            );
        }
    }
    put("links", str_list(&s.links));
    if s.logging != Log::default() {
        let mut lm = Map::new();
        if !s.logging.driver.is_empty() {
            lm.insert(Value::str("driver"), Value::str(&s.logging.driver));
        }
        if let Some(o) = &s.logging.options {
            if !o.is_empty() {
                lm.insert(
                    Value::str("options"),
                    Value::Map(
                        o.iter()
                            .map(|(k, v)| (Value::str(k), Value::str(v)))
                            .collect(),
                    ),
                );
            }
        }
        put("logging", Some(Value::Map(lm)));
    }
    put("mac_address", s_nz(&s.mac_address));
    put("mem_limit", i_nz(s.mem_limit));
    put("mem_reservation", i_nz(s.mem_reservation));
    put("memswap_limit", i_nz(s.memswap_limit));
    put("mem_swappiness", i_nz(s.mem_swappiness));
    put("network_mode", s_nz(&s.network_mode));
    if let Some(n) = &s.networks {
        put(
            "networks",
            Some(Value::Map(
                n.iter()
                    .map(|name| (Value::str(name), Value::Map(Map::new())))
                    .collect(),
            )),
        );
    }
    put("oom_score_adj", i_nz(s.oom_score_adj));
    put("pid", s_nz(&s.pid));
    put("ports", str_list(&s.ports));
    put("privileged", b_nz(s.privileged));
    put("security_opt", str_list(&s.security_opt));
    put("shm_size", i_nz(s.shm_size));
    put("stop_signal", s_nz(&s.stop_signal));
    put("stop_grace_period", s_nz(&s.stop_grace_period));
    put("tmpfs", str_list(&s.tmpfs));
    put("volume_driver", s_nz(&s.volume_driver));
    if let Some(v) = &s.volumes {
        put(
            "volumes",
            Some(Value::Seq(
                v.iter().map(|x| Value::Str(x.to_spec())).collect(),
            )),
        );
    }
    put("volumes_from", str_list(&s.volumes_from));
    put("uts", s_nz(&s.uts));
    put("restart", s_nz(&s.restart));
    put("read_only", b_nz(s.read_only));
    put("stdin_open", b_nz(s.stdin_open));
    put("tty", b_nz(s.tty));
    put("user", s_nz(&s.user));
    put("working_dir", s_nz(&s.working_dir));
    if let Some(u) = &s.ulimits {
        let mut um = Map::new();
        for x in u {
            let v = if x.soft == x.hard {
                Value::Int(x.soft)
            } else {
                Value::Map(
                    [
                        (Value::str("soft"), Value::Int(x.soft)),
                        (Value::str("hard"), Value::Int(x.hard)),
                    ]
                    .into_iter()
                    .collect(),
                )
            };
            um.insert(Value::str(&x.name), v);
        }
        put("ulimits", Some(Value::Map(um)));
    }
    m
}

fn convert_volumes(volumes: &Map) -> Result<Vec<(String, Option<VolumeConfig>)>, String> {
    let text = yaml::marshal(&yaml::Doc::from(&Value::Map(volumes.clone())));
    let root = yaml::parse(&text)?;
    let mut dec = Decoder::default();
    let mut out = Vec::new();
    if let Some(root) = &root {
        if let Some(entries) = dec.map_entries(root, "map[string]*config.VolumeConfig")? {
            for (k, v) in entries {
                let name = k.scalar_text().unwrap_or("").to_string();
                if v.is_null() {
                    out.push((name, None));
                    continue;
                }
                let mut vc = VolumeConfig::default();
                if let Some(ve) = dec.map_entries(v, "config.VolumeConfig")? {
                    for (vk, vv) in ve {
                        match vk.scalar_text().unwrap_or("") {
                            "driver" => vc.driver = dec.string(vv)?.unwrap_or_default(),
                            "driver_opts" => {
                                vc.driver_opts = dec.string_map(vv)?.unwrap_or_default()
                            }
                            "external" => vc.external = external(vv)?,
                            _ => {}
                        }
                    }
                }
                out.push((name, Some(vc)));
            }
        }
    }
    if let Err(e) = dec.finish() {
        tracing::error!("Failed to unmarshall: {}\n{}", e, text);
        return Err(e);
    }
    let mut ordered = Vec::new();
    for (k, _) in volumes.iter() {
        let name = k.as_str().unwrap_or("");
        if let Some(pos) = out.iter().position(|(n, _)| n == name) {
            ordered.push(out.remove(pos));
        }
    }
    ordered.extend(out);
    Ok(ordered)
}

/// yaml.External: a bool or `{name: ...}`.
fn external(n: &Node) -> Result<bool, String> {
    if n.is_null() {
        return Ok(false);
    }
    match node_value(n)? {
        Value::Bool(b) => Ok(b),
        Value::Map(_) => Ok(true),
        _ => Err("Failed to unmarshal External".into()),
    }
}

fn convert_networks(networks: &Map) -> Result<(), String> {
    let text = yaml::marshal(&yaml::Doc::from(&Value::Map(networks.clone())));
    let root = yaml::parse(&text)?;
    let mut dec = Decoder::default();
    if let Some(root) = &root {
        if let Some(entries) = dec.map_entries(root, "map[string]*config.NetworkConfig")? {
            for (_, v) in entries {
                if v.is_null() {
                    continue;
                }
                if let Some(ne) = dec.map_entries(v, "config.NetworkConfig")? {
                    for (nk, nv) in ne {
                        match nk.scalar_text().unwrap_or("") {
                            "driver" => {
                                dec.string(nv)?;
                            }
                            "driver_opts" => {
                                dec.string_map(nv)?;
                            }
                            "external" => {
                                external(nv)?;
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    if let Err(e) = dec.finish() {
        tracing::error!("Failed to unmarshall: {}\n{}", e, text);
        return Err(e);
    }
    Ok(())
}

/// libcompose's project name normalisation (only used in its log lines).
pub fn normalize_name(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(files: &[(&str, &str)]) -> Result<LoadedProject, String> {
        let env = EnvLookup::default();
        let os = BTreeMap::new();
        let cwd = std::env::temp_dir();
        let ctx = LoadContext {
            normalized_name: "test".into(),
            env: &env,
            cwd: &cwd,
            os_env: &os,
        };
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        load(&ctx, &files)
    }

    /// What the hand-transcribed schemas left out of libcompose's JSON: `not` in v1's
    /// image-or-build constraint, `mem_reservation` in v1, `group_add` in v2.
    #[test]
    fn schema_details_from_the_original_json() {
        let e =
            load_str(&[("docker-compose.yml", "web:\n  image: nginx\n  build: .\n")]).unwrap_err();
        assert_eq!(e, "Service 'web' has both an image and build path specified. A service can either be built to image or use an existing image, not both.");
        let e = load_str(&[(
            "docker-compose.yml",
            "web:\n  image: nginx\n  dockerfile: Dockerfile.alt\n",
        )])
        .unwrap_err();
        assert_eq!(e, "Service 'web' has both an image and alternate Dockerfile. A service can either be built to image or use an existing image, not both.");
        let p = load_str(&[(
            "docker-compose.yml",
            "web:\n  image: nginx\n  mem_reservation: 64m\n",
        )])
        .unwrap();
        assert_eq!(p.services[0].1.mem_reservation, 64 << 20);
        let p = load_str(&[(
            "docker-compose.yml",
            "version: '2'\nservices:\n  web:\n    image: nginx\n    group_add: [mail]\n",
        )])
        .unwrap();
        assert_eq!(p.services[0].1.group_add, Some(vec!["mail".to_string()]));
    }

    #[test]
    fn merges_files_like_libcompose() {
        let base = "version: '2'\nservices:\n  web:\n    image: nginx\n    environment:\n      - A=base\n      - B=base\n    ports:\n      - \"80:80\"\n    cpu_shares: 10\n  db:\n    image: postgres\n";
        let prod = "version: '2'\nservices:\n  web:\n    image: nginx:prod\n    environment:\n      - B=prod\n    ports:\n      - \"443:443\"\n    mem_limit: 1g\n";
        let p = load_str(&[("base.yml", base), ("prod.yml", prod)]).unwrap();
        let web = &p.services.iter().find(|(n, _)| n == "web").unwrap().1;
        assert_eq!(web.image, "nginx:prod");
        assert_eq!(
            web.environment.clone().unwrap(),
            vec!["A=base", "B=base", "B=prod"]
        );
        assert_eq!(web.ports.clone().unwrap(), vec!["80:80", "443:443"]);
        assert_eq!(web.cpu_shares, 10);
        assert_eq!(web.mem_limit, 1 << 30);
    }

    #[test]
    fn extends_in_same_file() {
        let doc = "version: '2'\nservices:\n  base:\n    image: nginx\n    environment:\n      - LEVEL=base\n    cpu_shares: 64\n  web:\n    extends:\n      service: base\n    environment:\n      - LEVEL=web\n";
        let p = load_str(&[("docker-compose.yml", doc)]).unwrap();
        let web = &p.services.iter().find(|(n, _)| n == "web").unwrap().1;
        assert_eq!(web.image, "nginx");
        assert_eq!(web.cpu_shares, 64);
        assert_eq!(
            web.environment.clone().unwrap(),
            vec!["LEVEL=base", "LEVEL=web"]
        );
    }

    #[test]
    fn version_one_string_is_a_service() {
        let e = load_str(&[(
            "docker-compose.yml",
            "version: \"1\"\nweb:\n  image: nginx\n",
        )])
        .unwrap_err();
        assert_eq!(
            e,
            "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `1` into config.RawService"
        );
    }

    #[test]
    fn typed_errors() {
        let e = load_str(&[(
            "docker-compose.yml",
            "version: '2'\nservices:\n  web:\n    image: nginx\n    extra_hosts:\n      db.local: 10.0.0.5\n",
        )])
        .unwrap_err();
        assert_eq!(
            e,
            "yaml: unmarshal errors:\n  line 3: cannot unmarshal !!map into []string"
        );
        let e = load_str(&[(
            "docker-compose.yml",
            "version: '2'\nservices:\n  web:\n    image: nginx\n    cpu_shares: lots\n",
        )])
        .unwrap_err();
        assert_eq!(e, "strconv.ParseInt: parsing \"lots\": invalid syntax");
    }

    #[test]
    fn project_names() {
        assert_eq!(normalize_name("002-err-Version"), "002errversion");
    }
}
