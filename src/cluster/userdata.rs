//! The container instances' user data: one MIME multipart archive holding the user's
//! `--extra-user-data` files in the order given, then the part that joins the instance to the
//! cluster. A file that is itself a multipart archive is unpacked and its parts are copied in
//! place; any other file becomes one `text/text/plain` part (cloud-init looks at the content
//! to decide what it is). The archive is written the way Go's `mime/multipart` writes one
//! (header names canonical and sorted), with every CRLF turned into LF at the end.

/// Builds the archive; [`UserData::add_file`] for each extra file, then [`UserData::build`].
pub struct UserData {
    cluster: String,
    /// Container-instance tags written into the ECS agent's configuration.
    instance_tags: Vec<(String, String)>,
    boundary: String,
    body: String,
    parts: usize,
}

/// One MIME header, in the order it is written.
type Header = (String, String);

impl UserData {
    pub fn new(cluster: &str, instance_tags: &[(String, String)]) -> Self {
        Self::with_boundary(cluster, instance_tags, &random_boundary())
    }

    fn with_boundary(cluster: &str, instance_tags: &[(String, String)], boundary: &str) -> Self {
        UserData {
            cluster: cluster.to_string(),
            instance_tags: instance_tags.to_vec(),
            boundary: boundary.to_string(),
            body: String::new(),
            parts: 0,
        }
    }

    /// Adds the content of one `--extra-user-data` file.
    pub fn add(&mut self, content: &str) -> Result<(), String> {
        match existing_multipart(content) {
            Some((boundary, body)) => {
                for (headers, part_body) in read_parts(body, &boundary)? {
                    self.write_part(headers, &part_body);
                }
            }
            None => self.write_part(
                vec![
                    (
                        "Content-Type".into(),
                        "text/text/plain; charset=\"utf-8\"".into(),
                    ),
                    ("Mime-Version".into(), "1.0".into()),
                ],
                content,
            ),
        }
        Ok(())
    }

    /// Reads `name` (relative to `cwd`) and adds it; the error is Go's `ioutil.ReadFile` text.
    pub fn add_file(&mut self, cwd: &std::path::Path, name: &str) -> Result<(), String> {
        let bytes = crate::go::os::read_file(cwd, name)?;
        self.add(&String::from_utf8_lossy(&bytes))
    }

    /// Adds the part that joins the cluster and returns the whole archive.
    pub fn build(mut self) -> String {
        let mut script = format!(
            "\n#!/bin/bash\necho ECS_CLUSTER={} >> /etc/ecs/ecs.config\n",
            self.cluster
        );
        if !self.instance_tags.is_empty() {
            script.push_str(&format!(
                "echo 'ECS_CONTAINER_INSTANCE_TAGS={}' >> /etc/ecs/ecs.config",
                go_json_map(&self.instance_tags)
            ));
        }
        self.write_part(
            vec![
                (
                    "Content-Type".into(),
                    "text/text/x-shellscript; charset=\"utf-8\"".into(),
                ),
                ("Mime-Version".into(), "1.0".into()),
            ],
            &script,
        );
        self.body
            .push_str(&format!("\r\n--{}--\r\n", self.boundary));
        let archive = format!(
            "Content-Type: multipart/mixed; boundary=\"{}\"\nMIME-Version: 1.0\n\n{}",
            self.boundary, self.body
        );
        archive.replace("\r\n", "\n")
    }

    fn write_part(&mut self, mut headers: Vec<Header>, body: &str) {
        if self.parts == 0 {
            self.body.push_str(&format!("--{}\r\n", self.boundary));
        } else {
            self.body.push_str(&format!("\r\n--{}\r\n", self.boundary));
        }
        headers.sort_by(|a, b| a.0.cmp(&b.0));
        for (k, v) in &headers {
            self.body.push_str(&format!("{k}: {v}\r\n"));
        }
        self.body.push_str("\r\n");
        self.body.push_str(body);
        self.parts += 1;
    }
}

/// 30 random bytes in hex, as Go's multipart writer makes its boundary.
fn random_boundary() -> String {
    use md5::{Digest, Md5};
    let mut seed = Vec::new();
    if let Ok(bytes) = std::fs::read("/proc/sys/kernel/random/uuid") {
        seed.extend_from_slice(&bytes);
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    seed.extend_from_slice(&now.to_le_bytes());
    seed.extend_from_slice(&std::process::id().to_le_bytes());
    let a = Md5::digest(&seed);
    seed.push(1);
    let b = Md5::digest(&seed);
    let mut hex = hex::encode(a) + &hex::encode(b);
    hex.truncate(60);
    hex
}

/// A JSON object of `pairs` as Go's `json.Marshal` of a `map[string]string` writes it: keys
/// sorted (the last duplicate wins), compact, `<`, `>`, `&` escaped.
fn go_json_map(pairs: &[(String, String)]) -> String {
    let map: std::collections::BTreeMap<&str, &str> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut out = String::from("{");
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(k).unwrap_or_default());
        out.push(':');
        out.push_str(&serde_json::to_string(v).unwrap_or_default());
    }
    out.push('}');
    out.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Go's `textproto` canonical header name: `mime-version` → `Mime-Version`.
