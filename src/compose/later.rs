//! The service fields of compose files newer than the original read (v3.1–v3.8 and the
//! Compose Specification) that have an ECS meaning, read from the validated service map and
//! turned into task-definition terms. The original reads none of these (it rejected the
//! files); the v3.0 path never calls this module, so files it accepts are untouched.
//!
//! | compose field | container definition field |
//! |---|---|
//! | `deploy.resources.limits.memory` (or `mem_limit`) | `memory` (MiB) |
//! | `deploy.resources.reservations.memory` (or `mem_reservation`) | `memoryReservation` (MiB) |
//! | `deploy.resources.limits.cpus` (else `reservations.cpus`; or `cpu_shares`) | `cpu` (1 CPU = 1024 units) |
//! | `init` | `linuxParameters.initProcessEnabled` |
//! | `shm_size` | `linuxParameters.sharedMemorySize` (MiB) |
//! | `sysctls` | `systemControls` |
//! | `depends_on` | `dependsOn` (`START`, `HEALTHY`, `SUCCESS`) |

use crate::yaml::{Map, Value};

/// What a later-version service adds to the container.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LaterFields {
    /// MiB; 0: not set.
    pub memory: i64,
    /// MiB; 0: not set.
    pub memory_reservation: i64,
    /// CPU units; 0: not set.
    pub cpu: i64,
    pub init: bool,
    /// MiB; 0: not set.
    pub shm_size: i64,
    pub sysctls: Vec<(String, String)>,
    /// (container, ECS condition)
    pub depends_on: Vec<(String, String)>,
    /// `deploy` has settings besides the resources translated here.
    pub deploy_other: bool,
}

/// The option names (as the unsupported warnings spell them) this module translates.
pub const TRANSLATED: [&str; 7] = [
    "depends_on",
    "sysctls",
    "shm_size",
    "init",
    "mem_limit",
    "mem_reservation",
    "cpu_shares",
];

/// Reads the fields of one service (`service` is the name, for messages).
pub fn read(service: &str, sm: &Map) -> Result<LaterFields, String> {
    let mut l = LaterFields::default();
    let size_mib = |key: &str, v: &Value| -> Result<i64, String> {
        let bytes = match v {
            Value::Int(i) => *i,
            Value::Uint(u) => i64::try_from(*u).unwrap_or(i64::MAX),
            Value::Float(f) => *f as i64,
            Value::Str(s) => crate::go::units::ram_in_bytes(s)
                .map_err(|e| format!("service {service}: {key}: {e}"))?,
            _ => {
                return Err(format!(
                    "service {service}: {key} must be a size such as 512m"
                ))
            }
        };
        if bytes < 0 {
            return Err(format!("service {service}: {key} must not be negative"));
        }
        Ok(bytes / (1024 * 1024))
    };
    let cpus_units = |key: &str, v: &Value| -> Result<i64, String> {
        let n = match v {
            Value::Int(i) => *i as f64,
            Value::Uint(u) => *u as f64,
            Value::Float(f) => *f,
            Value::Str(s) => s.trim().parse::<f64>().map_err(|_| {
                format!("service {service}: {key} must be a number of CPUs such as 0.5, not {s:?}")
            })?,
            _ => return Err(format!("service {service}: {key} must be a number of CPUs")),
        };
        if !n.is_finite() || n < 0.0 {
            return Err(format!(
                "service {service}: {key} must be a number of CPUs such as 0.5"
            ));
        }
        Ok((n * 1024.0).round() as i64)
    };

    if let Some(Value::Map(deploy)) = sm.get("deploy") {
        for (k, v) in deploy.iter() {
            if k.go_sprint() != "resources" && !v.is_null() {
                l.deploy_other = true;
            }
        }
        if let Some(Value::Map(res)) = deploy.get("resources") {
            for (k, v) in res.iter() {
                let key = k.go_sprint();
                if key != "limits" && key != "reservations" && !v.is_null() {
                    l.deploy_other = true;
                }
            }
            let part = |name: &str| match res.get(name) {
                Some(Value::Map(m)) => Some(m.clone()),
                _ => None,
            };
            let (limits, reservations) = (part("limits"), part("reservations"));
            for (m, which) in [(&limits, "limits"), (&reservations, "reservations")] {
                let Some(m) = m else { continue };
                for (k, v) in m.iter() {
                    let key = k.go_sprint();
                    if v.is_null() {
                        continue;
                    }
                    let field = format!("deploy.resources.{which}.{key}");
                    match (which, key.as_str()) {
                        ("limits", "memory") => l.memory = size_mib(&field, v)?,
                        ("reservations", "memory") => l.memory_reservation = size_mib(&field, v)?,
                        ("limits", "cpus") => l.cpu = cpus_units(&field, v)?,
                        ("reservations", "cpus") => {
                            if l.cpu == 0 && !m_has(&limits, "cpus") {
                                l.cpu = cpus_units(&field, v)?;
                            }
                        }
                        _ => l.deploy_other = true,
                    }
                }
            }
        }
    }
    // the Specification's service-level forms (a deploy.resources value wins)
    if let Some(v) = sm.get("mem_limit").filter(|v| !v.is_null()) {
        if l.memory == 0 {
            l.memory = size_mib("mem_limit", v)?;
        }
    }
    if let Some(v) = sm.get("mem_reservation").filter(|v| !v.is_null()) {
        if l.memory_reservation == 0 {
            l.memory_reservation = size_mib("mem_reservation", v)?;
        }
    }
    if let Some(v) = sm.get("cpu_shares").filter(|v| !v.is_null()) {
        if l.cpu == 0 {
            l.cpu = match v {
                Value::Int(i) if *i >= 0 => *i,
                Value::Uint(u) => i64::try_from(*u).unwrap_or(i64::MAX),
                Value::Str(s) => s.trim().parse::<i64>().map_err(|_| {
                    format!("service {service}: cpu_shares must be a whole number, not {s:?}")
                })?,
                _ => {
                    return Err(format!(
                        "service {service}: cpu_shares must be a whole number"
                    ))
                }
            };
        }
    }
    l.init = matches!(sm.get("init"), Some(Value::Bool(true)));
    if let Some(v) = sm.get("shm_size").filter(|v| !v.is_null()) {
        l.shm_size = size_mib("shm_size", v)?;
    }
    match sm.get("sysctls") {
        Some(Value::Map(m)) => {
            for (k, v) in m.iter() {
                let value = if v.is_null() {
                    String::new()
                } else {
                    v.go_sprint()
                };
                l.sysctls.push((k.go_sprint(), value));
            }
        }
        Some(Value::Seq(items)) => {
            for it in items {
                let text = it.go_sprint();
                let (k, v) = text.split_once('=').unwrap_or((text.as_str(), ""));
                l.sysctls.push((k.to_string(), v.to_string()));
            }
        }
        _ => {}
    }
    match sm.get("depends_on") {
        Some(Value::Seq(items)) => {
            for it in items {
                l.depends_on.push((it.go_sprint(), "START".into()));
            }
        }
        Some(Value::Map(m)) => {
            for (k, v) in m.iter() {
                let condition = match v {
                    Value::Map(d) => match d.get("condition") {
                        Some(Value::Str(c)) => c.clone(),
                        _ => "service_started".into(),
                    },
                    _ => "service_started".into(),
                };
                l.depends_on
                    .push((k.go_sprint(), ecs_condition(service, &condition)?));
            }
        }
        _ => {}
    }
    Ok(l)
}

