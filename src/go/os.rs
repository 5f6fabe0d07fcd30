//! Go's `os` error texts: the `*os.PathError` of a failed file operation (`open <path>: no
//! such file or directory`, the errno wording of Go's `syscall` tables) and the shape of
//! `ioutil.ReadFile`'s errors, which the original reports for every file it reads.

use std::io;
use std::path::{Path, PathBuf};

/// The text Go's `syscall.Errno` gives for an I/O error (`no such file or directory`).
pub fn errno_text(err: &io::Error) -> String {
    let by_kind = match err.kind() {
        io::ErrorKind::NotFound => Some("no such file or directory"),
        io::ErrorKind::PermissionDenied => Some("permission denied"),
        io::ErrorKind::AlreadyExists => Some("file exists"),
        io::ErrorKind::IsADirectory => Some("is a directory"),
        io::ErrorKind::NotADirectory => Some("not a directory"),
        io::ErrorKind::ReadOnlyFilesystem => Some("read-only file system"),
        io::ErrorKind::StorageFull => Some("no space left on device"),
        _ => None,
    };
    if let Some(t) = by_kind {
        return t.to_string();
    }
    // Other errnos: the C library's text, which Go's tables copy with a lower-case initial.
    let text = err.to_string();
    let text = match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().collect::<String>() + chars.as_str(),
        None => text,
    }
}

/// Go's `*PathError` text: `<op> <path>: <errno text>`.
pub fn path_error(op: &str, path: &Path, err: &io::Error) -> String {
    format!("{op} {}: {}", path.display(), errno_text(err))
}

/// Go's `ioutil.ReadFile(name)` in a process whose working directory is `cwd`: relative names
/// are read from `cwd`, and the error names the file as given. Opening a directory succeeds in
/// Go and the read fails, hence `read <name>: is a directory`.
pub fn read_file(cwd: &Path, name: &str) -> Result<Vec<u8>, String> {
    let full = if Path::new(name).is_absolute() {
        PathBuf::from(name)
    } else {
        cwd.join(name)
    };
    std::fs::read(full).map_err(|e| read_file_error(name, &e))
}

/// The bytes without a leading UTF-8 byte-order mark. go-yaml detects and skips the mark (some
/// Windows editors write it), so every YAML file the original read could start with one; task
/// definition JSON gets the same treatment here (Go's JSON decoder refused it).
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The error text of `ioutil.ReadFile(name)` for `err`.
pub fn read_file_error(name: &str, err: &io::Error) -> String {
    let op = if err.kind() == io::ErrorKind::IsADirectory {
        "read"
    } else {
        "open"
    };
    path_error(op, Path::new(name), err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_texts() {
        let e = io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(errno_text(&e), "no such file or directory");
        let p = Path::new("/x/config");
        assert_eq!(
            path_error("open", p, &e),
            "open /x/config: no such file or directory"
        );
        let e = io::Error::from_raw_os_error(40);
        assert_eq!(errno_text(&e), "too many levels of symbolic links");
    }

    #[test]
    fn read_file_like_ioutil() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yml"), "x: 1\n").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert_eq!(read_file(dir.path(), "a.yml").unwrap(), b"x: 1\n");
        assert_eq!(
            read_file(dir.path(), "missing.yml").unwrap_err(),
            "open missing.yml: no such file or directory"
        );
        assert_eq!(
            read_file(dir.path(), "sub").unwrap_err(),
            "read sub: is a directory"
        );
    }
}
