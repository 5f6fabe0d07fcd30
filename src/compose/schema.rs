//! A small JSON-schema validator that walks data the way gojsonschema (the validator both
//! libcompose and docker/cli use) does, so that the first error, and the message built from it,
//! come out the same. The compose schemas themselves (v1, v2 and v3.0 service definitions) are
//! expressed with the builder at the bottom.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::yaml::Value;

#[derive(Clone, Default, Debug)]
pub struct Schema {
    pub types: Vec<&'static str>,
    pub properties: Vec<(&'static str, Schema)>,
    pub pattern_properties: Vec<(&'static str, Schema)>,
    pub additional_properties: Option<bool>,
    pub required: Vec<&'static str>,
    pub one_of: Vec<Schema>,
    pub any_of: Vec<Schema>,
    pub items: Option<Box<Schema>>,
    pub unique_items: bool,
    pub format: Option<&'static str>,
    pub dependencies: Vec<(&'static str, Vec<&'static str>)>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub reference: Option<&'static str>,
}

pub struct SchemaDoc {
    pub root: Schema,
    pub definitions: HashMap<&'static str, Schema>,
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
            "additional_property_not_allowed" => {
                format!("Additional property {} is not allowed", d("property"))
            }
            "unique" => format!("{} items must be unique", d("type")),
            "missing_dependency" => format!("Has a dependency on {}", d("dependency")),
            "format" => format!("Does not match format '{}'", d("format")),
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

fn types_string(types: &[&str]) -> String {
    if types.len() > 1 {
        format!("[{}]", types.join(","))
    } else {
        types.first().copied().unwrap_or("undefined").to_string()
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
        if let Some(r) = schema.reference {
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
        let type_ok = match given {
            "integer" => schema.types.contains(&"number") || schema.types.contains(&"integer"),
            g => schema.types.contains(&g),
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
                if let Some(f) = schema.format {
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
            .map(|c| c.types.first().copied().unwrap_or("").to_string())
            .collect();
    }
    match prop.reference {
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
// Builder and the compose schemas

fn t(types: &[&'static str]) -> Schema {
    Schema {
        types: types.to_vec(),
        ..Default::default()
    }
}

fn r(name: &'static str) -> Schema {
    Schema {
        reference: Some(name),
        ..Default::default()
    }
}

fn arr_of(item: Schema, unique: bool) -> Schema {
    Schema {
        types: vec!["array"],
        items: Some(Box::new(item)),
        unique_items: unique,
        ..Default::default()
    }
}

fn string_list_unique() -> Schema {
    arr_of(t(&["string"]), true)
}

fn one_of(options: Vec<Schema>) -> Schema {
    Schema {
        one_of: options,
        ..Default::default()
    }
}

fn obj(props: Vec<(&'static str, Schema)>, additional: Option<bool>) -> Schema {
    Schema {
        types: vec!["object"],
        properties: props,
        additional_properties: additional,
        ..Default::default()
    }
}

fn with_format(mut s: Schema, f: &'static str) -> Schema {
    s.format = Some(f);
    s
}

fn command_schema() -> Schema {
    one_of(vec![t(&["string"]), arr_of(t(&["string"]), false)])
}

fn ulimits_schema() -> Schema {
    Schema {
        types: vec!["object"],
        pattern_properties: vec![(
            "^[a-z]+$",
            one_of(vec![
                t(&["integer"]),
                Schema {
                    types: vec!["object"],
                    properties: vec![("hard", t(&["integer"])), ("soft", t(&["integer"]))],
                    required: vec!["soft", "hard"],
                    additional_properties: Some(false),
                    ..Default::default()
                },
            ]),
        )],
        ..Default::default()
    }
}

fn ports_schema() -> Schema {
    arr_of(with_format(t(&["string", "number"]), "ports"), true)
}

fn extends_schema() -> Schema {
    one_of(vec![
        t(&["string"]),
        Schema {
            types: vec!["object"],
            properties: vec![("service", t(&["string"])), ("file", t(&["string"]))],
            required: vec!["service"],
            additional_properties: Some(false),
            ..Default::default()
        },
    ])
}

fn service_networks_schema() -> Schema {
    one_of(vec![
        r("list_of_strings"),
        Schema {
            types: vec!["object"],
            pattern_properties: vec![(
                "^[a-zA-Z0-9._-]+$",
                one_of(vec![
                    obj(
                        vec![
                            ("aliases", r("list_of_strings")),
                            ("ipv4_address", t(&["string"])),
                            ("ipv6_address", t(&["string"])),
                        ],
                        Some(false),
                    ),
                    t(&["null"]),
                ]),
            )],
            additional_properties: Some(false),
            ..Default::default()
        },
    ])
}

fn common_definitions(defs: &mut HashMap<&'static str, Schema>) {
    defs.insert(
        "string_or_list",
        one_of(vec![t(&["string"]), r("list_of_strings")]),
    );
    defs.insert("list_of_strings", string_list_unique());
    defs.insert(
        "list_or_dict",
        one_of(vec![
            Schema {
                types: vec!["object"],
                pattern_properties: vec![(".+", t(&["string", "number", "null"]))],
                additional_properties: Some(false),
                ..Default::default()
            },
            string_list_unique(),
        ]),
    );
}

fn services_root(service_ref: Schema) -> Schema {
    Schema {
        types: vec!["object"],
        pattern_properties: vec![("^[a-zA-Z0-9._-]+$", service_ref)],
        additional_properties: Some(false),
        ..Default::default()
    }
}

/// libcompose's v1 schema (the whole file is the services map).
pub fn libcompose_v1() -> &'static SchemaDoc {
    static DOC: OnceLock<SchemaDoc> = OnceLock::new();
    DOC.get_or_init(|| {
        let props = vec![
            ("build", t(&["string"])),
            ("cap_add", string_list_unique()),
            ("cap_drop", string_list_unique()),
            ("cgroup_parent", t(&["string"])),
            ("command", command_schema()),
            ("container_name", t(&["string"])),
            ("cpu_shares", t(&["number", "string"])),
            ("cpu_quota", t(&["number", "string"])),
            ("cpuset", t(&["string"])),
            ("devices", string_list_unique()),
            ("dns", r("string_or_list")),
            ("dns_search", r("string_or_list")),
            ("dockerfile", t(&["string"])),
            ("domainname", t(&["string"])),
            ("entrypoint", command_schema()),
            ("env_file", r("string_or_list")),
            ("environment", r("list_or_dict")),
            (
                "expose",
                arr_of(with_format(t(&["string", "number"]), "expose"), true),
            ),
            ("extends", extends_schema()),
            ("extra_hosts", r("list_or_dict")),
            ("external_links", string_list_unique()),
            ("hostname", t(&["string"])),
            ("image", t(&["string"])),
            ("ipc", t(&["string"])),
            ("labels", r("list_or_dict")),
            ("links", string_list_unique()),
            ("log_driver", t(&["string"])),
            ("log_opt", t(&["object"])),
            ("mac_address", t(&["string"])),
            ("mem_limit", t(&["number", "string"])),
            ("memswap_limit", t(&["number", "string"])),
            ("mem_swappiness", t(&["integer"])),
            ("net", t(&["string"])),
            ("pid", t(&["string", "null"])),
            ("ports", ports_schema()),
            ("privileged", t(&["boolean"])),
            ("read_only", t(&["boolean"])),
            ("restart", t(&["string"])),
            ("security_opt", string_list_unique()),
            ("shm_size", t(&["number", "string"])),
            ("stdin_open", t(&["boolean"])),
            ("stop_signal", t(&["string"])),
            ("tty", t(&["boolean"])),
            ("ulimits", ulimits_schema()),
            ("user", t(&["string"])),
            ("volumes", string_list_unique()),
            ("volume_driver", t(&["string"])),
            ("volumes_from", string_list_unique()),
            ("working_dir", t(&["string"])),
        ];
        let mut service = obj(props, Some(false));
        service.dependencies = vec![("memswap_limit", vec!["mem_limit"])];
        let mut defs = HashMap::new();
        defs.insert("service", service);
        common_definitions(&mut defs);
        defs.insert(
            "constraints_service",
            Schema {
                any_of: vec![
                    Schema {
                        required: vec!["build"],
                        ..Default::default()
                    },
                    Schema {
                        required: vec!["image"],
                        ..Default::default()
                    },
                ],
                ..Default::default()
            },
        );
        SchemaDoc {
            root: services_root(r("service")),
            definitions: defs,
            check_duration_format: false,
        }
    })
}

/// libcompose's v2 services schema, as vendored by ecs-cli (with `stop_grace_period`).
pub fn libcompose_v2() -> &'static SchemaDoc {
    static DOC: OnceLock<SchemaDoc> = OnceLock::new();
    DOC.get_or_init(|| {
        let build = one_of(vec![
            t(&["string"]),
            obj(
                vec![
                    ("context", t(&["string"])),
                    ("dockerfile", t(&["string"])),
                    ("args", r("list_or_dict")),
                ],
                Some(false),
            ),
        ]);
        let logging = obj(
            vec![("driver", t(&["string"])), ("options", t(&["object"]))],
            Some(false),
        );
        let mut oom = t(&["integer"]);
        oom.minimum = Some(-1000.0);
        oom.maximum = Some(1000.0);
        let props = vec![
            ("build", build),
            ("cap_add", string_list_unique()),
            ("cap_drop", string_list_unique()),
            ("cgroup_parent", t(&["string"])),
            ("command", command_schema()),
            ("container_name", t(&["string"])),
            ("cpu_shares", t(&["number", "string"])),
            ("cpu_quota", t(&["number", "string"])),
            ("cpuset", t(&["string"])),
            ("depends_on", r("list_of_strings")),
            ("devices", string_list_unique()),
            ("dns", r("string_or_list")),
            ("dns_search", r("string_or_list")),
            ("domainname", t(&["string"])),
            ("entrypoint", command_schema()),
            ("env_file", r("string_or_list")),
            ("environment", r("list_or_dict")),
            (
                "expose",
                arr_of(with_format(t(&["string", "number"]), "expose"), true),
            ),
            ("extends", extends_schema()),
            ("external_links", string_list_unique()),
            ("extra_hosts", r("list_or_dict")),
            ("hostname", t(&["string"])),
            ("image", t(&["string"])),
            ("ipc", t(&["string"])),
            ("labels", r("list_or_dict")),
            ("links", string_list_unique()),
            ("logging", logging),
            ("mac_address", t(&["string"])),
            ("mem_limit", t(&["number", "string"])),
            ("mem_reservation", t(&["number", "string"])),
            ("memswap_limit", t(&["number", "string"])),
            ("mem_swappiness", t(&["integer"])),
            ("network_mode", t(&["string"])),
            ("networks", service_networks_schema()),
            ("oom_score_adj", oom),
            ("pid", t(&["string", "null"])),
            ("ports", ports_schema()),
            ("privileged", t(&["boolean"])),
            ("read_only", t(&["boolean"])),
            ("restart", t(&["string"])),
            ("security_opt", string_list_unique()),
            ("shm_size", t(&["number", "string"])),
            ("stdin_open", t(&["boolean"])),
            ("stop_grace_period", with_format(t(&["string"]), "duration")),
            ("stop_signal", t(&["string"])),
            ("tmpfs", r("string_or_list")),
            ("tty", t(&["boolean"])),
            ("ulimits", ulimits_schema()),
            ("user", t(&["string"])),
            ("volumes", string_list_unique()),
            ("volume_driver", t(&["string"])),
            ("volumes_from", string_list_unique()),
            ("working_dir", t(&["string"])),
        ];
        let mut service = obj(props, Some(false));
        service.dependencies = vec![("memswap_limit", vec!["mem_limit"])];
        let mut defs = HashMap::new();
        defs.insert("service", service);
        common_definitions(&mut defs);
        defs.insert(
            "constraints_service",
            Schema {
                any_of: vec![
                    Schema {
                        required: vec!["build"],
                        ..Default::default()
                    },
                    Schema {
                        required: vec!["image"],
                        ..Default::default()
                    },
                ],
                properties: vec![(
                    "build",
                    Schema {
                        required: vec!["context"],
                        ..Default::default()
                    },
                )],
                ..Default::default()
            },
        );
        SchemaDoc {
            root: services_root(r("service")),
            definitions: defs,
            check_duration_format: false,
        }
    })
}

/// docker/cli's config_schema_v3.0.json.
pub fn compose_v30() -> &'static SchemaDoc {
    static DOC: OnceLock<SchemaDoc> = OnceLock::new();
    DOC.get_or_init(|| {
        let build = one_of(vec![
            t(&["string"]),
            obj(
                vec![
                    ("context", t(&["string"])),
                    ("dockerfile", t(&["string"])),
                    ("args", r("list_or_dict")),
                ],
                Some(false),
            ),
        ]);
        let logging = obj(
            vec![
                ("driver", t(&["string"])),
                (
                    "options",
                    Schema {
                        types: vec!["object"],
                        pattern_properties: vec![("^.+$", t(&["string", "number", "null"]))],
                        ..Default::default()
                    },
                ),
            ],
            Some(false),
        );
        let props = vec![
            ("deploy", r("deployment")),
            ("build", build),
            ("cap_add", string_list_unique()),
            ("cap_drop", string_list_unique()),
            ("cgroup_parent", t(&["string"])),
            ("command", command_schema()),
            ("container_name", t(&["string"])),
            ("depends_on", r("list_of_strings")),
            ("devices", string_list_unique()),
            ("dns", r("string_or_list")),
            ("dns_search", r("string_or_list")),
            ("domainname", t(&["string"])),
            ("entrypoint", command_schema()),
            ("env_file", r("string_or_list")),
            ("environment", r("list_or_dict")),
            (
                "expose",
                arr_of(with_format(t(&["string", "number"]), "expose"), true),
            ),
            ("external_links", string_list_unique()),
            ("extra_hosts", r("list_or_dict")),
            ("healthcheck", r("healthcheck")),
            ("hostname", t(&["string"])),
            ("image", t(&["string"])),
            ("ipc", t(&["string"])),
            ("labels", r("list_or_dict")),
            ("links", string_list_unique()),
            ("logging", logging),
            ("mac_address", t(&["string"])),
            ("network_mode", t(&["string"])),
            ("networks", service_networks_schema()),
            ("pid", t(&["string", "null"])),
            ("ports", ports_schema()),
            ("privileged", t(&["boolean"])),
            ("read_only", t(&["boolean"])),
            ("restart", t(&["string"])),
            ("security_opt", string_list_unique()),
            ("shm_size", t(&["number", "string"])),
            ("sysctls", r("list_or_dict")),
            ("stdin_open", t(&["boolean"])),
            ("stop_grace_period", with_format(t(&["string"]), "duration")),
            ("stop_signal", t(&["string"])),
            ("tmpfs", r("string_or_list")),
            ("tty", t(&["boolean"])),
            ("ulimits", ulimits_schema()),
            ("user", t(&["string"])),
            ("userns_mode", t(&["string"])),
            ("volumes", string_list_unique()),
            ("working_dir", t(&["string"])),
        ];
        let service = obj(props, Some(false));
        let healthcheck = obj(
            vec![
                ("disable", t(&["boolean"])),
                ("interval", t(&["string"])),
                ("retries", t(&["number"])),
                ("test", command_schema()),
                ("timeout", t(&["string"])),
            ],
            Some(false),
        );
        let dur = || with_format(t(&["string"]), "duration");
        let deployment = obj(
            vec![
                ("mode", t(&["string"])),
                ("replicas", t(&["integer"])),
                ("labels", r("list_or_dict")),
                (
                    "update_config",
                    obj(
                        vec![
                            ("parallelism", t(&["integer"])),
                            ("delay", dur()),
                            ("failure_action", t(&["string"])),
                            ("monitor", dur()),
                            ("max_failure_ratio", t(&["number"])),
                        ],
                        Some(false),
                    ),
                ),
                (
                    "resources",
                    obj(
                        vec![("limits", r("resource")), ("reservations", r("resource"))],
                        Some(false),
                    ),
                ),
                (
                    "restart_policy",
                    obj(
                        vec![
                            ("condition", t(&["string"])),
                            ("delay", dur()),
                            ("max_attempts", t(&["integer"])),
                            ("window", dur()),
                        ],
                        Some(false),
                    ),
                ),
                (
                    "placement",
                    obj(
                        vec![("constraints", arr_of(t(&["string"]), false))],
                        Some(false),
                    ),
                ),
            ],
            Some(false),
        );
        let mut deployment = deployment;
        deployment.types = vec!["object", "null"];
        let resource = obj(
            vec![("cpus", t(&["string"])), ("memory", t(&["string"]))],
            Some(false),
        );
        let driver_opts = Schema {
            types: vec!["object"],
            pattern_properties: vec![("^.+$", t(&["string", "number"]))],
            ..Default::default()
        };
        let external = Schema {
            types: vec!["boolean", "object"],
            properties: vec![("name", t(&["string"]))],
            additional_properties: Some(false),
            ..Default::default()
        };
        let mut network = obj(
            vec![
                ("driver", t(&["string"])),
                ("driver_opts", driver_opts.clone()),
                (
                    "ipam",
                    obj(
                        vec![
                            ("driver", t(&["string"])),
                            (
                                "config",
                                arr_of(obj(vec![("subnet", t(&["string"]))], Some(false)), false),
                            ),
                        ],
                        Some(false),
                    ),
                ),
                ("external", external.clone()),
                ("internal", t(&["boolean"])),
                ("labels", r("list_or_dict")),
            ],
            Some(false),
        );
        network.types = vec!["object", "null"];
        let mut volume = obj(
            vec![
                ("driver", t(&["string"])),
                ("driver_opts", driver_opts),
                ("external", external),
                ("labels", r("list_or_dict")),
            ],
            Some(false),
        );
        volume.types = vec!["object", "null"];
        let mut defs = HashMap::new();
        defs.insert("service", service);
        defs.insert("healthcheck", healthcheck);
        defs.insert("deployment", deployment);
        defs.insert("resource", resource);
        defs.insert("network", network);
        defs.insert("volume", volume);
        common_definitions(&mut defs);
        let root = Schema {
            types: vec!["object"],
            required: vec!["version"],
            properties: vec![
                ("version", t(&["string"])),
                ("services", services_root(r("service"))),
                (
                    "networks",
                    Schema {
                        types: vec!["object"],
                        pattern_properties: vec![("^[a-zA-Z0-9._-]+$", r("network"))],
                        ..Default::default()
                    },
                ),
                (
                    "volumes",
                    Schema {
                        types: vec!["object"],
                        pattern_properties: vec![("^[a-zA-Z0-9._-]+$", r("volume"))],
                        additional_properties: Some(false),
                        ..Default::default()
                    },
                ),
            ],
            additional_properties: Some(false),
            ..Default::default()
        };
        SchemaDoc {
            root,
            definitions: defs,
            check_duration_format: true,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::load_value;

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
