//! `~/.ecs/config` and `~/.ecs/credentials`, read and written byte-compatible with the original
//! (gopkg.in/yaml.v2 output: fields in declaration order, map keys sorted, mode 0600).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use crate::gofmt::path_error;

pub const CONFIG_VERSION: &str = "v1";
const FILE_MODE: u32 = 0o600;

/// One cluster configuration.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ClusterEntry {
    #[serde(deserialize_with = "lenient")]
    pub cluster: String,
    #[serde(deserialize_with = "lenient")]
    pub region: String,
    #[serde(deserialize_with = "lenient")]
    #[serde(rename = "compose-service-name-prefix")]
    pub compose_service_name_prefix: String,
    #[serde(deserialize_with = "lenient")]
    #[serde(rename = "cfn-stack-name")]
    pub cfn_stack_name: String,
    #[serde(deserialize_with = "lenient")]
    pub default_launch_type: String,
}

/// The whole `config` file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ClusterFile {
    #[serde(deserialize_with = "lenient")]
    pub version: String,
    #[serde(deserialize_with = "lenient")]
    pub default: String,
    pub clusters: BTreeMap<String, ClusterEntry>,
}

/// One ECS profile.
#[derive(Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ProfileEntry {
    #[serde(deserialize_with = "lenient")]
    pub aws_access_key_id: String,
    #[serde(deserialize_with = "lenient")]
    pub aws_secret_access_key: String,
    #[serde(deserialize_with = "lenient")]
    pub aws_session_token: String,
}

impl std::fmt::Debug for ProfileEntry {
    // Never print secrets, even in debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileEntry")
            .field("aws_access_key_id", &self.aws_access_key_id)
            .field("aws_secret_access_key", &"<hidden>")
            .field("aws_session_token", &"<hidden>")
            .finish()
    }
}

/// The whole `credentials` file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ProfileFile {
    #[serde(deserialize_with = "lenient")]
    pub version: String,
    #[serde(deserialize_with = "lenient")]
    pub default: String,
    pub ecs_profiles: BTreeMap<String, ProfileEntry>,
}

/// yaml.v2 decodes any scalar into a string field (`cluster: 123` is the string "123").
fn lenient<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde_yaml_ng::Value;
    match Value::deserialize(d)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        _ => Err(serde::de::Error::custom("expected a string")),
    }
}

/// Reads a file the way the original reported failures (`Failed to read config file: …`).
fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| {
        format!(
            "Failed to read config file: {}: {}",
            path.display(),
            path_error("open", path, &e)
        )
    })
}

fn parse<T: for<'de> Deserialize<'de> + Default>(path: &Path, text: &str) -> Result<T, String> {
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    serde_yaml_ng::from_str::<Option<T>>(text)
        .map(Option::unwrap_or_default)
        .map_err(|e| {
            format!(
                "Failed to parse yaml file: {}: {}",
                path.display(),
                yaml_error_text(&e)
            )
        })
}

/// yaml.v2's wording: `yaml: line N: <problem>`.
pub fn yaml_error_text(e: &serde_yaml_ng::Error) -> String {
    let text = e.to_string();
    let problem = text.split(" at line ").next().unwrap_or(&text).to_string();
    match e.location() {
        Some(loc) => format!(
            "yaml: line {}: {}",
            loc.line().saturating_sub(1).max(1),
            problem
        ),
        None => format!("yaml: {problem}"),
    }
}

impl ClusterFile {
    pub fn read(path: &Path) -> Result<Self, String> {
        parse(path, &read(path)?)
    }

    /// The file's text, as yaml.v2 marshalled it.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "version: {}", scalar(&self.version));
        let _ = writeln!(out, "default: {}", scalar(&self.default));
        if self.clusters.is_empty() {
            out.push_str("clusters: {}\n");
        } else {
            out.push_str("clusters:\n");
        }
        for (name, c) in &self.clusters {
            let _ = writeln!(out, "  {}:", key(name));
            let _ = writeln!(out, "    cluster: {}", scalar(&c.cluster));
            let _ = writeln!(out, "    region: {}", scalar(&c.region));
            if !c.compose_service_name_prefix.is_empty() {
                let _ = writeln!(
                    out,
                    "    compose-service-name-prefix: {}",
                    scalar(&c.compose_service_name_prefix)
                );
            }
            if !c.cfn_stack_name.is_empty() {
                let _ = writeln!(out, "    cfn-stack-name: {}", scalar(&c.cfn_stack_name));
            }
            let _ = writeln!(
                out,
                "    default_launch_type: {}",
                scalar(&c.default_launch_type)
            );
        }
        out
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        save(path, &self.to_yaml())
    }
}

