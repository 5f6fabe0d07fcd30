//! YAML reading with the semantics of go-yaml v2, the parser behind the original tool.
//!
//! Events come from libyaml (the `unsafe-libyaml` port that serde_yaml_ng is built on). We work
//! at the event level because go-yaml v2 behaviour depends on things serde's data model hides:
//! the scalar style and raw text (`version: 3.0` is the string "3.0" for a string field), YAML 1.1
//! resolution (`yes`, `on`, `0x1F`, `017`), duplicate keys (the last one wins) and merge keys
//! (`<<: *base`, processed in document order, as go-yaml does).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::mem::MaybeUninit;
use std::rc::Rc;

use unsafe_libyaml as unsafe_yaml;

use super::value::{Map, Value};

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

/// Upper bound on the number of nodes an alias-heavy document may expand to.
const MAX_EXPANDED_NODES: usize = 1_000_000;

/// Deepest nesting accepted once aliases are expanded.
const MAX_DECODE_DEPTH: usize = 1_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug)]
pub enum Kind {
    Scalar(String, Style),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// An alias, already pointing at the node its anchor names.
    Alias(String, Rc<Node>),
}

/// A YAML node with its 1-based line (as go-yaml reports it in errors).
#[derive(Debug)]
pub struct Node {
    pub line: usize,
    pub tag: String,
    /// Plain scalar without an explicit tag: its type is resolved from the text.
    pub implicit: bool,
    pub kind: Kind,
}

impl Node {
    /// The node an alias points to, or the node itself.
    pub fn target(&self) -> &Node {
        match &self.kind {
            Kind::Alias(_, n) => n.target(),
            _ => self,
        }
    }

    pub fn is_null(&self) -> bool {
        let n = self.target();
        match &n.kind {
            Kind::Scalar(..) => matches!(n.resolve(), Ok((_, Resolved::Null))),
            _ => false,
        }
    }

    /// The raw scalar text (None for collections).
    pub fn scalar_text(&self) -> Option<&str> {
        match &self.target().kind {
            Kind::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    /// The go-yaml tag this node resolves to (short form, e.g. `!!str`).
    pub fn short_resolved_tag(&self) -> String {
        let n = self.target();
        match &n.kind {
            Kind::Seq(_) => short_tag(if n.tag.is_empty() { SEQ_TAG } else { &n.tag }),
            Kind::Map(_) => short_tag(if n.tag.is_empty() { MAP_TAG } else { &n.tag }),
            Kind::Scalar(..) => match n.resolve() {
                Ok((tag, _)) => short_tag(&tag),
                Err(_) => short_tag(&n.tag),
            },
            Kind::Alias(..) => unreachable!(),
        }
    }

    /// go-yaml's resolution of a scalar node: (tag, value).
    pub fn resolve(&self) -> Result<(String, Resolved), String> {
        match &self.kind {
            Kind::Scalar(text, style) => {
                if self.tag.is_empty() && !self.implicit {
                    let _ = style;
                    return Ok((STR_TAG.to_string(), Resolved::Str(text.clone())));
                }
                resolve(&self.tag, text)
            }
            _ => Err("not a scalar".into()),
        }
    }

    pub fn is_merge_key(&self) -> bool {
        match &self.kind {
            Kind::Scalar(s, _) => s == "<<" && (self.implicit || self.tag == MERGE_TAG),
            _ => false,
        }
    }
}

/// A resolved scalar value.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    /// A timestamp-looking plain scalar; kept as text, like go-yaml does for untyped targets.
    Timestamp(String),
    Merge,
}

pub fn short_tag(tag: &str) -> String {
    if let Some(rest) = tag.strip_prefix("tag:yaml.org,2002:") {
        format!("!!{rest}")
    } else {
        tag.to_string()
    }
}

fn long_tag(tag: &str) -> String {
    if let Some(rest) = tag.strip_prefix("!!") {
        format!("tag:yaml.org,2002:{rest}")
    } else {
        tag.to_string()
    }
}

// ------------------------------------------------------------------------------------------
// Parsing (libyaml events -> Node tree)

#[derive(Debug)]
enum Ev {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(String),
    Scalar {
        anchor: Option<String>,
        tag: String,
        value: String,
        plain_implicit: bool,
        style: Style,
    },
    SeqStart {
        anchor: Option<String>,
        tag: String,
    },
    SeqEnd,
    MapStart {
        anchor: Option<String>,
        tag: String,
    },
    MapEnd,
}

struct EventReader {
    parser: Box<MaybeUninit<unsafe_yaml::yaml_parser_t>>,
    // libyaml keeps a pointer into this buffer; it must outlive the parser and never move.
    _input: Box<[u8]>,
    done: bool,
}

impl EventReader {
    fn new(input: &[u8]) -> EventReader {
        let input: Box<[u8]> = if input.is_empty() {
            Box::from(&b"\n"[..])
        } else {
            Box::from(input)
        };
        let mut parser: Box<MaybeUninit<unsafe_yaml::yaml_parser_t>> =
            Box::new(MaybeUninit::uninit());
        // SAFETY: the parser lives in a Box that is never moved out of; the input buffer is a
        // boxed slice owned by the reader and freed only after yaml_parser_delete (see Drop).
        unsafe {
            let p = parser.as_mut_ptr();
            if unsafe_yaml::yaml_parser_initialize(p).fail {
                panic!("libyaml: out of memory");
            }
            unsafe_yaml::yaml_parser_set_encoding(p, unsafe_yaml::YAML_UTF8_ENCODING);
            unsafe_yaml::yaml_parser_set_input_string(p, input.as_ptr(), input.len() as _);
        }
        EventReader {
            parser,
            _input: input,
            done: false,
        }
    }

