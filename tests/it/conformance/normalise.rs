//! The command corpus's normalisation (`tests/conformance/commands/`): from the emulator's
//! request recording to the compared call list, and from run-specific text (paths, ids, times)
//! to stable placeholders.
//!
//! The rules, in brief (every one is part of the corpus format: the recorded `expected/` files
//! were made with them):
//! - **which calls**: the signing service and the operation of every recorded request
//!   ([`decode_entry`]); kept when the operation starts with a mutating verb, plus three reads
//!   whose parameters are behaviour ([`kept`]). Query bodies become nested data
//!   ([`parse_query`]).
//! - **canonical forms** ([`canonical_call`]): a CloudFormation template becomes a summary, stack
//!   parameters a map (UserData's MIME parts split out), the lists built from Go maps are sorted,
//!   idempotency tokens become `<token>`, log times near the run become `<now-Nmin>`; blocks of
//!   consecutive calls issued in map order are sorted ([`sort_unordered_blocks`]).
//! - **placeholders** ([`Normaliser`]): run paths, setup variables, secret suffixes, compact
//!   timestamps, request ids, times near the run, then generated ids numbered by first
//!   appearance (calls, then stdout, then stderr, then files).
//!
//! Also here: the small pieces of text handling the runner shares with the corpus format
//! (`${NAME}` expansion, shell-quoted command lines, line splitting, JSON sort keys).

use regex::Regex;
use serde_json::{Map, Value};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::OnceLock;

// ------------------------------------------------------------------------------ which calls

/// Operations kept in the call list: these prefixes, plus [`KEPT_READS`].
const MUTATING_PREFIXES: &[&str] = &[
    "Create",
    "Delete",
    "Update",
    "Register",
    "Deregister",
    "Run",
    "Start",
    "Stop",
    "Put",
    "Tag",
    "Untag",
    "Attach",
    "Submit",
];

/// Reads whose parameters are behaviour.
const KEPT_READS: &[(&str, &str)] = &[
    ("logs", "FilterLogEvents"),
    ("logs", "GetLogEvents"),
    ("ecr", "DescribeImages"),
];

/// Families of calls that the original issues while iterating a Go map: a block of consecutive
/// calls from one family is compared as a multiset.
const UNORDERED_FAMILIES: &[&[(&str, &str)]] = &[
    &[
        ("secretsmanager", "CreateSecret"),
        ("secretsmanager", "PutSecretValue"),
    ],
    &[("logs", "CreateLogGroup")],
];

/// Idempotency tokens: compared by neither presence nor value.
pub const TOKEN_KEYS: &[&str] = &[
    "ClientRequestToken",
    "ClientToken",
    "clientToken",
    "IdempotencyToken",
    "idempotencyToken",
];

/// Whether a call of this service and operation goes into the compared call list.
pub fn kept(service: &str, operation: &str) -> bool {
    MUTATING_PREFIXES.iter().any(|p| operation.starts_with(p))
        || KEPT_READS.contains(&(service, operation))
}

fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

/// One recorded request, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The SigV4 signing name (`ecs`, `cloudformation`, `tagging`...).
    pub service: String,
    /// From `X-Amz-Target` or the query `Action`; `METHOD /path` for anything else.
    pub operation: String,
    pub body: Value,
    /// The signing region, when the request was signed.
    pub region: Option<String>,
}

/// (signing service, region) from the SigV4 credential scope; the host's first label otherwise.
fn service_of(headers: &HashMap<String, String>) -> (String, Option<String>) {
    static SIGV4: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &SIGV4,
        r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request",
    );
    let auth = headers
        .get("authorization")
        .map(String::as_str)
        .unwrap_or("");
    if let Some(c) = re.captures(auth) {
        return (c[2].to_string(), Some(c[1].to_string()));
    }
    let host = headers.get("host").map(String::as_str).unwrap_or("");
    if host.is_empty() {
        ("?".to_string(), None)
    } else {
        (host.split('.').next().unwrap_or("").to_string(), None)
    }
}

/// Base64 as Python's `b64decode` reads it by default: characters outside the alphabet are
/// skipped; missing padding is tolerated here.
fn b64decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    let clean: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
        .collect();
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(clean.as_bytes())
        .unwrap_or_default()
}

/// One line of the emulator's recording (`{headers, method, url, body, body_encoded}`) →
/// service, operation, body data and signing region.
pub fn decode_entry(entry: &Value) -> Decoded {
    let mut headers = HashMap::new();
    if let Some(Value::Object(h)) = entry.get("headers") {
        for (k, v) in h {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            headers.insert(k.to_lowercase(), v);
        }
    }
    let raw_body = match entry.get("body") {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    let body = if truthy(entry.get("body_encoded")) {
        String::from_utf8_lossy(&b64decode(&raw_body)).into_owned()
    } else {
        raw_body
    };
    let (service, region) = service_of(&headers);
    let target = headers.get("x-amz-target").cloned().unwrap_or_default();
    if !target.is_empty() {
        let operation = target.rsplit('.').next().unwrap_or("").to_string();
        let data = if body.trim().is_empty() {
            Value::Object(Map::new())
        } else {
            serde_json::from_str(&body).unwrap_or_else(|_| {
                let mut m = Map::new();
                m.insert("<unparseable body>".into(), Value::String(body.clone()));
                Value::Object(m)
            })
        };
        return Decoded {
            service,
            operation,
            body: data,
            region,
        };
    }
    let ctype = headers.get("content-type").cloned().unwrap_or_default();
    if !body.is_empty()
        && (ctype.contains("x-www-form-urlencoded")
            || body.starts_with("Action=")
            || body.contains("&Action="))
    {
        let (action, data) = parse_query(&body);
        return Decoded {
            service,
            operation: action.unwrap_or_else(|| "?".to_string()),
            body: data,
            region,
        };
    }
    let url = entry.get("url").and_then(Value::as_str).unwrap_or("");
    let path = if url.is_empty() {
        "?".to_string()
    } else {
        url_path(url)
    };
    let method = match entry.get("method") {
        Some(Value::String(s)) => s.clone(),
        _ => "None".to_string(),
    };
    let mut data = Map::new();
    if !body.is_empty() {
        data.insert("<body>".into(), Value::String(body));
    }
    Decoded {
        service,
        operation: format!("{method} {path}"),
        body: Value::Object(data),
        region,
    }
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// The path of a URL (`urlsplit(url).path`).
fn url_path(url: &str) -> String {
    let rest = match url.find("://") {
        Some(i)
            if i > 0
                && url[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            let after = &url[i + 3..];
            match after.find(['/', '?', '#']) {
                Some(j) => &after[j..],
                None => "",
            }
        }
        _ => url,
    };
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    rest[..end].to_string()
}

/// `application/x-www-form-urlencoded` decoding of one name or value (`+` is a space; invalid
/// UTF-8 becomes U+FFFD).
fn unquote_plus(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push(hi * 16 + lo);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An awsQuery / EC2 form body → (`Action`, nested data): dotted names become nested maps,
/// maps whose keys are all numbers become lists (in numeric order), `.member` levels are
/// dropped, `entry` lists of key/value pairs become maps; `Action` and `Version` are dropped.
/// Every value stays a string, as on the wire.
pub fn parse_query(body: &str) -> (Option<String>, Value) {
    let mut action = None;
    let mut root = Map::new();
    for pair in body.split('&') {
        if pair.is_empty() {
            continue;
        }
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (unquote_plus(k), unquote_plus(v));
        if k == "Action" {
            action = Some(v);
            continue;
        }
        if k == "Version" {
            continue;
        }
        let parts: Vec<&str> = k.split('.').collect();
        let mut node = &mut root;
        for p in &parts[..parts.len() - 1] {
            if !matches!(node.get(*p), Some(Value::Object(_))) {
                node.insert((*p).to_string(), Value::Object(Map::new()));
            }
            node = match node.get_mut(*p) {
                Some(Value::Object(m)) => m,
                _ => unreachable!("just inserted a map"),
            };
        }
        node.insert(parts[parts.len() - 1].to_string(), Value::String(v));
    }
    (action, listify(Value::Object(root)))
}

fn all_digits(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_ascii_digit())
}

fn numeric_order(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn listify(node: Value) -> Value {
    let Value::Object(map) = node else {
        return node;
    };
    if map.len() == 1 && map.contains_key("member") {
        return listify(map.into_iter().next().expect("one entry").1);
    }
    if !map.is_empty() && map.keys().all(|k| all_digits(k)) {
        let mut items: Vec<(String, Value)> = map.into_iter().collect();
        items.sort_by(|a, b| numeric_order(&a.0, &b.0));
        return Value::Array(items.into_iter().map(|(_, v)| listify(v)).collect());
    }
    if map.len() == 1 && map.contains_key("entry") {
        let entries = listify(map.into_iter().next().expect("one entry").1);
        if let Value::Array(items) = &entries {
            let pairs = items.iter().all(|e| {
                e.as_object()
                    .is_some_and(|o| o.keys().all(|k| k == "key" || k == "value"))
            });
            if pairs {
                let mut out = Map::new();
                for e in items {
                    let key = match e.get("key") {
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => other.to_string(),
                        None => "null".to_string(),
                    };
                    out.insert(key, e.get("value").cloned().unwrap_or(Value::Null));
                }
                return Value::Object(out);
            }
        }
        return entries;
    }
    Value::Object(map.into_iter().map(|(k, v)| (k, listify(v))).collect())
}

// ------------------------------------------------------------------------------ canonical forms

/// `json.dumps(value, sort_keys=True)` as Python writes it (`", "` and `": "` separators,
/// non-ASCII escaped): the sort key of the lists sorted here, so that they sort exactly as the
/// recorded ones did.
pub fn py_json_key(value: &Value) -> String {
    let mut out = String::new();
    write_py_json(value, &mut out);
    out
}

fn write_py_json(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&py_number(n)),
        Value::String(s) => write_py_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_py_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_py_string(k, out);
                out.push_str(": ");
                write_py_json(&map[k], out);
            }
            out.push('}');
        }
    }
}

