//! A task definition as the original held it: JSON decoded by Go's `encoding/json` into the
//! AWS SDK for Go's `ecs.TaskDefinition`. The SDK's structs carry no JSON tags, so a key
//! matches a field by its Go name, exact first and then ignoring case; unknown keys are
//! ignored; `null` leaves a field unset; a value of the wrong JSON type is an error naming
//! the field's path and Go type. The schema below lists every field of the structs, so a
//! wrong type anywhere fails as it did in Go, not only in the fields the conversion reads.

use serde_json::Value as Json;

/// A field's Go type.
#[derive(Debug)]
pub enum Ty {
    Str,
    Int,
    Bool,
    /// `*time.Time`: an RFC 3339 string in JSON.
    Time,
    /// `[]*T`.
    List(&'static Ty),
    /// `map[string]*string`.
    StrMap,
    /// `*ecs.<name>`.
    Struct(&'static str, &'static [(&'static str, Ty)]),
}

const STRS: Ty = Ty::List(&Ty::Str);

const KEY_VALUE: &[(&str, Ty)] = &[("Name", Ty::Str), ("Value", Ty::Str)];
const SECRET: &[(&str, Ty)] = &[("Name", Ty::Str), ("ValueFrom", Ty::Str)];

const LINUX_PARAMETERS: &[(&str, Ty)] = &[
    (
        "Capabilities",
        Ty::Struct("KernelCapabilities", &[("Add", STRS), ("Drop", STRS)]),
    ),
    (
        "Devices",
        Ty::List(&Ty::Struct(
            "Device",
            &[
                ("ContainerPath", Ty::Str),
                ("HostPath", Ty::Str),
                ("Permissions", STRS),
            ],
        )),
    ),
    ("InitProcessEnabled", Ty::Bool),
    ("MaxSwap", Ty::Int),
    ("SharedMemorySize", Ty::Int),
    ("Swappiness", Ty::Int),
    (
        "Tmpfs",
        Ty::List(&Ty::Struct(
            "Tmpfs",
            &[
                ("ContainerPath", Ty::Str),
                ("MountOptions", STRS),
                ("Size", Ty::Int),
            ],
        )),
    ),
];

const CONTAINER_DEFINITION: &[(&str, Ty)] = &[
    ("Command", STRS),
    ("Cpu", Ty::Int),
    (
        "DependsOn",
        Ty::List(&Ty::Struct(
            "ContainerDependency",
            &[("Condition", Ty::Str), ("ContainerName", Ty::Str)],
        )),
    ),
    ("DisableNetworking", Ty::Bool),
    ("DnsSearchDomains", STRS),
    ("DnsServers", STRS),
    ("DockerLabels", Ty::StrMap),
    ("DockerSecurityOptions", STRS),
    ("EntryPoint", STRS),
    (
        "Environment",
        Ty::List(&Ty::Struct("KeyValuePair", KEY_VALUE)),
    ),
    (
        "EnvironmentFiles",
        Ty::List(&Ty::Struct(
            "EnvironmentFile",
            &[("Type", Ty::Str), ("Value", Ty::Str)],
        )),
    ),
    ("Essential", Ty::Bool),
    (
        "ExtraHosts",
        Ty::List(&Ty::Struct(
            "HostEntry",
            &[("Hostname", Ty::Str), ("IpAddress", Ty::Str)],
        )),
    ),
    (
        "FirelensConfiguration",
        Ty::Struct(
            "FirelensConfiguration",
            &[("Options", Ty::StrMap), ("Type", Ty::Str)],
        ),
    ),
    (
        "HealthCheck",
        Ty::Struct(
            "HealthCheck",
            &[
                ("Command", STRS),
                ("Interval", Ty::Int),
                ("Retries", Ty::Int),
                ("StartPeriod", Ty::Int),
                ("Timeout", Ty::Int),
            ],
        ),
    ),
    ("Hostname", Ty::Str),
    ("Image", Ty::Str),
    ("Interactive", Ty::Bool),
    ("Links", STRS),
    (
        "LinuxParameters",
        Ty::Struct("LinuxParameters", LINUX_PARAMETERS),
    ),
    (
        "LogConfiguration",
        Ty::Struct(
            "LogConfiguration",
            &[
                ("LogDriver", Ty::Str),
                ("Options", Ty::StrMap),
                ("SecretOptions", Ty::List(&Ty::Struct("Secret", SECRET))),
            ],
        ),
    ),
    ("Memory", Ty::Int),
    ("MemoryReservation", Ty::Int),
    (
        "MountPoints",
        Ty::List(&Ty::Struct(
            "MountPoint",
            &[
                ("ContainerPath", Ty::Str),
                ("ReadOnly", Ty::Bool),
                ("SourceVolume", Ty::Str),
            ],
        )),
    ),
    ("Name", Ty::Str),
    (
        "PortMappings",
        Ty::List(&Ty::Struct(
            "PortMapping",
            &[
                ("ContainerPort", Ty::Int),
                ("HostPort", Ty::Int),
                ("Protocol", Ty::Str),
            ],
        )),
    ),
    ("Privileged", Ty::Bool),
    ("PseudoTerminal", Ty::Bool),
    ("ReadonlyRootFilesystem", Ty::Bool),
    (
        "RepositoryCredentials",
        Ty::Struct(
            "RepositoryCredentials",
            &[("CredentialsParameter", Ty::Str)],
        ),
    ),
    (
        "ResourceRequirements",
        Ty::List(&Ty::Struct(
            "ResourceRequirement",
            &[("Type", Ty::Str), ("Value", Ty::Str)],
        )),
    ),
    ("Secrets", Ty::List(&Ty::Struct("Secret", SECRET))),
    ("StartTimeout", Ty::Int),
    ("StopTimeout", Ty::Int),
    (
        "SystemControls",
        Ty::List(&Ty::Struct(
            "SystemControl",
            &[("Namespace", Ty::Str), ("Value", Ty::Str)],
        )),
    ),
    (
        "Ulimits",
        Ty::List(&Ty::Struct(
            "Ulimit",
            &[
                ("HardLimit", Ty::Int),
                ("Name", Ty::Str),
                ("SoftLimit", Ty::Int),
            ],
        )),
    ),
    ("User", Ty::Str),
    (
        "VolumesFrom",
        Ty::List(&Ty::Struct(
            "VolumeFrom",
            &[("ReadOnly", Ty::Bool), ("SourceContainer", Ty::Str)],
        )),
    ),
    ("WorkingDirectory", Ty::Str),
];

const VOLUME: &[(&str, Ty)] = &[
    (
        "DockerVolumeConfiguration",
        Ty::Struct(
            "DockerVolumeConfiguration",
            &[
                ("Autoprovision", Ty::Bool),
                ("Driver", Ty::Str),
                ("DriverOpts", Ty::StrMap),
                ("Labels", Ty::StrMap),
                ("Scope", Ty::Str),
            ],
        ),
    ),
    (
        "EfsVolumeConfiguration",
        Ty::Struct(
            "EFSVolumeConfiguration",
            &[
                (
                    "AuthorizationConfig",
                    Ty::Struct(
                        "EFSAuthorizationConfig",
                        &[("AccessPointId", Ty::Str), ("Iam", Ty::Str)],
                    ),
                ),
                ("FileSystemId", Ty::Str),
                ("RootDirectory", Ty::Str),
                ("TransitEncryption", Ty::Str),
                ("TransitEncryptionPort", Ty::Int),
            ],
        ),
    ),
    (
        "Host",
        Ty::Struct("HostVolumeProperties", &[("SourcePath", Ty::Str)]),
    ),
    ("Name", Ty::Str),
];

/// `ecs.TaskDefinition`.
pub const TASK_DEFINITION: Ty = Ty::Struct(
    "TaskDefinition",
    &[
        ("Compatibilities", STRS),
        (
            "ContainerDefinitions",
            Ty::List(&Ty::Struct("ContainerDefinition", CONTAINER_DEFINITION)),
        ),
        ("Cpu", Ty::Str),
        ("DeregisteredAt", Ty::Time),
        ("ExecutionRoleArn", Ty::Str),
        ("Family", Ty::Str),
        (
            "InferenceAccelerators",
            Ty::List(&Ty::Struct(
                "InferenceAccelerator",
                &[("DeviceName", Ty::Str), ("DeviceType", Ty::Str)],
            )),
        ),
        ("IpcMode", Ty::Str),
        ("Memory", Ty::Str),
        ("NetworkMode", Ty::Str),
        ("PidMode", Ty::Str),
        (
            "PlacementConstraints",
            Ty::List(&Ty::Struct(
                "TaskDefinitionPlacementConstraint",
                &[("Expression", Ty::Str), ("Type", Ty::Str)],
            )),
        ),
        (
            "ProxyConfiguration",
            Ty::Struct(
                "ProxyConfiguration",
                &[
                    ("ContainerName", Ty::Str),
                    (
                        "Properties",
                        Ty::List(&Ty::Struct("KeyValuePair", KEY_VALUE)),
                    ),
                    ("Type", Ty::Str),
                ],
            ),
        ),
        ("RegisteredAt", Ty::Time),
        ("RegisteredBy", Ty::Str),
        (
            "RequiresAttributes",
            Ty::List(&Ty::Struct(
                "Attribute",
                &[
                    ("Name", Ty::Str),
                    ("TargetId", Ty::Str),
                    ("TargetType", Ty::Str),
                    ("Value", Ty::Str),
                ],
            )),
        ),
        ("RequiresCompatibilities", STRS),
        ("Revision", Ty::Int),
        ("Status", Ty::Str),
        ("TaskDefinitionArn", Ty::Str),
        ("TaskRoleArn", Ty::Str),
        ("Volumes", Ty::List(&Ty::Struct("Volume", VOLUME))),
    ],
);

/// A decoded Go value. Unset pointers, slices and maps are absent from their struct, or
/// `Nil` inside a list.
#[derive(Clone, Debug, PartialEq)]
pub enum Go {
    Nil,
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<Go>),
    /// A Go map: one entry per key (a repeated key replaced the earlier value).
    Map(Vec<(String, Option<String>)>),
    Struct(Vec<(&'static str, Go)>),
}

impl Go {
    /// A struct's field, `None` when unset (absent or `null`).
    pub fn get(&self, field: &str) -> Option<&Go> {
        match self {
            Go::Struct(fields) => fields
                .iter()
                .find(|(k, _)| *k == field)
                .map(|(_, v)| v)
                .filter(|v| !matches!(v, Go::Nil)),
            _ => None,
        }
    }

    /// `aws.StringValue` of a string field ("" when unset).
    pub fn str(&self, field: &str) -> String {
        self.opt_str(field).unwrap_or_default()
    }

    /// A string field, `None` when unset.
    pub fn opt_str(&self, field: &str) -> Option<String> {
        match self.get(field) {
            Some(Go::Str(s)) => Some(s.clone()),
            _ => None,
        }
    }

    /// An int64 field, `None` when unset.
    pub fn int(&self, field: &str) -> Option<i64> {
        match self.get(field) {
            Some(Go::Int(i)) => Some(*i),
            _ => None,
        }
    }

    /// A bool field, `None` when unset.
    pub fn bool(&self, field: &str) -> Option<bool> {
        match self.get(field) {
            Some(Go::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// A list field's elements (empty when unset); `None` elements were `null`.
    pub fn list(&self, field: &str) -> Vec<&Go> {
        match self.get(field) {
            Some(Go::List(items)) => items.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// Whether a list field was set (even to an empty list).
    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    /// `aws.StringValueSlice` of a `[]*string` field (nil elements become "").
    pub fn strs(&self, field: &str) -> Vec<String> {
        self.list(field)
            .into_iter()
            .map(|g| match g {
                Go::Str(s) => s.clone(),
                _ => String::new(),
            })
            .collect()
    }

    /// A `map[string]*string` field's entries in input order.
    pub fn map(&self, field: &str) -> Vec<(String, Option<String>)> {
        match self.get(field) {
            Some(Go::Map(m)) => m.clone(),
            _ => Vec::new(),
        }
    }
}

/// Go's `json.Unmarshal(data, &ecs.TaskDefinition{})`, with the original's messages around it.
pub fn from_json_text(text: &[u8]) -> Result<Go, String> {
    let json: Json = serde_json::from_slice(text).map_err(|e| syntax_error(text, &e))?;
    decode_root(&json)
}

/// The decoded value of an already parsed JSON document (e.g. an SDK structure).
pub fn decode_root(json: &Json) -> Result<Go, String> {
    match json {
        Json::Null => Ok(Go::Struct(Vec::new())),
        Json::Object(_) => {
            let mut out = Go::Struct(Vec::new());
            decode(
                json,
                &TASK_DEFINITION,
                &mut out,
                "TaskDefinition",
                &mut Vec::new(),
            )?;
            Ok(out)
        }
        other => Err(format!(
            "json: cannot unmarshal {} into Go value of type ecs.TaskDefinition",
            json_kind(other)
        )),
    }
}

/// How Go's decoder names a JSON value in a type error.
fn json_kind(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::Bool(_) => "bool".into(),
        Json::Number(_) => "number".into(),
        Json::String(_) => "string".into(),
        Json::Array(_) => "array".into(),
        Json::Object(_) => "object".into(),
    }
}

/// The Go type of a field, as Go's decoder prints it.
fn go_type(ty: &Ty) -> String {
    match ty {
        Ty::Str => "string".into(),
        Ty::Int => "int64".into(),
        Ty::Bool => "bool".into(),
        Ty::Time => "time.Time".into(),
        Ty::List(inner) => format!("[]*{}", go_type(inner)),
        Ty::StrMap => "map[string]*string".into(),
        Ty::Struct(name, _) => format!("ecs.{name}"),
    }
}

fn type_error(what: &str, strukt: &str, path: &[&str], ty: &Ty) -> String {
    format!(
        "json: cannot unmarshal {what} into Go struct field {strukt}.{} of type {}",
        path.join("."),
        go_type(ty)
    )
}

/// Decodes `v` into `out` (a value of type `ty`), merging into what is there as Go does for
/// structs and maps. `strukt` and `path` name the innermost struct and the field path, for
/// errors.
fn decode(
    v: &Json,
    ty: &Ty,
    out: &mut Go,
    strukt: &'static str,
    path: &mut Vec<&'static str>,
) -> Result<(), String> {
    if v.is_null() {
        *out = Go::Nil;
        return Ok(());
    }
    let wrong = |v: &Json| type_error(&json_kind(v), strukt, path, ty);
    match ty {
        Ty::Str => match v {
            Json::String(s) => *out = Go::Str(s.clone()),
            other => return Err(wrong(other)),
        },
        Ty::Time => match v {
            Json::String(s) => {
                time_check(s)?;
                *out = Go::Str(s.clone());
            }
            other => {
                // time.Time's UnmarshalJSON parses the raw JSON text as a quoted RFC 3339 time.
                let raw = other.to_string();
                return Err(format!(
                    "parsing time \"{raw}\" as \"\"{RFC3339}\"\": cannot parse \"{raw}\" as \"\"\""
                ));
            }
        },
        Ty::Bool => match v {
            Json::Bool(b) => *out = Go::Bool(*b),
            other => return Err(wrong(other)),
        },
        Ty::Int => match v {
            Json::Number(n) => match n.as_i64() {
                Some(i) => *out = Go::Int(i),
                None => {
                    return Err(type_error(&format!("number {n}"), strukt, path, ty));
                }
            },
            other => return Err(wrong(other)),
        },
        Ty::List(inner) => match v {
            Json::Array(items) => {
                let mut list = Vec::with_capacity(items.len());
                for item in items {
                    let mut slot = match inner {
                        Ty::Struct(..) => Go::Struct(Vec::new()),
                        _ => Go::Nil,
                    };
                    decode(item, inner, &mut slot, strukt, path)?;
                    list.push(slot);
                }
                *out = Go::List(list);
            }
            other => return Err(wrong(other)),
        },
        Ty::StrMap => match v {
            Json::Object(obj) => {
                let mut entries = match std::mem::replace(out, Go::Nil) {
                    Go::Map(m) => m,
                    _ => Vec::new(),
                };
                for (k, val) in obj {
                    let value = match val {
                        Json::Null => None,
                        Json::String(s) => Some(s.clone()),
                        other => {
                            return Err(type_error(&json_kind(other), strukt, path, &Ty::Str));
                        }
                    };
                    match entries.iter_mut().find(|(key, _)| key == k) {
                        Some(slot) => slot.1 = value,
                        None => entries.push((k.clone(), value)),
                    }
                }
                *out = Go::Map(entries);
            }
            other => return Err(wrong(other)),
        },
        Ty::Struct(name, fields) => match v {
            Json::Object(obj) => {
                let mut have = match std::mem::replace(out, Go::Nil) {
                    Go::Struct(f) => f,
                    _ => Vec::new(),
                };
                for (k, val) in obj {
                    let Some((field, fty)) = fields
                        .iter()
                        .find(|(f, _)| *f == k.as_str())
                        .or_else(|| fields.iter().find(|(f, _)| f.eq_ignore_ascii_case(k)))
                    else {
                        continue;
                    };
                    let idx = match have.iter().position(|(f, _)| f == field) {
                        Some(i) => i,
                        None => {
                            let fresh = match fty {
                                Ty::Struct(..) => Go::Struct(Vec::new()),
                                _ => Go::Nil,
                            };
                            have.push((field, fresh));
                            have.len() - 1
                        }
                    };
                    if matches!(fty, Ty::Struct(..)) && matches!(have[idx].1, Go::Nil) {
                        have[idx].1 = Go::Struct(Vec::new());
                    }
                    path.push(field);
                    let r = decode(val, fty, &mut have[idx].1, name, path);
                    path.pop();
                    r?;
                }
                *out = Go::Struct(have);
            }
            other => return Err(type_error(&json_kind(other), strukt, path, ty)),
        },
    }
    Ok(())
}

const RFC3339: &str = "2006-01-02T15:04:05Z07:00";

/// `time.Time.UnmarshalJSON` of a JSON string: Go parsed it with the layout in quotes, so its
/// error texts quote the value and the layout once more (Go 1.14's `quote` added quotes
/// without escaping).
fn time_check(s: &str) -> Result<(), String> {
    let Err(e) = crate::go::time::parse_rfc3339_millis(s) else {
        return Ok(());
    };
    if let Some(idx) = e.find(": cannot parse ") {
        let tail = &e[idx + ": cannot parse ".len()..];
        if let Some((rest, elem)) = tail.split_once("\" as \"") {
            let rest = rest.trim_start_matches('"');
            let elem = elem.trim_end_matches('"');
            return Err(format!(
                "parsing time \"\"{s}\"\" as \"\"{RFC3339}\"\": cannot parse \"{rest}\"\" as \"{elem}\""
            ));
        }
    }
    match e.strip_prefix(&format!("parsing time \"{s}\"")) {
        Some(msg) => Err(format!("parsing time \"\"{s}\"\"{msg}")),
        None => Err(e),
    }
}

/// Go's `encoding/json` syntax error text for the common cases.
fn syntax_error(text: &[u8], err: &serde_json::Error) -> String {
    use serde_json::error::Category;
    if err.classify() == Category::Eof {
        return "unexpected end of JSON input".to_string();
    }
    // The byte the parser stopped at (line and column are 1-based).
    let (line, col) = (err.line(), err.column());
    let offset = text
        .split(|b| *b == b'\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum::<usize>()
        + col.saturating_sub(1);
    let Some(c) = text
        .get(offset)
        .or_else(|| text.get(offset.saturating_sub(1)))
    else {
        return "unexpected end of JSON input".to_string();
    };
    let c = quote_char(*c as char);
    let what = err.to_string();
    let context = if what.starts_with("trailing characters") {
        "after top-level value"
    } else if what.starts_with("expected `,` or `}`") {
        "after object key:value pair"
    } else if what.starts_with("expected `:`") {
        "after object key"
    } else if what.starts_with("expected `,` or `]`") {
        "after array element"
    } else if what.starts_with("key must be a string") {
        "looking for beginning of object key string"
    } else if what.starts_with("control character") {
        "in string literal"
    } else if what.starts_with("invalid escape") {
        "in string escape code"
    } else {
        "looking for beginning of value"
    };
    format!("invalid character {c} {context}")
}

fn quote_char(c: char) -> String {
    match c {
        '\'' => "'\\''".to_string(),
        '"' => "'\"'".to_string(),
        c if c.is_control() => format!("{c:?}"),
        c => format!("'{c}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_go_field_names_ignoring_case_and_unknown_keys_are_ignored() {
        let td = from_json_text(
            br#"{"FAMILY":"f","containerDefinitions":[{"name":"a","image":"i","bogus":[1]}],"x":1}"#,
        )
        .unwrap();
        assert_eq!(td.str("Family"), "f");
        let c = td.list("ContainerDefinitions");
        assert_eq!(c[0].str("Name"), "a");
        assert_eq!(c[0].str("Image"), "i");
    }

    #[test]
    fn a_wrong_type_anywhere_names_the_field_path_and_go_type() {
        let e = from_json_text(br#"{"containerDefinitions":[{"cpu":"128"}]}"#).unwrap_err();
        assert_eq!(
            e,
            "json: cannot unmarshal string into Go struct field ContainerDefinition.ContainerDefinitions.Cpu of type int64"
        );
        let e = from_json_text(br#"{"family":1}"#).unwrap_err();
        assert_eq!(
            e,
            "json: cannot unmarshal number into Go struct field TaskDefinition.Family of type string"
        );
        let e = from_json_text(br#"{"containerDefinitions":{}}"#).unwrap_err();
        assert_eq!(e, "json: cannot unmarshal object into Go struct field TaskDefinition.ContainerDefinitions of type []*ecs.ContainerDefinition");
        let e = from_json_text(br#"[]"#).unwrap_err();
        assert_eq!(
            e,
            "json: cannot unmarshal array into Go value of type ecs.TaskDefinition"
        );
        let e = from_json_text(br#"{"containerDefinitions":[{"memory":1.5}]}"#).unwrap_err();
        assert!(e.contains("number 1.5"), "{e}");
    }

    #[test]
    fn times_must_be_rfc3339_strings() {
        let td = from_json_text(br#"{"registeredAt":"2020-06-01T10:00:00.123-07:00"}"#).unwrap();
        assert_eq!(td.str("RegisteredAt"), "2020-06-01T10:00:00.123-07:00");
        assert_eq!(
            from_json_text(br#"{"registeredAt":1591000000}"#).unwrap_err(),
            r##"parsing time "1591000000" as ""2006-01-02T15:04:05Z07:00"": cannot parse "1591000000" as """"##
        );
        assert_eq!(
            from_json_text(br#"{"registeredAt":"2020-06-01"}"#).unwrap_err(),
            r#"parsing time ""2020-06-01"" as ""2006-01-02T15:04:05Z07:00"": cannot parse """ as "T""#
        );
    }

    #[test]
    fn syntax_errors_read_like_go() {
        assert_eq!(
            from_json_text(b"{").unwrap_err(),
            "unexpected end of JSON input"
        );
        assert_eq!(
            from_json_text(b"x").unwrap_err(),
            "invalid character 'x' looking for beginning of value"
        );
        assert_eq!(
            from_json_text(b"{} x").unwrap_err(),
            "invalid character 'x' after top-level value"
        );
        assert_eq!(
            from_json_text(br#"{"a" 1}"#).unwrap_err(),
            "invalid character '1' after object key"
        );
        assert_eq!(
            from_json_text(br#"{"a":1 "b":2}"#).unwrap_err(),
            "invalid character '\"' after object key:value pair"
        );
    }

    #[test]
    fn null_leaves_fields_unset_and_maps_keep_null_values() {
        let td = from_json_text(
            br#"{"family":null,"containerDefinitions":[{"dockerLabels":{"a":null,"b":"c"},"environment":[{"name":"X"}]}]}"#,
        )
        .unwrap();
        assert_eq!(td.opt_str("Family"), None);
        let c = td.list("ContainerDefinitions")[0];
        assert_eq!(
            c.map("DockerLabels"),
            vec![("a".into(), None), ("b".into(), Some("c".into()))]
        );
        assert_eq!(c.list("Environment")[0].opt_str("Value"), None);
    }
}