fn canonical_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = true;
    for c in key.chars() {
        out.push(if upper {
            c.to_ascii_uppercase()
        } else {
            c.to_ascii_lowercase()
        });
        upper = c == '-';
    }
    out
}

/// Lines of `text`, each with its line end (`\n` or `\r\n`) still attached.
fn lines_with_ends(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

fn strip_eol(line: &str) -> &str {
    line.strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(line)
}

/// A header block (`Key: value` lines, folded continuation lines) ending at an empty line.
/// Returns the headers and the byte offset just after the empty line; `None` when `text`
/// does not start with a well-formed block (as `net/mail` would refuse it).
fn read_headers(text: &str) -> Option<(Vec<Header>, usize)> {
    let mut headers: Vec<Header> = Vec::new();
    let mut offset = 0;
    for line in lines_with_ends(text) {
        offset += line.len();
        let content = strip_eol(line);
        if content.is_empty() {
            return Some((headers, offset));
        }
        if content.starts_with([' ', '\t']) {
            let last = headers.last_mut()?;
            last.1.push(' ');
            last.1.push_str(content.trim());
            continue;
        }
        let (key, value) = content.split_once(':')?;
        if key.is_empty() || key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return None;
        }
        headers.push((canonical_key(key), value.trim().to_string()));
    }
    None
}

fn header<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `(media type, boundary)` of a `Content-Type` value (Go's `mime.ParseMediaType`, reduced to
/// what is needed here).
fn media_type(value: &str) -> Option<(String, Option<String>)> {
    let mut items = value.split(';');
    let media = items.next()?.trim().to_ascii_lowercase();
    if media.is_empty() || !media.contains('/') {
        return None;
    }
    let mut boundary = None;
    for item in items {
        let Some((k, v)) = item.split_once('=') else {
            continue;
        };
        if k.trim().eq_ignore_ascii_case("boundary") {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v);
            boundary = Some(v.to_string());
        }
    }
    Some((media, boundary))
}

/// `(boundary, body)` when `data` is a MIME message whose type is `multipart/*`.
fn existing_multipart(data: &str) -> Option<(String, &str)> {
    let (headers, offset) = read_headers(data)?;
    let (media, boundary) = media_type(header(&headers, "Content-Type")?)?;
    if !media.starts_with("multipart/") {
        return None;
    }
    Some((boundary.unwrap_or_default(), &data[offset..]))
}

/// Whether `line` (without its end) is the delimiter `--boundary`, or the closing
/// `--boundary--` (returns Some(true)).
fn delimiter(line: &str, boundary: &str) -> Option<bool> {
    let rest = line.strip_prefix("--")?.strip_prefix(boundary)?;
    let rest = rest.trim_end_matches([' ', '\t']);
    match rest {
        "" => Some(false),
        "--" => Some(true),
        _ => None,
    }
}