fn write_py_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A number as Python prints it (`repr`): integers as they are, floats in the shortest form
/// that reads back, with `.0` or an exponent (`1e+16`, `1.5e-05`).
fn py_number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    py_float(f)
}

fn py_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "1.5e-5", "1e16", "-2.25e0".
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').expect("scientific notation");
    let exp: i32 = exp.parse().expect("exponent");
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if negative { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let body = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if (point as usize) >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{body}")
    } else {
        let mant = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mant}e{esign}{:02}", exp.abs())
    }
}

/// `str(value)` as Python writes it, for the sort keys that use a name field.
fn py_str(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "None".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => if *b { "True" } else { "False" }.into(),
        Some(Value::Number(n)) => py_number(n),
        Some(other) => py_json_key(other),
    }
}

/// Python's ordering of two values of a list sorted without a key (strings by code point;
/// mixed types, which Python refuses to sort, by their JSON).
fn py_order(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        _ => py_json_key(a).cmp(&py_json_key(b)),
    }
}

fn sort_by_json(items: &mut [Value]) {
    items.sort_by_cached_key(py_json_key);
}

/// Sorted by `(str(name), json)`; elements that are not objects have the name `""`.
fn sort_by_name(items: &mut [Value]) {
    items.sort_by_cached_key(|v| {
        let name = if v.is_object() {
            py_str(v.get("name"))
        } else {
            String::new()
        };
        (name, py_json_key(v))
    });
}

/// A template scalar as the summary compares it: booleans and numbers as strings.
fn template_scalar(v: &Value) -> Value {
    match v {
        Value::Bool(b) => Value::String(if *b { "true" } else { "false" }.into()),
        Value::Number(n) => Value::String(py_number(n)),
        other => other.clone(),
    }
}

fn sorted_keys(v: Option<&Value>) -> Value {
    let mut keys: Vec<Value> = match v {
        Some(Value::Object(m)) => m.keys().map(|k| Value::String(k.clone())).collect(),
        Some(Value::Array(items)) => items.clone(),
        Some(Value::String(s)) => s.chars().map(|c| Value::String(c.to_string())).collect(),
        _ => Vec::new(),
    };
    keys.sort_by(py_order);
    Value::Array(keys)
}

/// Whether YAML text has a tab outside quoted scalars and comments: PyYAML fails on it ("found
/// character '\t' that cannot start any token").
fn has_token_tab(text: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some('"') if c == '\\' => {
                chars.next();
            }
            Some(q) if c == q => {
                if q == '\'' && chars.peek() == Some(&'\'') {
                    chars.next();
                } else {
                    quote = None;
                }
            }
            Some(_) => {}
            None if comment => comment = c != '\n',
            None => match c {
                '\t' => return true,
                '"' | '\'' => quote = Some(c),
                '#' if prev.is_whitespace() => comment = true,
                _ => {}
            },
        }
        prev = c;
    }
    false
}

/// A CloudFormation template (JSON, or YAML as a fallback) → what is compared of it: parameter
/// names, each resource's type, condition and literal tags, condition names, output names.
pub fn template_summary(text: &str) -> Value {
    let template: Option<Value> = serde_json::from_str(text).ok().or_else(|| {
        // PyYAML (the reference) refuses a tab where a token may start; libyaml allows some.
        if has_token_tab(text) {
            None
        } else {
            serde_yaml_ng::from_str::<Value>(text).ok()
        }
    });
    let template = match template {
        Some(Value::Object(m)) => m,
        _ => {
            let mut m = Map::new();
            m.insert("<unparseable template>".into(), Value::Bool(true));
            return Value::Object(m);
        }
    };
    let mut resources = Map::new();
    if let Some(Value::Object(res)) = template.get("Resources") {
        for (id, resource) in res {
            let empty = Map::new();
            let resource = resource.as_object().unwrap_or(&empty);
            let mut r = Map::new();
            r.insert(
                "Type".into(),
                resource.get("Type").cloned().unwrap_or(Value::Null),
            );
            if let Some(cond) = resource.get("Condition") {
                r.insert("Condition".into(), cond.clone());
            }
            if let Some(Value::Array(tags)) = resource.get("Properties").and_then(|p| p.get("Tags"))
            {
                if !tags.is_empty() {
                    let tags = tags
                        .iter()
                        .map(|t| match t {
                            Value::Object(m) => Value::Object(
                                m.iter()
                                    .map(|(k, v)| (k.clone(), template_scalar(v)))
                                    .collect(),
                            ),
                            other => other.clone(),
                        })
                        .collect();
                    r.insert("Tags".into(), Value::Array(tags));
                }
            }
            resources.insert(id.clone(), Value::Object(r));
        }
    }
    let mut out = Map::new();
    out.insert("Parameters".into(), sorted_keys(template.get("Parameters")));
    out.insert("Resources".into(), Value::Object(resources));
    out.insert("Conditions".into(), sorted_keys(template.get("Conditions")));
    out.insert("Outputs".into(), sorted_keys(template.get("Outputs")));
    Value::Object(out)
}

/// Stack `Parameters` (a list of `{ParameterKey, ParameterValue|UsePreviousValue}`) → a map
/// key → value; `UsePreviousValue=true` → `"<UsePreviousValue>"`; `UserData` split into its
/// MIME parts ([`mime_parts`]).
pub fn stack_parameters(params: &Value) -> Value {
    let mut out = Map::new();
    if let Value::Array(items) = params {
        for p in items {
            let Value::Object(p) = p else { continue };
            let key = match p.get("ParameterKey") {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => "null".into(),
            };
            let use_previous = match p.get("UsePreviousValue") {
                None => String::new(),
                Some(v) => py_str(Some(v)),
            };
            if use_previous.to_lowercase() == "true" {
                out.insert(key, Value::String("<UsePreviousValue>".into()));
            } else {
                let v = p.get("ParameterValue").cloned().unwrap_or(Value::Null);
                let v = if key == "UserData" { mime_parts(&v) } else { v };
                out.insert(key, v);
            }
        }
    }
    Value::Object(out)
}

