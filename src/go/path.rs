//! Go's `path` package (slash-separated paths, which is also `path/filepath` on Unix): `Clean`,
//! `Dir` and `Join`. libcompose and docker/cli build file names with these, and the names
//! appear in messages as built (`open sub/../x.env: …`), so they are reproduced textually
//! rather than through `std::path`, which neither cleans `..` nor keeps the spelling.

/// Go's `path.Clean`.
pub fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if let Some(last) = out.last() {
                    if *last != ".." {
                        out.pop();
                        continue;
                    }
                }
                if !rooted {
                    out.push("..");
                }
            }
            x => out.push(x),
        }
    }
    let joined = out.join("/");
    if rooted {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

/// Go's `path.Dir`.
pub fn dir(p: &str) -> String {
    let dir = match p.rfind('/') {
        Some(i) => &p[..=i],
        None => "",
    };
    clean(dir)
}

/// Go's `path.Join(a, b)` (empty elements are skipped; the result is cleaned).
pub fn join(a: &str, b: &str) -> String {
    let parts: Vec<&str> = [a, b].into_iter().filter(|s| !s.is_empty()).collect();
    if parts.is_empty() {
        return String::new();
    }
    clean(&parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(dir("docker-compose.yml"), ".");
        assert_eq!(dir("/a/b/c.yml"), "/a/b");
        assert_eq!(join(".", "one.env"), "one.env");
        assert_eq!(join("sub", "../x"), "x");
        assert_eq!(join("", ""), "");
        assert_eq!(clean("/a/./b/../c/"), "/a/c");
        assert_eq!(clean("../../a"), "../../a");
        assert_eq!(clean("/../a"), "/a");
    }
}
