//! Untyped YAML data as the Go code sees it (`interface{}` values), with Go's formatting rules
//! for the places where the original prints such values (`%v`, `%#v`, `%T`).

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Value>),
    Map(Map),
}

/// A mapping that keeps document order (Go maps have no order; where the original's output
/// depends on map iteration, any order is acceptable and document order is the natural one).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map {
    entries: Vec<(Value, Value)>,
}

impl Map {
    pub fn new() -> Map {
        Map::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, (Value, Value)> {
        self.entries.iter()
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, (Value, Value)> {
        self.entries.iter_mut()
    }

    /// Inserts or replaces (a replaced key keeps its position).
    pub fn insert(&mut self, k: Value, v: Value) {
        if let Some(e) = self.entries.iter_mut().find(|(ek, _)| *ek == k) {
            e.1 = v;
        } else {
            self.entries.push((k, v));
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| matches!(k, Value::Str(s) if s == key))
            .map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.entries
            .iter_mut()
            .find(|(k, _)| matches!(k, Value::Str(s) if s == key))
            .map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let pos = self
            .entries
            .iter()
            .position(|(k, _)| matches!(k, Value::Str(s) if s == key))?;
        Some(self.entries.remove(pos).1)
    }

    pub fn keys(&self) -> impl Iterator<Item = &Value> {
        self.entries.iter().map(|(k, _)| k)
    }
}

impl FromIterator<(Value, Value)> for Map {
    fn from_iter<T: IntoIterator<Item = (Value, Value)>>(iter: T) -> Self {
        let mut m = Map::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(m) => m.get(key),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Go's `fmt.Sprint` / `%v`.
    pub fn go_sprint(&self) -> String {
        match self {
            Value::Null => "<nil>".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Uint(u) => u.to_string(),
            Value::Float(f) => crate::go::strconv::format_g(*f),
            Value::Str(s) => s.clone(),
            Value::Seq(items) => {
                let parts: Vec<String> = items.iter().map(|v| v.go_sprint()).collect();
                format!("[{}]", parts.join(" "))
            }
            Value::Map(m) => {
                let mut parts: Vec<(String, String)> = m
                    .iter()
                    .map(|(k, v)| (k.go_sprint(), v.go_sprint()))
                    .collect();
                parts.sort();
                let parts: Vec<String> =
                    parts.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
                format!("map[{}]", parts.join(" "))
            }
        }
    }

    /// An approximation of Go's `%#v` (only used in error messages).
    pub fn go_sharp_v(&self) -> String {
        match self {
            Value::Null => "interface {}(nil)".into(),
            Value::Str(s) => format!("{s:?}"),
            Value::Seq(items) => {
                let parts: Vec<String> = items.iter().map(|v| v.go_sharp_v()).collect();
                format!("[]interface {{}}{{{}}}", parts.join(", "))
            }
            Value::Map(m) => {
                let parts: Vec<String> = m
                    .iter()
                    .map(|(k, v)| format!("{}:{}", k.go_sharp_v(), v.go_sharp_v()))
                    .collect();
                format!("map[interface {{}}]interface {{}}{{{}}}", parts.join(", "))
            }
            other => other.go_sprint(),
        }
    }

    /// Go's `%T` for values decoded by go-yaml into `interface{}`; `string_keys` selects the map
    /// type docker/cli converts to.
    pub fn go_type(&self, string_keys: bool) -> &'static str {
        match self {
            Value::Null => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Uint(_) => "uint64",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::Seq(_) => "[]interface {}",
            Value::Map(_) => {
                if string_keys {
                    "map[string]interface {}"
                } else {
                    "map[interface {}]interface {}"
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprint() {
        let v = Value::Seq(vec![Value::str("a"), Value::Int(1), Value::Null]);
        assert_eq!(v.go_sprint(), "[a 1 <nil>]");
    }
}
