//! go-yaml's parser stage: libyaml events (through `unsafe-libyaml`, the C libyaml that
//! go-yaml ported to Go, so events and error texts are the same) built into a tree of [`Node`]s
//! that keeps what go-yaml's decoder looks at: the raw scalar text and style, tags, the line of
//! each node, anchors and aliases.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::mem::MaybeUninit;
use std::rc::Rc;

use unsafe_libyaml as unsafe_yaml;

use super::resolve::{resolve, short_tag, MAP_TAG, MERGE_TAG, SEQ_TAG, STR_TAG};
use super::value::Value;

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
            Kind::Scalar(..) => matches!(n.resolve(), Ok((_, Value::Null))),
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
    pub fn resolve(&self) -> Result<(String, Value), String> {
        match &self.kind {
            Kind::Scalar(text, style) => {
                if self.tag.is_empty() && !self.implicit {
                    let _ = style;
                    return Ok((STR_TAG.to_string(), Value::Str(text.clone())));
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
