//! Comparing JSON data the way the conformance corpora do: as data, where types matter (`"512"`
//! is not `512`, `1` is not `1.0`, `true` is not `1`), key order does not, and empty lists and maps
//! count (`"links": []` is not "no `links` key").
//!
//! Lists are compared in order, except at the paths a [`Rules`] names:
//! - a *keyed set* (`containerDefinitions` keyed by `name`): elements are matched by the value of
//!   their key field, and named by it in paths: `containerDefinitions[web].memory`;
//! - a *multiset* (`containerDefinitions[].environment`): same elements, any order.
//!
//! [`diff`] returns every [`Difference`], each naming the path where it is.

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// One difference between the expected and the actual data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// Where: `containerDefinitions[web].portMappings[0].hostPort` (empty for the root).
    pub path: String,
    /// What: `expected 80, got "80"`, `missing (expected [])`, `unexpected {...}`...
    pub what: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "(root): {}", self.what)
        } else {
            write!(f, "{}: {}", self.path, self.what)
        }
    }
}

/// How a list compares when it is not compared in order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ListRule {
    KeyedSet(String),
    Multiset,
}

/// One step of a path pattern: a field name, or `[]` (any element of a list).
#[derive(Debug, Clone, PartialEq, Eq)]
enum PatternStep {
    Field(String),
    Element,
}

/// One step of a concrete path.
#[derive(Debug, Clone)]
enum Step {
    Field(String),
    Index(usize),
    Key(String),
}

/// The lists that are not compared in order, by path pattern. A pattern is a dotted path in
/// which `[]` stands for any element of a list: `containerDefinitions[].environment`,
/// `containerDefinitions[].linuxParameters.devices[].permissions`, `[]` for the elements of a
/// root list, `""` for the root itself.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    rules: Vec<(Vec<PatternStep>, ListRule)>,
}

impl Rules {
    /// Every list in order.
    pub fn new() -> Rules {
        Rules::default()
    }

    /// The list at `pattern` is a set of objects matched by their `key` field. Elements with the
    /// same key are matched in order (the second one is named `[name']`).
    pub fn keyed(mut self, pattern: &str, key: &str) -> Rules {
        self.rules
            .push((parse_pattern(pattern), ListRule::KeyedSet(key.to_string())));
        self
    }

    /// The list at `pattern` is a multiset: same elements, as often, in any order.
    pub fn multiset(mut self, pattern: &str) -> Rules {
        self.rules
            .push((parse_pattern(pattern), ListRule::Multiset));
        self
    }

    fn rule_at(&self, path: &[Step]) -> Option<&ListRule> {
        self.rules
            .iter()
            .find(|(pattern, _)| {
                pattern.len() == path.len()
                    && pattern.iter().zip(path).all(|(p, s)| match (p, s) {
                        (PatternStep::Field(a), Step::Field(b)) => a == b,
                        (PatternStep::Element, Step::Index(_) | Step::Key(_)) => true,
                        _ => false,
                    })
            })
            .map(|(_, rule)| rule)
    }
}

fn parse_pattern(pattern: &str) -> Vec<PatternStep> {
    let mut steps = Vec::new();
    for part in pattern.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        let name_end = rest.find('[').unwrap_or(rest.len());
        if name_end > 0 {
            steps.push(PatternStep::Field(rest[..name_end].to_string()));
        }
        rest = &rest[name_end..];
        while let Some(r) = rest.strip_prefix("[]") {
            steps.push(PatternStep::Element);
            rest = r;
        }
        assert!(rest.is_empty(), "bad JSON path pattern {pattern:?}");
    }
    steps
}

fn render_path(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Field(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::Key(k) => out.push_str(&format!("[{k}]")),
        }
    }
    out
}

/// Every difference between `expected` and `actual` under `rules`, in a stable order (object keys
/// sorted, list elements in order).
pub fn diff(expected: &Value, actual: &Value, rules: &Rules) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(expected, actual, &mut Vec::new(), rules, &mut out);
    out
}

