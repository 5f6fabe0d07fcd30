//! A small JSON-schema validator that walks data the way gojsonschema (the validator both
//! libcompose and docker/cli use) does, so that the first error, and the message built from it,
//! come out the same, and the three compose schemas it validates against, embedded as the JSON
//! files the original embedded: libcompose's `config_schema_v1.json` and
//! `config_schema_v2.0.json` (the services schemas of its `config/schema.go`), and docker/cli's
//! `config_schema_v3.0.json`; and, beyond the original, the later compose schemas
//! ([`later_version`]). The loader accepts exactly the keywords those files use.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::yaml::Value;

/// One (sub)schema; properties keep the file's order.
#[derive(Clone, Default, Debug, PartialEq)]
pub struct Schema {
    pub types: Vec<String>,
    pub properties: Vec<(String, Schema)>,
    pub pattern_properties: Vec<(String, Schema)>,
    pub additional_properties: Option<bool>,
    pub required: Vec<String>,
    pub one_of: Vec<Schema>,
    pub any_of: Vec<Schema>,
    pub not: Option<Box<Schema>>,
    pub items: Option<Box<Schema>>,
    pub unique_items: bool,
    pub format: Option<String>,
    pub dependencies: Vec<(String, Vec<String>)>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// The name of a `#/definitions/<name>` reference.
    pub reference: Option<String>,
    /// `enum`: the allowed values (the later compose schemas use it, for strings only).
    pub enumeration: Option<Vec<serde_json::Value>>,
}

pub struct SchemaDoc {
    pub root: Schema,
    pub definitions: HashMap<String, Schema>,
    /// `definitions.constraints.service`, which libcompose validates each service against
    /// after loading (image or build).
    pub constraints: Option<Schema>,
    /// Whether the "duration" format is checked (docker/cli registers a checker; libcompose does
    /// not check formats).
    pub check_duration_format: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VErr {
    pub kind: &'static str,
    /// Path from the root, without "(root)".
    pub context: Vec<String>,
    pub details: Vec<(&'static str, String)>,
    pub value: Value,
}

impl VErr {
    pub fn detail(&self, k: &str) -> Option<&str> {
        self.details
            .iter()
            .find(|(dk, _)| *dk == k)
            .map(|(_, v)| v.as_str())
    }

    pub fn context_string(&self) -> String {
        let mut s = String::from("(root)");
        for c in &self.context {
            s.push('.');
            s.push_str(c);
        }
        s
    }

    /// gojsonschema `Field()`: the property for property errors, else the context path.
    pub fn field(&self) -> String {
        if let Some(p) = self.detail("property") {
            return p.to_string();
        }
        self.context.join(".")
    }

    pub fn description(&self) -> String {
        let d = |k| self.detail(k).unwrap_or("").to_string();
        match self.kind {
            "required" => format!("{} is required", d("property")),
            "invalid_type" => format!(
                "Invalid type. Expected: {}, given: {}",
                d("expected"),
                d("given")
            ),
            "number_any_of" => "Must validate at least one schema (anyOf)".into(),
            "number_one_of" => "Must validate one and only one schema (oneOf)".into(),
            "number_not" => "Must not validate the schema (not)".into(),
            "additional_property_not_allowed" => {
                format!("Additional property {} is not allowed", d("property"))
            }
            "unique" => format!("{} items must be unique", d("type")),
            "missing_dependency" => format!("Has a dependency on {}", d("dependency")),
            "format" => format!("Does not match format '{}'", d("format")),
            "enum" => format!("must be one of the following: {}", d("allowed")),
            "number_gte" => format!("Must be greater than or equal to {}", d("min")),
            "number_lte" => format!("Must be less than or equal to {}", d("max")),
            other => other.to_string(),
        }
    }
}

#[derive(Default)]
struct VResult {
    errors: Vec<VErr>,
    score: i64,
}

fn is_integer(v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Uint(_) => true,
        Value::Float(f) => f.fract() == 0.0 && f.is_finite(),
        _ => false,
    }
}

fn types_string(types: &[String]) -> String {
    if types.len() > 1 {
        format!("[{}]", types.join(","))
    } else {
        types
            .first()
            .map_or("undefined", String::as_str)
            .to_string()
    }
}

fn pattern(p: &str) -> Regex {
    static CACHE: OnceLock<std::sync::Mutex<HashMap<String, Regex>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
    c.entry(p.to_string())
        .or_insert_with(|| Regex::new(p).expect("schema pattern"))
        .clone()
}

/// JSON text of a value, for uniqueItems comparison.
fn json_key(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Uint(u) => u.to_string(),
        Value::Float(f) => {
            if is_integer(v) && f.abs() < 1e21 {
                format!("{}", *f as i128)
            } else {
                format!("{f}")
            }
        }
        Value::Str(s) => format!("{s:?}"),
        Value::Seq(items) => {
            let parts: Vec<String> = items.iter().map(json_key).collect();
            format!("[{}]", parts.join(","))
        }
        Value::Map(m) => {
            let mut parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", json_key(k), json_key(v)))
                .collect();
            parts.sort();
            format!("{{{}}}", parts.join(","))
        }
    }
}