/// RegisterTaskDefinition: the lists whose order is Go map order in the original, sorted.
fn register_td_order(req: &mut Map<String, Value>) {
    if let Some(Value::Array(cds)) = req.get_mut("containerDefinitions") {
        for cd in cds.iter_mut() {
            let Value::Object(cd) = cd else { continue };
            for field in ["environment", "extraHosts", "ulimits"] {
                if let Some(Value::Array(items)) = cd.get_mut(field) {
                    sort_by_json(items);
                }
            }
            if let Some(Value::Array(devices)) = cd
                .get_mut("linuxParameters")
                .and_then(|lp| lp.get_mut("devices"))
            {
                for dev in devices.iter_mut() {
                    if let Some(Value::Array(perms)) = dev.get_mut("permissions") {
                        perms.sort_by(py_order);
                    }
                }
            }
        }
        sort_by_name(cds);
    }
    if let Some(Value::Array(volumes)) = req.get_mut("volumes") {
        sort_by_name(volumes);
    }
}

/// A JSON document sent as a string, parsed (left as it is when it is not JSON).
fn json_or(v: Option<&Value>) -> Value {
    match v {
        Some(Value::String(s)) => {
            serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone()))
        }
        Some(other) => other.clone(),
        None => Value::Null,
    }
}

/// Python's `round()` of a float: halves to even.
fn py_round(x: f64) -> i64 {
    x.round_ties_even() as i64
}

/// One kept call's body in its compared form. `t0_ms`: when the recorded line started.
pub fn canonical_call(service: &str, operation: &str, body: &Value, t0_ms: i64) -> Value {
    let mut b = body.clone();
    let Value::Object(m) = &mut b else {
        return b;
    };
    for (k, v) in m.iter_mut() {
        if TOKEN_KEYS.contains(&k.as_str()) {
            *v = Value::String("<token>".into());
        }
    }
    match (service, operation) {
        ("cloudformation", "CreateStack" | "UpdateStack") => {
            if let Some(t) = m.get_mut("TemplateBody") {
                let text = match &*t {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let mut summary = Map::new();
                summary.insert("<template summary>".into(), template_summary(&text));
                *t = Value::Object(summary);
            }
            if let Some(p) = m.get_mut("Parameters") {
                *p = stack_parameters(p);
            }
        }
        ("ecs", "RegisterTaskDefinition") => register_td_order(m),
        ("ecs", "RunTask") => {
            if let Some(Value::Array(co)) = m
                .get_mut("overrides")
                .and_then(|o| o.get_mut("containerOverrides"))
            {
                sort_by_name(co);
            }
        }
        ("iam", "CreatePolicy") => {
            let mut doc = json_or(m.get("PolicyDocument"));
            if let Some(Value::Array(st)) = doc.get_mut("Statement") {
                sort_by_json(st);
            }
            m.insert("PolicyDocument".into(), doc);
        }
        ("iam", "CreateRole") => {
            let doc = json_or(m.get("AssumeRolePolicyDocument"));
            m.insert("AssumeRolePolicyDocument".into(), doc);
            if let Some(Value::Array(tags)) = m.get_mut("Tags") {
                sort_by_json(tags);
            }
        }
        ("tagging", "TagResources") => {
            if let Some(Value::Array(arns)) = m.get_mut("ResourceARNList") {
                arns.sort_by(py_order);
            }
        }
        ("logs", "FilterLogEvents" | "GetLogEvents") => {
            if let Some(Value::Array(names)) = m.get_mut("logStreamNames") {
                names.sort_by(py_order);
            }
            for field in ["startTime", "endTime"] {
                let Some(v) = m.get_mut(field) else { continue };
                let Some(ms) = v.as_i64() else { continue };
                if (ms as i128 - t0_ms as i128).abs() < 3 * 86_400 * 1000 {
                    let minutes = py_round((t0_ms - ms) as f64 / 60_000.0);
                    *v = Value::String(format!("<now-{minutes}min>"));
                }
            }
        }
        _ => {}
    }
    b
}

/// Sorts each block of consecutive calls of one [`UNORDERED_FAMILIES`] family.
pub fn sort_unordered_blocks(calls: &mut [Value]) {
    let op = |c: &Value| {
        (
            c["service"].as_str().unwrap_or("").to_string(),
            c["operation"].as_str().unwrap_or("").to_string(),
        )
    };
    let family = |c: &Value| {
        let (s, o) = op(c);
        UNORDERED_FAMILIES
            .iter()
            .position(|f| f.contains(&(s.as_str(), o.as_str())))
    };
    let mut i = 0;
    while i < calls.len() {
        let Some(fam) = family(&calls[i]) else {
            i += 1;
            continue;
        };
        let mut j = i;
        while j < calls.len() && family(&calls[j]) == Some(fam) {
            j += 1;
        }
        calls[i..j].sort_by_cached_key(|c| {
            let (s, o) = op(c);
            (s, o, py_json_key(&c["body"]))
        });
        i = j;
    }
}

/// The recording of the last line → the compared call list `[{service, operation, body[,
/// region]}]` (before placeholders). `t0_ms`: when the line started.
pub fn calls_from_recording(entries: &[Value], t0_ms: i64) -> Vec<Value> {
    let mut calls = Vec::new();
    for e in entries {
        let d = decode_entry(e);
        if !kept(&d.service, &d.operation) {
            continue;
        }
        let body = canonical_call(&d.service, &d.operation, &d.body, t0_ms);
        let mut call = Map::new();
        call.insert("service".into(), Value::String(d.service));
        call.insert("operation".into(), Value::String(d.operation));
        call.insert("body".into(), body);
        if let Some(region) = d.region.filter(|r| r != "us-east-1") {
            call.insert("region".into(), Value::String(region));
        }
        calls.push(Value::Object(call));
    }
    sort_unordered_blocks(&mut calls);
    calls
}

/// Every recorded request as `service.Operation` (reads included; informational).
pub fn all_operations(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .map(|e| {
            let d = decode_entry(e);
            format!("{}.{}", d.service, d.operation)
        })
        .collect()
}

// ------------------------------------------------------------------------------ MIME user data

/// A MIME message as Python's `email` parser (compat32) reads it, reduced to what is compared.
struct MimeMessage {
    headers: Vec<(String, String)>,
    payload: MimePayload,
}

enum MimePayload {
    Text(String),
    /// The parts, each with its raw text (for nested multiparts).
    Parts(Vec<(MimeMessage, String)>),
}

impl MimeMessage {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn content_type(&self) -> String {
        let Some(value) = self.header("content-type") else {
            return "text/plain".into();
        };
        let ctype = value.split(';').next().unwrap_or("").trim().to_lowercase();
        if ctype.matches('/').count() != 1 {
            "text/plain".into()
        } else {
            ctype
        }
    }

    fn boundary(&self) -> Option<String> {
        let value = self.header("content-type")?;
        for param in split_params(value).into_iter().skip(1) {
            let Some((k, v)) = param.split_once('=') else {
                continue;
            };
            if k.trim().eq_ignore_ascii_case("boundary") {
                let v = v.trim();
                let v = if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
                    v[1..v.len() - 1]
                        .replace("\\\\", "\\")
                        .replace("\\\"", "\"")
                } else if v.len() >= 2 && v.starts_with('<') && v.ends_with('>') {
                    v[1..v.len() - 1].to_string()
                } else {
                    v.to_string()
                };
                return Some(v.trim_end().to_string());
            }
        }
        None
    }
}

/// A header value's `;`-separated parts (quoted `;` kept).
fn split_params(value: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            escaped = false;
            cur.push(c);
            continue;
        }
        match c {
            '\\' if quoted => {
                escaped = true;
                cur.push(c);
            }
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            ';' if !quoted => parts.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    parts.push(cur);
    parts
}

/// Lines with their endings (`\r\n`, `\r` or `\n`), as the email parser splits them.
fn mime_lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' => {
                let end = if bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                lines.push(&text[start..end]);
                start = end;
                i = end;
            }
            b'\n' => {
                lines.push(&text[start..=i]);
                start = i + 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

fn strip_eol(line: &str) -> &str {
    line.strip_suffix("\r\n")
        .or_else(|| line.strip_suffix('\n'))
        .or_else(|| line.strip_suffix('\r'))
        .unwrap_or(line)
}

/// `Some(is_close)` when `line` is a boundary line of `separator` (`--boundary`).
fn boundary_line(separator: &str, line: &str) -> Option<bool> {
    let rest = line.strip_prefix(separator)?;
    let (close, rest) = match rest.strip_prefix("--") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    matches!(rest, "" | "\r\n" | "\r" | "\n").then_some(close)
}

struct MimeInput<'a> {
    lines: Vec<&'a str>,
    pos: usize,
    /// Separators of the enclosing multiparts: a boundary line of any of them ends a part.
    eof: Vec<String>,
}

