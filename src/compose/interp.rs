//! Variable substitution, twice: libcompose's (compose v1/v2 files) and docker/cli's template
//! engine (compose v3 files). They differ in syntax, defaults and error wording.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::go::strconv;
use crate::yaml::Value;

/// Environment lookup used by libcompose: the `.env` file next to the first compose file, then
/// the process environment (which wins). Returns `KEY=VALUE` like libcompose's lookups do.
#[derive(Clone, Debug, Default)]
pub struct EnvLookup {
    /// Entries of the `.env` file (`KEY=VALUE` strings), if it could be read.
    pub dotenv: Vec<String>,
    pub os: std::collections::BTreeMap<String, String>,
}

impl EnvLookup {
    /// libcompose ComposableEnvLookup: the last lookup that finds something wins; the OS lookup
    /// ignores variables set to the empty string.
    pub fn lookup(&self, key: &str) -> Option<String> {
        let mut result = None;
        for e in &self.dotenv {
            if e.split('=').next() == Some(key) {
                result = Some(e.clone());
                break;
            }
        }
        if let Some(v) = self.os.get(key) {
            if !v.is_empty() {
                result = Some(format!("{key}={v}"));
            }
        }
        result
    }

    /// The value part of [`lookup`].
    pub fn lookup_value(&self, key: &str) -> Option<String> {
        self.lookup(key).map(|kv| {
            kv.split_once('=')
                .map(|(_, v)| v.to_string())
                .unwrap_or_default()
        })
    }
}

// ------------------------------------------------------------------------------------------
// libcompose

fn valid_name_char(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphanumeric()
}

/// libcompose's interpolation state. Default values (`${X-d}`, `${X:-d}`) are remembered by
/// variable name for the whole run, as in the original (a package-level map there).
#[derive(Default)]
pub struct V2Interpolator {
    defaults: HashMap<String, String>,
    pub warnings: Vec<String>,
}

impl V2Interpolator {
    fn map_var(&mut self, env: &EnvLookup, name: &str) -> String {
        match env.lookup(name) {
            None => {
                if let Some(d) = self.defaults.get(name) {
                    return d.clone();
                }
                let w = format!("The {name} variable is not set. Substituting a blank string.");
                tracing::warn!("{}", w);
                self.warnings.push(w);
                String::new()
            }
            Some(kv) => {
                let value = kv.split_once('=').map(|x| x.1).unwrap_or("");
                if value.is_empty() {
                    if let Some(d) = self.defaults.get(name) {
                        return d.clone();
                    }
                }
                value.to_string()
            }
        }
    }

    /// Substitutes one string; None when its syntax is invalid.
    pub fn parse_line(&mut self, env: &EnvLookup, line: &str) -> Option<String> {
        let b = line.as_bytes();
        let mut out: Vec<u8> = Vec::with_capacity(b.len());
        let mut pos = 0;
        while pos < b.len() {
            if b[pos] == b'$' {
                let (replaced, newpos) = self.parse_expression(env, b, pos + 1)?;
                if newpos <= pos {
                    // A default without its closing brace sends the original's scanner back
                    // to an earlier '}', and it never finishes; call it invalid.
                    return None;
                }
                out.extend_from_slice(replaced.as_bytes());
                pos = newpos;
            } else {
                out.push(b[pos]);
            }
            pos += 1;
        }
        Some(String::from_utf8_lossy(&out).into_owned())
    }

    fn parse_expression(
        &mut self,
        env: &EnvLookup,
        b: &[u8],
        pos: usize,
    ) -> Option<(String, usize)> {
        let c = *b.get(pos)?;
        if c == b'$' {
            return Some(("$".into(), pos));
        }
        if c == b'{' {
            return self.parse_braces(env, b, pos + 1);
        }
        if !c.is_ascii_digit() && valid_name_char(c) {
            let mut p = pos;
            while p < b.len() && valid_name_char(b[p]) {
                p += 1;
            }
            let name = String::from_utf8_lossy(&b[pos..p]).into_owned();
            let v = self.map_var(env, &name);
            return Some((v, p - 1));
        }
        None
    }

