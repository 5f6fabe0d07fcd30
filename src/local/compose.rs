//! Running the local task's compose files with the `docker-compose` program, as the original
//! did: `docker-compose -f <base> [-f <override>…] up --build -d`, with the secrets' values
//! and `COMPOSE_IGNORE_ORPHANS=true` added to the environment.

use std::path::Path;
use std::process::Command;

use super::project::{absolute, override_name};

/// The override files of `local up`: the base file's `.override.yml`, then the `--override`
/// files, absolute; those that do not exist are skipped with a warning.
pub fn override_files(base: &str, extra_overrides: &[String]) -> Vec<String> {
    let mut candidates = vec![override_name(base)];
    candidates.extend(extra_overrides.iter().map(|o| absolute(o)));
    candidates
        .into_iter()
        .filter(|p| match std::fs::metadata(p) {
            Ok(_) => true,
            Err(e) => {
                tracing::warn!(
                    "Skipping Compose file {} due to:\n{}",
                    base_name(p),
                    crate::go::os::path_error("stat", Path::new(p), &e)
                );
                false
            }
        })
        .collect()
}

/// Go's `filepath.Base`.
pub fn base_name(p: &str) -> String {
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return if p.is_empty() { ".".into() } else { "/".into() };
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
}

/// Fails as running it would when `docker-compose` is not on `PATH`, before anything is
/// started.
pub fn check_installed() -> Result<(), String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path).any(|dir| {
        let candidate = dir.join("docker-compose");
        std::fs::metadata(&candidate).is_ok_and(|m| {
            use std::os::unix::fs::PermissionsExt;
            m.is_file() && m.permissions().mode() & 0o111 != 0
        })
    });
    if found {
        Ok(())
    } else {
        Err("exec: \"docker-compose\": executable file not found in $PATH: ".to_string())
    }
}

/// Runs `docker-compose -f <base> [-f <override>…] up --build -d` and returns its combined
/// output.
pub fn up(files: &[String], env: &[(String, String)]) -> Result<String, String> {
    let names: Vec<String> = files.iter().map(|f| base_name(f)).collect();
    tracing::info!("Using {} files to start containers", names.join(", "));
    let mut cmd = Command::new("docker-compose");
    for f in files {
        cmd.arg("-f").arg(f);
    }
    cmd.args(["up", "--build", "-d"]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.env("COMPOSE_IGNORE_ORPHANS", "true");
    let out = cmd.output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => {
            "exec: \"docker-compose\": executable file not found in $PATH: ".to_string()
        }
        _ => format!("exec: \"docker-compose\": {e}"),
    })?;
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        let status = match out.status.code() {
            Some(c) => format!("exit status {c}"),
            None => "signal: killed".to_string(),
        };
        return Err(format!("{status}: {text}"));
    }
    Ok(text)
}
