//! Task definition → Docker Compose files, as `local create` writes them: the base file (one
//! service per container definition, on the external `ecs-local-network`, with the
//! credentials and metadata endpoints in its environment and the input recorded in labels)
//! and the override file (every service logging to `json-file`).
//!
//! The YAML is go-yaml v2's encoding of docker/cli's compose `Config` and `ServiceConfig`
//! structs: fields in their declaration order, empty ones left out, maps sorted. Pure code: the
//! log lines the conversion gives are returned, not printed.

use super::taskdef::Go;
use crate::yaml::{marshal, Doc, Value};

/// The external network every local task joins.
pub const NETWORK_NAME: &str = "ecs-local-network";
/// Label: how the task definition was given (`local` or `remote`).
pub const TYPE_LABEL: &str = "ecs-local.task-definition-input.type";
/// Label: the task definition file's absolute path, or the family/ARN asked for.
pub const VALUE_LABEL: &str = "ecs-local.task-definition-input.value";
/// Prefix of the labels naming each secret's ARN.
pub const SECRET_LABEL_PREFIX: &str = "ecs-local.secret";

const CREDS_ENV: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
const CREDS_PATH: &str = "/creds";
const METADATA_ENV: &str = "ECS_CONTAINER_METADATA_URI";
const METADATA_URI: &str = "http://169.254.170.2/v3";
const COMPOSE_VERSION: &str = "3.4";
const JSON_FILE_DRIVER: &str = "json-file";

/// Where the task definition came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// `local` or `remote`.
    pub kind: String,
    pub value: String,
}

/// A log line of the conversion, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    /// An info line with one field.
    Info(String, (&'static str, String)),
    Warn(String),
}

/// The two files' contents and the notes.
#[derive(Debug)]
pub struct Converted {
    pub base: String,
    pub override_file: String,
    pub notes: Vec<Note>,
}

/// Converts a decoded task definition. `use_role`: the containers get the task role's
/// credentials instead of the user's.
pub fn convert(td: &Go, input: &Input, use_role: bool) -> Result<Converted, String> {
    let mut notes = Vec::new();
    let network_mode = td.str("NetworkMode");
    if !network_mode.is_empty() {
        notes.push(Note::Info(
            "Task Definition network mode is ignored when running containers locally. Tasks will be run in the ecs-local-network.".into(),
            ("networkMode", network_mode),
        ));
    }
    let mut pid = td.str("PidMode");
    if !pid.is_empty() && pid != "host" {
        notes.push(Note::Info(
            "PID mode can only be set to 'host' when running tasks locally.".into(),
            ("pid", pid.clone()),
        ));
        pid.clear();
    }
    let mut ipc = td.str("IpcMode");
    if !ipc.is_empty() && ipc != "host" && ipc != "none" {
        notes.push(Note::Info(
            "IPC mode can only be set to 'host' or 'none' when running tasks locally.".into(),
            ("ipc", ipc.clone()),
        ));
        ipc.clear();
    }
    let containers = td.list("ContainerDefinitions");
    if containers.is_empty() {
        return Err("task definition must include at least one container definition".into());
    }
    let creds = creds_path(td, use_role)?;
    let volumes = host_paths(td);
    let common = Common {
        pid,
        ipc,
        creds,
        volumes,
    };

    let mut services: Vec<(String, Doc)> = Vec::new();
    let mut overrides: Vec<(String, Doc)> = Vec::new();
    for c in &containers {
        let name = c.str("Name");
        let svc = service(c, &common, input, &mut notes);
        put(&mut services, name.clone(), svc);
        put(
            &mut overrides,
            name,
            Doc::Struct(vec![(
                "logging",
                Doc::Struct(vec![("driver", Doc::str(JSON_FILE_DRIVER))]),
            )]),
        );
    }
    let network = Doc::Map(vec![(
        Doc::str(NETWORK_NAME),
        Doc::Struct(vec![("external", Doc::Scalar(Value::Bool(true)))]),
    )]);
    let base = Doc::Struct(vec![
        ("version", Doc::str(COMPOSE_VERSION)),
        ("services", as_map(services)),
        ("networks", network),
    ]);
    let over = Doc::Struct(vec![
        ("version", Doc::str(COMPOSE_VERSION)),
        ("services", as_map(overrides)),
    ]);
    Ok(Converted {
        base: marshal(&base),
        override_file: marshal(&over),
        notes,
    })
}

/// What every container of the task shares.
struct Common {
    pid: String,
    ipc: String,
    creds: String,
    volumes: Vec<(String, String)>,
}

/// The credentials path of the endpoints container: the user's, or with `--use-role` the
/// task role's (`/` + the role ARN's resource).
fn creds_path(td: &Go, use_role: bool) -> Result<String, String> {
    if !use_role {
        return Ok(CREDS_PATH.into());
    }
    let role = td.str("TaskRoleArn");
    match arn_resource(&role) {
        Some(res) if !role.is_empty() => Ok(format!("/{res}")),
        _ => Err(format!(
            "the task definition has no valid task role ARN to use with --use-role (taskRoleArn: {role:?})"
        )),
    }
}

/// The resource part of an ARN (`arn:partition:service:region:account:resource`), as the
/// AWS SDK for Go's `arn.Parse` splits it.
pub fn arn_resource(arn: &str) -> Option<String> {
    arn_parts(arn).map(|p| p[5].clone())
}

/// The six sections of an ARN, or `None` when it is not one.
pub fn arn_parts(arn: &str) -> Option<Vec<String>> {
    if !arn.starts_with("arn:") {
        return None;
    }
    let parts: Vec<String> = arn.splitn(6, ':').map(str::to_string).collect();
    (parts.len() == 6).then_some(parts)
}

/// The top-level volumes' host source paths by name (a volume without `host` has none).
fn host_paths(td: &Go) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for v in td.list("Volumes") {
        if let Some(host) = v.get("Host") {
            let name = v.str("Name");
            let path = host.str("SourcePath");
            match out.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = path,
                None => out.push((name, path)),
            }
        }
    }
    out
}