impl<'a> MimeInput<'a> {
    fn readline(&mut self) -> Option<&'a str> {
        let line = *self.lines.get(self.pos)?;
        if self
            .eof
            .iter()
            .any(|sep| boundary_line(sep, line).is_some())
        {
            return None;
        }
        self.pos += 1;
        Some(line)
    }

    fn unread(&mut self) {
        self.pos -= 1;
    }
}

fn is_header_line(line: &str) -> bool {
    if line.starts_with("From ") || line.starts_with([' ', '\t']) {
        return true;
    }
    let name_end = line
        .find(|c: char| !(('\x21'..='\x39').contains(&c) || ('\x3b'..='\x7e').contains(&c)))
        .unwrap_or(line.len());
    line[name_end..].starts_with(':')
}

fn parse_headers(lines: &[&str]) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, String)> = None;
    let finish = |cur: Option<(String, String)>, headers: &mut Vec<(String, String)>| {
        if let Some((name, value)) = cur {
            headers.push((name, value.trim_end_matches(['\r', '\n']).to_string()));
        }
    };
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = current.as_mut() {
                value.push_str(line);
            }
            continue;
        }
        finish(current.take(), &mut headers);
        if line.starts_with("From ") && i == 0 {
            continue;
        }
        let Some(colon) = line.find(':') else {
            continue;
        };
        if colon == 0 {
            continue;
        }
        let value = line[colon + 1..].trim_start_matches([' ', '\t']);
        current = Some((line[..colon].to_string(), value.to_string()));
    }
    finish(current, &mut headers);
    headers
}

fn parse_mime(input: &mut MimeInput) -> MimeMessage {
    let mut header_lines = Vec::new();
    while let Some(line) = input.readline() {
        if is_header_line(line) {
            header_lines.push(line);
        } else {
            if !(line.starts_with('\r') || line.starts_with('\n')) {
                input.unread();
            }
            break;
        }
    }
    let mut msg = MimeMessage {
        headers: parse_headers(&header_lines),
        payload: MimePayload::Text(String::new()),
    };
    let rest = |input: &mut MimeInput| {
        let mut text = String::new();
        while let Some(line) = input.readline() {
            text.push_str(line);
        }
        text
    };
    if !msg.content_type().starts_with("multipart/") {
        msg.payload = MimePayload::Text(rest(input));
        return msg;
    }
    let Some(boundary) = msg.boundary() else {
        msg.payload = MimePayload::Text(rest(input));
        return msg;
    };
    let separator = format!("--{boundary}");
    let mut preamble = String::new();
    let mut in_preamble = true;
    let mut parts = Vec::new();
    while let Some(line) = input.readline() {
        match boundary_line(&separator, line) {
            Some(true) => break,
            Some(false) if in_preamble => {
                in_preamble = false;
                input.unread();
            }
            Some(false) => {
                // Repeated boundary lines delimit no part.
                while let Some(next) = input.readline() {
                    if boundary_line(&separator, next).is_none() {
                        input.unread();
                        break;
                    }
                }
                input.eof.push(separator.clone());
                let start = input.pos;
                let mut part = parse_mime(input);
                let raw: String = input.lines[start..input.pos].concat();
                input.eof.pop();
                // The line ending before a boundary belongs to the boundary.
                if let MimePayload::Text(body) = &mut part.payload {
                    let stripped = strip_eol(body).len();
                    body.truncate(stripped);
                }
                parts.push((part, raw));
            }
            None => preamble.push_str(line),
        }
    }
    msg.payload = if in_preamble {
        MimePayload::Text(preamble)
    } else {
        MimePayload::Parts(parts)
    };
    // The epilogue is not compared.
    while input.readline().is_some() {}
    msg
}

/// A part as Python's `Message.as_string()` writes it again: its headers, a blank line, its body
/// with `\n` line endings (a multipart part: its text as it was).
fn as_string(part: &MimeMessage, raw: &str) -> String {
    let MimePayload::Text(body) = &part.payload else {
        return raw.to_string();
    };
    let mut out = String::new();
    for (name, value) in &part.headers {
        out.push_str(&format!("{name}: {value}\n"));
    }
    out.push('\n');
    let lines = mime_lines(body);
    for line in lines {
        let content = strip_eol(line);
        out.push_str(content);
        if content.len() < line.len() {
            out.push('\n');
        }
    }
    out
}

/// UserData as MIME multipart → `{"<mime multipart>": top content type, "parts": [{headers
/// (lower-case names, MIME-Version dropped), body}]}`: the boundaries are not compared. Any other
/// value is returned as it is.
pub fn mime_parts(value: &Value) -> Value {
    let Value::String(text) = value else {
        return value.clone();
    };
    if !text.contains("Content-Type") {
        return value.clone();
    }
    let mut input = MimeInput {
        lines: mime_lines(text),
        pos: 0,
        eof: Vec::new(),
    };
    let msg = parse_mime(&mut input);
    let content_type = msg.content_type();
    match msg.payload {
        MimePayload::Parts(parts) => {
            let out: Vec<Value> = parts
                .iter()
                .map(|(part, _)| {
                    let mut headers = Map::new();
                    for (k, v) in &part.headers {
                        let k = k.to_lowercase();
                        if k != "mime-version" {
                            headers.insert(k, Value::String(v.clone()));
                        }
                    }
                    let body = match &part.payload {
                        MimePayload::Text(t) => Value::String(t.clone()),
                        MimePayload::Parts(sub) => Value::Array(
                            sub.iter()
                                .map(|(sub, raw)| mime_parts(&Value::String(as_string(sub, raw))))
                                .collect(),
                        ),
                    };
                    let mut p = Map::new();
                    p.insert("headers".into(), Value::Object(headers));
                    p.insert("body".into(), body);
                    Value::Object(p)
                })
                .collect();
            let mut m = Map::new();
            m.insert("<mime multipart>".into(), Value::String(content_type));
            m.insert("parts".into(), Value::Array(out));
            Value::Object(m)
        }
        MimePayload::Text(_) => value.clone(),
    }
}

// ------------------------------------------------------------------------------ placeholders

/// Replaces run-specific values by stable placeholders. One per case run: generated ids are
/// numbered by order of first appearance over everything it normalises, in call order.
pub struct Normaliser {
    /// (value, placeholder), longest value first.
    literals: Vec<(String, String)>,
    /// When the recorded line started (seconds since the epoch).
    t0: f64,
    /// Category → (value → number).
    maps: HashMap<String, HashMap<String, usize>>,
}

const KEEP_IPS: &[&str] = &["0.0.0.0", "127.0.0.1"];

const EC2_PREFIXES: &[&str] = &[
    "vpc",
    "subnet",
    "sg",
    "igw",
    "rtb",
    "rtbassoc",
    "i",
    "eni",
    "eni-attach",
    "acl",
    "vol",
    "snap",
    "lt",
    "eipalloc",
    "sir",
];