fn walk(exp: &Value, act: &Value, path: &mut Vec<Step>, rules: &Rules, out: &mut Vec<Difference>) {
    match (exp, act) {
        (Value::Object(e), Value::Object(a)) => {
            let mut keys: Vec<&String> = e.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                path.push(Step::Field(key.clone()));
                match (e.get(key), a.get(key)) {
                    (Some(ev), Some(av)) => walk(ev, av, path, rules, out),
                    (Some(ev), None) => add(out, path, format!("missing (expected {})", short(ev))),
                    (None, Some(av)) => add(out, path, format!("unexpected {}", short(av))),
                    (None, None) => {}
                }
                path.pop();
            }
        }
        (Value::Array(e), Value::Array(a)) => match rules.rule_at(path) {
            Some(ListRule::KeyedSet(key)) => {
                let e = keyed(e, key);
                let a = keyed(a, key);
                let mut names: Vec<&String> = e.keys().chain(a.keys()).collect();
                names.sort();
                names.dedup();
                for name in names {
                    path.push(Step::Key(name.clone()));
                    match (e.get(name), a.get(name)) {
                        (Some(ev), Some(av)) => walk(ev, av, path, rules, out),
                        (Some(ev), None) => {
                            add(out, path, format!("missing (expected {})", short(ev)))
                        }
                        (None, Some(av)) => add(out, path, format!("unexpected {}", short(av))),
                        (None, None) => {}
                    }
                    path.pop();
                }
            }
            Some(ListRule::Multiset) => {
                let mut missing: Vec<&Value> = Vec::new();
                let mut extra: Vec<&Value> = a.iter().collect();
                for item in e {
                    match extra.iter().position(|x| *x == item) {
                        Some(i) => {
                            extra.remove(i);
                        }
                        None => missing.push(item),
                    }
                }
                for item in missing {
                    add(out, path, format!("missing element {}", short(item)));
                }
                for item in extra {
                    add(out, path, format!("unexpected element {}", short(item)));
                }
            }
            None => {
                if e.len() != a.len() {
                    add(
                        out,
                        path,
                        format!("expected {}, got {}", short(exp), short(act)),
                    );
                } else {
                    for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                        path.push(Step::Index(i));
                        walk(ev, av, path, rules, out);
                        path.pop();
                    }
                }
            }
        },
        _ => {
            // serde_json's equality is typed: 512 != 512.0 != "512", true != 1.
            if exp != act {
                add(
                    out,
                    path,
                    format!("expected {}, got {}", short(exp), short(act)),
                );
            }
        }
    }
}

fn add(out: &mut Vec<Difference>, path: &[Step], what: String) {
    out.push(Difference {
        path: render_path(path),
        what,
    });
}

/// A keyed set's elements by key (`"?"` for an element without one); a repeated key gets a `'`
/// per earlier occurrence.
fn keyed<'a>(items: &'a [Value], key: &str) -> BTreeMap<String, &'a Value> {
    let mut map = BTreeMap::new();
    for item in items {
        let mut name = match item.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => canonical_string(other),
            None => "?".to_string(),
        };
        while map.contains_key(&name) {
            name.push('\'');
        }
        map.insert(name, item);
    }
    map
}

/// Compact JSON with object keys sorted, at every level: equal data gives equal strings.
pub fn canonical_string(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let inner: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), canonical_string(v)))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(canonical_string).collect();
            format!("[{}]", inner.join(","))
        }
        other => other.to_string(),
    }
}

/// [`canonical_string`] cut to 80 characters (`...` at the end when cut), for messages.
pub fn short(value: &Value) -> String {
    shorten(&canonical_string(value), 80)
}

/// `text` cut to at most `max` characters, ending in `...` when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(3)).collect();
    format!("{kept}...")
}

