//! The input file of `registry-creds up`:
//!
//! ```yaml
//! version: '1'
//! registry_credentials:
//!   <registry>:
//!     secrets_manager_arn: …      # an existing secret, or
//!     username: …                 # a new secret from username + password
//!     password: …
//!     kms_key_id: …               # optional
//!     container_names: [a, b]     # optional
//! ```
//!
//! A value written wholly as `${…}` is expanded from the environment (Go's `os.ExpandEnv`, so
//! `${A}${B}` expands both); any other value is taken literally, `$` and all.

use std::collections::BTreeMap;
use std::path::Path;

use crate::yaml::{self, Decoder};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CredEntry {
    pub secrets_manager_arn: String,
    pub username: String,
    pub password: String,
    pub kms_key_id: String,
    pub container_names: Vec<String>,
}

impl CredEntry {
    /// Username and password both given.
    pub fn has_cred_pair(&self) -> bool {
        !self.username.is_empty() && !self.password.is_empty()
    }

    /// Enough to use or make a secret: an ARN, or username and password.
    pub fn has_required_fields(&self) -> bool {
        !self.secrets_manager_arn.is_empty() || self.has_cred_pair()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CredsInput {
    pub version: String,
    /// registry -> entry, by registry name.
    pub registries: BTreeMap<String, CredEntry>,
}

/// Reads and parses `file` (relative to `cwd`), expanding `${…}` values from `env`.
pub fn read(cwd: &Path, file: &str, env: &BTreeMap<String, String>) -> Result<CredsInput, String> {
    let bytes = crate::go::os::read_file(cwd, file)
        .map_err(|e| format!("Error reading file '{file}': {e}"))?;
    let mut input = parse(&String::from_utf8_lossy(&bytes)).map_err(|e| {
        format!("Error unmarshalling yaml data from credential input file: {file}: {e}")
    })?;
    for entry in input.registries.values_mut() {
        for v in [
            &mut entry.secrets_manager_arn,
            &mut entry.username,
            &mut entry.password,
            &mut entry.kms_key_id,
        ] {
            *v = value_or_env(v, env);
        }
    }
    Ok(input)
}

/// `${…}` as the whole value: expanded; anything else: as written.
fn value_or_env(s: &str, env: &BTreeMap<String, String>) -> String {
    if s.starts_with("${") && s.ends_with('}') {
        crate::compose::interp::go_expand_env(s, env)
    } else {
        s.to_string()
    }
}

/// The YAML document, decoded the way go-yaml v2 fills the original's structs (unknown keys
/// ignored, type errors gathered into one `yaml: unmarshal errors:` message).
pub fn parse(text: &str) -> Result<CredsInput, String> {
    let root = yaml::parse(text)?;
    let mut d = Decoder::default();
    let mut out = CredsInput::default();
    let Some(root) = &root else {
        return Ok(out);
    };
    let Some(fields) = d.map_entries(root, "regcredio.ECSRegCredsInput")? else {
        d.finish()?;
        return Ok(out);
    };
    for (k, v) in fields {
        match k.scalar_text().unwrap_or("") {
            "version" => out.version = d.string(v)?.unwrap_or_default(),
            "registry_credentials" => {
                let Some(regs) = d.map_entries(v, "regcredio.RegistryCreds")? else {
                    continue;
                };
                for (rk, rv) in regs {
                    let Some(name) = d.string(rk)? else { continue };
                    let mut e = CredEntry::default();
                    if let Some(fs) = d.map_entries(rv, "regcredio.RegistryCredEntry")? {
                        for (fk, fv) in fs {
                            let slot = match fk.scalar_text().unwrap_or("") {
                                "secrets_manager_arn" => &mut e.secrets_manager_arn,
                                "username" => &mut e.username,
                                "password" => &mut e.password,
                                "kms_key_id" => &mut e.kms_key_id,
                                "container_names" => {
                                    e.container_names = d.string_list(fv)?.unwrap_or_default();
                                    continue;
                                }
                                _ => continue,
                            };
                            *slot = d.string(fv)?.unwrap_or_default();
                        }
                    }
                    out.registries.insert(name, e);
                }
            }
            _ => {}
        }
    }
    d.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_expands_whole_variables_only() {
        let text = "version: '1'\nregistry_credentials:\n  quay.io:\n    secrets_manager_arn: ${ARN}\n    username: ${U}x\n    password: 'p$w'\n    container_names: [a, b]\n  r2:\n    kms_key_id: k\n";
        let mut input = parse(text).unwrap();
        assert_eq!(input.version, "1");
        let env: BTreeMap<String, String> = [("ARN".to_string(), "arn:x".to_string())].into();
        for e in input.registries.values_mut() {
            e.secrets_manager_arn = value_or_env(&e.secrets_manager_arn, &env);
            e.username = value_or_env(&e.username, &env);
        }
        let q = &input.registries["quay.io"];
        assert_eq!(q.secrets_manager_arn, "arn:x");
        assert_eq!(q.username, "${U}x");
        assert_eq!(q.password, "p$w");
        assert_eq!(q.container_names, vec!["a", "b"]);
        assert!(!input.registries["r2"].has_required_fields());
    }

    #[test]
    fn type_errors_read_as_go_yaml() {
        let err = parse("registry_credentials: [1]\n").unwrap_err();
        assert!(err.starts_with("yaml: unmarshal errors:"), "{err}");
    }
}