/// `re.sub` with a replacement that may decline a match (emulating a look-around): a declined
/// match lets the search go on from the next character, as the regex engine would.
fn sub_with(
    re: &Regex,
    text: &str,
    mut replace: impl FnMut(&str, usize, usize) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut copied = 0;
    while pos <= text.len() {
        let Some(m) = re.find_at(text, pos) else {
            break;
        };
        match replace(m.as_str(), m.start(), m.end()) {
            Some(r) => {
                out.push_str(&text[copied..m.start()]);
                out.push_str(&r);
                copied = m.end();
                pos = if m.end() > m.start() {
                    m.end()
                } else {
                    m.end() + 1
                };
            }
            None => {
                pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// A match found by a hand-written scanner: `scan(text, at)` → end of a match starting at
/// `at`. Replaces every match, scanning left to right.
fn sub_scan(
    text: &str,
    scan: impl Fn(&str, usize) -> Option<usize>,
    mut replace: impl FnMut(&str) -> String,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let mut copied = 0;
    while pos < text.len() {
        if let Some(end) = scan(text, pos) {
            out.push_str(&text[copied..pos]);
            out.push_str(&replace(&text[pos..end]));
            copied = end;
            pos = end;
        } else {
            pos += text[pos..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push_str(&text[copied..]);
    out
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

/// An EC2 id at `at`: `<prefix>-<8 to 17 lower-case hex digits>`, not preceded by a letter, digit
/// or `-`, not followed by a letter or digit.
fn scan_ec2_id(text: &str, at: usize) -> Option<usize> {
    if char_before(text, at).is_some_and(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let rest = &text[at..];
    for prefix in EC2_PREFIXES {
        let Some(after) = rest.strip_prefix(prefix).and_then(|r| r.strip_prefix('-')) else {
            continue;
        };
        let run = after
            .bytes()
            .take_while(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
            .count();
        let next_ok = !after[run..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        if (8..=17).contains(&run) && next_ok {
            return Some(at + prefix.len() + 1 + run);
        }
    }
    None
}

/// An IPv4 address at `at`, not part of a longer number and not a CIDR.
fn scan_ip(text: &str, at: usize) -> Option<usize> {
    if char_before(text, at).is_some_and(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut i = at;
    for group in 0..4 {
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        i += digits;
        if group < 3 {
            if bytes.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
    }
    match bytes.get(i) {
        Some(b'.') => None,
        Some(b'/') if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => None,
        _ => Some(i),
    }
}

/// A Secrets Manager ARN whose name ends in the random `-AbCdEf` suffix: the ARN up to that
/// suffix.
fn secret_prefix(arn: &str) -> Option<&str> {
    let name_start = arn.find(":secret:")? + ":secret:".len();
    let name = &arn[name_start..];
    if name.chars().count() < 8 {
        return None;
    }
    let split = name.len().checked_sub(7)?;
    if !name.is_char_boundary(split) {
        return None;
    }
    let (head, suffix) = name.split_at(split);
    let ok = suffix.starts_with('-') && suffix[1..].chars().all(|c| c.is_ascii_alphanumeric());
    (ok && !head.is_empty()).then(|| &arn[..name_start + head.len()])
}

/// A time as Python's `datetime.fromisoformat` reads the corpus's formats, in seconds since
/// the epoch (a time without offset is UTC).
fn parse_iso_time(text: &str) -> Option<f64> {
    static ISO: OnceLock<Regex> = OnceLock::new();
    let re = regex(
        &ISO,
        r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([+-])(\d{2}):?(\d{2}))?$",
    );
    let c = re.captures(text)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let date = chrono::NaiveDate::from_ymd_opt(num(1)? as i32, num(2)?, num(3)?)?;
    let (h, mi, s) = (num(4)?, num(5)?, num(6)?);
    if h > 23 || mi > 59 || s > 59 {
        return None;
    }
    let frac = c
        .get(7)
        .map(|m| {
            let digits: String = m.as_str().chars().take(6).collect();
            digits.parse::<f64>().unwrap_or(0.0) / 10f64.powi(digits.len() as i32)
        })
        .unwrap_or(0.0);
    let midnight = date.and_hms_opt(0, 0, 0)?.and_utc().timestamp() as f64;
    let mut t = midnight + (h * 3600 + mi * 60 + s) as f64 + frac;
    if let Some(sign) = c.get(8) {
        let (oh, om) = (num(9)?, num(10)?);
        if oh > 23 || om > 59 {
            return None;
        }
        let offset = (oh * 3600 + om * 60) as f64;
        t += if sign.as_str() == "+" {
            -offset
        } else {
            offset
        };
    }
    Some(t)
}

impl Normaliser {
    /// `literals`: (value, placeholder) pairs (run paths, setup variables), replaced longest
    /// first; `t0`: when the recorded line started, in seconds since the epoch.
    pub fn new(literals: Vec<(String, String)>, t0: f64) -> Normaliser {
        let mut literals: Vec<(String, String)> = literals
            .into_iter()
            .filter(|(v, _)| !v.is_empty())
            .collect();
        literals.sort_by_key(|(v, _)| std::cmp::Reverse(v.chars().count()));
        Normaliser {
            literals,
            t0,
            maps: HashMap::new(),
        }
    }

    fn placeholder(&mut self, category: &str, value: &str) -> String {
        let category = if category == "ec2" {
            value.rsplit_once('-').map_or(value, |(c, _)| c)
        } else {
            category
        };
        let map = self.maps.entry(category.to_string()).or_default();
        let next = map.len() + 1;
        let n = *map.entry(value.to_string()).or_insert(next);
        format!("<{category}-{n}>")
    }

    fn near_now(&self, text: &str) -> bool {
        static GO_UTC: OnceLock<Regex> = OnceLock::new();
        let t = text.replacen(' ', "T", 1);
        let t = regex(&GO_UTC, r" [+-]\d{4} UTC$")
            .replace(&t, "")
            .into_owned();
        let t = match t.strip_suffix('Z') {
            Some(head) => format!("{head}+00:00"),
            None => t,
        };
        parse_iso_time(&t).is_some_and(|ts| (ts - self.t0).abs() < 2.0 * 86_400.0)
    }

    /// Normalises one text (a string of a call body, stdout, stderr, a file name or content).
    pub fn text(&mut self, s: &str) -> String {
        static SECRET: OnceLock<Regex> = OnceLock::new();
        static COMPACT_TS: OnceLock<Regex> = OnceLock::new();
        static REQUEST_ID: OnceLock<Regex> = OnceLock::new();
        static RFC3339: OnceLock<Regex> = OnceLock::new();
        static UUID: OnceLock<Regex> = OnceLock::new();
        static HEX32: OnceLock<Regex> = OnceLock::new();
        static ECS_SVC: OnceLock<Regex> = OnceLock::new();

        let mut s = s.to_string();
        for (v, p) in &self.literals {
            if s.contains(v.as_str()) {
                s = s.replace(v.as_str(), p);
            }
        }
        // Secrets Manager's random name suffix.
        let re = regex(
            &SECRET,
            r#"arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^\s"',\]}]+"#,
        );
        s = sub_with(re, &s, |m, _, _| {
            secret_prefix(m).map(|prefix| format!("{prefix}-<rand6>"))
        });
        // Compact timestamps (policy names, file names), not inside a longer number.
        let re = regex(&COMPACT_TS, r"\d{8}T\d{6}Z");
        let text = s.clone();
        s = sub_with(re, &text, |_, start, _| {
            (!char_before(&text, start).is_some_and(|c| c.is_ascii_digit()))
                .then(|| "<TS>".to_string())
        });
        let re = regex(&REQUEST_ID, r"(request id: )[A-Za-z0-9-]{20,}");
        s = re.replace_all(&s, "${1}<request-id>").into_owned();
        let re = regex(
            &RFC3339,
            r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?(?: [+-]\d{4} UTC)?",
        );
        s = re
            .replace_all(&s, |c: &regex::Captures| {
                if self.near_now(&c[0]) {
                    "<TIME>".to_string()
                } else {
                    c[0].to_string()
                }
            })
            .into_owned();
        // Generated ids, numbered by first appearance.
        let re = regex(
            &UUID,
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        );
        s = sub_with(re, &s.clone(), |m, _, _| Some(self.placeholder("uuid", m)));
        let re = regex(&HEX32, r"[0-9a-f]{32}");
        let text = s.clone();
        s = sub_with(re, &text, |m, start, end| {
            let before = char_before(&text, start).is_some_and(|c| c.is_ascii_alphanumeric());
            let after = text[end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            (!before && !after).then(|| self.placeholder("hex", m))
        });
        s = sub_scan(&s.clone(), scan_ec2_id, |m| self.placeholder("ec2", m));
        let re = regex(&ECS_SVC, r"ecs-svc/\d+");
        s = sub_with(re, &s.clone(), |m, _, _| {
            Some(self.placeholder("ecs-svc", m))
        });
        s = sub_scan(&s.clone(), scan_ip, |m| {
            if KEEP_IPS.contains(&m) {
                m.to_string()
            } else {
                self.placeholder("ip", m)
            }
        });
        s
    }

    /// Normalises every string of `value`, object keys included (each key before its value).
    pub fn data(&mut self, value: &Value) -> Value {
        match value {
            Value::Object(m) => {
                let mut out = Map::new();
                for (k, v) in m {
                    let k = self.text(k);
                    let v = self.data(v);
                    out.insert(k, v);
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| self.data(v)).collect()),
            Value::String(s) => Value::String(self.text(s)),
            other => other.clone(),
        }
    }
}

// ------------------------------------------------------------------------------ text helpers

/// Python's `str.splitlines()`: every line boundary Python knows, no empty last line.
pub fn splitlines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let boundary = matches!(
            c,
            '\n' | '\r'
                | '\u{b}'
                | '\u{c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !boundary {
            continue;
        }
        lines.push(&text[start..i]);
        let mut end = i + c.len_utf8();
        if c == '\r' && matches!(iter.peek(), Some((_, '\n'))) {
            iter.next();
            end += 1;
        }
        start = end;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

/// Reading a file in Python's text mode: `\r\n` and `\r` become `\n`.
pub fn universal_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// stdout as compared: the `time="..." ` prefix of log lines removed, then placeholders;
/// a final newline unless empty.
pub fn normalise_stdout(raw: &str, norm: &mut Normaliser) -> String {
    let lines: Vec<&str> = splitlines(raw)
        .into_iter()
        .map(|line| {
            // `^time="[^"]*" `: the first quote after the opening one must be followed by a space.
            line.strip_prefix("time=\"")
                .and_then(|rest| rest.find('"').map(|end| &rest[end + 1..]))
                .and_then(|rest| rest.strip_prefix(' '))
                .unwrap_or(line)
        })
        .collect();
    let mut out = norm.text(&lines.join("\n"));
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The first paragraph of a text (what `expected/stderr` holds), with a final newline; empty
/// when the text is only whitespace.
pub fn first_paragraph(text: &str) -> String {
    if text.trim().is_empty() {
        return String::new();
    }
    let trimmed = text.trim_matches('\n');
    let first = trimmed.split("\n\n").next().unwrap_or("");
    format!("{first}\n")
}

/// `${NAME}` → its value; unknown names stay as they are.
pub fn expand(text: &str, values: &[(String, String)]) -> String {
    static VAR: OnceLock<Regex> = OnceLock::new();
    regex(&VAR, r"\$\{(\w+)\}")
        .replace_all(text, |c: &regex::Captures| {
            values
                .iter()
                .rev()
                .find(|(k, _)| k == &c[1])
                .map_or_else(|| c[0].to_string(), |(_, v)| v.clone())
        })
        .into_owned()
}

/// Splits a command line like a POSIX shell's words (Python's `shlex.split`): single quotes
/// keep everything, double quotes let `\` escape `"` and `\`, a backslash outside quotes escapes
/// any character. `Err` on an unclosed quote or a trailing backslash.
pub fn shell_split(line: &str) -> Result<Vec<String>, String> {
    #[derive(PartialEq)]
    enum State {
        Between,
        Word,
        Single,
        Double,
    }
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut state = State::Between;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match state {
            State::Between | State::Word => match c {
                ' ' | '\t' | '\r' | '\n' => {
                    if state == State::Word {
                        words.push(std::mem::take(&mut cur));
                        state = State::Between;
                    }
                }
                '\'' => state = State::Single,
                '"' => state = State::Double,
                '\\' => {
                    let next = chars.next().ok_or("no escaped character")?;
                    cur.push(next);
                    state = State::Word;
                }
                c => {
                    cur.push(c);
                    state = State::Word;
                }
            },
            State::Single => match c {
                '\'' => state = State::Word,
                c => cur.push(c),
            },
            State::Double => match c {
                '"' => state = State::Word,
                '\\' => {
                    let next = chars.next().ok_or("no escaped character")?;
                    if next != '"' && next != '\\' {
                        cur.push('\\');
                    }
                    cur.push(next);
                }
                c => cur.push(c),
            },
        }
    }
    match state {
        State::Single | State::Double => Err("no closing quotation".into()),
        State::Word => {
            words.push(cur);
            Ok(words)
        }
        State::Between => Ok(words),
    }
}

/// Equality as the reference runner's (Python's `==` on the loaded JSON): numbers by value
/// (`1 == 1.0`), `true == 1`, `false == 0`; object key order does not matter.
pub fn py_eq(a: &Value, b: &Value) -> bool {
    fn num(v: &Value) -> Option<f64> {
        match v {
            Value::Number(n) => n.as_f64(),
            Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
            _ => None,
        }
    }
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(i), Some(j)) => i == j,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(_), Value::Bool(_)) | (Value::Bool(_), Value::Number(_)) => num(a) == num(b),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| py_eq(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm() -> Normaliser {
        // 2024-06-01T00:00:00Z
        Normaliser::new(Vec::new(), 1_717_200_000.0)
    }

    #[test]
    fn kept_calls() {
        assert!(kept("ecs", "CreateService"));
        assert!(kept("ecs", "RunTask"));
        assert!(kept("iam", "AttachRolePolicy"));
        assert!(kept("logs", "FilterLogEvents"));
        assert!(kept("ecr", "DescribeImages"));
        assert!(!kept("ecs", "DescribeServices"));
        assert!(!kept("ecs", "ListTasks"));
        assert!(!kept("ecr", "ListImages"));
        assert!(!kept("logs", "DescribeLogGroups"));
    }

    fn entry(headers: Value, body: &str) -> Value {
        use base64::Engine;
        json!({
            "headers": headers,
            "method": "POST",
            "url": "http://127.0.0.1:5000/",
            "body": base64::engine::general_purpose::STANDARD.encode(body),
            "body_encoded": true,
        })
    }

    fn auth(service: &str, region: &str) -> String {
        format!(
            "AWS4-HMAC-SHA256 Credential=testing/20240601/{region}/{service}/aws4_request, \
             SignedHeaders=host, Signature=abc"
        )
    }

    #[test]
    fn decodes_json_protocol_requests() {
        let e = entry(
            json!({"Authorization": auth("ecs", "us-west-2"),
                   "X-Amz-Target": "AmazonEC2ContainerServiceV20141113.CreateCluster"}),
            r#"{"clusterName":"c1"}"#,
        );
        let d = decode_entry(&e);
        assert_eq!(d.service, "ecs");
        assert_eq!(d.operation, "CreateCluster");
        assert_eq!(d.body, json!({"clusterName": "c1"}));
        assert_eq!(d.region.as_deref(), Some("us-west-2"));
        let e = entry(
            json!({"X-Amz-Target": "Logs_20140328.FilterLogEvents", "Host": "logs.us-east-1.amazonaws.com"}),
            "",
        );
        let d = decode_entry(&e);
        assert_eq!((d.service.as_str(), d.body.clone()), ("logs", json!({})));
        let e = entry(json!({"X-Amz-Target": "X.Y"}), "not json");
        assert_eq!(
            decode_entry(&e).body,
            json!({"<unparseable body>": "not json"})
        );
    }

    #[test]
    fn decodes_query_requests_into_nested_data() {
        let body = "Action=CreateStack&Version=2010-05-15&StackName=s1\
                    &Parameters.member.1.ParameterKey=A&Parameters.member.1.ParameterValue=x%20y\
                    &Parameters.member.2.ParameterKey=B&Parameters.member.2.UsePreviousValue=true\
                    &Capabilities.member.1=CAPABILITY_IAM&Tags.member.10.Key=k10&Tags.member.2.Key=k2\
                    &Attributes.entry.1.key=a&Attributes.entry.1.value=1&Empty=";
        let e = entry(
            json!({"Authorization": auth("cloudformation", "us-east-1"),
                   "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}),
            body,
        );
        let d = decode_entry(&e);
        assert_eq!(d.operation, "CreateStack");
        assert_eq!(d.region.as_deref(), Some("us-east-1"));
        assert_eq!(
            d.body,
            json!({
                "StackName": "s1",
                "Parameters": [{"ParameterKey": "A", "ParameterValue": "x y"},
                               {"ParameterKey": "B", "UsePreviousValue": "true"}],
                "Capabilities": ["CAPABILITY_IAM"],
                "Tags": [{"Key": "k2"}, {"Key": "k10"}],
                "Attributes": {"a": "1"},
                "Empty": "",
            })
        );
        // EC2 style: plain `.N` lists; a `+` is a space.
        let (action, data) =
            parse_query("Action=RunInstances&SecurityGroupId.1=sg-1&SecurityGroupId.2=a+b");
        assert_eq!(action.as_deref(), Some("RunInstances"));
        assert_eq!(data, json!({"SecurityGroupId": ["sg-1", "a b"]}));
    }

    #[test]
    fn decodes_other_requests_by_method_and_path() {
        let e = json!({"headers": {}, "method": "GET", "url": "http://h:1/a/b?x=1", "body": ""});
        let d = decode_entry(&e);
        assert_eq!(d.operation, "GET /a/b");
        assert_eq!(d.service, "?");
        assert_eq!(d.body, json!({}));
    }

    #[test]
    fn python_json_sort_keys() {
        let v =
            json!({"b": [1, 2.5, 1e16, 0.0001, 1.0], "a": {"y": null, "x": "é\n\"q\""}, "c": true});
        assert_eq!(
            py_json_key(&v),
            r#"{"a": {"x": "\u00e9\n\"q\"", "y": null}, "b": [1, 2.5, 1e+16, 0.0001, 1.0], "c": true}"#
        );
        assert_eq!(py_float(1.5e-5), "1.5e-05");
        assert_eq!(py_float(123456.0), "123456.0");
        assert_eq!(py_float(-0.5), "-0.5");
    }

    #[test]
    fn template_summary_keeps_types_conditions_and_literal_tags() {
        let tpl = json!({
            "Parameters": {"B": {}, "A": {}},
            "Conditions": {"Z": {}, "Y": {}},
            "Resources": {
                "Vpc": {"Type": "AWS::EC2::VPC", "Condition": "Y",
                        "Properties": {"Tags": [{"Key": "n", "Value": true, "N": 3}]}},
                "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"Tags": {"Ref": "x"}}},
                "Empty": {"Type": "AWS::X", "Properties": {"Tags": []}}
            }
        });
        assert_eq!(
            template_summary(&tpl.to_string()),
            json!({
                "Parameters": ["A", "B"],
                "Resources": {
                    "Vpc": {"Type": "AWS::EC2::VPC", "Condition": "Y",
                            "Tags": [{"Key": "n", "Value": "true", "N": "3"}]},
                    "Sg": {"Type": "AWS::EC2::SecurityGroup"},
                    "Empty": {"Type": "AWS::X"}
                },
                "Conditions": ["Y", "Z"],
                "Outputs": [],
            })
        );
        // Not JSON: read as YAML.
        let yaml = "Resources:\n  R:\n    Type: AWS::S3::Bucket\nOutputs:\n  O: {}\n";
        assert_eq!(
            template_summary(yaml)["Resources"],
            json!({"R": {"Type": "AWS::S3::Bucket"}})
        );
        assert_eq!(
            template_summary("[1]"),
            json!({"<unparseable template>": true})
        );
        // JSON-like but not JSON (trailing comma, a bare `Fn::If` in a list): read as YAML...
        let loose = r#"{"Resources": {"R": {"Type": "T", "Properties": {"L": ["a", "Fn::If": ["c", 1, 2]]}},},}"#;
        assert_eq!(
            template_summary(loose)["Resources"],
            json!({"R": {"Type": "T"}})
        );
        // ... unless a tab stands where PyYAML expects a token.
        let tabbed = "{\n\t\"Resources\": {\"R\": {\"Type\": \"T\"}},\n}";
        assert_eq!(
            template_summary(tabbed),
            json!({"<unparseable template>": true})
        );
        assert!(!has_token_tab("a: \"x\ty\" # c\td\nb: 'q\t'\n"));
    }

    #[test]
    fn user_data_mime_parts() {
        let text = "Content-Type: multipart/mixed; boundary=\"XYZ\"\r\nMIME-Version: 1.0\r\n\r\n\
                    --XYZ\r\nContent-Type: text/cloud-config; charset=\"us-ascii\"\r\nMIME-Version: 1.0\r\n\r\n\
                    #cloud-config\npackages:\n  - jq\n\r\n\
                    --XYZ\r\nContent-Type: text/text/x-shellscript; charset=\"utf-8\"\r\n\r\n\
                    \n#!/bin/bash\necho ECS_CLUSTER=c1 >> /etc/ecs/ecs.config\n\r\n--XYZ--\r\n";
        assert_eq!(
            mime_parts(&json!(text)),
            json!({
                "<mime multipart>": "multipart/mixed",
                "parts": [
                    {"headers": {"content-type": "text/cloud-config; charset=\"us-ascii\""},
                     "body": "#cloud-config\npackages:\n  - jq\n"},
                    {"headers": {"content-type": "text/text/x-shellscript; charset=\"utf-8\""},
                     "body": "\n#!/bin/bash\necho ECS_CLUSTER=c1 >> /etc/ecs/ecs.config\n"},
                ]
            })
        );
        // A nested multipart: its parts as Python writes them again (headers, blank line, body).
        let nested = "Content-Type: multipart/mixed; boundary=OUT\n\n--OUT\n\
                      Content-Type: multipart/alternative; boundary=\"IN\"\n\n--IN\n\
                      Content-Type: text/plain\n\ninner\r\ntext\n--IN--\n--OUT--\n";
        assert_eq!(
            mime_parts(&json!(nested))["parts"][0]["body"],
            json!(["Content-Type: text/plain\n\ninner\ntext"])
        );
        // Not multipart, or no boundary in the body: unchanged.
        assert_eq!(mime_parts(&json!("#!/bin/bash\n")), json!("#!/bin/bash\n"));
        let no_start = "Content-Type: multipart/mixed; boundary=B\n\nhello\n";
        assert_eq!(mime_parts(&json!(no_start)), json!(no_start));
    }

    #[test]
    fn stack_parameters_become_a_map() {
        let p = json!([
            {"ParameterKey": "EcsCluster", "ParameterValue": "c1"},
            {"ParameterKey": "AsgMaxSize", "UsePreviousValue": "true"},
            {"ParameterKey": "KeyName", "UsePreviousValue": "false", "ParameterValue": "k"},
        ]);
        assert_eq!(
            stack_parameters(&p),
            json!({"EcsCluster": "c1", "AsgMaxSize": "<UsePreviousValue>", "KeyName": "k"})
        );
        assert_eq!(stack_parameters(&json!("")), json!({}));
    }

    #[test]
    fn canonical_forms() {
        let td = json!({
            "family": "f",
            "clientToken": "abc",
            "containerDefinitions": [
                {"name": "web", "environment": [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}],
                 "linuxParameters": {"devices": [{"hostPath": "/d", "permissions": ["write", "read"]}]}},
                {"name": "db"}
            ],
            "volumes": [{"name": "v2"}, {"name": "v1"}]
        });
        assert_eq!(
            canonical_call("ecs", "RegisterTaskDefinition", &td, 0),
            json!({
                "family": "f",
                "clientToken": "<token>",
                "containerDefinitions": [
                    {"name": "db"},
                    {"name": "web", "environment": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                     "linuxParameters": {"devices": [{"hostPath": "/d", "permissions": ["read", "write"]}]}}
                ],
                "volumes": [{"name": "v1"}, {"name": "v2"}]
            })
        );
        let run = json!({"overrides": {"containerOverrides": [{"name": "b"}, {"name": "a"}]}});
        assert_eq!(
            canonical_call("ecs", "RunTask", &run, 0)["overrides"]["containerOverrides"],
            json!([{"name": "a"}, {"name": "b"}])
        );
        let policy =
            json!({"PolicyName": "p", "PolicyDocument": r#"{"Statement":[{"b":1},{"a":2}]}"#});
        assert_eq!(
            canonical_call("iam", "CreatePolicy", &policy, 0)["PolicyDocument"],
            json!({"Statement": [{"a": 2}, {"b": 1}]})
        );
        let role = json!({"RoleName": "r", "Tags": [{"Key": "z", "Value": "1"}, {"Key": "a", "Value": "2"}]});
        assert_eq!(
            canonical_call("iam", "CreateRole", &role, 0),
            json!({"RoleName": "r", "Tags": [{"Key": "a", "Value": "2"}, {"Key": "z", "Value": "1"}],
                   "AssumeRolePolicyDocument": null})
        );
        let tag = json!({"ResourceARNList": ["b", "a"]});
        assert_eq!(
            canonical_call("tagging", "TagResources", &tag, 0),
            json!({"ResourceARNList": ["a", "b"]})
        );
    }

    #[test]
    fn log_times_near_the_run_become_relative() {
        let t0 = 1_717_200_000_000_i64;
        let body = json!({"logStreamNames": ["p/web/t", "p/db/t"],
                          "startTime": t0 - 45 * 60_000 - 20_000,
                          "endTime": 1_600_000_060_000_i64});
        assert_eq!(
            canonical_call("logs", "FilterLogEvents", &body, t0),
            json!({"logStreamNames": ["p/db/t", "p/web/t"], "startTime": "<now-45min>",
                   "endTime": 1_600_000_060_000_i64})
        );
        // Halves round to even, as Python's round() does.
        let body = json!({"startTime": t0 - 30_000});
        assert_eq!(
            canonical_call("logs", "GetLogEvents", &body, t0)["startTime"],
            json!("<now-0min>")
        );
        let body = json!({"startTime": t0 - 90_000});
        assert_eq!(
            canonical_call("logs", "GetLogEvents", &body, t0)["startTime"],
            json!("<now-2min>")
        );
    }

    #[test]
    fn map_order_blocks_are_sorted() {
        let call =
            |s: &str, o: &str, n: &str| json!({"service": s, "operation": o, "body": {"Name": n}});
        let mut calls = vec![
            call("secretsmanager", "CreateSecret", "b"),
            call("secretsmanager", "CreateSecret", "a"),
            call("iam", "CreateRole", "r"),
            call("logs", "CreateLogGroup", "z"),
            call("logs", "CreateLogGroup", "y"),
        ];
        sort_unordered_blocks(&mut calls);
        let names: Vec<&str> = calls
            .iter()
            .map(|c| c["body"]["Name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["a", "b", "r", "y", "z"]);
    }

    #[test]
    fn placeholders_for_literals_and_generated_ids() {
        let mut n = Normaliser::new(
            vec![
                ("/tmp/w/run/c".into(), "<CASE_DIR>".into()),
                ("/tmp/w".into(), "<WORK>".into()),
                ("subnet-0123456789abcdef0".into(), "<$SUBNET1>".into()),
            ],
            1_717_200_000.0,
        );
        assert_eq!(
            n.text("/tmp/w/run/c/x and /tmp/w/y"),
            "<CASE_DIR>/x and <WORK>/y"
        );
        assert_eq!(
            n.text("subnet-0123456789abcdef0,subnet-aaaabbbb"),
            "<$SUBNET1>,<subnet-1>"
        );
        let t = n.text(
            "arn:aws:ecs:us-east-1:123456789012:task/c1/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0 \
             0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0 11111111-2222-3333-4444-555555555555",
        );
        assert_eq!(
            t,
            "arn:aws:ecs:us-east-1:123456789012:task/c1/<uuid-1> <uuid-1> <uuid-2>"
        );
        assert_eq!(
            n.text("task/0123456789abcdef0123456789abcdef x0123456789abcdef0123456789abcdef"),
            "task/<hex-1> x0123456789abcdef0123456789abcdef"
        );
        assert_eq!(
            n.text("i-0123456789abcdef0 vpc-12345678 sg-1234567 eni-attach-0a1b2c3d4e x-vpc-12345678 rtbassoc-12345678"),
            "<i-1> <vpc-1> sg-1234567 <eni-attach-1> x-vpc-12345678 <rtbassoc-1>"
        );
        assert_eq!(
            n.text("ecs-svc/1234567890 ecs-svc/9"),
            "<ecs-svc-1> <ecs-svc-2>"
        );
        assert_eq!(
            n.text("10.0.1.5:80 0.0.0.0/0 10.0.0.0/16 0.0.0.0 127.0.0.1 1.2.3.4.5 10.0.1.5"),
            "<ip-1>:80 0.0.0.0/0 10.0.0.0/16 0.0.0.0 127.0.0.1 1.2.3.4.5 <ip-1>"
        );
    }

    #[test]
    fn placeholders_for_secrets_timestamps_request_ids_and_times() {
        let mut n = norm();
        assert_eq!(
            n.text("\"arn:aws:secretsmanager:us-east-1:123456789012:secret:amazon-ecs-cli-setup-r.io-AbC12f\""),
            "\"arn:aws:secretsmanager:us-east-1:123456789012:secret:amazon-ecs-cli-setup-r.io-<rand6>\""
        );
        // No random suffix: unchanged.
        assert_eq!(
            n.text("arn:aws:secretsmanager:us-east-1:123456789012:secret:plain"),
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:plain"
        );
        assert_eq!(
            n.text(
                "ecs-registry-creds_20240601T101500Z.yml policy-20240601T101500Z 120240601T101500Z"
            ),
            "ecs-registry-creds_<TS>.yml policy-<TS> 120240601T101500Z"
        );
        assert_eq!(
            n.text("status code: 400, request id: 0123456789abcdefABCDEF-xyz"),
            "status code: 400, request id: <request-id>"
        );
        assert_eq!(
            n.text("at 2024-06-01T10:00:00Z, 2024-05-31 23:00:00.123 +0000 UTC, 2024-06-02T01:00:00+02:00"),
            "at <TIME>, <TIME>, <TIME>"
        );
        assert_eq!(
            n.text("old 2020-09-13T12:27:00Z and 2024-06-04T00:00:01Z"),
            "old 2020-09-13T12:27:00Z and 2024-06-04T00:00:01Z"
        );
    }

    #[test]
    fn ids_are_numbered_across_keys_and_values_in_order() {
        let mut n = norm();
        let v = json!({"b": "i-0000000000000000b", "a": ["i-0000000000000000a", {"i-0000000000000000c": 1}]});
        assert_eq!(
            n.data(&v),
            json!({"b": "<i-1>", "a": ["<i-2>", {"<i-3>": 1}]})
        );
    }

    #[test]
    fn stdout_lines() {
        let mut n = norm();
        assert_eq!(
            normalise_stdout(
                "time=\"2024-06-01T00:00:00Z\" level=info msg=\"x\"\r\nplain\n",
                &mut n
            ),
            "level=info msg=\"x\"\nplain\n"
        );
        assert_eq!(normalise_stdout("", &mut n), "");
        // `^time="[^"]*" `: no prefix removed unless the first closing quote is followed by a space.
        assert_eq!(
            normalise_stdout("time=\"a\"b\" c\ntime=\"\" x\n", &mut n),
            "time=\"a\"b\" c\nx\n"
        );
        assert_eq!(
            splitlines("a\r\nb\rc\n\nd\u{b}e\n"),
            ["a", "b", "c", "", "d", "e"]
        );
        assert_eq!(
            first_paragraph("\n\nfirst\nline\n\nsecond\n"),
            "first\nline\n"
        );
        assert_eq!(first_paragraph(" \n"), "");
    }

    #[test]
    fn command_lines() {
        assert_eq!(
            shell_split(r#"ecs-cli compose run -c c1 web "nginx -t" 'a b'c \"x\" "q\"\\\n""#)
                .unwrap(),
            [
                "ecs-cli", "compose", "run", "-c", "c1", "web", "nginx -t", "a bc", "\"x\"",
                "q\"\\\\n"
            ]
        );
        assert_eq!(shell_split("a '' b").unwrap(), ["a", "", "b"]);
        assert!(shell_split("a 'b").is_err());
        let values = vec![
            ("VPC".to_string(), "vpc-1".to_string()),
            ("X".to_string(), "${VPC}".to_string()),
        ];
        assert_eq!(
            expand("--vpc ${VPC} ${NOPE} $VPC ${X}", &values),
            "--vpc vpc-1 ${NOPE} $VPC ${VPC}"
        );
    }

    #[test]
    fn python_equality() {
        assert!(py_eq(
            &json!({"a": 1, "b": [true]}),
            &json!({"b": [1], "a": 1.0})
        ));
        assert!(!py_eq(&json!({"a": "1"}), &json!({"a": 1})));
        assert!(!py_eq(&json!([]), &json!({})));
        assert!(!py_eq(&json!({"a": []}), &json!({})));
    }
}