impl SchemaDoc {
    /// Validates `value` against the root schema; errors in gojsonschema's order.
    pub fn validate(&self, value: &Value) -> Vec<VErr> {
        let mut res = VResult::default();
        let mut ctx = Vec::new();
        self.rec(&self.root, value, &mut ctx, &mut res);
        res.errors
    }

    /// Validates against a named definition (libcompose's service constraints).
    pub fn validate_with(&self, schema: &Schema, value: &Value) -> Vec<VErr> {
        let mut res = VResult::default();
        let mut ctx = Vec::new();
        self.rec(schema, value, &mut ctx, &mut res);
        res.errors
    }

    fn sub(&self, schema: &Schema, value: &Value, ctx: &mut Vec<String>) -> VResult {
        let mut r = VResult::default();
        self.rec(schema, value, ctx, &mut r);
        r
    }

    fn err(
        res: &mut VResult,
        kind: &'static str,
        ctx: &[String],
        value: &Value,
        details: Vec<(&'static str, String)>,
    ) {
        res.errors.push(VErr {
            kind,
            context: ctx.to_vec(),
            details,
            value: value.clone(),
        });
    }

    fn rec(&self, schema: &Schema, value: &Value, ctx: &mut Vec<String>, res: &mut VResult) {
        if let Some(r) = &schema.reference {
            if let Some(def) = self.definitions.get(r) {
                self.rec(def, value, ctx, res);
            }
            return;
        }
        let typed = !schema.types.is_empty();
        let given = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::Uint(_) | Value::Float(_) => {
                if is_integer(value) {
                    "integer"
                } else {
                    "number"
                }
            }
            Value::Str(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        };
        let has = |t: &str| schema.types.iter().any(|s| s == t);
        let type_ok = match given {
            "integer" => has("number") || has("integer"),
            g => has(g),
        };
        if typed && !type_ok {
            Self::err(
                res,
                "invalid_type",
                ctx,
                value,
                vec![
                    ("expected", types_string(&schema.types)),
                    ("given", given.to_string()),
                ],
            );
            return;
        }
        self.validate_schema(schema, value, ctx, res);
        if let Some(allowed) = &schema.enumeration {
            if !allowed.iter().any(|a| json_equals(a, value)) {
                let list: Vec<String> = allowed.iter().map(|a| a.to_string()).collect();
                Self::err(res, "enum", ctx, value, vec![("allowed", list.join(", "))]);
            }
        }
        match value {
            Value::Int(_) | Value::Uint(_) | Value::Float(_) => {
                self.validate_number(schema, value, ctx, res);
                res.score += 1; // validateCommon
            }
            Value::Seq(items) => {
                self.validate_array(schema, items, value, ctx, res);
                res.score += 1;
            }
            Value::Map(m) => {
                self.validate_object(schema, m, value, ctx, res);
                res.score += 1;
                for (name, child) in &schema.properties {
                    if let Some(v) = m.get(name) {
                        ctx.push(name.to_string());
                        self.rec(child, v, ctx, res);
                        ctx.pop();
                    }
                }
            }
            Value::Str(s) => {
                res.score += 1;
                if let Some(f) = &schema.format {
                    if f == "duration"
                        && self.check_duration_format
                        && crate::go::time::parse_duration(s).is_err()
                    {
                        Self::err(res, "format", ctx, value, vec![("format", f.to_string())]);
                    }
                }
                res.score += 1;
            }
            _ => {
                res.score += 1;
            }
        }
        res.score += 1;
    }

    fn validate_schema(
        &self,
        schema: &Schema,
        value: &Value,
        ctx: &mut Vec<String>,
        res: &mut VResult,
    ) {
        if !schema.any_of.is_empty() {
            let mut ok = false;
            let mut best: Option<VResult> = None;
            for s in &schema.any_of {
                if ok {
                    break;
                }
                let r = self.sub(s, value, ctx);
                ok = r.errors.is_empty();
                if !ok && best.as_ref().map(|b| r.score > b.score).unwrap_or(true) {
                    best = Some(r);
                }
            }
            if !ok {
                Self::err(res, "number_any_of", ctx, value, vec![]);
                if let Some(b) = best {
                    res.errors.extend(b.errors);
                    res.score += b.score;
                }
            }
        }
        if !schema.one_of.is_empty() {
            let mut n = 0;
            let mut best: Option<VResult> = None;
            for s in &schema.one_of {
                let r = self.sub(s, value, ctx);
                if r.errors.is_empty() {
                    n += 1;
                } else if n == 0 && best.as_ref().map(|b| r.score > b.score).unwrap_or(true) {
                    best = Some(r);
                }
            }
            if n != 1 {
                Self::err(res, "number_one_of", ctx, value, vec![]);
                if n == 0 {
                    if let Some(b) = best {
                        res.errors.extend(b.errors);
                        res.score += b.score;
                    }
                }
            }
        }
        if let Some(not) = &schema.not {
            if self.sub(not, value, ctx).errors.is_empty() {
                Self::err(res, "number_not", ctx, value, vec![]);
            }
        }
        if let Value::Map(m) = value {
            for (k, _) in m.iter() {
                let k = match k.as_str() {
                    Some(k) => k,
                    None => continue,
                };
                if let Some((_, deps)) = schema.dependencies.iter().find(|(dk, _)| *dk == k) {
                    for d in deps {
                        if !m.contains_key(d) {
                            Self::err(
                                res,
                                "missing_dependency",
                                ctx,
                                value,
                                vec![("dependency", d.to_string())],
                            );
                        }
                    }
                }
            }
        }
        res.score += 1;
    }

    fn validate_number(
        &self,
        schema: &Schema,
        value: &Value,
        ctx: &mut [String],
        res: &mut VResult,
    ) {
        let f = match value {
            Value::Int(i) => *i as f64,
            Value::Uint(u) => *u as f64,
            Value::Float(f) => *f,
            _ => return,
        };
        if let Some(min) = schema.minimum {
            if f < min {
                Self::err(
                    res,
                    "number_gte",
                    ctx,
                    value,
                    vec![("min", format!("{min}"))],
                );
            }
        }
        if let Some(max) = schema.maximum {
            if f > max {
                Self::err(
                    res,
                    "number_lte",
                    ctx,
                    value,
                    vec![("max", format!("{max}"))],
                );
            }
        }
        res.score += 1;
    }

    fn validate_array(
        &self,
        schema: &Schema,
        items: &[Value],
        value: &Value,
        ctx: &mut Vec<String>,
        res: &mut VResult,
    ) {
        if let Some(item_schema) = &schema.items {
            for (i, it) in items.iter().enumerate() {
                ctx.push(i.to_string());
                let r = self.sub(item_schema, it, ctx);
                ctx.pop();
                res.errors.extend(r.errors);
                res.score += r.score;
            }
        }
        if schema.unique_items {
            let mut seen: Vec<String> = Vec::new();
            for it in items {
                let k = json_key(it);
                if seen.contains(&k) {
                    Self::err(res, "unique", ctx, value, vec![("type", "array".into())]);
                }
                seen.push(k);
            }
        }
        res.score += 1;
    }

    fn validate_object(
        &self,
        schema: &Schema,
        m: &crate::yaml::Map,
        value: &Value,
        ctx: &mut Vec<String>,
        res: &mut VResult,
    ) {
        for r in &schema.required {
            if m.contains_key(r) {
                res.score += 1;
            } else {
                Self::err(
                    res,
                    "required",
                    ctx,
                    value,
                    vec![("property", r.to_string())],
                );
            }
        }
        match schema.additional_properties {
            Some(false) => {
                for (k, v) in m.iter() {
                    let key = k
                        .as_str()
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| k.go_sprint());
                    let found = schema.properties.iter().any(|(p, _)| *p == key);
                    let (has, matched) = self.pattern_property(schema, &key, v, ctx, res);
                    let bad = if found {
                        has && !matched
                    } else {
                        !has || !matched
                    };
                    if bad {
                        Self::err(
                            res,
                            "additional_property_not_allowed",
                            ctx,
                            v,
                            vec![("property", key)],
                        );
                    }
                }
            }
            _ => {
                for (k, v) in m.iter() {
                    let key = k
                        .as_str()
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| k.go_sprint());
                    let (has, matched) = self.pattern_property(schema, &key, v, ctx, res);
                    if has && !matched {
                        Self::err(
                            res,
                            "invalid_property_pattern",
                            ctx,
                            v,
                            vec![("property", key)],
                        );
                    }
                }
            }
        }
        res.score += 1;
    }

    fn pattern_property(
        &self,
        schema: &Schema,
        key: &str,
        v: &Value,
        ctx: &mut Vec<String>,
        res: &mut VResult,
    ) -> (bool, bool) {
        let mut has = false;
        let mut ok = false;
        for (p, s) in &schema.pattern_properties {
            if pattern(p).is_match(key) {
                has = true;
                ctx.push(key.to_string());
                let r = self.sub(s, v, ctx);
                ctx.pop();
                let valid = r.errors.is_empty();
                res.errors.extend(r.errors);
                res.score += r.score;
                if valid {
                    ok = true;
                }
            }
        }
        if ok {
            res.score += 1;
        }
        (has, ok)
    }
}

