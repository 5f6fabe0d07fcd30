//! Small parsers whose exact behaviour (and error text) the original inherits from Go libraries:
//! `time.ParseDuration`, go-units `RAMInBytes`, `strconv` integer parsing, go-shlex word splitting
//! and go-connections port specs.

use super::value::go_quote;

const NANOS: [(&str, u64); 8] = [
    ("ns", 1),
    ("us", 1_000),
    ("\u{b5}s", 1_000),
    ("\u{3bc}s", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// Go's `time.ParseDuration`, returning nanoseconds.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let orig = s;
    let invalid = || format!("time: invalid duration {}", go_quote(orig));
    let mut rest = s;
    let mut neg = false;
    if let Some(c) = rest.chars().next() {
        if c == '-' || c == '+' {
            neg = c == '-';
            rest = &rest[1..];
        }
    }
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let b = rest.as_bytes();
        if !(b[0] == b'.' || b[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // integer part
        let mut i = 0;
        let mut v: u64 = 0;
        let mut overflow = false;
        while i < b.len() && b[i].is_ascii_digit() {
            if v > (1u64 << 63) / 10 {
                overflow = true;
            }
            v = v.wrapping_mul(10).wrapping_add((b[i] - b'0') as u64);
            if v > 1u64 << 63 {
                overflow = true;
            }
            i += 1;
        }
        if overflow {
            return Err(invalid());
        }
        let pre = i != 0;
        let mut f: u64 = 0;
        let mut scale: f64 = 1.0;
        let mut post = false;
        if i < b.len() && b[i] == b'.' {
            i += 1;
            let start = i;
            let mut of = false;
            while i < b.len() && b[i].is_ascii_digit() {
                if !of {
                    if f > (1u64 << 63) / 10 {
                        of = true;
                    } else {
                        let y = f * 10 + (b[i] - b'0') as u64;
                        if y > 1u64 << 63 {
                            of = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                i += 1;
            }
            post = i != start;
        }
        if !pre && !post {
            return Err(invalid());
        }
        // unit
        let ustart = i;
        while i < b.len() && !(b[i] == b'.' || b[i].is_ascii_digit()) {
            i += 1;
        }
        if i == ustart {
            return Err(format!("time: missing unit in duration {}", go_quote(orig)));
        }
        let unit = &rest[ustart..i];
        let mult = match NANOS.iter().find(|(u, _)| *u == unit) {
            Some((_, m)) => *m,
            None => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    go_quote(unit),
                    go_quote(orig)
                ))
            }
        };
        if v > (1u64 << 63) / mult {
            return Err(invalid());
        }
        v *= mult;
        if f > 0 {
            v += (f as f64 * (mult as f64 / scale)) as u64;
            if v > 1u64 << 63 {
                return Err(invalid());
            }
        }
        total = total.wrapping_add(v);
        if total > 1u64 << 63 {
            return Err(invalid());
        }
        rest = &rest[i..];
    }
    if neg {
        return Ok((total as i128).wrapping_neg() as i64);
    }
    if total > (1u64 << 63) - 1 {
        return Err(invalid());
    }
    Ok(total as i64)
}

/// Whole seconds of a duration, truncated like Go's `d.Nanoseconds() / 1e9`.
pub fn duration_seconds(nanos: i64) -> i64 {
    nanos / 1_000_000_000
}

/// go-units `RAMInBytes` (binary multiples).
pub fn ram_in_bytes(s: &str) -> Result<i64, String> {
    // ^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$
    let b = s.as_bytes();
    let mut i = 0;
    let num_start = 0;
    let digits = |i: &mut usize| {
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > st
    };
    let invalid = || format!("invalid size: '{s}'");
    if !digits(&mut i) {
        return Err(invalid());
    }
    loop {
        if i < b.len() && b[i] == b'.' {
            let save = i;
            i += 1;
            if !digits(&mut i) {
                i = save;
                break;
            }
        } else {
            break;
        }
    }
    let num = &s[num_start..i];
    if i < b.len() && b[i] == b' ' {
        i += 1;
    }
    let mut unit = None;
    if i < b.len() && b"kKmMgGtTpP".contains(&b[i]) {
        unit = Some(b[i].to_ascii_lowercase());
        i += 1;
    }
    if i < b.len() && (b[i] == b'i' || b[i] == b'I') {
        i += 1;
    }
    if i < b.len() && (b[i] == b'b' || b[i] == b'B') {
        i += 1;
    }
    if i != b.len() {
        return Err(invalid());
    }
    let size: f64 = num.parse().map_err(|_| {
        format!(
            "strconv.ParseFloat: parsing {}: invalid syntax",
            go_quote(num)
        )
    })?;
    let mul: f64 = match unit {
        Some(b'k') => 1024.0,
        Some(b'm') => 1024.0 * 1024.0,
        Some(b'g') => 1024.0 * 1024.0 * 1024.0,
        Some(b't') => 1024.0f64.powi(4),
        Some(b'p') => 1024.0f64.powi(5),
        _ => 1.0,
    };
    Ok(go_f64_to_i64(size * mul))
}

/// Go's int64(float64) conversion for the values we produce (saturating outside the range).
pub fn go_f64_to_i64(f: f64) -> i64 {
    if f.is_nan() || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// Bytes to MiB as the original does (integer division; 0 stays 0).
pub fn mib(bytes: i64) -> i64 {
    bytes / (1024 * 1024)
}

fn syntax_err(func: &str, s: &str) -> String {
    format!("strconv.{func}: parsing {}: invalid syntax", go_quote(s))
}

fn range_err(func: &str, s: &str) -> String {
    format!(
        "strconv.{func}: parsing {}: value out of range",
        go_quote(s)
    )
}

/// Go's `strconv.ParseInt(s, 10, bits)`.
pub fn parse_int(s: &str, bits: u32, func: &str) -> Result<i64, String> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() || !body.bytes().all(|c| c.is_ascii_digit()) {
        return Err(syntax_err(func, s));
    }
    let mag: u128 = match body.parse::<u128>() {
        Ok(v) => v,
        Err(_) => return Err(range_err(func, s)),
    };
    let limit: u128 = 1u128 << (bits - 1);
    if neg {
        if mag > limit {
            return Err(range_err(func, s));
        }
        Ok(-(mag as i128) as i64)
    } else {
        if mag >= limit {
            return Err(range_err(func, s));
        }
        Ok(mag as i64)
    }
}

/// Go's `strconv.Atoi`.
pub fn atoi(s: &str) -> Result<i64, String> {
    parse_int(s, 64, "Atoi")
}

/// Go's `strconv.ParseUint(s, 10, bits)`.
pub fn parse_uint(s: &str, bits: u32) -> Result<u64, String> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return Err(syntax_err("ParseUint", s));
    }
    match s.parse::<u128>() {
        Ok(v) if v < (1u128 << bits) => Ok(v as u64),
        _ => Err(range_err("ParseUint", s)),
    }
}