impl ProfileFile {
    pub fn read(path: &Path) -> Result<Self, String> {
        parse(path, &read(path)?)
    }

    /// The file's text, as yaml.v2 marshalled it.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "version: {}", scalar(&self.version));
        let _ = writeln!(out, "default: {}", scalar(&self.default));
        if self.ecs_profiles.is_empty() {
            out.push_str("ecs_profiles: {}\n");
        } else {
            out.push_str("ecs_profiles:\n");
        }
        for (name, p) in &self.ecs_profiles {
            let _ = writeln!(out, "  {}:", key(name));
            let _ = writeln!(
                out,
                "    aws_access_key_id: {}",
                scalar(&p.aws_access_key_id)
            );
            let _ = writeln!(
                out,
                "    aws_secret_access_key: {}",
                scalar(&p.aws_secret_access_key)
            );
            if !p.aws_session_token.is_empty() {
                let _ = writeln!(
                    out,
                    "    aws_session_token: {}",
                    scalar(&p.aws_session_token)
                );
            }
        }
        out
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        save(path, &self.to_yaml())
    }
}

/// Creates `~/.ecs` like the original (mode of $HOME), then replaces the file atomically, 0600.
fn save(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        let home = dir.parent().unwrap_or(dir);
        crate::fsutil::create_dir_like(dir, home).map_err(|e| path_error("mkdir", dir, &e))?;
    }
    crate::fsutil::write_atomic(path, text.as_bytes(), FILE_MODE)
        .map_err(|e| path_error("open", path, &e))
}

fn key(s: &str) -> String {
    scalar(s)
}

/// A string scalar the way yaml.v2 emits it: plain when it would read back as the same
/// string, double-quoted otherwise.
pub fn scalar(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if c.is_control() => {
                    let _ = write!(out, "\\x{:02X}", c as u32);
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

fn plain_ok(s: &str) -> bool {
    if s.is_empty() || s.trim() != s {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    const SPECIAL: [&str; 16] = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf",
        ".nan", "<<", "=",
    ];
    if SPECIAL.contains(&lower.as_str()) {
        return false;
    }
    if looks_numeric(s) {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.chars().any(|c| c.is_control())
    {
        return false;
    }
    true
}

fn looks_numeric(s: &str) -> bool {
    let t = s.trim_start_matches(['+', '-']).replace('_', "");
    if t.is_empty() {
        return false;
    }
    if t.parse::<f64>().is_ok() {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    (lower.starts_with("0x") && i64::from_str_radix(&lower[2..], 16).is_ok())
        || (lower.starts_with("0o") && i64::from_str_radix(&lower[2..], 8).is_ok())
        || (lower.starts_with("0b") && i64::from_str_radix(&lower[2..], 2).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_file_matches_the_original() {
        let mut f = ClusterFile {
            version: "v1".into(),
            default: "default".into(),
            ..Default::default()
        };
        f.clusters.insert(
            "default".into(),
            ClusterEntry {
                cluster: "envcluster".into(),
                region: "ap-south-1".into(),
                ..Default::default()
            },
        );
        assert_eq!(f.to_yaml(), "version: v1\ndefault: default\nclusters:\n  default:\n    cluster: envcluster\n    region: ap-south-1\n    default_launch_type: \"\"\n");
    }

    #[test]
    fn profile_file_matches_the_original() {
        let mut f = ProfileFile {
            version: "v1".into(),
            default: "default".into(),
            ..Default::default()
        };
        f.ecs_profiles.insert(
            "default".into(),
            ProfileEntry {
                aws_access_key_id: "AKENV".into(),
                aws_secret_access_key: "SKENV".into(),
                aws_session_token: "TOKENV".into(),
            },
        );
        assert_eq!(
            f.to_yaml(),
            "version: v1\ndefault: default\necs_profiles:\n  default:\n    aws_access_key_id: AKENV\n    aws_secret_access_key: SKENV\n    aws_session_token: TOKENV\n"
        );
    }

    #[test]
    fn scalars_are_quoted_when_needed() {
        assert_eq!(scalar("abc"), "abc");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar("123"), "\"123\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("us-east-1"), "us-east-1");
        assert_eq!(scalar("ab/cd+ef=="), "ab/cd+ef==");
    }

    #[test]
    fn round_trip() {
        let text = "version: v1\ndefault: b\nclusters:\n  a:\n    cluster: x\n    region: r\n    cfn-stack-name: s\n    default_launch_type: FARGATE\n  b:\n    cluster: \"1\"\n    region: r\n    default_launch_type: \"\"\n";
        let f: ClusterFile = serde_yaml_ng::from_str(text).unwrap();
        assert_eq!(f.to_yaml(), text);
    }
}
