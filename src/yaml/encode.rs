//! go-yaml v2's `Marshal`: the encoder's decisions (map keys in go-yaml's order, struct fields
//! in declaration order, which scalars must be quoted) driving libyaml's emitter, which go-yaml
//! ported line by line. libyaml then picks the final style of each scalar exactly as go-yaml
//! does (`'a: b'` single-quoted, `"true"` and `""` double-quoted, multi-line text as a literal
//! block), indents, and escapes.
//!
//! Two settings follow the yaml.v2 release in the original's `go.mod` (v2.3.0): unicode output,
//! and no line wrapping (v2.3.0 set the width to unlimited; v2.4.0 went back to 80 columns).

use std::cmp::Ordering;
use std::ffi::c_void;
use std::mem::MaybeUninit;
use std::ptr;

use unsafe_libyaml as unsafe_yaml;

use super::resolve::{resolve, STR_TAG};
use super::value::Value;
use crate::go::strconv;

/// A Go value as go-yaml's encoder sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Doc {
    /// A scalar: null, a boolean, a number or a string (a collection here is converted).
    Scalar(Value),
    Seq(Vec<Doc>),
    /// A Go map: entries are written in go-yaml's key order, whatever their order here.
    Map(Vec<(Doc, Doc)>),
    /// A Go struct: fields in declaration order, `omitempty` fields already left out.
    Struct(Vec<(&'static str, Doc)>),
}

impl Doc {
    pub fn str(s: impl Into<String>) -> Doc {
        Doc::Scalar(Value::Str(s.into()))
    }
}

impl From<&Value> for Doc {
    /// Untyped data (`interface{}`): maps are Go maps.
    fn from(v: &Value) -> Doc {
        match v {
            Value::Seq(items) => Doc::Seq(items.iter().map(Doc::from).collect()),
            Value::Map(m) => Doc::Map(m.iter().map(|(k, v)| (k.into(), v.into())).collect()),
            scalar => Doc::Scalar(scalar.clone()),
        }
    }
}

/// go-yaml v2's `yaml.Marshal(doc)`.
pub fn marshal(doc: &Doc) -> String {
    let mut e = Emitter::new();
    // SAFETY (all event initialisers below): each writes a complete event into the
    // uninitialised slot `Emitter::emit` hands it; string arguments are copied by libyaml.
    e.emit(|ev| unsafe {
        unsafe_yaml::yaml_stream_start_event_initialize(ev, unsafe_yaml::YAML_UTF8_ENCODING).fail
    });
    e.emit(|ev| unsafe {
        unsafe_yaml::yaml_document_start_event_initialize(
            ev,
            ptr::null_mut(),
            ptr::null_mut(),
            ptr::null_mut(),
            true,
        )
        .fail
    });
    e.node(doc);
    e.emit(|ev| unsafe { unsafe_yaml::yaml_document_end_event_initialize(ev, true).fail });
    e.emit(|ev| unsafe { unsafe_yaml::yaml_stream_end_event_initialize(ev).fail });
    let mut out = e.finish();
    // libyaml ends a stream whose last scalar kept its trailing line breaks (`|+`) with a
    // `...` marker; go-yaml clears that state before ending the stream and writes none.
    if matches!(doc, Doc::Seq(_) | Doc::Map(_) | Doc::Struct(_)) && out.ends_with("\n...\n") {
        out.truncate(out.len() - 4);
    }
    out
}

struct Emitter {
    // Boxed and never moved out of: libyaml keeps pointers into it (its own state, and the
    // output buffer as its write handler's data).
    pinned: Box<Pinned>,
    failed: bool,
}

struct Pinned {
    sys: MaybeUninit<unsafe_yaml::yaml_emitter_t>,
    out: Vec<u8>,
}

/// libyaml's output callback: appends to the `Vec<u8>` registered as `data`.
unsafe fn write_to_vec(data: *mut c_void, buffer: *mut u8, size: u64) -> i32 {
    // SAFETY: `data` is the emitter's pinned buffer (see `Emitter::new`) and libyaml passes
    // `size` initialised bytes at `buffer`.
    let out = &mut *(data as *mut Vec<u8>);
    out.extend_from_slice(std::slice::from_raw_parts(buffer, size as usize));
    1
}

impl Emitter {
    fn new() -> Emitter {
        let mut e = Emitter {
            pinned: Box::new(Pinned {
                sys: MaybeUninit::uninit(),
                out: Vec::new(),
            }),
            failed: false,
        };
        // SAFETY: emitter and output buffer live in the box, which is never moved out of; the
        // emitter is deleted in Drop, before the buffer is freed.
        unsafe {
            let p = e.pinned.sys.as_mut_ptr();
            if unsafe_yaml::yaml_emitter_initialize(p).fail {
                panic!("libyaml: out of memory");
            }
            unsafe_yaml::yaml_emitter_set_unicode(p, true);
            unsafe_yaml::yaml_emitter_set_width(p, -1);
            let data: *mut Vec<u8> = &mut e.pinned.out;
            unsafe_yaml::yaml_emitter_set_output(p, write_to_vec, data.cast());
        }
        e
    }

    /// `init` fills the event and says whether libyaml failed to.
    fn emit(&mut self, init: impl FnOnce(*mut unsafe_yaml::yaml_event_t) -> bool) {
        if self.failed {
            return;
        }
        let mut event = MaybeUninit::<unsafe_yaml::yaml_event_t>::uninit();
        if init(event.as_mut_ptr()) {
            self.failed = true;
            return;
        }
        // SAFETY: the event was initialised above; the emitter takes ownership of it.
        if unsafe {
            unsafe_yaml::yaml_emitter_emit(self.pinned.sys.as_mut_ptr(), event.as_mut_ptr())
        }
        .fail
        {
            self.failed = true;
        }
    }

    fn scalar(&mut self, value: &str, style: unsafe_yaml::yaml_scalar_style_t) {
        self.emit(|ev| unsafe {
            unsafe_yaml::yaml_scalar_event_initialize(
                ev,
                ptr::null(),
                ptr::null(),
                value.as_ptr(),
                value.len() as i32,
                true,
                true,
                style,
            )
            .fail
        });
    }

    fn mapping(&mut self, entries: &[(&Doc, &Doc)]) {
        self.emit(|ev| unsafe {
            unsafe_yaml::yaml_mapping_start_event_initialize(
                ev,
                ptr::null(),
                ptr::null(),
                true,
                unsafe_yaml::YAML_BLOCK_MAPPING_STYLE,
            )
            .fail
        });
        for (k, v) in entries {
            self.node(k);
            self.node(v);
        }
        self.emit(|ev| unsafe { unsafe_yaml::yaml_mapping_end_event_initialize(ev).fail });
    }

    fn node(&mut self, doc: &Doc) {
        let plain = unsafe_yaml::YAML_PLAIN_SCALAR_STYLE;
        match doc {
            Doc::Scalar(v) => match v {
                Value::Null => self.scalar("null", plain),
                Value::Bool(b) => self.scalar(if *b { "true" } else { "false" }, plain),
                Value::Int(i) => self.scalar(&i.to_string(), plain),
                Value::Uint(u) => self.scalar(&u.to_string(), plain),
                Value::Float(f) => {
                    let text = match strconv::format_g(*f).as_str() {
                        "+Inf" => ".inf".to_string(),
                        "-Inf" => "-.inf".to_string(),
                        "NaN" => ".nan".to_string(),
                        other => other.to_string(),
                    };
                    self.scalar(&text, plain)
                }
                Value::Str(s) => self.scalar(s, string_style(s)),
                collection => self.node(&Doc::from(collection)),
            },
            Doc::Seq(items) => {
                self.emit(|ev| unsafe {
                    unsafe_yaml::yaml_sequence_start_event_initialize(
                        ev,
                        ptr::null(),
                        ptr::null(),
                        true,
                        unsafe_yaml::YAML_BLOCK_SEQUENCE_STYLE,
                    )
                    .fail
                });
                for i in items {
                    self.node(i);
                }
                self.emit(|ev| unsafe { unsafe_yaml::yaml_sequence_end_event_initialize(ev).fail });
            }
            Doc::Map(entries) => {
                let mut sorted: Vec<(&Doc, &Doc)> = entries.iter().map(|(k, v)| (k, v)).collect();
                sorted.sort_by(|a, b| key_cmp(a.0, b.0));
                self.mapping(&sorted);
            }
            Doc::Struct(fields) => {
                let keys: Vec<Doc> = fields.iter().map(|(k, _)| Doc::str(*k)).collect();
                let entries: Vec<(&Doc, &Doc)> =
                    keys.iter().zip(fields.iter().map(|(_, v)| v)).collect();
                self.mapping(&entries);
            }
        }
    }

    fn finish(self) -> String {
        if self.failed {
            // go-yaml's text when libyaml reports no problem of its own
            panic!("yaml: unknown problem generating YAML content");
        }
        String::from_utf8_lossy(&self.pinned.out).into_owned()
    }
}

impl Drop for Emitter {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`, deleted exactly once.
        unsafe { unsafe_yaml::yaml_emitter_delete(self.pinned.sys.as_mut_ptr()) }
    }
}

/// go-yaml's `stringv`: text that would read back as something other than a string (`true`,
/// `123`, `""`, `2001-12-14`, base-60 `1:20`) is double-quoted; multi-line text asks for a
/// literal block; the rest asks for plain style, which libyaml still quotes when the text needs
/// it.
fn string_style(s: &str) -> unsafe_yaml::yaml_scalar_style_t {
    let resolves_to_str = matches!(resolve("", s), Ok((ref tag, _)) if tag == STR_TAG);
    if s.contains('\n') {
        unsafe_yaml::YAML_LITERAL_SCALAR_STYLE
    } else if resolves_to_str && !is_base60_float(s) {
        unsafe_yaml::YAML_PLAIN_SCALAR_STYLE
    } else {
        unsafe_yaml::YAML_DOUBLE_QUOTED_SCALAR_STYLE
    }
}

/// go-yaml's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let start = i;
        if b.get(i).is_some_and(|c| (b'0'..=b'5').contains(c))
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            i += 2;
        } else if b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// go-yaml v2's order of map keys (`keyList.Less`): numbers (and booleans) by value, then by
/// Go kind; strings in "natural" order (other runes before letters, digit runs by value);
/// otherwise by Go kind.
pub fn key_cmp(a: &Doc, b: &Doc) -> Ordering {
    let num = |d: &Doc| -> Option<f64> {
        match d {
            Doc::Scalar(Value::Int(i)) => Some(*i as f64),
            Doc::Scalar(Value::Uint(u)) => Some(*u as f64),
            Doc::Scalar(Value::Float(f)) => Some(*f),
            Doc::Scalar(Value::Bool(b)) => Some(if *b { 1.0 } else { 0.0 }),
            _ => None,
        }
    };
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        if x != y {
            return x.partial_cmp(&y).unwrap_or(Ordering::Equal);
        }
        return kind(a).cmp(&kind(b));
    }
    let (sa, sb) = match (a, b) {
        (Doc::Scalar(Value::Str(x)), Doc::Scalar(Value::Str(y))) => (x, y),
        _ => return kind(a).cmp(&kind(b)),
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

/// Go's `reflect.Kind` number of a key's dynamic type (a nil interface stays `Interface`).
fn kind(d: &Doc) -> u8 {
    match d {
        Doc::Scalar(Value::Bool(_)) => 1,
        Doc::Scalar(Value::Int(_)) => 2,
        Doc::Scalar(Value::Uint(_)) => 7,
        Doc::Scalar(Value::Float(_)) => 14,
        Doc::Scalar(Value::Null) => 20,
        Doc::Map(_) | Doc::Scalar(Value::Map(_)) => 21,
        Doc::Seq(_) | Doc::Scalar(Value::Seq(_)) => 23,
        Doc::Scalar(Value::Str(_)) | Doc::Struct(_) => 24,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::load_value;

    fn one(v: &str) -> String {
        marshal(&Doc::Map(vec![(Doc::str("a"), Doc::str(v))]))
    }

    #[test]
    fn scalar_styles_like_go_yaml() {
        assert_eq!(one("abc"), "a: abc\n");
        assert_eq!(one("us-east-1"), "a: us-east-1\n");
        assert_eq!(one("ab/cd+ef=="), "a: ab/cd+ef==\n");
        // would read back as another type: double-quoted by go-yaml
        assert_eq!(one(""), "a: \"\"\n");
        assert_eq!(one("true"), "a: \"true\"\n");
        assert_eq!(one("y"), "a: \"y\"\n");
        assert_eq!(one("123"), "a: \"123\"\n");
        assert_eq!(one("0x1F"), "a: \"0x1F\"\n");
        assert_eq!(one("1.5"), "a: \"1.5\"\n");
        assert_eq!(one("~"), "a: \"~\"\n");
        assert_eq!(one("2001-12-14"), "a: \"2001-12-14\"\n");
        assert_eq!(one("1:20"), "a: \"1:20\"\n");
        // plain would not read back: libyaml falls back to single quotes
        assert_eq!(one("a: b"), "a: 'a: b'\n");
        assert_eq!(one("#x"), "a: '#x'\n");
        assert_eq!(one("-"), "a: '-'\n");
        assert_eq!(one(" lead"), "a: ' lead'\n");
        // flow indicators are fine in block context
        assert_eq!(one("a,b"), "a: a,b\n");
        assert_eq!(one("x[1]"), "a: x[1]\n");
        // unicode is written as is, non-printables escaped inside double quotes
        assert_eq!(one("é"), "a: é\n");
        assert_eq!(one("\u{1}"), "a: \"\\x01\"\n");
        assert_eq!(one("tab\there"), "a: \"tab\\there\"\n");
        // multi-line text is a literal block
        assert_eq!(one("x\ny"), "a: |-\n  x\n  y\n");
        assert_eq!(one("x\n"), "a: |\n  x\n");
        assert_eq!(one("x\n\n"), "a: |+\n  x\n\n");
    }

    #[test]
    fn collections() {
        let v = load_value("b: [x, {k: 1}]\na: {}\nc: []\nd: ~\ne: 1.5\nf: .inf\n").unwrap();
        assert_eq!(
            marshal(&Doc::from(&v)),
            "a: {}\nb:\n- x\n- k: 1\nc: []\nd: null\ne: 1.5\nf: .inf\n"
        );
        let s = Doc::Struct(vec![
            ("version", Doc::str("v1")),
            ("clusters", Doc::Map(vec![])),
        ]);
        assert_eq!(marshal(&s), "version: v1\nclusters: {}\n");
    }

    #[test]
    fn round_trips() {
        let doc = "web:\n  image: nginx\n  environment:\n  - A=1\n  ports:\n  - \"80\"\n  x: 'yes'\n  'y': '1.5'\n  z: ''\n  w: ':x'\n  k: 'a: b'\n  m: \"l1\\nl2\"\n";
        let val = load_value(doc).unwrap();
        let back = load_value(&marshal(&Doc::from(&val))).unwrap();
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
    fn key_order_is_go_yamls() {
        let mut keys = [
            Doc::str("a10"),
            Doc::str("a2"),
            Doc::str("B"),
            Doc::str("_x"),
        ];
        keys.sort_by(key_cmp);
        assert_eq!(
            keys,
            [
                Doc::str("_x"),
                Doc::str("B"),
                Doc::str("a2"),
                Doc::str("a10")
            ]
        );
        let d = |v: Value| Doc::Scalar(v);
        let mut mixed = [
            Doc::str("a"),
            d(Value::Int(2)),
            d(Value::Bool(true)),
            d(Value::Float(1.5)),
        ];
        mixed.sort_by(key_cmp);
        assert_eq!(
            mixed,
            [
                d(Value::Bool(true)),
                d(Value::Float(1.5)),
                d(Value::Int(2)),
                Doc::str("a")
            ]
        );
    }

    #[test]
    fn base60() {
        assert!(is_base60_float("1:20"));
        assert!(is_base60_float("-190:20:30.15"));
        assert!(!is_base60_float("1:60"));
        assert!(!is_base60_float("12"));
        assert!(!is_base60_float("a:1"));
    }
}