/// Differences as one line: the first `limit` joined by `; `, then `(+N more)` if any were left.
pub fn summary(differences: &[Difference], limit: usize) -> String {
    let mut parts: Vec<String> = differences
        .iter()
        .take(limit)
        .map(|d| d.to_string())
        .collect();
    if differences.len() > limit {
        parts.push(format!("(+{} more)", differences.len() - limit));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lines(exp: Value, act: Value, rules: &Rules) -> Vec<String> {
        diff(&exp, &act, rules)
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn types_and_empty_containers_count() {
        let none = Rules::new();
        assert_eq!(
            lines(json!({"m": 512}), json!({"m": "512"}), &none),
            ["m: expected 512, got \"512\""]
        );
        assert_eq!(
            lines(json!({"m": 1}), json!({"m": 1.0}), &none),
            ["m: expected 1, got 1.0"]
        );
        assert_eq!(
            lines(json!({"links": []}), json!({}), &none),
            ["links: missing (expected [])"]
        );
        assert_eq!(
            lines(json!({}), json!({"labels": {}}), &none),
            ["labels: unexpected {}"]
        );
        assert!(lines(
            json!({"a": 1, "b": [1, 2]}),
            json!({"b": [1, 2], "a": 1}),
            &none
        )
        .is_empty());
    }

    #[test]
    fn ordered_lists() {
        let none = Rules::new();
        assert_eq!(
            lines(json!({"c": ["a", "b"]}), json!({"c": ["b", "a"]}), &none),
            [
                "c[0]: expected \"a\", got \"b\"",
                "c[1]: expected \"b\", got \"a\""
            ]
        );
        assert_eq!(
            lines(json!({"c": ["a"]}), json!({"c": []}), &none),
            ["c: expected [\"a\"], got []"]
        );
    }

    #[test]
    fn keyed_sets_and_multisets() {
        let rules = Rules::new()
            .keyed("cds", "name")
            .multiset("cds[].env")
            .multiset("cds[].lp.devices[].perms");
        let exp = json!({"cds": [
            {"name": "web", "memory": 512, "env": [{"n": "A"}, {"n": "B"}],
             "lp": {"devices": [{"perms": ["read", "write"]}]}},
            {"name": "db", "memory": 256}
        ]});
        let same = json!({"cds": [
            {"name": "db", "memory": 256},
            {"name": "web", "memory": 512, "env": [{"n": "B"}, {"n": "A"}],
             "lp": {"devices": [{"perms": ["write", "read"]}]}}
        ]});
        assert!(diff(&exp, &same, &rules).is_empty());
        let other = json!({"cds": [
            {"name": "web", "memory": 256, "env": [{"n": "A"}, {"n": "A"}],
             "lp": {"devices": [{"perms": ["read", "write"]}]}},
            {"name": "cache", "memory": 256}
        ]});
        assert_eq!(
            lines(exp, other, &rules),
            [
                "cds[cache]: unexpected {\"memory\":256,\"name\":\"cache\"}",
                "cds[db]: missing (expected {\"memory\":256,\"name\":\"db\"})",
                "cds[web].env: missing element {\"n\":\"B\"}",
                "cds[web].env: unexpected element {\"n\":\"A\"}",
                "cds[web].memory: expected 512, got 256",
            ]
        );
    }

    #[test]
    fn patterns() {
        assert_eq!(
            parse_pattern("a[].b.c[][]"),
            [
                PatternStep::Field("a".into()),
                PatternStep::Element,
                PatternStep::Field("b".into()),
                PatternStep::Field("c".into()),
                PatternStep::Element,
                PatternStep::Element
            ]
        );
        assert_eq!(parse_pattern("[]"), [PatternStep::Element]);
        assert!(parse_pattern("").is_empty());
    }

    #[test]
    fn summaries_are_cut() {
        let d = |p: &str| Difference {
            path: p.to_string(),
            what: "x".to_string(),
        };
        assert_eq!(
            summary(&[d("a"), d("b"), d("c")], 2),
            "a: x; b: x; (+1 more)"
        );
        assert_eq!(shorten("abcdef", 5), "ab...");
    }
}