// ------------------------------------------------------------------------------------------
// Error messages

fn add_article(s: &str) -> String {
    match s.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U') => format!("an {s}"),
        _ => format!("a {s}"),
    }
}

/// libcompose `getValue`: the value at an error context, printed with `%v`.
fn get_value(root: &Value, context: &[String]) -> String {
    let mut cur = root;
    for (i, k) in context.iter().enumerate() {
        match cur {
            Value::Str(s) => return s.clone(),
            Value::Seq(items) => {
                if let Ok(idx) = k.parse::<usize>() {
                    if let Some(v) = items.get(idx) {
                        cur = v;
                    }
                }
            }
            Value::Map(m) => {
                cur = m.get(k).unwrap_or(&Value::Null);
            }
            _ => {}
        }
        if i == context.len() - 1 {
            return cur.go_sprint();
        }
    }
    String::new()
}

fn valid_types_for_service_key(doc: &SchemaDoc, key: &str) -> Vec<String> {
    let service = match doc.definitions.get("service") {
        Some(s) => s,
        None => return vec![],
    };
    let prop = match service.properties.iter().find(|(k, _)| *k == key) {
        Some((_, p)) => p,
        None => return vec![],
    };
    if !prop.one_of.is_empty() {
        return prop
            .one_of
            .iter()
            .map(|c| c.types.first().cloned().unwrap_or_default())
            .collect();
    }
    match prop.reference.as_deref() {
        Some("string_or_list") => vec!["string".into(), "array".into()],
        Some("list_of_strings") => vec!["array".into()],
        Some("list_or_dict") => vec!["array".into(), "object".into()],
        _ => vec![],
    }
}