/// Sets a Go map entry (a repeated key replaces the value).
fn put<V>(entries: &mut Vec<(String, V)>, key: String, value: V) {
    match entries.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => entries.push((key, value)),
    }
}

fn as_map(entries: Vec<(String, Doc)>) -> Doc {
    Doc::Map(entries.into_iter().map(|(k, v)| (Doc::str(k), v)).collect())
}

fn str_list(items: Vec<String>) -> Option<Doc> {
    (!items.is_empty()).then(|| Doc::Seq(items.into_iter().map(Doc::str).collect()))
}

fn nonempty(s: String) -> Option<Doc> {
    (!s.is_empty()).then(|| Doc::str(s))
}

fn truthy(b: Option<bool>) -> Option<Doc> {
    b.unwrap_or(false).then_some(Doc::Scalar(Value::Bool(true)))
}

/// One container definition as a compose service.
fn service(c: &Go, common: &Common, input: &Input, notes: &mut Vec<Note>) -> Doc {
    let name = c.str("Name");
    let linux = c.get("LinuxParameters");
    let (cap_add, cap_drop) = match linux.and_then(|l| l.get("Capabilities")) {
        Some(caps) => (caps.strs("Add"), caps.strs("Drop")),
        None => (Vec::new(), Vec::new()),
    };
    let devices = linux.and_then(devices).unwrap_or_default();
    let tmpfs = linux.and_then(tmpfs).unwrap_or_default();
    let init = linux.and_then(|l| l.bool("InitProcessEnabled"));
    let shm_size = linux
        .and_then(|l| l.int("SharedMemorySize"))
        .map(|s| bytes_size(s.wrapping_mul(MIB) as f64))
        .unwrap_or_default();

    // Environment: the definition's, then the secrets as references, then the endpoints.
    let mut env: Vec<(String, Option<String>)> = Vec::new();
    for kv in c.list("Environment") {
        put(&mut env, kv.str("Name"), kv.opt_str("Value"));
    }
    for s in c.list("Secrets") {
        let secret = s.str("Name");
        put(
            &mut env,
            secret.clone(),
            Some(format!("${{{name}_{secret}}}")),
        );
    }
    put(&mut env, CREDS_ENV.into(), Some(common.creds.clone()));
    put(&mut env, METADATA_ENV.into(), Some(METADATA_URI.into()));

    // Labels: the definition's, then each secret's ARN, then where the input came from.
    let mut labels: Vec<(String, String)> = Vec::new();
    for (k, v) in c.map("DockerLabels") {
        put(&mut labels, k, v.unwrap_or_default());
    }
    for s in c.list("Secrets") {
        put(
            &mut labels,
            format!("{SECRET_LABEL_PREFIX}.{}", s.str("Name")),
            s.str("ValueFrom"),
        );
    }
    put(&mut labels, TYPE_LABEL.into(), input.kind.clone());
    put(&mut labels, VALUE_LABEL.into(), input.value.clone());

    let extra_hosts: Vec<String> = c
        .list("ExtraHosts")
        .into_iter()
        .map(|h| format!("{}:{}", h.str("Hostname"), h.str("IpAddress")))
        .collect();

    let logging = c.get("LogConfiguration").map(|l| {
        let driver = l.str("LogDriver");
        if driver == "awslogs" {
            notes.push(Note::Warn(format!(
                "awslogs log driver is ignored when running locally. Tasks will default to {JSON_FILE_DRIVER} instead. This can be changed in your compose override file."
            )));
        }
        let mut opts: Vec<(String, String)> = Vec::new();
        for (k, v) in l.map("Options") {
            put(&mut opts, k, v.unwrap_or_default());
        }
        let mut fields = Vec::new();
        if !driver.is_empty() {
            fields.push(("driver", Doc::str(driver)));
        }
        if !opts.is_empty() {
            fields.push((
                "options",
                Doc::Map(opts.into_iter().map(|(k, v)| (Doc::str(k), Doc::str(v))).collect()),
            ));
        }
        Doc::Struct(fields)
    });

    let ports: Vec<Doc> = c
        .list("PortMappings")
        .into_iter()
        .map(|p| {
            let mut f = Vec::new();
            let target = p.int("ContainerPort").unwrap_or(0) as u32;
            let published = p.int("HostPort").unwrap_or(0) as u32;
            if target != 0 {
                f.push(("target", Doc::Scalar(Value::Uint(target.into()))));
            }
            if published != 0 {
                f.push(("published", Doc::Scalar(Value::Uint(published.into()))));
            }
            if let Some(proto) = nonempty(p.str("Protocol")) {
                f.push(("protocol", proto));
            }
            Doc::Struct(f)
        })
        .collect();

    let volumes: Vec<Doc> = c
        .list("MountPoints")
        .into_iter()
        .map(|m| {
            let source = common
                .volumes
                .iter()
                .find(|(n, _)| *n == m.str("SourceVolume"))
                .map(|(_, p)| p.clone())
                .unwrap_or_default();
            let mut f = vec![("type", Doc::str("bind"))];
            if let Some(s) = nonempty(source) {
                f.push(("source", s));
            }
            if let Some(t) = nonempty(m.str("ContainerPath")) {
                f.push(("target", t));
            }
            if let Some(r) = truthy(m.bool("ReadOnly")) {
                f.push(("read_only", r));
            }
            Doc::Struct(f)
        })
        .collect();

    let sysctls: Vec<String> = c
        .list("SystemControls")
        .into_iter()
        .map(|s| format!("{}={}", s.str("Namespace"), s.str("Value")))
        .collect();

    let mut ulimits: Vec<(String, Doc)> = Vec::new();
    for u in c.list("Ulimits") {
        let mut f = Vec::new();
        let soft = u.int("SoftLimit").unwrap_or(0);
        let hard = u.int("HardLimit").unwrap_or(0);
        if soft != 0 {
            f.push(("soft", Doc::Scalar(Value::Int(soft))));
        }
        if hard != 0 {
            f.push(("hard", Doc::Scalar(Value::Int(hard))));
        }
        put(&mut ulimits, u.str("Name"), Doc::Struct(f));
    }

    let health = c.get("HealthCheck").map(healthcheck);

    // docker/cli's ServiceConfig field order.
    let mut f: Vec<(&'static str, Doc)> = Vec::new();
    let mut opt = |key: &'static str, d: Option<Doc>| {
        if let Some(d) = d {
            f.push((key, d));
        }
    };
    opt("cap_add", str_list(cap_add));
    opt("cap_drop", str_list(cap_drop));
    opt("command", str_list(c.strs("Command")));
    opt("devices", str_list(devices));
    opt("dns", str_list(c.strs("DnsServers")));
    opt("dns_search", str_list(c.strs("DnsSearchDomains")));
    opt("entrypoint", str_list(c.strs("EntryPoint")));
    opt(
        "environment",
        Some(Doc::Map(
            env.into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        Some(s) => Doc::str(s),
                        None => Doc::Scalar(Value::Null),
                    };
                    (Doc::str(k), v)
                })
                .collect(),
        )),
    );
    opt("extra_hosts", str_list(extra_hosts));
    opt("hostname", nonempty(c.str("Hostname")));
    opt("healthcheck", health);
    opt("image", nonempty(c.str("Image")));
    opt("init", init.map(|b| Doc::Scalar(Value::Bool(b))));
    opt("ipc", nonempty(common.ipc.clone()));
    opt(
        "labels",
        Some(Doc::Map(
            labels
                .into_iter()
                .map(|(k, v)| (Doc::str(k), Doc::str(v)))
                .collect(),
        )),
    );
    opt("links", str_list(c.strs("Links")));
    opt("logging", logging);
    opt(
        "networks",
        Some(Doc::Map(vec![(
            Doc::str(NETWORK_NAME),
            Doc::Scalar(Value::Null),
        )])),
    );
    opt("pid", nonempty(common.pid.clone()));
    opt("ports", (!ports.is_empty()).then_some(Doc::Seq(ports)));
    opt("privileged", truthy(c.bool("Privileged")));
    opt("read_only", truthy(c.bool("ReadonlyRootFilesystem")));
    opt("security_opt", str_list(c.strs("DockerSecurityOptions")));
    opt("shm_size", nonempty(shm_size));
    opt("stdin_open", truthy(c.bool("Interactive")));
    opt("sysctls", str_list(sysctls));
    opt("tmpfs", str_list(tmpfs));
    opt("tty", truthy(c.bool("PseudoTerminal")));
    opt("ulimits", (!ulimits.is_empty()).then(|| as_map(ulimits)));
    opt("user", nonempty(c.str("User")));
    opt(
        "volumes",
        (!volumes.is_empty()).then_some(Doc::Seq(volumes)),
    );
    opt("working_dir", nonempty(c.str("WorkingDirectory")));
    Doc::Struct(f)
}

