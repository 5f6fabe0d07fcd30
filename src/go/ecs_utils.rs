//! The original's own `ecs-cli/modules/utils` package, for what several commands share:
//! `ParseTags`, the parser of every `--tags` flag (`up`, `compose create/up/start/run`,
//! `compose service create/up`). v1.21.0 splits each item on its first `=` only
//! (`strings.SplitN(kv, "=", 2)`, aws/amazon-ecs-cli#959), so `a=b=c` is the tag `a` with value
//! `b=c`, and an empty key or value is passed on for the API to judge. Every caller reads the
//! flag only when it is not empty (`if tagVal := c.String(flags.ResourceTagsFlag); tagVal != ""`).

/// Go's `utils.ParseTags(flagValue, nil)`: `key=value` items separated by `,`, in the order
/// given (duplicates kept). An item without `=` is an error. An empty flag value (which the
/// callers never pass) gives no tags.
pub fn parse_tags(flag_value: &str) -> Result<Vec<(String, String)>, String> {
    if flag_value.is_empty() {
        return Ok(Vec::new());
    }
    flag_value
        .split(',')
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => Ok((k.to_string(), v.to_string())),
            None => Err(format!("Tag input not formatted correctly: {kv}")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<(String, String)> {
        parse_tags(s).unwrap()
    }

    fn tag(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    /// The three parsers this replaces disagreed on these inputs.
    #[test]
    fn like_split_n_2() {
        assert_eq!(tags("a=1,b=2"), vec![tag("a", "1"), tag("b", "2")]);
        assert_eq!(tags("b=2,a=1"), vec![tag("b", "2"), tag("a", "1")]);
        // rejected by two of the copies; v1.21.0 keeps everything after the first `=`
        assert_eq!(tags("a=b=c"), vec![tag("a", "b=c")]);
        // rejected by one copy; the original passes the empty key on to the API
        assert_eq!(tags("=v"), vec![tag("", "v")]);
        assert_eq!(tags("k="), vec![tag("k", "")]);
        assert_eq!(tags("a=1,a=2"), vec![tag("a", "1"), tag("a", "2")]);
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse_tags("k").unwrap_err(),
            "Tag input not formatted correctly: k"
        );
        assert_eq!(
            parse_tags("a=1,owner").unwrap_err(),
            "Tag input not formatted correctly: owner"
        );
        // an empty item (a trailing comma) has no `=` either
        assert_eq!(
            parse_tags("a=1,").unwrap_err(),
            "Tag input not formatted correctly: "
        );
        assert!(parse_tags("").unwrap().is_empty());
    }
}
