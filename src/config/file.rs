//! `~/.ecs/config` and `~/.ecs/credentials`, read and written as the original does: through
//! go-yaml v2 (`crate::yaml`) into and out of its `config.ClusterConfig` and
//! `config.ProfileConfig` structs (fields in declaration order, map keys in go-yaml's order,
//! scalars quoted only where go-yaml quotes them), mode 0600.

use std::collections::BTreeMap;
use std::path::Path;

use crate::go::os::{path_error, read_file_error};
use crate::yaml::{self, Decoder, Doc, Node};

pub const CONFIG_VERSION: &str = "v1";
const FILE_MODE: u32 = 0o600;

/// One cluster configuration (Go's `config.Cluster`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClusterEntry {
    pub cluster: String,
    pub region: String,
    pub compose_service_name_prefix: String,
    pub cfn_stack_name: String,
    pub default_launch_type: String,
}

/// The whole `config` file (Go's `config.ClusterConfig`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClusterFile {
    pub version: String,
    pub default: String,
    pub clusters: BTreeMap<String, ClusterEntry>,
}

/// One ECS profile (Go's `config.Profile`).
#[derive(Clone, Default, PartialEq)]
pub struct ProfileEntry {
    pub aws_access_key_id: String,
    pub aws_secret_access_key: String,
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

/// The whole `credentials` file (Go's `config.ProfileConfig`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileFile {
    pub version: String,
    pub default: String,
    pub ecs_profiles: BTreeMap<String, ProfileEntry>,
}

/// Reads a file the way the original reported failures (`Failed to read config file: …`).
fn read(path: &Path) -> Result<String, String> {
    match std::fs::read(path) {
        Ok(b) => Ok(String::from_utf8_lossy(&b).into_owned()),
        Err(e) => Err(format!(
            "Failed to read config file: {}: {}",
            path.display(),
            read_file_error(&path.display().to_string(), &e)
        )),
    }
}

/// `yaml.Unmarshal(text, &out)` with `decode` filling `out` from the document's root; go-yaml's
/// errors (syntax, or the collected type errors) as `Failed to parse yaml file: …`.
fn unmarshal<T: Default>(
    path: &Path,
    text: &str,
    decode: impl FnOnce(&mut Decoder, &Node) -> Result<T, String>,
) -> Result<T, String> {
    let wrap = |e: String| format!("Failed to parse yaml file: {}: {e}", path.display());
    let mut d = Decoder::default();
    let out = match yaml::parse(text).map_err(wrap)? {
        Some(root) => decode(&mut d, &root).map_err(wrap)?,
        None => T::default(),
    };
    d.finish().map_err(wrap)?;
    Ok(out)
}

/// A string field: any scalar's text, null as "", other nodes a type error.
fn string(d: &mut Decoder, n: &Node, field: &mut String) -> Result<(), String> {
    if let Some(s) = d.string(n)? {
        *field = s;
    }
    Ok(())
}

/// A `map[string]<Go type>` field: entries decoded by `entry` (None: a type error, and go-yaml
/// leaves the key out); a repeated key keeps the last value.
fn string_map<T>(
    d: &mut Decoder,
    n: &Node,
    go_type: &str,
    map: &mut BTreeMap<String, T>,
    mut entry: impl FnMut(&mut Decoder, &Node) -> Result<Option<T>, String>,
) -> Result<(), String> {
    if let Some(entries) = d.map_entries(n, go_type)? {
        for (k, v) in entries {
            let key = d.string(k)?;
            if let (Some(key), Some(value)) = (key, entry(d, v)?) {
                map.insert(key, value);
            }
        }
    }
    Ok(())
}

fn cluster_file(d: &mut Decoder, root: &Node) -> Result<ClusterFile, String> {
    let mut f = ClusterFile::default();
    if let Some(entries) = d.map_entries(root, "config.ClusterConfig")? {
        for (k, v) in entries {
            match k.scalar_text().unwrap_or("") {
                "version" => string(d, v, &mut f.version)?,
                "default" => string(d, v, &mut f.default)?,
                "clusters" => string_map(
                    d,
                    v,
                    "map[string]config.Cluster",
                    &mut f.clusters,
                    cluster_entry,
                )?,
                _ => {}
            }
        }
    }
    Ok(f)
}