fn healthcheck(h: &Go) -> Doc {
    let secs = |field: &str| {
        h.int(field)
            .map(|s| Doc::str(go_duration(s.wrapping_mul(1_000_000_000))))
    };
    let mut f = Vec::new();
    if let Some(t) = str_list(h.strs("Command")) {
        f.push(("test", t));
    }
    if let Some(t) = secs("Timeout") {
        f.push(("timeout", t));
    }
    if let Some(i) = secs("Interval") {
        f.push(("interval", i));
    }
    if let Some(r) = h.int("Retries") {
        f.push(("retries", Doc::Scalar(Value::Uint(r as u64))));
    }
    if let Some(s) = secs("StartPeriod") {
        f.push(("start_period", s));
    }
    Doc::Struct(f)
}

const MIB: i64 = 1024 * 1024;

/// Devices as `host[:container][:rwm]`; any invalid device drops them all (the original
/// ignored the conversion's error and kept nothing).
fn devices(linux: &Go) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for d in linux.list("Devices") {
        let mut dev = d.opt_str("HostPath")?;
        if let Some(cp) = d.opt_str("ContainerPath") {
            dev = format!("{dev}:{cp}");
        }
        if d.has("Permissions") {
            let mut perms = String::new();
            for p in d.strs("Permissions") {
                perms.push_str(match p.as_str() {
                    "read" => "r",
                    "write" => "w",
                    "mknod" => "m",
                    _ => return None,
                });
            }
            dev = format!("{dev}:{perms}");
        }
        out.push(dev);
    }
    Some(out)
}

