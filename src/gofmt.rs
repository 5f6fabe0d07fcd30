//! Small Go-isms the original's output depends on: `%q` quoting, `strconv.ParseBool`,
//! and the wording of Go's OS errors (`open X: no such file or directory`).

use std::fmt::Write as _;
use std::io;

/// Go's `strconv.Quote` (what `%q` prints for a string).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) <= 0xffff => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    !(c.is_control()
        || c.is_whitespace()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{feff}'))
}

/// Go's `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

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
pub fn path_error(op: &str, path: &std::path::Path, err: &io::Error) -> String {
    format!("{op} {}: {}", path.display(), errno_text(err))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        assert_eq!(quote("a\nb"), "\"a\\nb\"");
        assert_eq!(quote("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(quote("tab\there"), "\"tab\\there\"");
        assert_eq!(quote("\u{1}"), "\"\\x01\"");
        assert_eq!(quote("é"), "\"é\"");
    }

    #[test]
    fn bools_like_go() {
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("yes"), None);
    }

    #[test]
    fn errno_texts() {
        let e = io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(errno_text(&e), "no such file or directory");
        let p = std::path::Path::new("/x/config");
        assert_eq!(
            path_error("open", p, &e),
            "open /x/config: no such file or directory"
        );
    }
}