fn last_component(field: &str) -> String {
    field.rsplit('.').next().unwrap_or("").to_string()
}

fn first_component(field: &str) -> String {
    field.split('.').next().unwrap_or("").to_string()
}

const CONFIG_HINTS: [(&str, &str); 13] = [
    ("cpu_share", "cpu_shares"),
    ("add_host", "extra_hosts"),
    ("hosts", "extra_hosts"),
    ("extra_host", "extra_hosts"),
    ("device", "devices"),
    ("link", "links"),
    ("memory_swap", "memswap_limit"),
    ("port", "ports"),
    ("privilege", "privileged"),
    ("priviliged", "privileged"),
    ("privilige", "privileged"),
    ("volume", "volumes"),
    ("workdir", "working_dir"),
];

/// libcompose's `generateErrorMessages` (services map validation, v1/v2).
pub fn libcompose_message(doc: &SchemaDoc, services: &Value, errors: &[VErr]) -> Option<String> {
    if errors.is_empty() {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    let mut skip_root_additional = false;
    let mut i = 0;
    while i < errors.len() {
        let err = &errors[i];
        let root = err.context.is_empty();
        if skip_root_additional && err.kind == "additional_property_not_allowed" && root {
            skip_root_additional = false;
            i += 1;
            continue;
        }
        if root {
            match err.kind {
                "additional_property_not_allowed" => out.push(format!(
                    "Invalid service name '{}' - only [a-zA-Z0-9\\._\\-] characters are allowed",
                    err.field()
                )),
                _ => out.push(err.description()),
            }
        } else {
            skip_root_additional = true;
            let field = err.field();
            let service = first_component(&field);
            let key = last_component(&field);
            match err.kind {
                "additional_property_not_allowed" => {
                    let svc = errors
                        .get(i + 1)
                        .map(|n| first_component(&n.field()))
                        .unwrap_or_default();
                    let mut m = format!("Unsupported config option for {svc} service: '{key}'");
                    if let Some((_, hint)) = CONFIG_HINTS.iter().find(|(k, _)| *k == key) {
                        m.push_str(&format!(" (did you mean '{hint}'?)"));
                    }
                    out.push(m);
                }
                "number_one_of" => {
                    let next = errors.get(i + 1);
                    if let Some(n) = next {
                        let key_of_err = err.context.last().cloned().unwrap_or_default();
                        let last = n.context.last().map(|s| s.as_str()).unwrap_or("");
                        if n.kind == "invalid_type"
                            && last.parse::<i64>().is_err()
                            && valid_types_for_service_key(doc, &key_of_err).is_empty()
                        {
                            // The original crashes building this message (the key is not a
                            // service option); describe the offending value instead.
                            let path = n.context.iter().skip(1).cloned().collect::<Vec<_>>();
                            let expected = n.detail("expected").unwrap_or("");
                            let types: Vec<&str> = if expected.contains(',') {
                                expected[1..expected.len() - 1].split(',').collect()
                            } else {
                                vec![expected]
                            };
                            out.push(format!(
                                "Service '{service}' configuration key '{}' contains an invalid type, it should be {}",
                                path.join("."),
                                add_article(&types.join(" or "))
                            ));
                            break;
                        }
                    }
                    let detail = match next {
                        Some(n) => one_of_message(doc, services, err, n),
                        None => String::new(),
                    };
                    out.push(format!(
                        "Service '{service}' configuration key '{key}' {detail}"
                    ));
                    i += 1;
                }
                "invalid_type" => {
                    let expected = err.detail("expected").unwrap_or("");
                    let types: Vec<&str> = if expected.contains(',') {
                        expected[1..expected.len() - 1].split(',').collect()
                    } else {
                        vec![expected]
                    };
                    out.push(format!(
                        "Service '{service}' configuration key '{key}' contains an invalid type, it should be {}.",
                        add_article(&types.join(" or "))
                    ));
                }
                "required" => out.push(format!(
                    "Service '{service}' option '{key}' is invalid, {}",
                    err.description()
                )),
                "missing_dependency" => out.push(format!(
                    "Invalid configuration for '{service}' service: dependency '{}' is not satisfied",
                    err.detail("dependency").unwrap_or("")
                )),
                "unique" => out.push(format!(
                    "Service '{service}' configuration key '{key}' value {} has non-unique elements",
                    get_value(services, &err.context)
                )),
                _ => out.push(format!(
                    "Service '{service}' configuration key {key} value {}",
                    err.description()
                )),
            }
        }
        i += 1;
    }
    Some(out.join("\n"))
}

fn one_of_message(doc: &SchemaDoc, services: &Value, err: &VErr, next: &VErr) -> String {
    match next.kind {
        "additional_property_not_allowed" => format!(
            "contains unsupported option: '{}'",
            next.detail("property").unwrap_or("")
        ),
        "invalid_type" => {
            let last = next.context.last().map(|s| s.as_str()).unwrap_or("");
            if last.parse::<i64>().is_ok() {
                let expected = add_article(next.detail("expected").unwrap_or(""));
                return format!(
                    "contains {}, which is an invalid type, it should be {}",
                    get_value(services, &next.context),
                    expected
                );
            }
            let key = err.context.last().cloned().unwrap_or_default();
            let types = valid_types_for_service_key(doc, &key);
            format!(
                "contains an invalid type, it should be {}",
                add_article(&types.join(" or "))
            )
        }
        "unique" => format!(
            "contains non unique items, please remove duplicates from {}",
            get_value(services, &next.context)
        ),
        _ => String::new(),
    }
}

fn human_type(def: &str) -> String {
    if let Some(inner) = def.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        let all: Vec<String> = inner.split(',').map(human_type).collect();
        let (last, rest) = all.split_last().expect("non-empty");
        return format!("{} or {}", rest.join(", "), last);
    }
    match def {
        "object" => "mapping".into(),
        "array" => "list".into(),
        d => d.into(),
    }
}

