//! The original's configuration: `~/.ecs/config` (cluster configurations), `~/.ecs/credentials`
//! (ECS profiles), the legacy INI `[ecs]` file, and the resolver that turns them plus flags and
//! environment into what a command needs (`resolve`).

pub mod file;
pub mod legacy;
pub mod resolve;

use std::path::PathBuf;

/// The directory of the config files: `$HOME/.ecs` (HOME falls back to USERPROFILE;
/// on Windows `%HOME%\AppData\local\ecs`).
pub fn ecs_dir() -> anyhow::Result<PathBuf> {
    let home = home_dir().ok_or_else(|| {
        anyhow::anyhow!("Error finding the home directory: neither HOME nor USERPROFILE is set")
    })?;
    if cfg!(windows) {
        Ok(home.join("AppData").join("local").join("ecs"))
    } else {
        Ok(home.join(".ecs"))
    }
}

/// Runs `f` (a read-modify-write of the files in `~/.ecs`) holding an exclusive advisory lock,
/// so that concurrent `configure` runs all land: each one reads the file only after the
/// previous one has written it. On Unix the lock is taken on the `~/.ecs` directory itself (no
/// file of ours appears in it); elsewhere on a lock file in the temporary directory. The
/// directory is created as the write would create it.
pub fn with_config_lock<T>(f: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    let dir = ecs_dir()?;
    let home = dir
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_else(|| dir.clone());
    crate::fsutil::create_dir_like(&dir, &home)
        .map_err(|e| anyhow::anyhow!("mkdir {}: {e}", dir.display()))?;
    let lock_path = if cfg!(unix) {
        dir.clone()
    } else {
        std::env::temp_dir().join("ecs-cli-config.lock")
    };
    let lock = if cfg!(unix) {
        std::fs::File::open(&lock_path)
    } else {
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
    }
    .map_err(|e| anyhow::anyhow!("open {}: {e}", lock_path.display()))?;
    lock.lock()
        .map_err(|e| anyhow::anyhow!("lock {}: {e}", lock_path.display()))?;
    let out = f();
    let _ = lock.unlock();
    out
}

/// `$HOME`, else `%USERPROFILE%`.
pub fn home_dir() -> Option<PathBuf> {
    ["HOME", "USERPROFILE"]
        .iter()
        .filter_map(std::env::var_os)
        .find(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Path of the cluster configurations file.
pub fn config_path() -> anyhow::Result<PathBuf> {
    Ok(ecs_dir()?.join("config"))
}

/// Path of the ECS profiles file.
pub fn credentials_path() -> anyhow::Result<PathBuf> {
    Ok(ecs_dir()?.join("credentials"))
}

/// Launch types are case sensitive.
pub const LAUNCH_TYPE_EC2: &str = "EC2";
pub const LAUNCH_TYPE_FARGATE: &str = "FARGATE";

/// Accepts `EC2`, `FARGATE` or nothing, with the original's message otherwise.
pub fn validate_launch_type(launch_type: &str) -> Result<(), String> {
    if launch_type.is_empty()
        || launch_type == LAUNCH_TYPE_EC2
        || launch_type == LAUNCH_TYPE_FARGATE
    {
        Ok(())
    } else {
        Err(format!("Supported launch types are 'EC2' and 'FARGATE'; {launch_type} is not a valid launch type."))
    }
}

/// A duration in milliseconds from an environment variable, if set and valid (the hidden
/// `ECS_CLI_*_POLL_MS` variables with which the tests shorten the original's poll intervals).
pub fn env_millis(name: &str) -> Option<std::time::Duration> {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(std::time::Duration::from_millis)
}
