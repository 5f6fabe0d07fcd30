//! go-yaml v2's decoder: into untyped values (`interface{}`, merge keys applied in document
//! order, duplicate keys last-wins), and the typed helpers the loaders use to decode into Go
//! structs, collecting go-yaml's `cannot unmarshal` type errors with their lines.

use super::parser::{parse, Kind, Node};
use super::resolve::{short_tag, BINARY_TAG};
use super::value::{Map, Value};

/// Upper bound on the number of nodes an alias-heavy document may expand to.
const MAX_EXPANDED_NODES: usize = 1_000_000;

/// Deepest nesting accepted once aliases are expanded.
const MAX_DECODE_DEPTH: usize = 1_000;

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
            Kind::Scalar(..) => match n.resolve()? {
                (tag, Value::Str(s)) if tag == BINARY_TAG || n.tag == BINARY_TAG => {
                    Ok(Value::Str(decode_binary(&s)?))
                }
                (_, v) => Ok(v),
            },
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
                if r == Value::Null {
                    return Ok(Some(String::new()));
                }
                if tag == BINARY_TAG {
                    if let Value::Str(s) = r {
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
                (_, Value::Bool(b)) => return Ok(Some(b)),
                (_, Value::Null) => return Ok(Some(false)),
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
                (_, Value::Int(i)) => return Ok(Some(i)),
                (_, Value::Uint(u)) if u <= i64::MAX as u64 => return Ok(Some(u as i64)),
                (_, Value::Float(f)) if f <= i64::MAX as f64 && f >= i64::MIN as f64 => {
                    return Ok(Some(f as i64))
                }
                (_, Value::Null) => return Ok(Some(0)),
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
}