/// docker/cli's `toError`: the most specific error, described.
pub fn docker_message(errors: &[VErr]) -> Option<String> {
    if errors.is_empty() {
        return None;
    }
    let spec = |e: &VErr| e.field().split('.').count();
    let mut most = 0;
    for (i, e) in errors.iter().enumerate() {
        if spec(e) > spec(&errors[most]) {
            most = i;
            continue;
        }
        if spec(e) == spec(&errors[most])
            && e.kind == "invalid_type"
            && errors[most].kind != "invalid_type"
        {
            most = i;
        }
    }
    let parent = &errors[most];
    let child =
        if most + 1 < errors.len() && matches!(parent.kind, "number_one_of" | "number_any_of") {
            Some(&errors[most + 1])
        } else {
            None
        };
    let description = match parent.kind {
        "invalid_type" => format!(
            "must be a {}",
            human_type(parent.detail("expected").unwrap_or(""))
        ),
        "number_one_of" | "number_any_of" => match child {
            Some(c) => c.description(),
            None => parent.description(),
        },
        _ => parent.description(),
    };
    Some(format!("{} {}", parent.field(), description))
}

// ------------------------------------------------------------------------------------------
// The schemas

impl SchemaDoc {
    /// Loads a schema file: the root schema, its `definitions`, and libcompose's
    /// `definitions.constraints.service`. A keyword the validator does not implement is an
    /// error, so that nothing in a schema is silently ignored.
    pub fn from_json(text: &str, check_duration_format: bool) -> Result<SchemaDoc, String> {
        let json: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("schema: {e}"))?;
        let mut definitions = HashMap::new();
        let mut constraints = None;
        if let Some(defs) = json.get("definitions").and_then(|d| d.as_object()) {
            for (name, def) in defs {
                if name == "constraints" {
                    if let Some(service) = def.get("service") {
                        constraints = Some(parse_schema(service, "constraints/service")?);
                    }
                    continue;
                }
                definitions.insert(name.clone(), parse_schema(def, name)?);
            }
        }
        Ok(SchemaDoc {
            root: parse_schema(&json, "(root)")?,
            definitions,
            constraints,
            check_duration_format,
        })
    }
}