// ------------------------------------------------------------------------------------------
// go-shlex word splitting (libcompose's `command`/`entrypoint` strings)

#[derive(Clone, Copy, PartialEq)]
enum RuneClass {
    Unknown,
    Char,
    Space,
    EscapingQuote,
    NonEscapingQuote,
    Escape,
    Comment,
    Eof,
}

fn classify(c: Option<char>) -> RuneClass {
    match c {
        None => RuneClass::Eof,
        Some(c) => {
            if c.is_ascii_alphanumeric() || "._-,/@$*()+=><:;&^%~|!?[]{}".contains(c) {
                RuneClass::Char
            } else if " \t\r\n".contains(c) {
                RuneClass::Space
            } else if c == '"' {
                RuneClass::EscapingQuote
            } else if c == '\'' {
                RuneClass::NonEscapingQuote
            } else if c == '\\' {
                RuneClass::Escape
            } else if c == '#' {
                RuneClass::Comment
            } else {
                RuneClass::Unknown
            }
        }
    }
}

/// go-shlex `Split`.
pub fn shlex_split(s: &str) -> Result<Vec<String>, String> {
    #[derive(Clone, Copy, PartialEq)]
    enum St {
        Start,
        InWord,
        Escaping,
        EscapingQuoted,
        QuotedEscaping,
        Quoted,
        Comment,
    }
    let chars: Vec<char> = s.chars().collect();
    let mut pos = 0;
    let mut words = Vec::new();
    loop {
        // scan one token
        let mut state = St::Start;
        let mut value = String::new();
        let mut is_word = false;
        let mut err: Option<String> = None;
        loop {
            let c = chars.get(pos).copied();
            pos += 1;
            let class = classify(c);
            let unknown = |c: Option<char>, typo: bool| {
                format!(
                    "{}: {}",
                    if typo { "Uknown rune" } else { "Unknown rune" },
                    c.map(|c| c as u32).unwrap_or(0)
                )
            };
            match state {
                St::Start => match class {
                    RuneClass::Eof => return Ok(words),
                    RuneClass::Char => {
                        is_word = true;
                        value.push(c.unwrap_or_default());
                        state = St::InWord;
                    }
                    RuneClass::Space => {}
                    RuneClass::EscapingQuote => {
                        is_word = true;
                        state = St::QuotedEscaping;
                    }
                    RuneClass::NonEscapingQuote => {
                        is_word = true;
                        state = St::Quoted;
                    }
                    RuneClass::Escape => {
                        is_word = true;
                        state = St::Escaping;
                    }
                    RuneClass::Comment => {
                        is_word = false;
                        state = St::Comment;
                    }
                    RuneClass::Unknown => return Err(unknown(c, false)),
                },
                St::InWord => match class {
                    RuneClass::Eof => break,
                    RuneClass::Char | RuneClass::Comment => value.push(c.unwrap_or_default()),
                    RuneClass::Space => {
                        pos -= 1;
                        break;
                    }
                    RuneClass::EscapingQuote => state = St::QuotedEscaping,
                    RuneClass::NonEscapingQuote => state = St::Quoted,
                    RuneClass::Escape => state = St::Escaping,
                    RuneClass::Unknown => return Err(unknown(c, true)),
                },
                St::Escaping => match class {
                    RuneClass::Eof => {
                        err = Some("EOF found after escape character".into());
                        break;
                    }
                    RuneClass::Unknown => return Err(unknown(c, true)),
                    _ => {
                        state = St::InWord;
                        value.push(c.unwrap_or_default());
                    }
                },
                St::EscapingQuoted => match class {
                    RuneClass::Eof => {
                        err = Some("EOF found after escape character".into());
                        break;
                    }
                    RuneClass::Unknown => return Err(unknown(c, true)),
                    _ => {
                        state = St::QuotedEscaping;
                        value.push(c.unwrap_or_default());
                    }
                },
                St::QuotedEscaping => match class {
                    RuneClass::Eof => {
                        err = Some("EOF found when expecting closing quote.".into());
                        break;
                    }
                    RuneClass::EscapingQuote => state = St::InWord,
                    RuneClass::Escape => state = St::EscapingQuoted,
                    _ => value.push(c.unwrap_or_default()),
                },
                St::Quoted => match class {
                    RuneClass::Eof => {
                        err = Some("EOF found when expecting closing quote.".into());
                        break;
                    }
                    RuneClass::NonEscapingQuote => state = St::InWord,
                    _ => value.push(c.unwrap_or_default()),
                },
                St::Comment => match class {
                    RuneClass::Eof => break,
                    RuneClass::Space => {
                        if c == Some('\n') {
                            break;
                        }
                        value.push(c.unwrap_or_default());
                    }
                    _ => value.push(c.unwrap_or_default()),
                },
            }
        }
        if let Some(e) = err {
            return Err(e);
        }
        if is_word {
            words.push(value);
        }
    }
}

