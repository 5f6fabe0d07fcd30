//! `local create` up to the files: read the task definition (a local JSON file, or a
//! registered one from ECS), convert it, and write the base and override compose files.

use std::io::BufRead;
use std::path::Path;

use super::convert::{self, Converted, Input, Note};
use super::taskdef::{self, Go};

/// Where the task definition comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A JSON file (as given; `task-definition.json` by default).
    File(String),
    /// A family, `family:revision` or ARN registered in ECS.
    Remote(String),
}

/// The region of a task definition ARN, which wins over the configured one.
pub fn remote_region(remote: &str) -> Option<String> {
    convert::arn_parts(remote)
        .map(|p| p[3].clone())
        .filter(|r| !r.is_empty())
}

/// The absolute form of a path as Go's `filepath.Abs` gives it (cleaned, not resolved).
pub fn absolute(path: &str) -> String {
    let joined = if Path::new(path).is_absolute() {
        path.to_string()
    } else {
        let cwd = std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        format!("{cwd}/{path}")
    };
    crate::go::path::clean(&joined)
}

/// Reads a task definition file, logging where from.
pub fn read_file(path: &str) -> Result<(Go, Input), String> {
    let abs = absolute(path);
    tracing::info!("Reading task definition from {abs}\n");
    let bytes = std::fs::read(&abs).map_err(|e| {
        format!(
            "Error reading task definition from {abs}: {}",
            crate::go::os::read_file_error(&abs, &e)
        )
    })?;
    let td = taskdef::from_json_text(crate::go::os::without_bom(&bytes))
        .map_err(|e| format!("Error parsing task definition JSON: {e}"))?;
    Ok((
        td,
        Input {
            kind: "local".into(),
            value: abs,
        },
    ))
}

/// Reads a registered task definition from ECS.
pub async fn read_remote(ecs: &aws_sdk_ecs::Client, remote: &str) -> anyhow::Result<(Go, Input)> {
    let td = crate::aws::ecs_reads::describe_task_definition(ecs, remote).await?;
    let json = crate::aws::canonical::to_value(&td)
        .map_err(|e| anyhow::anyhow!("failed to read the task definition {remote}: {e}"))?;
    let go = taskdef::decode_root(&json).map_err(|e| anyhow::anyhow!(e))?;
    tracing::info!(
        "Reading task definition from {}:{}\n",
        go.str("Family"),
        go.int("Revision").unwrap_or(0)
    );
    Ok((
        go,
        Input {
            kind: "remote".into(),
            value: remote.to_string(),
        },
    ))
}

/// The override file beside a base file: its name without the extension + `.override.yml`.
pub fn override_name(base: &str) -> String {
    let ext_start = base
        .rfind('.')
        .filter(|i| !base[*i..].contains('/'))
        .unwrap_or(base.len());
    format!("{}.override.yml", &base[..ext_start])
}

/// Converts, logging the conversion's notes.
pub fn convert(td: &Go, input: &Input, use_role: bool) -> Result<Converted, String> {
    let converted = convert::convert(td, input, use_role)?;
    for note in &converted.notes {
        match note {
            Note::Info(msg, (key, value)) => match *key {
                "networkMode" => tracing::info!(networkMode = %value, "{msg}"),
                "pid" => tracing::info!(pid = %value, "{msg}"),
                _ => tracing::info!(ipc = %value, "{msg}"),
            },
            Note::Warn(msg) => tracing::warn!("{msg}"),
        }
    }
    Ok(converted)
}

/// Writes the base file (asking before replacing one, unless `force`) and the override file
/// (kept when it exists, unless `force`). `stdin` answers the question.
pub fn write(
    base: &str,
    files: &Converted,
    force: bool,
    stdin: &mut dyn BufRead,
) -> Result<(), String> {
    let over = override_name(base);
    if Path::new(base).exists() && !force {
        println!("{base} file already exists. Do you want to write over this file? [y/N]");
        let mut line = String::new();
        match stdin.read_line(&mut line) {
            Ok(_) if line.ends_with('\n') => {}
            Ok(_) => return Err("failed reading stdin: EOF".into()),
            Err(e) => return Err(format!("failed reading stdin: {e}")),
        }
        let answer = line.trim().to_lowercase();
        if answer != "y" && answer != "yes" {
            return Err(format!(
                "aborted writing compose file. To retry, rename or move {base}"
            ));
        }
        save(base, &files.base)?;
    } else {
        save(base, &files.base)?;
        tracing::info!("Successfully wrote {base}");
    }
    if Path::new(&over).exists() && !force {
        tracing::info!("{over} already exists, skipping write.");
        return Ok(());
    }
    save(&over, &files.override_file)?;
    tracing::info!("Successfully wrote {over}");
    Ok(())
}

fn save(name: &str, content: &str) -> Result<(), String> {
    crate::fsutil::write_atomic(Path::new(name), content.as_bytes(), 0o600)
        .map_err(|e| format!("failed to write {name}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_file_names() {
        assert_eq!(
            override_name("docker-compose.ecs-local.yml"),
            "docker-compose.ecs-local.override.yml"
        );
        assert_eq!(override_name("out"), "out.override.yml");
        assert_eq!(override_name("a.b/out"), "a.b/out.override.yml");
        assert_eq!(override_name("x/other.yaml"), "x/other.override.yml");
    }

    #[test]
    fn remote_regions() {
        assert_eq!(
            remote_region("arn:aws:ecs:eu-west-1:123:task-definition/f:1").as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(remote_region("f:1"), None);
    }

    fn files() -> Converted {
        Converted {
            base: "base\n".into(),
            override_file: "over\n".into(),
            notes: vec![],
        }
    }

    #[test]
    fn writes_both_files_0600_and_asks_before_replacing_the_base() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("c.yml").display().to_string();
        write(&base, &files(), false, &mut &b""[..]).unwrap();
        let over = override_name(&base);
        assert_eq!(std::fs::read_to_string(&over).unwrap(), "over\n");
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&base).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);

        std::fs::write(&over, "mine\n").unwrap();
        let e = write(&base, &files(), false, &mut &b"n\n"[..]).unwrap_err();
        assert!(e.starts_with("aborted writing compose file"), "{e}");
        let e = write(&base, &files(), false, &mut &b""[..]).unwrap_err();
        assert_eq!(e, "failed reading stdin: EOF");
        write(&base, &files(), false, &mut &b"yes\n"[..]).unwrap();
        assert_eq!(std::fs::read_to_string(&over).unwrap(), "mine\n");
        write(&base, &files(), true, &mut &b""[..]).unwrap();
        assert_eq!(std::fs::read_to_string(&over).unwrap(), "over\n");
    }
}