fn parse_schema(v: &serde_json::Value, at: &str) -> Result<Schema, String> {
    use serde_json::Value as J;
    let bad = |what: &str| format!("schema at {at}: {what}");
    let obj = v.as_object().ok_or_else(|| bad("not an object"))?;
    let strings = |v: &J, what: &str| -> Result<Vec<String>, String> {
        match v {
            J::String(s) => Ok(vec![s.clone()]),
            J::Array(items) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string).ok_or_else(|| bad(what)))
                .collect(),
            _ => Err(bad(what)),
        }
    };
    let schemas = |v: &J, what: &str| -> Result<Vec<(String, Schema)>, String> {
        let m = v.as_object().ok_or_else(|| bad(what))?;
        m.iter()
            .map(|(k, s)| Ok((k.clone(), parse_schema(s, &format!("{at}/{k}"))?)))
            .collect()
    };
    let list = |v: &J, what: &str| -> Result<Vec<Schema>, String> {
        let a = v.as_array().ok_or_else(|| bad(what))?;
        a.iter()
            .enumerate()
            .map(|(i, s)| parse_schema(s, &format!("{at}/{what}/{i}")))
            .collect()
    };
    let mut s = Schema::default();
    for (k, val) in obj {
        match k.as_str() {
            "$schema" | "id" | "definitions" | "description" | "title" | "deprecated" => {}
            "enum" => s.enumeration = Some(val.as_array().ok_or_else(|| bad(k))?.clone()),
            "type" => s.types = strings(val, "type")?,
            "properties" => s.properties = schemas(val, "properties")?,
            "patternProperties" => s.pattern_properties = schemas(val, "patternProperties")?,
            "additionalProperties" => {
                s.additional_properties = Some(val.as_bool().ok_or_else(|| bad(k))?)
            }
            "required" => s.required = strings(val, "required")?,
            "oneOf" => s.one_of = list(val, "oneOf")?,
            "anyOf" => s.any_of = list(val, "anyOf")?,
            "not" => s.not = Some(Box::new(parse_schema(val, &format!("{at}/not"))?)),
            "items" => s.items = Some(Box::new(parse_schema(val, &format!("{at}/items"))?)),
            "uniqueItems" => s.unique_items = val.as_bool().ok_or_else(|| bad(k))?,
            "format" => s.format = Some(val.as_str().ok_or_else(|| bad(k))?.to_string()),
            "dependencies" => {
                let m = val.as_object().ok_or_else(|| bad(k))?;
                for (name, deps) in m {
                    s.dependencies.push((name.clone(), strings(deps, k)?));
                }
            }
            "minimum" => s.minimum = Some(val.as_f64().ok_or_else(|| bad(k))?),
            "maximum" => s.maximum = Some(val.as_f64().ok_or_else(|| bad(k))?),
            "$ref" => {
                let r = val.as_str().ok_or_else(|| bad(k))?;
                let name = r.strip_prefix("#/definitions/").ok_or_else(|| bad(r))?;
                s.reference = Some(name.to_string());
            }
            other => return Err(bad(&format!("unsupported keyword {other}"))),
        }
    }
    Ok(s)
}

