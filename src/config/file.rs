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
        Ok(b) => Ok(String::from_utf8_lossy(crate::go::os::without_bom(&b)).into_owned()),
        Err(e) => Err(format!(
            "Failed to read config file: {}: {}",
            path.display(),
            read_file_error(&path.display().to_string(), &e)
        )),
    }
}

/// What the two files share: a Go struct `{Version, Default string; <map> map[string]E}` whose
/// entries are structs of string fields.
trait Entry: Default {
    /// The entry's Go type, as go-yaml's type errors name it.
    const GO_TYPE: &'static str;
    /// (key, value, omitempty) in declaration order, as the encoder writes them.
    fn fields(&self) -> Vec<(&'static str, &str, bool)>;
    /// The field a key decodes into.
    fn field(&mut self, key: &str) -> Option<&mut String>;
}

impl Entry for ClusterEntry {
    const GO_TYPE: &'static str = "config.Cluster";
    fn fields(&self) -> Vec<(&'static str, &str, bool)> {
        vec![
            ("cluster", self.cluster.as_str(), false),
            ("region", self.region.as_str(), false),
            (
                "compose-service-name-prefix",
                self.compose_service_name_prefix.as_str(),
                true,
            ),
            ("cfn-stack-name", self.cfn_stack_name.as_str(), true),
            (
                "default_launch_type",
                self.default_launch_type.as_str(),
                false,
            ),
        ]
    }
    fn field(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "cluster" => &mut self.cluster,
            "region" => &mut self.region,
            "compose-service-name-prefix" => &mut self.compose_service_name_prefix,
            "cfn-stack-name" => &mut self.cfn_stack_name,
            "default_launch_type" => &mut self.default_launch_type,
            _ => return None,
        })
    }
}

impl Entry for ProfileEntry {
    const GO_TYPE: &'static str = "config.Profile";
    fn fields(&self) -> Vec<(&'static str, &str, bool)> {
        vec![
            ("aws_access_key_id", self.aws_access_key_id.as_str(), false),
            (
                "aws_secret_access_key",
                self.aws_secret_access_key.as_str(),
                false,
            ),
            ("aws_session_token", self.aws_session_token.as_str(), true),
        ]
    }
    fn field(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "aws_access_key_id" => &mut self.aws_access_key_id,
            "aws_secret_access_key" => &mut self.aws_secret_access_key,
            "aws_session_token" => &mut self.aws_session_token,
            _ => return None,
        })
    }
}

/// A decoded file: version, default, and the entries of its map field.
type Contents<E> = (String, String, BTreeMap<String, E>);

/// `yaml.Unmarshal(text, &file)` for a file of Go type `go_type` whose map field is `map_key`;
/// go-yaml's errors (syntax, or the collected type errors) as `Failed to parse yaml file: …`.
fn unmarshal<E: Entry>(
    path: &Path,
    text: &str,
    go_type: &str,
    map_key: &str,
) -> Result<Contents<E>, String> {
    let wrap = |e: String| format!("Failed to parse yaml file: {}: {e}", path.display());
    let mut d = Decoder::default();
    let mut out: Contents<E> = Default::default();
    if let Some(root) = yaml::parse(text).map_err(wrap)? {
        decode_file(&mut d, &root, go_type, map_key, &mut out).map_err(wrap)?;
    }
    d.finish().map_err(wrap)?;
    Ok(out)
}

fn decode_file<E: Entry>(
    d: &mut Decoder,
    root: &Node,
    go_type: &str,
    map_key: &str,
    (version, default, map): &mut Contents<E>,
) -> Result<(), String> {
    let Some(entries) = d.map_entries(root, go_type)? else {
        return Ok(());
    };
    for (k, v) in entries {
        match k.scalar_text().unwrap_or("") {
            "version" => string(d, v, version)?,
            "default" => string(d, v, default)?,
            key if key == map_key => {
                let map_type = format!("map[string]{}", E::GO_TYPE);
                // A repeated name keeps the last entry; an entry that is not a mapping is a type
                // error, and go-yaml leaves the name out.
                if let Some(items) = d.map_entries(v, &map_type)? {
                    for (name, item) in items {
                        let name = d.string(name)?;
                        if let (Some(name), Some(e)) = (name, entry::<E>(d, item)?) {
                            map.insert(name, e);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn entry<E: Entry>(d: &mut Decoder, n: &Node) -> Result<Option<E>, String> {
    let mut e = E::default();
    let Some(entries) = d.map_entries(n, E::GO_TYPE)? else {
        return Ok(None);
    };
    for (k, v) in entries {
        if let Some(field) = e.field(k.scalar_text().unwrap_or("")) {
            string(d, v, field)?;
        }
    }
    Ok(Some(e))
}

/// A string field: any scalar's text, null as "", other nodes a type error.
fn string(d: &mut Decoder, n: &Node, field: &mut String) -> Result<(), String> {
    if let Some(s) = d.string(n)? {
        *field = s;
    }
    Ok(())
}

/// `yaml.Marshal(file)`: version, default, then the map (names in go-yaml's order, each entry's
/// `omitempty` fields only when set).
fn marshal<E: Entry>(
    version: &str,
    default: &str,
    map_key: &'static str,
    map: &BTreeMap<String, E>,
) -> String {
    let entries = map
        .iter()
        .map(|(name, e)| {
            let fields = e
                .fields()
                .into_iter()
                .filter(|(_, v, omitempty)| !(*omitempty && v.is_empty()))
                .map(|(k, v, _)| (k, Doc::str(v)))
                .collect();
            (Doc::str(name), Doc::Struct(fields))
        })
        .collect();
    yaml::marshal(&Doc::Struct(vec![
        ("version", Doc::str(version)),
        ("default", Doc::str(default)),
        (map_key, Doc::Map(entries)),
    ]))
}

impl ClusterFile {
    pub fn read(path: &Path) -> Result<Self, String> {
        let (version, default, clusters) =
            unmarshal(path, &read(path)?, "config.ClusterConfig", "clusters")?;
        Ok(ClusterFile {
            version,
            default,
            clusters,
        })
    }

    /// The file's text, as yaml.v2 marshals `config.ClusterConfig`.
    pub fn to_yaml(&self) -> String {
        marshal(&self.version, &self.default, "clusters", &self.clusters)
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        save(path, &self.to_yaml())
    }
}

impl ProfileFile {
    pub fn read(path: &Path) -> Result<Self, String> {
        let (version, default, ecs_profiles) =
            unmarshal(path, &read(path)?, "config.ProfileConfig", "ecs_profiles")?;
        Ok(ProfileFile {
            version,
            default,
            ecs_profiles,
        })
    }

    /// The file's text, as yaml.v2 marshals `config.ProfileConfig`.
    pub fn to_yaml(&self) -> String {
        marshal(
            &self.version,
            &self.default,
            "ecs_profiles",
            &self.ecs_profiles,
        )
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
        let (version, default, clusters) = unmarshal(
            Path::new("/home/u/.ecs/config"),
            text,
            "config.ClusterConfig",
            "clusters",
        )?;
        Ok(ClusterFile {
            version,
            default,
            clusters,
        })
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
        let (version, default, ecs_profiles) = unmarshal(
            Path::new("/c"),
            profiles,
            "config.ProfileConfig",
            "ecs_profiles",
        )
        .unwrap();
        let f = ProfileFile {
            version,
            default,
            ecs_profiles,
        };
        assert_eq!(f.to_yaml(), profiles);
    }
}