    fn parse_braces(&mut self, env: &EnvLookup, b: &[u8], start: usize) -> Option<(String, usize)> {
        let mut name: Vec<u8> = Vec::new();
        let mut pos = start;
        let mut steps = 0usize;
        // A terminating scan restarts at most a couple of times (see parse_default); the
        // original loops forever on the rest, which we report as invalid.
        let limit = 4 * b.len() + 16;
        while pos < b.len() {
            steps += 1;
            if steps > limit {
                return None;
            }
            let c = b[pos];
            if c == b'}' {
                if name.is_empty() {
                    return None;
                }
                let n = String::from_utf8_lossy(&name).into_owned();
                return Some((self.map_var(env, &n), pos));
            } else if valid_name_char(c) {
                name.push(c);
            } else if c == b':' || c == b'-' {
                if c == b':' {
                    // The original indexes past the end here (and crashes); treat as invalid.
                    match b.get(pos + 1) {
                        Some(b'-') => {}
                        Some(_) => return None,
                        None => return None,
                    }
                }
                let (default, newpos) = parse_default(b, pos);
                self.defaults
                    .insert(String::from_utf8_lossy(&name).into_owned(), default);
                pos = newpos;
            } else {
                return None;
            }
            pos += 1;
        }
        None
    }
}

/// libcompose parseDefaultValue: skips leading ':' and '-', reads up to '}'. On a missing '}'
/// the original returns position 0 (and scanning restarts near the start of the string).
fn parse_default(b: &[u8], mut pos: usize) -> (String, usize) {
    while pos < b.len() && (b[pos] == b':' || b[pos] == b'-') {
        pos += 1;
    }
    let start = pos;
    while pos < b.len() {
        if b[pos] == b'}' {
            return (
                String::from_utf8_lossy(&b[start..pos]).into_owned(),
                pos - 1,
            );
        }
        pos += 1;
    }
    (String::new(), 0)
}

