//! Output files of `registry-creds up` (`ecs-registry-creds_<timestamp>.yml`), read by compose
//! commands to set repository credentials and the execution role.

use std::path::Path;

use crate::yaml::{self, Decoder};

pub const BASE_NAME: &str = "ecs-registry-creds";

#[derive(Clone, Debug, Default)]
pub struct RegistryCredsOutput {
    pub version: String,
    pub task_execution_role: String,
    /// registry -> entry, in file order.
    pub container_credentials: Vec<(String, CredsOutputEntry)>,
}

#[derive(Clone, Debug, Default)]
pub struct CredsOutputEntry {
    pub credentials_parameter: String,
    pub kms_key_id: String,
    pub container_names: Vec<String>,
}

/// The timestamp of `ecs-registry-creds_<YYYYMMDDTHHMMSSZ>.yml` names (splitting on '_' like
/// the original, which takes the second part of the whole path).
fn timestamp_of(path: &str) -> Option<chrono::NaiveDateTime> {
    let part = path.split('_').nth(1)?;
    let stamp = part.strip_suffix(".yml").unwrap_or(part);
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ").ok()
}

/// The newest output file in `dir` ("" when there is none).
pub fn find_latest(dir: &Path) -> String {
    let mut best: Option<(chrono::NaiveDateTime, String)> = None;
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&format!("{BASE_NAME}_")) && n.ends_with(".yml"))
            .collect(),
        Err(_) => return String::new(),
    };
    names.sort();
    for n in names {
        let full = format!("{}/{}", dir.to_string_lossy().trim_end_matches('/'), n);
        if let Some(t) = timestamp_of(&full) {
            if best.as_ref().map(|(b, _)| t > *b).unwrap_or(true) {
                best = Some((t, full));
            }
        }
    }
    best.map(|(_, n)| n).unwrap_or_default()
}

/// `ReadCredsOutput`: the given file, else the newest one in `cwd`; None when there is none.
pub fn read_output(
    filename: Option<&str>,
    cwd: &Path,
) -> Result<Option<RegistryCredsOutput>, String> {
    let name = match filename {
        Some(f) if !f.is_empty() => f.to_string(),
        _ => {
            let latest = find_latest(cwd);
            if latest.is_empty() {
                return Ok(None);
            }
            latest
        }
    };
    tracing::info!("Found {} file {}", BASE_NAME, name);
    let bytes = crate::go::os::read_file(cwd, &name)
        .map_err(|e| format!("Error reading file '{name}': {e}"))?;
    parse(&String::from_utf8_lossy(crate::go::os::without_bom(&bytes)))
        .map(Some)
        .map_err(|e| {
            format!(
                "Error unmarshalling yaml data from registry credential ouput file: {name}: {e}"
            )
        })
}

pub fn parse(text: &str) -> Result<RegistryCredsOutput, String> {
    let root = yaml::parse(text)?;
    let mut d = Decoder::default();
    let mut out = RegistryCredsOutput::default();
    if let Some(root) = &root {
        if let Some(entries) = d.map_entries(root, "regcredio.ECSRegistryCredsOutput")? {
            for (k, v) in entries {
                match k.scalar_text().unwrap_or("") {
                    "version" => out.version = d.string(v)?.unwrap_or_default(),
                    "registry_credential_outputs" => {
                        let es = match d.map_entries(v, "regcredio.CredResources")? {
                            Some(e) => e,
                            None => continue,
                        };
                        for (rk, rv) in es {
                            match rk.scalar_text().unwrap_or("") {
                                "task_execution_role" => {
                                    out.task_execution_role = d.string(rv)?.unwrap_or_default()
                                }
                                "container_credentials" => {
                                    let cs = match d
                                        .map_entries(rv, "map[string]regcredio.CredsOutputEntry")?
                                    {
                                        Some(c) => c,
                                        None => continue,
                                    };
                                    for (ck, cv) in cs {
                                        let reg = d.string(ck)?.unwrap_or_default();
                                        let mut e = CredsOutputEntry::default();
                                        if let Some(fs) =
                                            d.map_entries(cv, "regcredio.CredsOutputEntry")?
                                        {
                                            for (fk, fv) in fs {
                                                match fk.scalar_text().unwrap_or("") {
                                                    "credentials_parameter" => {
                                                        e.credentials_parameter =
                                                            d.string(fv)?.unwrap_or_default()
                                                    }
                                                    "kms_key_id" => {
                                                        e.kms_key_id =
                                                            d.string(fv)?.unwrap_or_default()
                                                    }
                                                    "container_names" => {
                                                        e.container_names =
                                                            d.string_list(fv)?.unwrap_or_default()
                                                    }
                                                    _ => {}
                                                }
                                            }
                                        }
                                        out.container_credentials.retain(|(r, _)| *r != reg);
                                        out.container_credentials.push((reg, e));
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    d.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_file_wins() {
        let dir = tempfile::tempdir().unwrap();
        for n in [
            "ecs-registry-creds_20200102T030405Z.yml",
            "ecs-registry-creds_20210102T030405Z.yml",
            "ecs-registry-creds_garbage.yml",
        ] {
            std::fs::write(dir.path().join(n), "version: '1'\n").unwrap();
        }
        let latest = find_latest(dir.path());
        assert!(
            latest.ends_with("ecs-registry-creds_20210102T030405Z.yml"),
            "{latest}"
        );
    }

    #[test]
    fn parses_output() {
        let o = parse("version: \"1\"\nregistry_credential_outputs:\n  task_execution_role: r\n  container_credentials:\n    q.io:\n      credentials_parameter: arn\n      container_names:\n        - w\n").unwrap();
        assert_eq!(o.task_execution_role, "r");
        assert_eq!(o.container_credentials[0].1.container_names, vec!["w"]);
    }
}