/// The parts of a multipart body: their headers and bodies (the line end before each
/// delimiter belongs to the delimiter). The text before the first delimiter is skipped.
fn read_parts(body: &str, boundary: &str) -> Result<Vec<(Vec<Header>, String)>, String> {
    let lines = lines_with_ends(body);
    let mut starts = Vec::with_capacity(lines.len());
    let mut at = 0;
    for line in &lines {
        starts.push(at);
        at += line.len();
    }
    let mut i = 0;
    loop {
        let Some(line) = lines.get(i) else {
            return Err("multipart: NextPart: EOF".into());
        };
        i += 1;
        match delimiter(strip_eol(line), boundary) {
            Some(false) => break,
            Some(true) => return Ok(Vec::new()),
            None => {}
        }
    }
    let mut parts = Vec::new();
    loop {
        let from = starts.get(i).copied().unwrap_or(body.len());
        let Some((headers, offset)) = read_headers(&body[from..]) else {
            return Err("multipart: NextPart: malformed MIME header".into());
        };
        while i < lines.len() && starts[i] < from + offset {
            i += 1;
        }
        let mut part = String::new();
        let closing = loop {
            let Some(line) = lines.get(i) else {
                return Err("multipart: NextPart: EOF".into());
            };
            i += 1;
            if let Some(closing) = delimiter(strip_eol(line), boundary) {
                break closing;
            }
            part.push_str(line);
        };
        let part = match part.strip_suffix('\n') {
            Some(p) => p.strip_suffix('\r').unwrap_or(p).to_string(),
            None => part,
        };
        parts.push((headers, part));
        if closing {
            return Ok(parts);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: &str = "b0";

    fn built(files: &[&str], tags: &[(&str, &str)]) -> String {
        let tags: Vec<(String, String)> = tags
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut u = UserData::with_boundary("c1", &tags, B);
        for f in files {
            u.add(f).unwrap();
        }
        u.build()
    }

    #[test]
    fn without_extra_files_only_the_cluster_part() {
        assert_eq!(
            built(&[], &[]),
            "Content-Type: multipart/mixed; boundary=\"b0\"\nMIME-Version: 1.0\n\n\
             --b0\nContent-Type: text/text/x-shellscript; charset=\"utf-8\"\nMime-Version: 1.0\n\n\
             \n#!/bin/bash\necho ECS_CLUSTER=c1 >> /etc/ecs/ecs.config\n\n--b0--\n"
        );
    }

    #[test]
    fn a_shell_script_becomes_a_plain_part_before_the_cluster_part() {
        let out = built(&["#!/bin/bash\necho hi\n"], &[]);
        assert!(out.contains(
            "--b0\nContent-Type: text/text/plain; charset=\"utf-8\"\nMime-Version: 1.0\n\n#!/bin/bash\necho hi\n\n--b0\nContent-Type: text/text/x-shellscript"
        ), "{out}");
    }

    #[test]
    fn a_boothook_is_a_plain_part_too() {
        let out = built(&["#cloud-boothook\n#!/bin/sh\necho x\n"], &[]);
        assert!(out.contains(
            "text/text/plain; charset=\"utf-8\"\nMime-Version: 1.0\n\n#cloud-boothook\n"
        ));
    }

    #[test]
    fn an_existing_archive_is_unpacked_in_place() {
        let archive = "Content-Type: multipart/mixed; boundary=\"==X==\"\nMIME-Version: 1.0\n\n\
            --==X==\nContent-Type: text/cloud-config; charset=\"us-ascii\"\nMIME-Version: 1.0\n\n\
            #cloud-config\npackages:\n  - jq\n\n\
            --==X==\nContent-Type: text/x-shellscript; charset=\"us-ascii\"\nMIME-Version: 1.0\n\n\
            #!/bin/bash\necho debug\n--==X==--\n";
        let out = built(&["echo first\n", archive], &[]);
        let expected_parts = "--b0\nContent-Type: text/text/plain; charset=\"utf-8\"\nMime-Version: 1.0\n\necho first\n\
            \n--b0\nContent-Type: text/cloud-config; charset=\"us-ascii\"\nMime-Version: 1.0\n\n#cloud-config\npackages:\n  - jq\n\
            \n--b0\nContent-Type: text/x-shellscript; charset=\"us-ascii\"\nMime-Version: 1.0\n\n#!/bin/bash\necho debug\
            \n--b0\nContent-Type: text/text/x-shellscript";
        assert!(out.contains(expected_parts), "{out}");
    }

    #[test]
    fn a_truncated_archive_is_an_error() {
        let archive =
            "Content-Type: multipart/mixed; boundary=x\n\n--x\nContent-Type: text/plain\n\nbody\n";
        let mut u = UserData::with_boundary("c1", &[], B);
        assert_eq!(u.add(archive).unwrap_err(), "multipart: NextPart: EOF");
    }

    #[test]
    fn container_instance_tags_follow_the_cluster_line_as_sorted_json() {
        let out = built(&[], &[("b", "2"), ("a", "<1>")]);
        assert!(out.ends_with(
            "echo ECS_CLUSTER=c1 >> /etc/ecs/ecs.config\necho 'ECS_CONTAINER_INSTANCE_TAGS={\"a\":\"\\u003c1\\u003e\",\"b\":\"2\"}' >> /etc/ecs/ecs.config\n--b0--\n"
        ), "{out}");
    }

    #[test]
    fn crlf_files_are_unixified() {
        let out = built(&["echo a\r\necho b\r\n"], &[]);
        assert!(!out.contains('\r'));
        assert!(out.contains("echo a\necho b\n"));
    }

    #[test]
    fn a_header_like_first_line_without_multipart_type_is_plain() {
        assert!(existing_multipart("Subject: x\n\nbody").is_none());
        assert!(existing_multipart("#!/bin/bash\n").is_none());
    }

    #[test]
    fn boundaries_are_sixty_hex_digits() {
        let b = random_boundary();
        assert_eq!(b.len(), 60);
        assert!(b.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