// ------------------------------------------------------------------------------------------
// go-connections/nat port specs (docker/cli's short port syntax in v3)

#[derive(Debug, Clone, PartialEq)]
pub struct PortBinding {
    pub host_ip: String,
    pub host_port: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PortMapping {
    /// "80/tcp"
    pub port: String,
    pub binding: PortBinding,
}

/// nat.ParsePortRange
pub fn parse_port_range(ports: &str) -> Result<(u64, u64), String> {
    if ports.is_empty() {
        return Err("Empty string specified for ports.".into());
    }
    if !ports.contains('-') {
        let start = parse_uint(ports, 16)?;
        return Ok((start, start));
    }
    let parts: Vec<&str> = ports.split('-').collect();
    let start = parse_uint(parts[0], 16)?;
    let end = parse_uint(parts.get(1).copied().unwrap_or(""), 16)?;
    if end < start {
        return Err(format!("Invalid range specified for the Port: {ports}"));
    }
    Ok((start, end))
}

fn split_parts(raw: &str) -> (String, String, String) {
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    let container = parts[n - 1].to_string();
    match n {
        1 => (String::new(), String::new(), container),
        2 => (String::new(), parts[0].to_string(), container),
        3 => (parts[0].to_string(), parts[1].to_string(), container),
        _ => (
            parts[..n - 2].join(":"),
            parts[n - 2].to_string(),
            container,
        ),
    }
}

/// nat.SplitProtoPort
pub fn split_proto_port(raw: &str) -> (String, String) {
    let parts: Vec<&str> = raw.split('/').collect();
    if raw.is_empty() || parts[0].is_empty() {
        return (String::new(), String::new());
    }
    if parts.len() == 1 {
        return ("tcp".into(), raw.to_string());
    }
    if parts[1].is_empty() {
        return ("tcp".into(), parts[0].to_string());
    }
    (parts[1].to_string(), parts[0].to_string())
}

fn valid_ip(ip: &str) -> bool {
    ip.parse::<std::net::IpAddr>().is_ok()
}

/// nat.ParsePortSpec
pub fn parse_port_spec(raw: &str) -> Result<Vec<PortMapping>, String> {
    let (raw_ip, mut host_port, container) = split_parts(raw);
    let (proto, container_port) = split_proto_port(&container);
    // Strip [] from IPv6 addresses (net.SplitHostPort(rawIP + ":")).
    let ip = if raw_ip.starts_with('[') {
        match raw_ip.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            Some(inner) => inner.to_string(),
            None => {
                return Err(format!(
                    "Invalid ip address {raw_ip}: address {raw_ip}:: missing ']' in address"
                ))
            }
        }
    } else {
        if raw_ip.contains(':') {
            return Err(format!(
                "Invalid ip address {raw_ip}: address {raw_ip}:: too many colons in address"
            ));
        }
        raw_ip.clone()
    };
    if !ip.is_empty() && !valid_ip(&ip) {
        return Err(format!("Invalid ip address: {ip}"));
    }
    if container_port.is_empty() {
        return Err(format!("No port specified: {raw}<empty>"));
    }
    let (start, end) = parse_port_range(&container_port)
        .map_err(|_| format!("Invalid containerPort: {container_port}"))?;
    let (mut hstart, mut hend) = (0u64, 0u64);
    if !host_port.is_empty() {
        let r =
            parse_port_range(&host_port).map_err(|_| format!("Invalid hostPort: {host_port}"))?;
        hstart = r.0;
        hend = r.1;
    }
    if !host_port.is_empty() && (end - start) != (hend - hstart) && end != start {
        return Err(format!(
            "Invalid ranges specified for container and host Ports: {container_port} and {host_port}"
        ));
    }
    let proto_l = proto.to_ascii_lowercase();
    if !matches!(proto_l.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("Invalid proto: {proto}"));
    }
    let mut out = Vec::new();
    for i in 0..=(end - start) {
        let cport = (start + i).to_string();
        if !host_port.is_empty() {
            host_port = (hstart + i).to_string();
        }
        if start == end && hstart != hend {
            host_port = format!("{host_port}-{hend}");
        }
        out.push(PortMapping {
            port: format!("{cport}/{proto_l}"),
            binding: PortBinding {
                host_ip: ip.clone(),
                host_port: host_port.clone(),
            },
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let s = 1_000_000_000;
        assert_eq!(parse_duration("45s"), Ok(45 * s));
        assert_eq!(parse_duration("1m30s"), Ok(90 * s));
        assert_eq!(parse_duration("1500ms"), Ok(1_500_000_000));
        assert_eq!(parse_duration("1.5h"), Ok(5400 * s));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(duration_seconds(1_500_000_000), 1);
        assert_eq!(
            parse_duration("ten seconds").unwrap_err(),
            "time: invalid duration \"ten seconds\""
        );
        assert_eq!(
            parse_duration("10").unwrap_err(),
            "time: missing unit in duration \"10\""
        );
        assert_eq!(
            parse_duration("10x").unwrap_err(),
            "time: unknown unit \"x\" in duration \"10x\""
        );
        assert_eq!(
            parse_duration("").unwrap_err(),
            "time: invalid duration \"\""
        );
    }

    #[test]
    fn memory_units() {
        assert_eq!(ram_in_bytes("512m"), Ok(512 * 1024 * 1024));
        assert_eq!(ram_in_bytes("1g"), Ok(1 << 30));
        assert_eq!(ram_in_bytes("1.5g"), Ok(1_610_612_736));
        assert_eq!(ram_in_bytes("262144k"), Ok(268_435_456));
        assert_eq!(ram_in_bytes("2GB"), Ok(2 << 30));
        assert_eq!(ram_in_bytes("64MiB"), Ok(64 << 20));
        assert_eq!(ram_in_bytes("100"), Ok(100));
        assert_eq!(ram_in_bytes("1 k"), Ok(1024));
        assert_eq!(ram_in_bytes("lots").unwrap_err(), "invalid size: 'lots'");
        assert_eq!(mib(1_024_000), 0);
        assert_eq!(mib(ram_in_bytes("1.5g").unwrap()), 1536);
    }

    #[test]
    fn ints() {
        assert_eq!(atoi("80"), Ok(80));
        assert_eq!(atoi("+80"), Ok(80));
        assert_eq!(
            atoi("8000-8001").unwrap_err(),
            "strconv.Atoi: parsing \"8000-8001\": invalid syntax"
        );
        assert_eq!(
            parse_int("lots", 64, "ParseInt").unwrap_err(),
            "strconv.ParseInt: parsing \"lots\": invalid syntax"
        );
        assert!(parse_uint("70000", 16)
            .unwrap_err()
            .contains("value out of range"));
    }

    #[test]
    fn shlex() {
        assert_eq!(
            shlex_split("echo \"hello v3\" done").unwrap(),
            vec!["echo", "hello v3", "done"]
        );
        assert_eq!(shlex_split("sleep 1000").unwrap(), vec!["sleep", "1000"]);
        assert_eq!(
            shlex_split("a 'b c' d\\ e").unwrap(),
            vec!["a", "b c", "d e"]
        );
        assert_eq!(shlex_split("a # comment\nb").unwrap(), vec!["a", "b"]);
        assert_eq!(shlex_split("").unwrap(), Vec::<String>::new());
        assert!(shlex_split("a \"b").is_err());
        assert_eq!(shlex_split("`x`").unwrap_err(), "Unknown rune: 96");
    }

    #[test]
    fn port_specs() {
        let p = parse_port_spec("127.0.0.1:5000-5001:5000-5001/udp").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].port, "5001/udp");
        assert_eq!(p[1].binding.host_port, "5001");
        assert_eq!(p[0].binding.host_ip, "127.0.0.1");
        let p = parse_port_spec("3000-3002").unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(p[2].binding.host_port, "");
        assert_eq!(
            parse_port_spec("80:abc").unwrap_err(),
            "Invalid containerPort: abc"
        );
        let p = parse_port_spec("8000-8010:80").unwrap();
        assert_eq!(p[0].binding.host_port, "8000-8010");
    }
}