fn cluster_entry(d: &mut Decoder, n: &Node) -> Result<Option<ClusterEntry>, String> {
    let mut c = ClusterEntry::default();
    let Some(entries) = d.map_entries(n, "config.Cluster")? else {
        return Ok(None);
    };
    for (k, v) in entries {
        match k.scalar_text().unwrap_or("") {
            "cluster" => string(d, v, &mut c.cluster)?,
            "region" => string(d, v, &mut c.region)?,
            "compose-service-name-prefix" => string(d, v, &mut c.compose_service_name_prefix)?,
            "cfn-stack-name" => string(d, v, &mut c.cfn_stack_name)?,
            "default_launch_type" => string(d, v, &mut c.default_launch_type)?,
            _ => {}
        }
    }
    Ok(Some(c))
}

fn profile_file(d: &mut Decoder, root: &Node) -> Result<ProfileFile, String> {
    let mut f = ProfileFile::default();
    if let Some(entries) = d.map_entries(root, "config.ProfileConfig")? {
        for (k, v) in entries {
            match k.scalar_text().unwrap_or("") {
                "version" => string(d, v, &mut f.version)?,
                "default" => string(d, v, &mut f.default)?,
                "ecs_profiles" => string_map(
                    d,
                    v,
                    "map[string]config.Profile",
                    &mut f.ecs_profiles,
                    profile_entry,
                )?,
                _ => {}
            }
        }
    }
    Ok(f)
}

fn profile_entry(d: &mut Decoder, n: &Node) -> Result<Option<ProfileEntry>, String> {
    let mut p = ProfileEntry::default();
    let Some(entries) = d.map_entries(n, "config.Profile")? else {
        return Ok(None);
    };
    for (k, v) in entries {
        match k.scalar_text().unwrap_or("") {
            "aws_access_key_id" => string(d, v, &mut p.aws_access_key_id)?,
            "aws_secret_access_key" => string(d, v, &mut p.aws_secret_access_key)?,
            "aws_session_token" => string(d, v, &mut p.aws_session_token)?,
            _ => {}
        }
    }
    Ok(Some(p))
}