/// Whether a schema's `enum` entry equals a YAML value (strings, numbers, booleans, null).
fn json_equals(a: &serde_json::Value, v: &Value) -> bool {
    use serde_json::Value as J;
    match (a, v) {
        (J::String(x), Value::Str(y)) => x == y,
        (J::Bool(x), Value::Bool(y)) => x == y,
        (J::Null, Value::Null) => true,
        (J::Number(n), Value::Int(i)) => n.as_i64() == Some(*i),
        (J::Number(n), Value::Uint(u)) => n.as_u64() == Some(*u),
        (J::Number(n), Value::Float(f)) => n.as_f64() == Some(*f),
        _ => false,
    }
}

fn load(text: &str, check_duration_format: bool) -> SchemaDoc {
    SchemaDoc::from_json(text, check_duration_format).expect("embedded compose schema")
}

/// libcompose's v1 schema (the whole file is the services map).
pub fn libcompose_v1() -> &'static SchemaDoc {
    static DOC: OnceLock<SchemaDoc> = OnceLock::new();
    DOC.get_or_init(|| load(include_str!("schemas/config_schema_v1.json"), false))
}

/// libcompose's v2 services schema.
pub fn libcompose_v2() -> &'static SchemaDoc {
    static DOC: OnceLock<SchemaDoc> = OnceLock::new();
    DOC.get_or_init(|| load(include_str!("schemas/config_schema_v2.0.json"), false))
}

/// docker/cli's config_schema_v3.0.json (docker/cli registers a `duration` format checker).
pub fn compose_v30() -> &'static SchemaDoc {
    static DOC: OnceLock<SchemaDoc> = OnceLock::new();
    DOC.get_or_init(|| load(include_str!("schemas/config_schema_v3.0.json"), true))
}

