//! The output file of `registry-creds up`, `ecs-registry-creds_<YYYYMMDDTHHMMSSZ>.yml`, in the
//! format `compose` reads back ([`crate::compose::regcreds`]).

use std::path::{Path, PathBuf};

use crate::compose::regcreds::{RegistryCredsOutput, BASE_NAME};
use crate::yaml::{marshal, Doc};

/// The timestamp format of the file name and of the role policy's name.
pub const TIME_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// The file's text, as go-yaml marshals the original's output struct (registries sorted,
/// `kms_key_id` left out when empty, `container_names: []` when there are none).
pub fn render(out: &RegistryCredsOutput) -> String {
    let creds = out
        .container_credentials
        .iter()
        .map(|(reg, e)| {
            let mut fields = vec![("credentials_parameter", Doc::str(&e.credentials_parameter))];
            if !e.kms_key_id.is_empty() {
                fields.push(("kms_key_id", Doc::str(&e.kms_key_id)));
            }
            fields.push((
                "container_names",
                Doc::Seq(e.container_names.iter().map(Doc::str).collect()),
            ));
            (Doc::str(reg), Doc::Struct(fields))
        })
        .collect();
    marshal(&Doc::Struct(vec![
        ("version", Doc::str(&out.version)),
        (
            "registry_credential_outputs",
            Doc::Struct(vec![
                ("task_execution_role", Doc::str(&out.task_execution_role)),
                ("container_credentials", Doc::Map(creds)),
            ]),
        ),
    ]))
}

/// The file's path in `dir` for `time` (`dir` + `/` + name, as the original joined them).
pub fn path_for(dir: &str, time: chrono::DateTime<chrono::Utc>) -> PathBuf {
    PathBuf::from(format!(
        "{dir}/{BASE_NAME}_{}.yml",
        time.format(TIME_FORMAT)
    ))
}

/// Writes the file (through a temporary file and a rename; mode 0644, what the original's
/// `os.Create` gave under the usual umask).
pub fn write(path: &Path, out: &RegistryCredsOutput) -> std::io::Result<()> {
    crate::fsutil::write_atomic(path, render(out).as_bytes(), 0o644)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::regcreds::CredsOutputEntry;

    #[test]
    fn renders_the_original_format_and_reads_back() {
        let out = RegistryCredsOutput {
            version: "1".into(),
            task_execution_role: "myExecRole".into(),
            container_credentials: vec![
                (
                    "registry.xyz".into(),
                    CredsOutputEntry {
                        credentials_parameter: "arn:b".into(),
                        kms_key_id: "arn:k".into(),
                        container_names: vec!["db".into()],
                    },
                ),
                (
                    "quay.io".into(),
                    CredsOutputEntry {
                        credentials_parameter: "arn:a".into(),
                        kms_key_id: String::new(),
                        container_names: vec![],
                    },
                ),
            ],
        };
        let text = render(&out);
        assert_eq!(
            text,
            "version: \"1\"\nregistry_credential_outputs:\n  task_execution_role: myExecRole\n  container_credentials:\n    quay.io:\n      credentials_parameter: arn:a\n      container_names: []\n    registry.xyz:\n      credentials_parameter: arn:b\n      kms_key_id: arn:k\n      container_names:\n      - db\n"
        );
        let back = crate::compose::regcreds::parse(&text).unwrap();
        assert_eq!(back.task_execution_role, "myExecRole");
        assert_eq!(back.container_credentials.len(), 2);
    }

    #[test]
    fn empty_role_is_quoted() {
        let out = RegistryCredsOutput {
            version: "1".into(),
            ..Default::default()
        };
        assert!(render(&out).contains("task_execution_role: \"\"\n"));
    }
}
