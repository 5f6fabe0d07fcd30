//! File writes that never leave a half-written file: write a temporary file beside the
//! target, fsync it, set its mode, then rename it over the target.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Atomically replaces `path` with `data`. On Unix the file gets `mode` (e.g. 0o600).
pub fn write_atomic(path: &Path, data: &[u8], mode: u32) -> io::Result<()> {
    // A symbolic link is written through (its target is replaced), as the original's plain
    // write did, instead of being replaced by a regular file.
    let resolved;
    let path = if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        resolved = fs::canonicalize(path)?;
        resolved.as_path()
    } else {
        path
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".ecs-cli-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    set_mode(tmp.path(), mode)?;
    tmp.write_all(data)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Sets a file's permission bits (no-op where the platform has none).
#[cfg(unix)]
pub fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
pub fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// Creates `dir` (and parents) with the permission bits of `like`, as the original did with
/// `MkdirAll(dir, mode of $HOME)`.
pub fn create_dir_like(dir: &Path, like: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        let mode = fs::metadata(like)
            .map(|m| m.permissions().mode() & 0o7777)
            .unwrap_or(0o755);
        fs::DirBuilder::new().recursive(true).mode(mode).create(dir)
    }
    #[cfg(not(unix))]
    {
        let _ = like;
        fs::create_dir_all(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_sets_mode() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("config");
        fs::write(&p, "old").unwrap();
        write_atomic(&p, b"new", 0o600).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        assert_eq!(
            fs::read_dir(d.path()).unwrap().count(),
            1,
            "no temp file left behind"
        );
    }
}
