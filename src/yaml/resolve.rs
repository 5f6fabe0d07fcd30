//! go-yaml v2's scalar resolution (YAML 1.1: `yes`/`on` are booleans, `0x1F` and `017` are
//! integers, `2001-12-14` is a timestamp kept as text) and its tags. A scalar resolves to its
//! tag and the untyped value go-yaml gives it (timestamps and the merge key `<<` are kept as
//! strings; their tag says what they are).

use super::value::Value;
use crate::go::strconv;

pub const STR_TAG: &str = "tag:yaml.org,2002:str";
pub const INT_TAG: &str = "tag:yaml.org,2002:int";
pub const FLOAT_TAG: &str = "tag:yaml.org,2002:float";
pub const BOOL_TAG: &str = "tag:yaml.org,2002:bool";
pub const NULL_TAG: &str = "tag:yaml.org,2002:null";
pub const SEQ_TAG: &str = "tag:yaml.org,2002:seq";
pub const MAP_TAG: &str = "tag:yaml.org,2002:map";
pub const BINARY_TAG: &str = "tag:yaml.org,2002:binary";
pub const TIMESTAMP_TAG: &str = "tag:yaml.org,2002:timestamp";
pub const MERGE_TAG: &str = "tag:yaml.org,2002:merge";

pub fn short_tag(tag: &str) -> String {
    if let Some(rest) = tag.strip_prefix("tag:yaml.org,2002:") {
        format!("!!{rest}")
    } else {
        tag.to_string()
    }
}

fn resolve_map(s: &str) -> Option<(&'static str, Value)> {
    Some(match s {
        "" | "~" | "null" | "Null" | "NULL" => (NULL_TAG, Value::Null),
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            (BOOL_TAG, Value::Bool(true))
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            (BOOL_TAG, Value::Bool(false))
        }
        ".nan" | ".NaN" | ".NAN" => (FLOAT_TAG, Value::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            (FLOAT_TAG, Value::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => (FLOAT_TAG, Value::Float(f64::NEG_INFINITY)),
        "<<" => (MERGE_TAG, Value::Str(s.to_string())),
        _ => return None,
    })
}

fn resolvable_tag(tag: &str) -> bool {
    matches!(
        tag,
        "" | STR_TAG | BOOL_TAG | INT_TAG | FLOAT_TAG | TIMESTAMP_TAG
    )
}

fn yaml_style_float(s: &str) -> bool {
    // ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

fn looks_like_timestamp(s: &str) -> bool {
    // go-yaml only tries timestamps when the fifth byte is '-' and the first four are digits.
    let b = s.as_bytes();
    if b.len() < 8 || b[4] != b'-' || !b[..4].iter().all(|c| c.is_ascii_digit()) {
        return false;
    }
    // Formats: 2006-1-2, 2006-1-2T15:4:5..., 2006-1-2 15:4:5...
    let rest = &s[5..];
    let (date, time) = match rest.find(['T', 't', ' ']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let mut parts = date.split('-');
    let m = parts.next().unwrap_or("");
    let d = parts.next().unwrap_or("");
    if parts.next().is_some() || !is_1or2_digits(m) || !is_1or2_digits(d) {
        return false;
    }
    let (mv, dv): (u32, u32) = (m.parse().unwrap_or(0), d.parse().unwrap_or(0));
    if !(1..=12).contains(&mv) || !(1..=31).contains(&dv) {
        return false;
    }
    match time {
        None => true,
        Some(t) => {
            let t = t.trim_end_matches('Z');
            let main = t.split(['+', '-']).next().unwrap_or("");
            let main = main.split('.').next().unwrap_or("");
            let hms: Vec<&str> = main.split(':').collect();
            hms.len() == 3 && hms.iter().all(|p| is_1or2_digits(p))
        }
    }
}

fn is_1or2_digits(s: &str) -> bool {
    !s.is_empty() && s.len() <= 2 && s.bytes().all(|c| c.is_ascii_digit())
}

/// go-yaml v2 `resolve(tag, in)`.
pub fn resolve(tag: &str, text: &str) -> Result<(String, Value), String> {
    if !resolvable_tag(tag) {
        return Ok((tag.to_string(), Value::Str(text.to_string())));
    }
    let (rtag, out) = resolve_untyped(tag, text);
    match tag {
        "" | STR_TAG | BINARY_TAG => Ok((rtag.to_string(), out)),
        t if t == rtag => Ok((rtag.to_string(), out)),
        FLOAT_TAG if rtag == INT_TAG => match out {
            Value::Int(i) => Ok((FLOAT_TAG.to_string(), Value::Float(i as f64))),
            _ => Err(cannot_decode(rtag, text, tag)),
        },
        _ => Err(cannot_decode(rtag, text, tag)),
    }
}

fn cannot_decode(rtag: &str, text: &str, tag: &str) -> String {
    format!(
        "yaml: cannot decode {} `{}` as a {}",
        short_tag(rtag),
        text,
        short_tag(tag)
    )
}

fn resolve_untyped(tag: &str, text: &str) -> (&'static str, Value) {
    let hint = match text.as_bytes().first() {
        None => b'N',
        Some(b'+') | Some(b'-') => b'S',
        Some(c) if c.is_ascii_digit() => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        _ => 0,
    };
    if hint != 0 && tag != STR_TAG && tag != BINARY_TAG {
        if let Some((t, v)) = resolve_map(text) {
            return (t, v);
        }
        match hint {
            b'.' => {
                if let Ok(f) = strconv::parse_float(text) {
                    return (FLOAT_TAG, Value::Float(f));
                }
            }
            b'D' | b'S' => {
                if (tag.is_empty() || tag == TIMESTAMP_TAG) && looks_like_timestamp(text) {
                    return (TIMESTAMP_TAG, Value::Str(text.to_string()));
                }
                let plain = text.replace('_', "");
                if let Some(i) = strconv::parse_int_base0(&plain) {
                    return (INT_TAG, Value::Int(i));
                }
                if let Some(u) = strconv::parse_uint_base0(&plain) {
                    return (INT_TAG, Value::Uint(u));
                }
                if yaml_style_float(&plain) {
                    if let Ok(f) = strconv::parse_float(&plain) {
                        return (FLOAT_TAG, Value::Float(f));
                    }
                }
                if let Some(rest) = plain.strip_prefix("-0b") {
                    if let Ok(i) = i64::from_str_radix(&format!("-{rest}"), 2) {
                        return (INT_TAG, Value::Int(i));
                    }
                }
            }
            _ => {}
        }
    }
    (STR_TAG, Value::Str(text.to_string()))
}