/// Tmpfs mounts as `path:size=<n>MiB[,opts]`; a mount without path or size drops them all.
fn tmpfs(linux: &Go) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for t in linux.list("Tmpfs") {
        let path = t.opt_str("ContainerPath")?;
        let size = t.int("Size")?;
        let mut m = format!("{path}:size={}", bytes_size(size.wrapping_mul(MIB) as f64));
        if t.has("MountOptions") {
            m = format!("{m},{}", t.strs("MountOptions").join(","));
        }
        out.push(m);
    }
    Some(out)
}

/// docker/go-units `BytesSize`: binary units, 4 significant digits (`%.4g`).
pub fn bytes_size(size: f64) -> String {
    const UNITS: [&str; 9] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
    let mut size = size;
    let mut i = 0;
    while size >= 1024.0 && i < UNITS.len() - 1 {
        size /= 1024.0;
        i += 1;
    }
    format!("{}{}", format_g_prec(size, 4), UNITS[i])
}

/// Go's `%.<prec>g`.
pub fn format_g_prec(f: f64, prec: usize) -> String {
    if f == 0.0 {
        return "0".into();
    }
    let sci = format!("{:.*e}", prec - 1, f);
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let strip = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s.to_string()
        }
    };
    if exp < -4 || exp >= prec as i32 {
        return format!(
            "{}e{}{:02}",
            strip(mant),
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        );
    }
    let decimals = (prec as i32 - 1 - exp).max(0) as usize;
    strip(&format!("{:.*}", decimals, f))
}