/// The schema of a compose file version this clone reads beyond the original: `2.1`–`2.4`
/// (docker-compose's, services only, like libcompose's v2.0), `3.1`–`3.8` (docker-compose's
/// copies of docker/cli's) and `spec` (the Compose Specification's `compose_spec.json`).
/// None for any other version.
pub fn later_version(version: &str) -> Option<&'static SchemaDoc> {
    macro_rules! doc {
        ($file:literal) => {{
            static DOC: OnceLock<SchemaDoc> = OnceLock::new();
            Some(DOC.get_or_init(|| load(include_str!($file), true)))
        }};
    }
    // the v2 loader validates the services map alone, as libcompose does: the root of these
    // is the file schema's `services` property
    macro_rules! services_doc {
        ($file:literal) => {{
            static DOC: OnceLock<SchemaDoc> = OnceLock::new();
            Some(DOC.get_or_init(|| {
                let mut doc = load(include_str!($file), false);
                if let Some((_, services)) =
                    doc.root.properties.iter().find(|(k, _)| k == "services")
                {
                    doc.root = services.clone();
                }
                doc
            }))
        }};
    }
    match version {
        "2.1" => services_doc!("schemas/config_schema_v2.1.json"),
        "2.2" => services_doc!("schemas/config_schema_v2.2.json"),
        "2.3" => services_doc!("schemas/config_schema_v2.3.json"),
        "2.4" => services_doc!("schemas/config_schema_v2.4.json"),
        "3.1" => doc!("schemas/config_schema_v3.1.json"),
        "3.2" => doc!("schemas/config_schema_v3.2.json"),
        "3.3" => doc!("schemas/config_schema_v3.3.json"),
        "3.4" => doc!("schemas/config_schema_v3.4.json"),
        "3.5" => doc!("schemas/config_schema_v3.5.json"),
        "3.6" => doc!("schemas/config_schema_v3.6.json"),
        "3.7" => doc!("schemas/config_schema_v3.7.json"),
        "3.8" => doc!("schemas/config_schema_v3.8.json"),
        "spec" => doc!("schemas/compose_spec.json"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::load_value;

    #[test]
    fn later_schemas_load_and_check_enums() {
        for v in [
            "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8",
            "spec",
        ] {
            let doc = later_version(v).unwrap_or_else(|| panic!("{v}"));
            assert!(doc.definitions.contains_key("service"), "{v}");
        }
        assert!(later_version("3.9").is_none());
        let doc = later_version("3.8").unwrap();
        let ok = load_value("version: '3.8'\nservices:\n  web:\n    image: nginx\n    init: true\n    healthcheck:\n      test: [CMD, \"true\"]\n      start_period: 5s\n").unwrap();
        assert_eq!(doc.validate(&ok), vec![]);
        let spec = later_version("spec").unwrap();
        let bad = load_value("services:\n  web:\n    image: nginx\n    depends_on:\n      db:\n        condition: later\n").unwrap();
        let errors = spec.validate(&bad);
        assert_eq!(
            docker_message(&errors).as_deref(),
            Some("services.web.depends_on.db.condition must be one of the following: \"service_started\", \"service_healthy\", \"service_completed_successfully\"")
        );
    }

    #[test]
    fn embedded_schemas_load() {
        for doc in [libcompose_v1(), libcompose_v2(), compose_v30()] {
            assert!(doc.definitions.contains_key("service"));
            assert!(doc.constraints.is_some());
        }
        let e = SchemaDoc::from_json(r#"{"type": "string", "pattern": "^a"}"#, false).err();
        assert_eq!(
            e.as_deref(),
            Some("schema at (root): unsupported keyword pattern")
        );
    }

    #[test]
    fn not_is_gojsonschemas() {
        let doc = SchemaDoc::from_json(r#"{"not": {"required": ["a"]}}"#, false).unwrap();
        let v = load_value("a: 1\n").unwrap();
        let errors = doc.validate(&v);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].description(),
            "Must not validate the schema (not)"
        );
        assert!(doc.validate(&load_value("b: 1\n").unwrap()).is_empty());
    }

    #[test]
    fn v3_messages() {
        let doc = compose_v30();
        let v = load_value("version: '3'\nservices:\n  web:\n    image: nginx\n    init: true\n")
            .unwrap();
        assert_eq!(
            docker_message(&doc.validate(&v)).unwrap(),
            "init Additional property init is not allowed"
        );
        let v =
            load_value("version: '3'\nservices:\n  web:\n    privileged: 'yes please'\n").unwrap();
        assert_eq!(
            docker_message(&doc.validate(&v)).unwrap(),
            "services.web.privileged must be a boolean"
        );
        let v = load_value("version: 3.0\nservices:\n  web:\n    image: x\n").unwrap();
        assert_eq!(
            docker_message(&doc.validate(&v)).unwrap(),
            "version must be a string"
        );
        let v = load_value(
            "version: '3'\nservices:\n  web:\n    volumes:\n      - type: bind\n        source: /a\n",
        )
        .unwrap();
        assert_eq!(
            docker_message(&doc.validate(&v)).unwrap(),
            "services.web.volumes.0 must be a string"
        );
        let v = load_value(
            "version: '3'\nservices:\n  web:\n    healthcheck:\n      start_period: 3s\n",
        )
        .unwrap();
        assert_eq!(
            docker_message(&doc.validate(&v)).unwrap(),
            "start_period Additional property start_period is not allowed"
        );
        let v =
            load_value("version: '3'\nservices:\n  web:\n    stop_grace_period: soon\n").unwrap();
        assert_eq!(
            docker_message(&doc.validate(&v)).unwrap(),
            "services.web.stop_grace_period Does not match format 'duration'"
        );
    }

    #[test]
    fn libcompose_messages() {
        let doc = libcompose_v2();
        let v = load_value("web:\n  image: nginx\n  healthcheck:\n    test: x\n").unwrap();
        assert_eq!(
            libcompose_message(doc, &v, &doc.validate(&v)).unwrap(),
            "Unsupported config option for web service: 'healthcheck'"
        );
        let v = load_value("web:\n  image: nginx\n  environment:\n    DEBUG: true\n").unwrap();
        assert_eq!(
            libcompose_message(doc, &v, &doc.validate(&v)).unwrap(),
            "Service 'web' configuration key 'environment' contains an invalid type, it should be an array or object\nUnsupported config option for web service: 'DEBUG'"
        );
        let v = load_value("web:\n  image: nginx\n  privileged: 'x'\n").unwrap();
        assert_eq!(
            libcompose_message(doc, &v, &doc.validate(&v)).unwrap(),
            "Service 'web' configuration key 'privileged' contains an invalid type, it should be a boolean."
        );
        let v = load_value("web:\n  image: nginx\n  ports: ['80:80', '80:80']\n").unwrap();
        assert_eq!(
            libcompose_message(doc, &v, &doc.validate(&v)).unwrap(),
            "Service 'web' configuration key 'ports' value [80:80 80:80] has non-unique elements"
        );
        let v1 = libcompose_v1();
        let v = load_value("services:\n  web:\n    image: nginx\n").unwrap();
        assert_eq!(
            libcompose_message(v1, &v, &v1.validate(&v)).unwrap(),
            "Unsupported config option for services service: 'web'"
        );
        let v = load_value(
            "web:\n  image: nginx\n  ulimits:\n    nofile:\n      soft: many\n      hard: 1\n",
        )
        .unwrap();
        assert_eq!(
            libcompose_message(doc, &v, &doc.validate(&v)).unwrap(),
            "Service 'web' configuration key 'ulimits.nofile.soft' contains an invalid type, it should be an integer"
        );
    }
}