fn m_has(m: &Option<Map>, key: &str) -> bool {
    m.as_ref()
        .and_then(|m| m.get(key))
        .is_some_and(|v| !v.is_null())
}

/// The ECS condition of a compose `depends_on` condition.
pub fn ecs_condition(service: &str, condition: &str) -> Result<String, String> {
    Ok(match condition {
        "service_started" => "START",
        "service_healthy" => "HEALTHY",
        "service_completed_successfully" => "SUCCESS",
        other => {
            return Err(format!(
                "service {service}: depends_on condition {other:?} is not one of service_started, service_healthy, service_completed_successfully"
            ))
        }
    }
    .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::load_value;

    fn svc(text: &str) -> Result<LaterFields, String> {
        match load_value(text).unwrap() {
            Value::Map(m) => read("web", &m),
            _ => panic!("not a map"),
        }
    }

    #[test]
    fn deploy_resources_become_memory_and_cpu() {
        let l = svc("deploy:\n  resources:\n    limits: {memory: 512M, cpus: '0.5'}\n    reservations: {memory: 256m, cpus: '0.25'}\n").unwrap();
        assert_eq!((l.memory, l.memory_reservation, l.cpu), (512, 256, 512));
        assert!(!l.deploy_other);
        let l = svc("deploy:\n  replicas: 2\n  resources:\n    reservations: {cpus: 2}\n").unwrap();
        assert_eq!(l.cpu, 2048);
        assert!(l.deploy_other);
        let e = svc("deploy:\n  resources:\n    limits: {memory: lots}\n").unwrap_err();
        assert_eq!(
            e,
            "service web: deploy.resources.limits.memory: invalid size: 'lots'"
        );
    }

    #[test]
    fn specification_service_level_resources() {
        let l = svc("mem_limit: 1g\nmem_reservation: 128m\ncpu_shares: 100\n").unwrap();
        assert_eq!((l.memory, l.memory_reservation, l.cpu), (1024, 128, 100));
        let l = svc("mem_limit: 1g\ndeploy: {resources: {limits: {memory: 2g}}}\n").unwrap();
        assert_eq!(l.memory, 2048);
    }

    #[test]
    fn init_shm_size_sysctls() {
        let l = svc("init: true\nshm_size: 64m\nsysctls:\n  net.core.somaxconn: 1024\n").unwrap();
        assert!(l.init);
        assert_eq!(l.shm_size, 64);
        assert_eq!(
            l.sysctls,
            vec![("net.core.somaxconn".into(), "1024".into())]
        );
        let l = svc("shm_size: 134217728\nsysctls: [a.b=1, c.d]\n").unwrap();
        assert_eq!(l.shm_size, 128);
        assert_eq!(
            l.sysctls,
            vec![("a.b".into(), "1".into()), ("c.d".into(), "".into())]
        );
    }

    #[test]
    fn depends_on_conditions() {
        let l = svc("depends_on: [db, cache]\n").unwrap();
        assert_eq!(
            l.depends_on,
            vec![
                ("db".into(), "START".into()),
                ("cache".into(), "START".into())
            ]
        );
        let l = svc("depends_on:\n  db: {condition: service_healthy}\n  mig: {condition: service_completed_successfully}\n  cache: {condition: service_started}\n").unwrap();
        assert_eq!(
            l.depends_on,
            vec![
                ("db".into(), "HEALTHY".into()),
                ("mig".into(), "SUCCESS".into()),
                ("cache".into(), "START".into())
            ]
        );
        assert!(svc("depends_on: {db: {condition: later}}\n").is_err());
    }
}