/// Go's `time.Duration.String` of a number of nanoseconds.
pub fn go_duration(d: i64) -> String {
    let neg = d < 0;
    let u = d.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        if u == 0 {
            return "0s".into();
        }
        let (prec, unit) = if u < 1_000 {
            (0, "ns")
        } else if u < 1_000_000 {
            (3, "µs")
        } else {
            (6, "ms")
        };
        let (frac, int) = frac_digits(u, prec);
        out = format!("{int}{frac}{unit}");
    } else {
        let (frac, secs) = frac_digits(u, 9);
        let s = secs % 60;
        let mins = secs / 60;
        if mins > 0 {
            let m = mins % 60;
            let h = mins / 60;
            if h > 0 {
                out.push_str(&format!("{h}h"));
            }
            out.push_str(&format!("{m}m"));
        }
        out.push_str(&format!("{s}{frac}s"));
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

/// Go's `fmtFrac`: the fraction below 10^prec (trailing zeros dropped, with its dot) and the
/// integer part.
fn frac_digits(v: u64, prec: u32) -> (String, u64) {
    let div = 10u64.pow(prec);
    let frac = v % div;
    if frac == 0 {
        return (String::new(), v / div);
    }
    let digits = format!("{:0width$}", frac, width = prec as usize);
    (format!(".{}", digits.trim_end_matches('0')), v / div)
}

#[cfg(test)]
mod tests;
