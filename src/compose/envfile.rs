//! Environment files: docker's `opts.ParseEnvFile` (used for `.env` and for v3 `env_file`).

use std::collections::BTreeMap;

/// docker `opts.ParseEnvFile` on already-read content. `path` is only used in messages.
/// Lines without `=` take their value from the process environment, or are dropped.
pub fn parse_env_file(
    content: &[u8],
    path: &str,
    os_env: &BTreeMap<String, String>,
) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    for (idx, raw) in split_lines(content).into_iter().enumerate() {
        let mut bytes = raw;
        if std::str::from_utf8(bytes).is_err() {
            return Err(format!(
                "env file {path} contains invalid utf8 bytes at line {}: {:?}",
                idx + 1,
                bytes
            ));
        }
        if idx == 0 {
            bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
        }
        let text = std::str::from_utf8(bytes).unwrap_or("");
        let line = text.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (var_part, value) = match line.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (line, None),
        };
        let variable = var_part.trim_start_matches([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']);
        if variable.contains([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']) {
            return Err(format!(
                "poorly formatted environment: variable '{variable}' has white spaces"
            ));
        }
        if variable.is_empty() {
            return Err(format!(
                "poorly formatted environment: no variable name on line '{line}'"
            ));
        }
        match value {
            Some(v) => lines.push(format!("{variable}={v}")),
            None => {
                if let Some(v) = os_env.get(line) {
                    lines.push(format!("{}={}", line.trim(), v));
                }
            }
        }
    }
    Ok(lines)
}

/// Lines as Go's bufio.Scanner (ScanLines) yields them: split on '\n', a trailing '\r' dropped.
pub fn split_lines(content: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in content.iter().enumerate() {
        if c == b'\n' {
            let mut line = &content[start..i];
            if line.last() == Some(&b'\r') {
                line = &line[..line.len() - 1];
            }
            out.push(line);
            start = i + 1;
        }
    }
    if start < content.len() {
        let mut line = &content[start..];
        if line.last() == Some(&b'\r') {
            line = &line[..line.len() - 1];
        }
        out.push(line);
    }
    out
}

/// `KEY=VALUE` strings to a map where `KEY` alone maps to None (docker ConvertKVStringsToMapWithNil).
pub fn kv_to_map_with_nil(kvs: &[String]) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for kv in kvs {
        let (k, v) = match kv.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (kv.clone(), None),
        };
        if let Some(e) = out.iter_mut().find(|(ek, _)| *ek == k) {
            e.1 = v;
        } else {
            out.push((k, v));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_file_rules() {
        let mut os = BTreeMap::new();
        os.insert("FROM_OS".to_string(), "os".to_string());
        let content =
            b"\xEF\xBB\xBFA=1\n# comment\n\n  B = spaced\nC=\"quoted\"\nFROM_OS\nMISSING\n";
        let err = parse_env_file(content, "f", &os).unwrap_err();
        assert!(err.contains("has white spaces"), "{err}");
        let content = b"A=1\r\nC=\"quoted\"\nFROM_OS\nMISSING\nD=x=y\n";
        let lines = parse_env_file(content, "f", &os).unwrap();
        assert_eq!(lines, vec!["A=1", "C=\"quoted\"", "FROM_OS=os", "D=x=y"]);
        let err = parse_env_file(b"export X=1\n", "f", &os).unwrap_err();
        assert_eq!(
            err,
            "poorly formatted environment: variable 'export X' has white spaces"
        );
    }
}