    fn next(&mut self) -> Result<(Ev, usize), String> {
        if self.done {
            return Err("unexpected end of YAML events".into());
        }
        // SAFETY: the parser was initialised in `new`; each event is deleted after conversion.
        unsafe {
            let p = self.parser.as_mut_ptr();
            let mut event = MaybeUninit::<unsafe_yaml::yaml_event_t>::uninit();
            if unsafe_yaml::yaml_parser_parse(p, event.as_mut_ptr()).fail {
                self.done = true;
                return Err(parse_error_message(&*p));
            }
            let event = event.as_mut_ptr();
            let line = (*event).start_mark.line as usize + 1;
            let ev = convert_event(&*event);
            unsafe_yaml::yaml_event_delete(event);
            if matches!(ev, Ev::StreamEnd) {
                self.done = true;
            }
            Ok((ev, line))
        }
    }
}

impl Drop for EventReader {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`, deleted exactly once.
        unsafe { unsafe_yaml::yaml_parser_delete(self.parser.as_mut_ptr()) }
    }
}

/// The message go-yaml v2 builds from a libyaml error.
unsafe fn parse_error_message(parser: &unsafe_yaml::yaml_parser_t) -> String {
    let problem = if parser.problem.is_null() {
        String::new()
    } else {
        std::ffi::CStr::from_ptr(parser.problem as *const std::os::raw::c_char)
            .to_string_lossy()
            .into_owned()
    };
    let mut line = 0usize;
    if parser.problem_mark.line != 0 {
        line = parser.problem_mark.line as usize;
        if parser.error == unsafe_yaml::YAML_SCANNER_ERROR {
            line += 1;
        }
    } else if parser.context_mark.line != 0 {
        line = parser.context_mark.line as usize;
    }
    let mut msg = String::from("yaml: ");
    if line != 0 {
        let _ = write!(msg, "line {line}: ");
    }
    if problem.is_empty() {
        msg.push_str("unknown problem parsing YAML content");
    } else {
        msg.push_str(&problem);
    }
    msg
}

unsafe fn cstr(ptr: *const u8) -> Option<String> {
    if ptr.is_null() {
        None
    } else {
        Some(
            std::ffi::CStr::from_ptr(ptr as *const std::os::raw::c_char)
                .to_string_lossy()
                .into_owned(),
        )
    }
}

unsafe fn convert_event(e: &unsafe_yaml::yaml_event_t) -> Ev {
    match e.type_ {
        unsafe_yaml::YAML_STREAM_START_EVENT => Ev::StreamStart,
        unsafe_yaml::YAML_STREAM_END_EVENT => Ev::StreamEnd,
        unsafe_yaml::YAML_DOCUMENT_START_EVENT => Ev::DocumentStart,
        unsafe_yaml::YAML_DOCUMENT_END_EVENT => Ev::DocumentEnd,
        unsafe_yaml::YAML_ALIAS_EVENT => Ev::Alias(cstr(e.data.alias.anchor).unwrap_or_default()),
        unsafe_yaml::YAML_SCALAR_EVENT => {
            let s = &e.data.scalar;
            let bytes = std::slice::from_raw_parts(s.value, s.length as usize);
            Ev::Scalar {
                anchor: cstr(s.anchor),
                tag: cstr(s.tag).unwrap_or_default(),
                value: String::from_utf8_lossy(bytes).into_owned(),
                plain_implicit: s.plain_implicit,
                style: match s.style {
                    unsafe_yaml::YAML_SINGLE_QUOTED_SCALAR_STYLE => Style::SingleQuoted,
                    unsafe_yaml::YAML_DOUBLE_QUOTED_SCALAR_STYLE => Style::DoubleQuoted,
                    unsafe_yaml::YAML_LITERAL_SCALAR_STYLE => Style::Literal,
                    unsafe_yaml::YAML_FOLDED_SCALAR_STYLE => Style::Folded,
                    _ => Style::Plain,
                },
            }
        }
        unsafe_yaml::YAML_SEQUENCE_START_EVENT => Ev::SeqStart {
            anchor: cstr(e.data.sequence_start.anchor),
            tag: cstr(e.data.sequence_start.tag).unwrap_or_default(),
        },
        unsafe_yaml::YAML_SEQUENCE_END_EVENT => Ev::SeqEnd,
        unsafe_yaml::YAML_MAPPING_START_EVENT => Ev::MapStart {
            anchor: cstr(e.data.mapping_start.anchor),
            tag: cstr(e.data.mapping_start.tag).unwrap_or_default(),
        },
        unsafe_yaml::YAML_MAPPING_END_EVENT => Ev::MapEnd,
        _ => Ev::StreamEnd,
    }
}

struct TreeBuilder {
    reader: EventReader,
    anchors: HashMap<String, Rc<Node>>,
    in_progress: Vec<String>,
    depth: usize,
}

const MAX_DEPTH: usize = 500;

impl TreeBuilder {
    fn node(&mut self, ev: Ev, line: usize) -> Result<Node, String> {
        match ev {
            Ev::Alias(name) => {
                if self.in_progress.iter().any(|a| a == &name) {
                    return Err(format!("yaml: anchor '{name}' value contains itself"));
                }
                match self.anchors.get(&name) {
                    Some(n) => Ok(Node {
                        line,
                        tag: String::new(),
                        implicit: false,
                        kind: Kind::Alias(name, n.clone()),
                    }),
                    None => Err(format!("yaml: unknown anchor '{name}' referenced")),
                }
            }
            Ev::Scalar {
                anchor,
                tag,
                value,
                plain_implicit,
                style,
            } => {
                let tag = if tag == "!" { String::new() } else { tag };
                let node = Node {
                    line,
                    implicit: plain_implicit && tag.is_empty(),
                    tag,
                    kind: Kind::Scalar(value, style),
                };
                Ok(self.register(anchor, node))
            }
            Ev::SeqStart { anchor, tag } => {
                self.enter(&anchor)?;
                let mut items = Vec::new();
                loop {
                    let (ev, l) = self.reader.next()?;
                    if matches!(ev, Ev::SeqEnd) {
                        break;
                    }
                    items.push(self.node(ev, l)?);
                }
                self.leave(&anchor);
                let node = Node {
                    line,
                    tag: if tag == "!" { String::new() } else { tag },
                    implicit: false,
                    kind: Kind::Seq(items),
                };
                Ok(self.register(anchor, node))
            }
            Ev::MapStart { anchor, tag } => {
                self.enter(&anchor)?;
                let mut entries = Vec::new();
                loop {
                    let (ev, l) = self.reader.next()?;
                    if matches!(ev, Ev::MapEnd) {
                        break;
                    }
                    let k = self.node(ev, l)?;
                    let (ev, l) = self.reader.next()?;
                    let v = self.node(ev, l)?;
                    entries.push((k, v));
                }
                self.leave(&anchor);
                let node = Node {
                    line,
                    tag: if tag == "!" { String::new() } else { tag },
                    implicit: false,
                    kind: Kind::Map(entries),
                };
                Ok(self.register(anchor, node))
            }
            other => Err(format!("yaml: unexpected event {other:?}")),
        }
    }

    fn enter(&mut self, anchor: &Option<String>) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("yaml: exceeded max depth".into());
        }
        if let Some(a) = anchor {
            self.in_progress.push(a.clone());
        }
        Ok(())
    }

    fn leave(&mut self, anchor: &Option<String>) {
        self.depth -= 1;
        if anchor.is_some() {
            self.in_progress.pop();
        }
    }

    fn register(&mut self, anchor: Option<String>, node: Node) -> Node {
        match anchor {
            Some(a) => {
                let rc = Rc::new(node);
                self.anchors.insert(a.clone(), rc.clone());
                Node {
                    line: rc.line,
                    tag: String::new(),
                    implicit: false,
                    kind: Kind::Alias(a, rc),
                }
            }
            None => node,
        }
    }
}

/// Parses the first document of `input` (go-yaml's `Unmarshal` only looks at the first one).
/// Returns `None` for an empty stream. Errors are worded like go-yaml's (`yaml: line N: ...`).
pub fn parse(input: &str) -> Result<Option<Node>, String> {
    let mut b = TreeBuilder {
        reader: EventReader::new(input.as_bytes()),
        anchors: HashMap::new(),
        in_progress: Vec::new(),
        depth: 0,
    };
    loop {
        let (ev, line) = b.reader.next()?;
        match ev {
            Ev::StreamStart => continue,
            Ev::StreamEnd => return Ok(None),
            Ev::DocumentStart => {
                let (ev, line) = b.reader.next()?;
                let node = b.node(ev, line)?;
                let (ev, _) = b.reader.next()?;
                if !matches!(ev, Ev::DocumentEnd) {
                    return Err("yaml: expected document end".into());
                }
                return Ok(Some(node));
            }
            other => return b.node(other, line).map(Some),
        }
    }
}

// ------------------------------------------------------------------------------------------
// Scalar resolution (YAML 1.1 as go-yaml v2 does it)

fn resolve_map(s: &str) -> Option<(&'static str, Resolved)> {
    Some(match s {
        "" | "~" | "null" | "Null" | "NULL" => (NULL_TAG, Resolved::Null),
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            (BOOL_TAG, Resolved::Bool(true))
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            (BOOL_TAG, Resolved::Bool(false))
        }
        ".nan" | ".NaN" | ".NAN" => (FLOAT_TAG, Resolved::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            (FLOAT_TAG, Resolved::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => (FLOAT_TAG, Resolved::Float(f64::NEG_INFINITY)),
        "<<" => (MERGE_TAG, Resolved::Merge),
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

/// Go's strconv.ParseInt(s, 0, 64) (with underscores already removed).
pub fn go_parse_int_base0(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mag = go_parse_uint_base0(body)?;
    if neg {
        if mag <= (i64::MAX as u64) + 1 {
            Some((mag as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else if mag <= i64::MAX as u64 {
        Some(mag as i64)
    } else {
        None
    }
}

/// Go's strconv.ParseUint(s, 0, 64).
pub fn go_parse_uint_base0(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let (radix, digits) = if let Some(r) = lower.strip_prefix("0x") {
        (16, r)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (8, r)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (2, r)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || digits.starts_with('+') || digits.starts_with('-') {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// go-yaml v2 `resolve(tag, in)`.
pub fn resolve(tag: &str, text: &str) -> Result<(String, Resolved), String> {
    if !resolvable_tag(tag) {
        return Ok((tag.to_string(), Resolved::Str(text.to_string())));
    }
    let (rtag, out) = resolve_untyped(tag, text);
    match tag {
        "" | STR_TAG | BINARY_TAG => Ok((rtag.to_string(), out)),
        t if t == rtag => Ok((rtag.to_string(), out)),
        FLOAT_TAG if rtag == INT_TAG => match out {
            Resolved::Int(i) => Ok((FLOAT_TAG.to_string(), Resolved::Float(i as f64))),
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

fn resolve_untyped(tag: &str, text: &str) -> (&'static str, Resolved) {
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
                if let Some(f) = go_parse_float(text) {
                    return (FLOAT_TAG, Resolved::Float(f));
                }
            }
            b'D' | b'S' => {
                if (tag.is_empty() || tag == TIMESTAMP_TAG) && looks_like_timestamp(text) {
                    return (TIMESTAMP_TAG, Resolved::Timestamp(text.to_string()));
                }
                let plain = text.replace('_', "");
                if let Some(i) = go_parse_int_base0(&plain) {
                    return (INT_TAG, Resolved::Int(i));
                }
                if let Some(u) = go_parse_uint_base0(&plain) {
                    return (INT_TAG, Resolved::Uint(u));
                }
                if yaml_style_float(&plain) {
                    if let Some(f) = go_parse_float(&plain) {
                        return (FLOAT_TAG, Resolved::Float(f));
                    }
                }
                if let Some(rest) = plain.strip_prefix("-0b") {
                    if let Ok(i) = i64::from_str_radix(&format!("-{rest}"), 2) {
                        return (INT_TAG, Resolved::Int(i));
                    }
                }
            }
            _ => {}
        }
    }
    (STR_TAG, Resolved::Str(text.to_string()))
}

/// Go's strconv.ParseFloat(s, 64) for the inputs go-yaml hands it.
pub fn go_parse_float(s: &str) -> Option<f64> {
    let t = s.strip_prefix('+').unwrap_or(s);
    if t.is_empty() {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    let body = lower.strip_prefix('-').unwrap_or(&lower);
    if body == "inf" || body == "infinity" || body == "nan" {
        return match body {
            "nan" => Some(f64::NAN),
            _ if lower.starts_with('-') => Some(f64::NEG_INFINITY),
            _ => Some(f64::INFINITY),
        };
    }
    // Only decimal syntax: digits, one dot, exponent.
    if !body
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'-' | b'+' | b'_'))
    {
        return None;
    }
    if body.contains('_') {
        return None;
    }
    match t.parse::<f64>() {
        Ok(f) if f.is_finite() => Some(f),
        _ => None,
    }
}

// ------------------------------------------------------------------------------------------
// Decoding into untyped values (go-yaml into interface{})

pub struct ValueDecoder {
    budget: usize,
    depth: usize,
}

impl Default for ValueDecoder {
    fn default() -> Self {
        ValueDecoder {
            budget: MAX_EXPANDED_NODES,
            depth: 0,
        }
    }
}

impl ValueDecoder {
    pub fn decode(&mut self, node: &Node) -> Result<Value, String> {
        if self.budget == 0 {
            return Err("yaml: document contains excessive aliasing".into());
        }
        if self.depth >= MAX_DECODE_DEPTH {
            return Err("yaml: exceeded max depth".into());
        }
        self.budget -= 1;
        self.depth += 1;
        let r = self.decode_inner(node);
        self.depth -= 1;
        r
    }

    fn decode_inner(&mut self, node: &Node) -> Result<Value, String> {
        let n = node.target();
        match &n.kind {
            Kind::Scalar(text, _) => {
                let (tag, r) = n.resolve()?;
                Ok(match r {
                    Resolved::Null => Value::Null,
                    Resolved::Bool(b) => Value::Bool(b),
                    Resolved::Int(i) => Value::Int(i),
                    Resolved::Uint(u) => Value::Uint(u),
                    Resolved::Float(f) => Value::Float(f),
                    Resolved::Timestamp(s) => Value::Str(s),
                    Resolved::Merge => Value::Str(text.clone()),
                    Resolved::Str(s) => {
                        if tag == BINARY_TAG || n.tag == BINARY_TAG {
                            Value::Str(decode_binary(&s)?)
                        } else {
                            Value::Str(s)
                        }
                    }
                })
            }
            Kind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.decode(i)?);
                }
                Ok(Value::Seq(out))
            }
            Kind::Map(entries) => {
                let mut map = Map::new();
                self.decode_map_into(entries, &mut map)?;
                Ok(Value::Map(map))
            }
            Kind::Alias(..) => unreachable!(),
        }
    }

    fn decode_map_into(&mut self, entries: &[(Node, Node)], map: &mut Map) -> Result<(), String> {
        for (k, v) in entries {
            if k.target().is_merge_key() {
                self.merge(v, map)?;
                continue;
            }
            let key = self.decode(k)?;
            if matches!(key, Value::Seq(_) | Value::Map(_)) {
                return Err(format!("yaml: invalid map key: {}", key.go_sharp_v()));
            }
            let val = self.decode(v)?;
            map.insert(key, val);
        }
        Ok(())
    }

    fn merge(&mut self, v: &Node, map: &mut Map) -> Result<(), String> {
        let want_map =
            || "yaml: map merge requires map or sequence of maps as the value".to_string();
        let t = v.target();
        match &t.kind {
            Kind::Map(entries) => self.decode_map_into(entries, map),
            Kind::Seq(items) => {
                if matches!(v.kind, Kind::Alias(..)) {
                    return Err(want_map());
                }
                for item in items.iter().rev() {
                    match &item.target().kind {
                        Kind::Map(entries) => self.decode_map_into(entries, map)?,
                        _ => return Err(want_map()),
                    }
                }
                Ok(())
            }
            _ => Err(want_map()),
        }
    }
}

fn decode_binary(s: &str) -> Result<String, String> {
    use base64::Engine as _;
    let cleaned: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    match base64::engine::general_purpose::STANDARD.decode(cleaned.as_bytes()) {
        Ok(b) => Ok(String::from_utf8_lossy(&b).into_owned()),
        Err(e) => Err(format!(
            "yaml: !!binary value contains invalid base64 data: {e}"
        )),
    }
}

/// Parses `input` and decodes its first document into an untyped value (Null when empty).
pub fn load_value(input: &str) -> Result<Value, String> {
    match parse(input)? {
        None => Ok(Value::Null),
        Some(n) => ValueDecoder::default().decode(&n),
    }
}

// ------------------------------------------------------------------------------------------
// Typed decoding helpers: go-yaml's "cannot unmarshal" type errors, collected in order.

#[derive(Default)]
pub struct Decoder {
    pub terrors: Vec<String>,
}

impl Decoder {
    pub fn terror(&mut self, node: &Node, go_type: &str) {
        let n = node.target();
        let tag = if !n.tag.is_empty() {
            short_tag(&n.tag)
        } else {
            n.short_resolved_tag()
        };
        let mut value = String::new();
        if tag != "!!seq" && tag != "!!map" {
            let text = n.scalar_text().unwrap_or("");
            if text.chars().count() > 10 {
                let head: String = text.chars().take(7).collect();
                value = format!(" `{head}...`");
            } else {
                value = format!(" `{text}`");
            }
        }
        self.terrors.push(format!(
            "line {}: cannot unmarshal {}{} into {}",
            node.line, tag, value, go_type
        ));
    }

    /// The accumulated type errors, as go-yaml reports them.
    pub fn finish(self) -> Result<(), String> {
        if self.terrors.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "yaml: unmarshal errors:\n  {}",
                self.terrors.join("\n  ")
            ))
        }
    }

    /// A string field: any scalar gives its raw text, null gives "".
    pub fn string(&mut self, node: &Node) -> Result<Option<String>, String> {
        let n = node.target();
        match &n.kind {
            Kind::Scalar(text, _) => {
                let (tag, r) = n.resolve()?;
                if r == Resolved::Null {
                    return Ok(Some(String::new()));
                }
                if tag == BINARY_TAG {
                    if let Resolved::Str(s) = r {
                        return Ok(Some(decode_binary(&s)?));
                    }
                }
                Ok(Some(text.clone()))
            }
            _ => {
                self.terror(node, "string");
                Ok(None)
            }
        }
    }

    pub fn bool(&mut self, node: &Node) -> Result<Option<bool>, String> {
        let n = node.target();
        if let Kind::Scalar(..) = &n.kind {
            match n.resolve()? {
                (_, Resolved::Bool(b)) => return Ok(Some(b)),
                (_, Resolved::Null) => return Ok(Some(false)),
                _ => {}
            }
        }
        self.terror(node, "bool");
        Ok(None)
    }

    /// An integer field of the given Go type name (int64, int, ...).
    pub fn int(&mut self, node: &Node, go_type: &str) -> Result<Option<i64>, String> {
        let n = node.target();
        if let Kind::Scalar(..) = &n.kind {
            match n.resolve()? {
                (_, Resolved::Int(i)) => return Ok(Some(i)),
                (_, Resolved::Uint(u)) if u <= i64::MAX as u64 => return Ok(Some(u as i64)),
                (_, Resolved::Float(f)) if f <= i64::MAX as f64 && f >= i64::MIN as f64 => {
                    return Ok(Some(f as i64))
                }
                (_, Resolved::Null) => return Ok(Some(0)),
                _ => {}
            }
        }
        self.terror(node, go_type);
        Ok(None)
    }

    /// Entries of a mapping (following aliases and merge keys), or a type error.
    pub fn map_entries<'a>(
        &mut self,
        node: &'a Node,
        go_type: &str,
    ) -> Result<Option<Vec<(&'a Node, &'a Node)>>, String> {
        let n = node.target();
        match &n.kind {
            Kind::Map(_) => {
                let mut out = Vec::new();
                collect_entries(n, &mut out)?;
                Ok(Some(out))
            }
            Kind::Scalar(..) if n.is_null() => Ok(Some(Vec::new())),
            _ => {
                self.terror(node, go_type);
                Ok(None)
            }
        }
    }

    pub fn seq_items<'a>(
        &mut self,
        node: &'a Node,
        go_type: &str,
    ) -> Result<Option<Vec<&'a Node>>, String> {
        let n = node.target();
        match &n.kind {
            Kind::Seq(items) => Ok(Some(items.iter().collect())),
            Kind::Scalar(..) if n.is_null() => Ok(Some(Vec::new())),
            _ => {
                self.terror(node, go_type);
                Ok(None)
            }
        }
    }

    pub fn string_list(&mut self, node: &Node) -> Result<Option<Vec<String>>, String> {
        if node.is_null() {
            return Ok(None);
        }
        let items = match self.seq_items(node, "[]string")? {
            Some(i) => i,
            None => return Ok(None),
        };
        let mut out = Vec::new();
        for i in items {
            if let Some(s) = self.string(i)? {
                out.push(s);
            }
        }
        Ok(Some(out))
    }

    pub fn string_map(&mut self, node: &Node) -> Result<Option<Vec<(String, String)>>, String> {
        if node.is_null() {
            return Ok(None);
        }
        let entries = match self.map_entries(node, "map[string]string")? {
            Some(e) => e,
            None => return Ok(None),
        };
        let mut out: Vec<(String, String)> = Vec::new();
        for (k, v) in entries {
            let k = self.string(k)?;
            let v = self.string(v)?;
            if let (Some(k), Some(v)) = (k, v) {
                if let Some(e) = out.iter_mut().find(|(ek, _)| *ek == k) {
                    e.1 = v;
                } else {
                    out.push((k, v));
                }
            }
        }
        Ok(Some(out))
    }
}

/// Mapping entries in document order with merge keys expanded as go-yaml does (later entries
/// override earlier ones when decoded into a map or struct).
pub fn collect_entries<'a>(n: &'a Node, out: &mut Vec<(&'a Node, &'a Node)>) -> Result<(), String> {
    let want_map = || "yaml: map merge requires map or sequence of maps as the value".to_string();
    if let Kind::Map(entries) = &n.target().kind {
        for (k, v) in entries {
            if k.target().is_merge_key() {
                let t = v.target();
                match &t.kind {
                    Kind::Map(_) => collect_entries(t, out)?,
                    Kind::Seq(items) => {
                        if matches!(v.kind, Kind::Alias(..)) {
                            return Err(want_map());
                        }
                        for item in items.iter().rev() {
                            if !matches!(item.target().kind, Kind::Map(_)) {
                                return Err(want_map());
                            }
                            collect_entries(item.target(), out)?;
                        }
                    }
                    _ => return Err(want_map()),
                }
                continue;
            }
            out.push((k, v));
        }
    }
    Ok(())
}

// ------------------------------------------------------------------------------------------
// Emitting (go-yaml v2 Marshal of untyped values), used where the original round-trips data
// through YAML (libcompose's utils.Convert) and prints the result in error messages.

pub fn emit(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Map(m) if !m.is_empty() => emit_map(m, 0, &mut out),
        Value::Seq(s) if !s.is_empty() => emit_seq(s, 0, &mut out),
        other => {
            out.push_str(&emit_scalar(other));
            out.push('\n');
        }
    }
    out
}

fn emit_map(m: &Map, indent: usize, out: &mut String) {
    let mut entries: Vec<&(Value, Value)> = m.iter().collect();
    entries.sort_by(|a, b| go_key_cmp(&a.0, &b.0));
    for (k, v) in entries {
        out.push_str(&" ".repeat(indent));
        out.push_str(&emit_scalar(k));
        out.push(':');
        match v {
            Value::Map(inner) if !inner.is_empty() => {
                out.push('\n');
                emit_map(inner, indent + 2, out);
            }
            Value::Seq(inner) if !inner.is_empty() => {
                out.push('\n');
                emit_seq(inner, indent, out);
            }
            other => {
                out.push(' ');
                out.push_str(&emit_scalar(other));
                out.push('\n');
            }
        }
    }
}

fn emit_seq(s: &[Value], indent: usize, out: &mut String) {
    for v in s {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match v {
            Value::Map(inner) if !inner.is_empty() => {
                out.push(' ');
                let mut nested = String::new();
                emit_map(inner, indent + 2, &mut nested);
                out.push_str(nested.trim_start());
            }
            Value::Seq(inner) if !inner.is_empty() => {
                out.push(' ');
                let mut nested = String::new();
                emit_seq(inner, indent + 2, &mut nested);
                out.push_str(nested.trim_start());
            }
            other => {
                out.push(' ');
                out.push_str(&emit_scalar(other));
                out.push('\n');
            }
        }
    }
}

fn emit_scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Uint(u) => u.to_string(),
        Value::Float(f) => {
            if f.is_nan() {
                ".nan".into()
            } else if f.is_infinite() {
                if *f > 0.0 {
                    ".inf".into()
                } else {
                    "-.inf".into()
                }
            } else {
                super::value::go_format_g(*f)
            }
        }
        Value::Str(s) => emit_string(s),
        Value::Map(_) => "{}".into(),
        Value::Seq(_) => "[]".into(),
    }
}

fn emit_string(s: &str) -> String {
    let resolves_to_str = matches!(resolve("", s), Ok((ref t, _)) if t == STR_TAG);
    if resolves_to_str && plain_is_safe(s) {
        return s.to_string();
    }
    let mut q = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            '\r' => q.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(q, "\\x{:02X}", c as u32);
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

fn plain_is_safe(s: &str) -> bool {
    if s.is_empty() || s.trim() != s {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !(matches!(first, '-' | '?' | ':') && s.len() > 1 && !s[1..].starts_with(' '))
    {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if s.chars().any(|c| c.is_control() || matches!(c, '\u{feff}')) {
        return false;
    }
    if s.contains(['[', ']', '{', '}', ',']) {
        // Allowed in block context, but keep it simple and quote.
        return false;
    }
    true
}

/// go-yaml v2's ordering of map keys when marshalling.
pub fn go_key_cmp(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let num = |v: &Value| -> Option<f64> {
        match v {
            Value::Int(i) => Some(*i as f64),
            Value::Uint(u) => Some(*u as f64),
            Value::Float(f) => Some(*f),
            Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
            _ => None,
        }
    };
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return x.partial_cmp(&y).unwrap_or(Ordering::Equal);
    }
    let (sa, sb) = match (a, b) {
        (Value::Str(x), Value::Str(y)) => (x, y),
        _ => return kind_rank(a).cmp(&kind_rank(b)),
    };
    let ar: Vec<char> = sa.chars().collect();
    let br: Vec<char> = sb.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i].cmp(&br[i]);
        }
        if al || bl {
            return if bl {
                Ordering::Less
            } else {
                Ordering::Greater
            };
        }
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an.cmp(&bn);
        }
        if ai != bi {
            return ai.cmp(&bi);
        }
        return ar[i].cmp(&br[i]);
    }
    ar.len().cmp(&br.len())
}

fn kind_rank(v: &Value) -> u8 {
    match v {
        Value::Bool(_) => 1,
        Value::Int(_) => 2,
        Value::Uint(_) => 7,
        Value::Float(_) => 14,
        Value::Map(_) => 21,
        Value::Seq(_) => 23,
        Value::Str(_) => 24,
        Value::Null => 0,
    }
}

/// Resolves a tag written in short form (for tests).
#[allow(dead_code)]
pub fn tag_of(short: &str) -> String {
    long_tag(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Value {
        load_value(s).unwrap()
    }

    #[test]
    fn yaml11_scalars() {
        assert_eq!(v("a: yes").get("a"), Some(&Value::Bool(true)));
        assert_eq!(v("a: 'yes'").get("a"), Some(&Value::Str("yes".into())));
        assert_eq!(v("a: 0x1F").get("a"), Some(&Value::Int(31)));
        assert_eq!(v("a: 017").get("a"), Some(&Value::Int(15)));
        assert_eq!(v("a: 1_000").get("a"), Some(&Value::Int(1000)));
        assert_eq!(v("a: 1.5").get("a"), Some(&Value::Float(1.5)));
        assert_eq!(v("a: ~").get("a"), Some(&Value::Null));
        assert_eq!(v("a:").get("a"), Some(&Value::Null));
        assert_eq!(
            v("a: 2001-12-14").get("a"),
            Some(&Value::Str("2001-12-14".into()))
        );
        assert_eq!(v("a: .5").get("a"), Some(&Value::Float(0.5)));
        assert_eq!(v("a: 1e3").get("a"), Some(&Value::Float(1000.0)));
        assert_eq!(v("a: 12abc").get("a"), Some(&Value::Str("12abc".into())));
    }

    #[test]
    fn merge_keys_and_anchors() {
        let doc = "base: &b\n  a: 1\n  b: 2\nc:\n  <<: *b\n  b: 3\nd:\n  b: 4\n  <<: *b\n";
        let val = v(doc);
        let c = val.get("c").unwrap();
        assert_eq!(c.get("a"), Some(&Value::Int(1)));
        assert_eq!(c.get("b"), Some(&Value::Int(3)));
        // go-yaml v2 applies the merge where it appears: it overrides earlier keys.
        let d = val.get("d").unwrap();
        assert_eq!(d.get("b"), Some(&Value::Int(2)));
        // YAML 1.1: a plain `y` key is the boolean true
        assert_eq!(
            v("y: 1").as_map().unwrap().iter().next().unwrap().0,
            Value::Bool(true)
        );
        let seq = v("a: &a {x: 1}\nb: &b {x: 2, z: 3}\nc:\n  <<: [*a, *b]\n");
        let c = seq.get("c").unwrap();
        assert_eq!(c.get("x"), Some(&Value::Int(1)));
        assert_eq!(c.get("z"), Some(&Value::Int(3)));
    }

    #[test]
    fn duplicate_keys_last_wins() {
        assert_eq!(v("a: 1\na: 2\n").get("a"), Some(&Value::Int(2)));
    }

    #[test]
    fn errors_like_go_yaml() {
        let e = parse("version: '2'\nservices:\n  web:\n    image: nginx\n   ports: [80\n")
            .unwrap_err();
        assert_eq!(e, "yaml: line 4: did not find expected key");
        let e = parse("a:\n  b: [x\n").unwrap_err();
        assert_eq!(e, "yaml: line 2: did not find expected ',' or ']'");
        assert!(parse("a: *nope")
            .unwrap_err()
            .contains("unknown anchor 'nope'"));
    }

    #[test]
    fn emitter_round_trips() {
        let doc = "web:\n  image: nginx\n  environment:\n  - A=1\n  ports:\n  - \"80\"\n  x: 'yes'\n  'y': '1.5'\n  z: ''\n  w: ':x'\n  k: 'a: b'\n";
        let val = v(doc);
        let text = emit(&val);
        let back = v(&text);
        let sorted = |v: &Value| {
            let mut e: Vec<String> = v
                .get("web")
                .unwrap()
                .as_map()
                .unwrap()
                .iter()
                .map(|(k, v)| format!("{k:?}={v:?}"))
                .collect();
            e.sort();
            e
        };
        assert_eq!(sorted(&back), sorted(&val));
    }

    #[test]
    fn key_order_is_natural() {
        let mut keys = [
            Value::Str("a10".into()),
            Value::Str("a2".into()),
            Value::Str("B".into()),
        ];
        keys.sort_by(go_key_cmp);
        assert_eq!(
            keys,
            [
                Value::Str("B".into()),
                Value::Str("a2".into()),
                Value::Str("a10".into())
            ]
        );
    }
}
