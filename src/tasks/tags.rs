//! `--tags key=value,key2=value2`, in the order given.

/// The tags of a `--tags` value; an item that is not exactly one `key=value` pair is an error
/// (`Tag input not formatted correctly: <item>`).
pub fn parse(value: &str) -> Result<Vec<(String, String)>, String> {
    if value.is_empty() {
        return Ok(Vec::new());
    }
    value
        .split(',')
        .map(|item| {
            let parts: Vec<&str> = item.split('=').collect();
            if parts.len() != 2 {
                return Err(format!("Tag input not formatted correctly: {item}"));
            }
            Ok((parts[0].to_string(), parts[1].to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_keep_their_order() {
        assert_eq!(
            parse("b=2,a=1").unwrap(),
            vec![("b".into(), "2".into()), ("a".into(), "1".into())]
        );
        assert!(parse("").unwrap().is_empty());
        assert_eq!(
            parse("owner").unwrap_err(),
            "Tag input not formatted correctly: owner"
        );
        assert!(parse("a=b=c").is_err());
    }
}
