//! Running the local task's compose files with the `docker-compose` program, as the original
//! did: `docker-compose -f <base> [-f <override>…] up --build -d`, with the secrets' values
//! and `COMPOSE_IGNORE_ORPHANS=true` added to the environment.

use std::path::Path;
use std::process::Command;

use super::project::{absolute, override_name};

/// The compose files of `local up`: the base file, then its override file when it exists,
/// then the `--override` files, all absolute.
pub fn files(base: &str, extra_overrides: &[String]) -> Vec<String> {
    let base = absolute(base);
    let mut out = vec![base.clone()];
    let default_override = override_name(&base);
    if Path::new(&default_override).exists() {
        out.push(default_override);
    }
    out.extend(extra_overrides.iter().map(|o| absolute(o)));
    out
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
        Err("exec: \"docker-compose\": executable file not found in $PATH".to_string())
    }
}

/// Runs `docker-compose … up --build -d` and returns its combined output.
pub fn up(files: &[String], env: &[(String, String)]) -> Result<String, String> {
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
            "exec: \"docker-compose\": executable file not found in $PATH".to_string()
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
        return Err(format!("{status}: {}", text.trim_end()));
    }
    Ok(text)
}