/// Struct fields for the encoder: `omitempty` ones only when set.
fn fields(list: Vec<(&'static str, &str, bool)>) -> Doc {
    Doc::Struct(
        list.into_iter()
            .filter(|(_, v, omitempty)| !(*omitempty && v.is_empty()))
            .map(|(k, v, _)| (k, Doc::str(v)))
            .collect(),
    )
}

impl ClusterFile {
    pub fn read(path: &Path) -> Result<Self, String> {
        unmarshal(path, &read(path)?, cluster_file)
    }

    /// The file's text, as yaml.v2 marshals `config.ClusterConfig`.
    pub fn to_yaml(&self) -> String {
        let clusters = self
            .clusters
            .iter()
            .map(|(name, c)| {
                let entry = fields(vec![
                    ("cluster", c.cluster.as_str(), false),
                    ("region", c.region.as_str(), false),
                    (
                        "compose-service-name-prefix",
                        c.compose_service_name_prefix.as_str(),
                        true,
                    ),
                    ("cfn-stack-name", c.cfn_stack_name.as_str(), true),
                    ("default_launch_type", c.default_launch_type.as_str(), false),
                ]);
                (Doc::str(name), entry)
            })
            .collect();
        yaml::marshal(&Doc::Struct(vec![
            ("version", Doc::str(&self.version)),
            ("default", Doc::str(&self.default)),
            ("clusters", Doc::Map(clusters)),
        ]))
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        save(path, &self.to_yaml())
    }
}

impl ProfileFile {
    pub fn read(path: &Path) -> Result<Self, String> {
        unmarshal(path, &read(path)?, profile_file)
    }

    /// The file's text, as yaml.v2 marshals `config.ProfileConfig`.
    pub fn to_yaml(&self) -> String {
        let profiles = self
            .ecs_profiles
            .iter()
            .map(|(name, p)| {
                let entry = fields(vec![
                    ("aws_access_key_id", p.aws_access_key_id.as_str(), false),
                    (
                        "aws_secret_access_key",
                        p.aws_secret_access_key.as_str(),
                        false,
                    ),
                    ("aws_session_token", p.aws_session_token.as_str(), true),
                ]);
                (Doc::str(name), entry)
            })
            .collect();
        yaml::marshal(&Doc::Struct(vec![
            ("version", Doc::str(&self.version)),
            ("default", Doc::str(&self.default)),
            ("ecs_profiles", Doc::Map(profiles)),
        ]))
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

    fn read_text(text: &str) -> Result<ClusterFile, String> {
        unmarshal(Path::new("/home/u/.ecs/config"), text, cluster_file)
    }

    /// The hand-written writer this replaces quoted with its own rules where go-yaml's emitter
    /// decides differently, and wrote cluster names in byte order instead of go-yaml's.
    #[test]
    fn written_like_yaml_v2() {
        let mut f = ClusterFile {
            version: "v1".into(),
            default: "c2".into(),
            ..Default::default()
        };
        for (name, cluster) in [("c10", "a: b"), ("c2", "123"), ("_x", "#x")] {
            f.clusters.insert(
                name.into(),
                ClusterEntry {
                    cluster: cluster.into(),
                    region: "us-east-1".into(),
                    ..Default::default()
                },
            );
        }
        assert_eq!(
            f.to_yaml(),
            "version: v1\ndefault: c2\nclusters:\n  _x:\n    cluster: '#x'\n    region: us-east-1\n    default_launch_type: \"\"\n  c2:\n    cluster: \"123\"\n    region: us-east-1\n    default_launch_type: \"\"\n  c10:\n    cluster: 'a: b'\n    region: us-east-1\n    default_launch_type: \"\"\n"
        );
        let empty = ProfileFile {
            version: "v1".into(),
            ..Default::default()
        };
        assert_eq!(
            empty.to_yaml(),
            "version: v1\ndefault: \"\"\necs_profiles: {}\n"
        );
    }

    /// serde_yaml_ng read these as numbers and printed them back (`0x1F` as 31); yaml.v2 gives
    /// a string field the scalar's text.
    #[test]
    fn string_fields_keep_the_text() {
        let f = read_text(
            "version: v1\ndefault: 0x1F\nclusters:\n  0x1F:\n    cluster: 1e3\n    region: yes\n    default_launch_type: ~\n",
        )
        .unwrap();
        assert_eq!(f.default, "0x1F");
        let c = &f.clusters["0x1F"];
        assert_eq!(c.cluster, "1e3");
        assert_eq!(c.region, "yes");
        assert_eq!(c.default_launch_type, "");
        assert_eq!(read_text("").unwrap(), ClusterFile::default());
        assert_eq!(read_text("# nothing\n").unwrap(), ClusterFile::default());
    }

    /// serde_yaml_ng's line numbers were guessed (`line - 1`); these are go-yaml's (which
    /// counts a parser error's line from 0, so the indentation error on line 5 is "line 4").
    #[test]
    fn errors_like_yaml_v2() {
        assert_eq!(
            read_text("garbage: [\n").unwrap_err(),
            "Failed to parse yaml file: /home/u/.ecs/config: yaml: line 1: did not find expected node content"
        );
        assert_eq!(
            read_text("version: v1\nclusters:\n  a:\n    cluster: x\n   region: y\n").unwrap_err(),
            "Failed to parse yaml file: /home/u/.ecs/config: yaml: line 4: did not find expected key"
        );
        assert_eq!(
            read_text("version: v1\nclusters: [a]\n").unwrap_err(),
            "Failed to parse yaml file: /home/u/.ecs/config: yaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into map[string]config.Cluster"
        );
        assert_eq!(
            read_text("default: [x]\nclusters:\n  a: oops\n  b:\n    cluster: ok\n").unwrap_err(),
            "Failed to parse yaml file: /home/u/.ecs/config: yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into string\n  line 3: cannot unmarshal !!str `oops` into config.Cluster"
        );
    }

    #[test]
    fn round_trip() {
        let text = "version: v1\ndefault: b\nclusters:\n  a:\n    cluster: x\n    region: r\n    cfn-stack-name: s\n    default_launch_type: FARGATE\n  b:\n    cluster: \"1\"\n    region: r\n    default_launch_type: \"\"\n";
        assert_eq!(read_text(text).unwrap().to_yaml(), text);
        let profiles = "version: v1\ndefault: p\necs_profiles:\n  p:\n    aws_access_key_id: AK\n    aws_secret_access_key: SK/x+y==\n";
        let f = unmarshal(Path::new("/c"), profiles, profile_file).unwrap();
        assert_eq!(f.to_yaml(), profiles);
    }
}