impl V2Interpolator {
    /// Interpolates every string inside `v` (map keys are left alone). The error names the
    /// top-level service option, as libcompose does.
    pub fn interpolate(&mut self, env: &EnvLookup, key: &str, v: &mut Value) -> Result<(), String> {
        match v {
            Value::Str(s) => match self.parse_line(env, s) {
                Some(n) => {
                    *s = n;
                    Ok(())
                }
                // libcompose writes `\"%s\"`: quotes around the raw text, nothing escaped.
                None => Err(format!(
                    "Invalid interpolation format for key \"{key}\": \"{s}\""
                )),
            },
            Value::Seq(items) => {
                for i in items {
                    self.interpolate(env, key, i)?;
                }
                Ok(())
            }
            Value::Map(m) => {
                for (_, val) in m.iter_mut() {
                    self.interpolate(env, key, val)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

// ------------------------------------------------------------------------------------------
// docker/cli template substitution

fn template_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let subst = r"[_a-z][_a-z0-9]*(?::?[-?][^}]*)?";
        Regex::new(&format!(
            r"\$(?i:(?P<escaped>\$)|(?P<named>{subst})|\{{(?P<braced>{subst})\}}|(?P<invalid>))"
        ))
        .expect("template pattern")
    })
}

/// The docker/cli environment: variable -> value (present even when empty).
pub type EnvMap = std::collections::BTreeMap<String, String>;

#[derive(Debug)]
pub enum TemplateError {
    Invalid(String),
}

fn partition<'a>(s: &'a str, sep: &str) -> (&'a str, &'a str) {
    match s.split_once(sep) {
        Some((a, b)) => (a, b),
        None => (s, ""),
    }
}

/// docker/cli `template.Substitute`. Like the original, an error set by one substitution can be
/// cleared by a later one in the same string.
pub fn substitute(template: &str, env: &EnvMap) -> Result<String, TemplateError> {
    let re = template_pattern();
    let mut err: Option<TemplateError> = None;
    let mut out = String::with_capacity(template.len());
    let mut last = 0;
    for caps in re.captures_iter(template) {
        let m = caps.get(0).expect("match");
        out.push_str(&template[last..m.start()]);
        last = m.end();
        if let Some(e) = caps.name("escaped") {
            if !e.as_str().is_empty() {
                out.push_str(e.as_str());
                continue;
            }
        }
        let mut substitution = caps.name("named").map(|x| x.as_str()).unwrap_or("");
        if substitution.is_empty() {
            substitution = caps.name("braced").map(|x| x.as_str()).unwrap_or("");
        }
        if substitution.is_empty() {
            err = Some(TemplateError::Invalid(template.to_string()));
            continue;
        }
        let lookup = |name: &str| env.get(name).cloned();
        // soft default
        if substitution.contains(":-") {
            err = None;
            let (name, def) = partition(substitution, ":-");
            match lookup(name) {
                Some(v) if !v.is_empty() => out.push_str(&v),
                _ => out.push_str(def),
            }
            continue;
        }
        if substitution.contains('-') {
            err = None;
            let (name, def) = partition(substitution, "-");
            match lookup(name) {
                Some(v) => out.push_str(&v),
                None => out.push_str(def),
            }
            continue;
        }
        if substitution.contains(":?") {
            let (name, msg) = partition(substitution, ":?");
            match lookup(name) {
                Some(v) if !v.is_empty() => {
                    err = None;
                    out.push_str(&v)
                }
                _ => {
                    err = Some(TemplateError::Invalid(format!(
                        "required variable {name} is missing a value: {msg}"
                    )));
                }
            }
            continue;
        }
        if substitution.contains('?') {
            let (name, msg) = partition(substitution, "?");
            match lookup(name) {
                Some(v) => {
                    err = None;
                    out.push_str(&v)
                }
                None => {
                    err = Some(TemplateError::Invalid(format!(
                        "required variable {name} is missing a value: {msg}"
                    )));
                }
            }
            continue;
        }
        err = None;
        out.push_str(&lookup(substitution).unwrap_or_default());
    }
    out.push_str(&template[last..]);
    match err {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// What a value at a given path is converted to after substitution (docker/cli's type casts).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cast {
    Int,
    Float,
    Bool,
}

fn cast_for(path: &[String]) -> Option<Cast> {
    let p: Vec<&str> = path.iter().map(|s| s.as_str()).collect();
    match p.as_slice() {
        ["services", _, "healthcheck", "retries"] => Some(Cast::Int),
        ["services", _, "healthcheck", "disable"] => Some(Cast::Bool),
        ["services", _, "deploy", "replicas"] => Some(Cast::Int),
        ["services", _, "deploy", "update_config", "parallelism"] => Some(Cast::Int),
        ["services", _, "deploy", "update_config", "max_failure_ratio"] => Some(Cast::Float),
        ["services", _, "deploy", "rollback_config", "parallelism"] => Some(Cast::Int),
        ["services", _, "deploy", "rollback_config", "max_failure_ratio"] => Some(Cast::Float),
        ["services", _, "deploy", "restart_policy", "max_attempts"] => Some(Cast::Int),
        ["services", _, "ports", "[]", "target"] => Some(Cast::Int),
        ["services", _, "ports", "[]", "published"] => Some(Cast::Int),
        ["services", _, "configs", "[]", "mode"] => Some(Cast::Int),
        ["services", _, "secrets", "[]", "mode"] => Some(Cast::Int),
        ["services", _, "ulimits", _] => Some(Cast::Int),
        ["services", _, "ulimits", _, "hard"] => Some(Cast::Int),
        ["services", _, "ulimits", _, "soft"] => Some(Cast::Int),
        ["services", _, "privileged"]
        | ["services", _, "read_only"]
        | ["services", _, "stdin_open"]
        | ["services", _, "tty"] => Some(Cast::Bool),
        ["volumes", _, "external"] => Some(Cast::Bool),
        ["networks", _, "external"]
        | ["networks", _, "internal"]
        | ["networks", _, "attachable"] => Some(Cast::Bool),
        _ => None,
    }
}

fn apply_cast(cast: Cast, s: &str) -> Result<Value, String> {
    match cast {
        Cast::Int => strconv::atoi(s).map(Value::Int),
        Cast::Float => strconv::parse_float(s).map(Value::Float),
        Cast::Bool => match s.to_ascii_lowercase().as_str() {
            "y" | "yes" | "true" | "on" => Ok(Value::Bool(true)),
            "n" | "no" | "false" | "off" => Ok(Value::Bool(false)),
            _ => Err(format!("invalid boolean: {s}")),
        },
    }
}

/// docker/cli `interpolation.Interpolate` over a whole config (string keys).
pub fn interpolate_v3(v: &mut Value, env: &EnvMap) -> Result<(), String> {
    let mut path = Vec::new();
    if let Value::Map(m) = v {
        for (k, val) in m.iter_mut() {
            path.push(k.as_str().unwrap_or("").to_string());
            rec_v3(val, &mut path, env)?;
            path.pop();
        }
    }
    Ok(())
}

fn rec_v3(v: &mut Value, path: &mut Vec<String>, env: &EnvMap) -> Result<(), String> {
    match v {
        Value::Str(s) => {
            let joined = path.join(".");
            match substitute(s, env) {
                Err(TemplateError::Invalid(t)) => Err(format!(
                    "invalid interpolation format for {joined}: {}. You may need to escape any $ with another $.",
                    strconv::quote(&t)
                )),
                Ok(n) => {
                    if n == *s {
                        return Ok(());
                    }
                    if let Some(cast) = cast_for(path) {
                        match apply_cast(cast, &n) {
                            Ok(val) => *v = val,
                            Err(e) => {
                                return Err(format!(
                                    "error while interpolating {joined}: failed to cast to expected type: {e}"
                                ))
                            }
                        }
                    } else {
                        *s = n;
                    }
                    Ok(())
                }
            }
        }
        Value::Map(m) => {
            for (k, val) in m.iter_mut() {
                path.push(k.as_str().unwrap_or("").to_string());
                let r = rec_v3(val, path, env);
                path.pop();
                r?;
            }
            Ok(())
        }
        Value::Seq(items) => {
            for i in items.iter_mut() {
                path.push("[]".into());
                let r = rec_v3(i, path, env);
                path.pop();
                r?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Go's `os.ExpandEnv` (used on the raw text of ecs-params files): `$NAME` and `${NAME}` with no
/// default syntax; unknown variables expand to "".
pub fn go_expand_env(s: &str, env: &std::collections::BTreeMap<String, String>) -> String {
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    let mut j = 0;
    let special = |c: u8| b"*#$@!?-0123456789".contains(&c);
    let alnum = |c: u8| c == b'_' || c.is_ascii_alphanumeric();
    while j < b.len() {
        if b[j] == b'$' && j + 1 < b.len() {
            out.extend_from_slice(&b[i..j]);
            let rest = &b[j + 1..];
            let (name, w): (Option<&[u8]>, usize) = if rest[0] == b'{' {
                if rest.len() > 2 && special(rest[1]) && rest[2] == b'}' {
                    (Some(&rest[1..2]), 3)
                } else {
                    match rest.iter().skip(1).position(|&c| c == b'}') {
                        Some(0) => (None, 2),
                        Some(p) => (Some(&rest[1..p + 1]), p + 2),
                        None => (None, 1),
                    }
                }
            } else if special(rest[0]) {
                (Some(&rest[0..1]), 1)
            } else {
                let n = rest.iter().take_while(|&&c| alnum(c)).count();
                (Some(&rest[..n]), n)
            };
            match name {
                Some(n) if !n.is_empty() => {
                    let key = String::from_utf8_lossy(n);
                    if let Some(v) = env.get(key.as_ref()) {
                        out.extend_from_slice(v.as_bytes());
                    }
                }
                Some(_) => out.push(b'$'),
                None => {}
            }
            j += w;
            i = j + 1;
        }
        j += 1;
    }
    if i < b.len() {
        out.extend_from_slice(&b[i..]);
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> EnvLookup {
        EnvLookup {
            dotenv: vec![],
            os: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn v2_braces_bare_and_escape() {
        let e = env(&[("TAG", "1.21"), ("NAME", "front")]);
        let mut i = V2Interpolator::default();
        assert_eq!(i.parse_line(&e, "nginx:${TAG}").unwrap(), "nginx:1.21");
        assert_eq!(i.parse_line(&e, "$NAME-x").unwrap(), "front-x");
        assert_eq!(i.parse_line(&e, "$$HOME").unwrap(), "$HOME");
        assert!(i.parse_line(&e, "nginx:${").is_none());
        assert!(i.parse_line(&e, "${A:?err}").is_none());
        assert_eq!(i.parse_line(&e, "$UNSET").unwrap(), "");
        assert_eq!(i.warnings.len(), 1);
    }

    #[test]
    fn v2_unterminated_default_after_a_brace_is_invalid() {
        // found by the fuzzer: the original loops forever on this
        let e = env(&[]);
        let mut i = V2Interpolator::default();
        assert!(i.parse_line(&e, "x} ${-a").is_none());
        assert!(i.parse_line(&e, "a-${A-").is_none());
    }

    #[test]
    fn v2_defaults() {
        let e = env(&[("EMPTY", "")]);
        let mut i = V2Interpolator::default();
        assert_eq!(i.parse_line(&e, "${U:-a}").unwrap(), "a");
        assert_eq!(i.parse_line(&e, "${V-b}").unwrap(), "b");
        // libcompose treats a variable set to "" as unset: the default applies for both forms.
        assert_eq!(i.parse_line(&e, "${EMPTY-c}").unwrap(), "c");
        // defaults are remembered for later bare references
        assert_eq!(i.parse_line(&e, "$U").unwrap(), "a");
        let mut m = Value::Map(
            [(Value::str("image"), Value::str("x${"))]
                .into_iter()
                .collect(),
        );
        let err = i.interpolate(&e, "image", &mut m).unwrap_err();
        assert_eq!(
            err,
            "Invalid interpolation format for key \"image\": \"x${\""
        );
    }

    #[test]
    fn v3_template() {
        let mut e = EnvMap::new();
        e.insert("SET_EMPTY".into(), "".into());
        e.insert("TAG".into(), "3.12".into());
        assert_eq!(
            substitute("alpine:${TAG:-latest}", &e).unwrap(),
            "alpine:3.12"
        );
        assert_eq!(substitute("${UNSET_A:-a}", &e).unwrap(), "a");
        assert_eq!(substitute("${UNSET_B-b}", &e).unwrap(), "b");
        assert_eq!(substitute("${SET_EMPTY:-c}", &e).unwrap(), "c");
        assert_eq!(substitute("${SET_EMPTY-d}", &e).unwrap(), "");
        assert_eq!(substitute("$${NOT}", &e).unwrap(), "${NOT}");
        assert!(
            matches!(substitute("nginx:${TAG", &e), Err(TemplateError::Invalid(t)) if t == "nginx:${TAG")
        );
        match substitute("${NEED:?must be set}", &e) {
            Err(TemplateError::Invalid(t)) => {
                assert_eq!(t, "required variable NEED is missing a value: must be set")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn v3_interpolate_paths_and_casts() {
        let mut e = EnvMap::new();
        e.insert("P".into(), "yes".into());
        let mut cfg =
            crate::yaml::load_value("services:\n  web:\n    image: \"nginx:${TAG\"\n").unwrap();
        let err = interpolate_v3(&mut cfg, &e).unwrap_err();
        assert_eq!(err, "invalid interpolation format for services.web.image: \"nginx:${TAG\". You may need to escape any $ with another $.");
        let mut cfg = crate::yaml::load_value("services:\n  web:\n    privileged: $P\n").unwrap();
        interpolate_v3(&mut cfg, &e).unwrap();
        assert_eq!(
            cfg.get("services")
                .unwrap()
                .get("web")
                .unwrap()
                .get("privileged"),
            Some(&Value::Bool(true))
        );
    }

    #[test]
    fn os_expand_env() {
        let mut e = std::collections::BTreeMap::new();
        e.insert("ROLE".to_string(), "r".to_string());
        assert_eq!(go_expand_env("a/${ROLE}/$ROLE", &e), "a/r/r");
        assert_eq!(go_expand_env("${X:-300m}", &e), "");
        assert_eq!(go_expand_env("cost $5", &e), "cost ");
        assert_eq!(go_expand_env("end$", &e), "end$");
        assert_eq!(go_expand_env("${}x", &e), "x");
    }
}
