//! The parts of an ARN the original took apart by hand.

/// The part of an ARN after its first `/`, the original's `GetIdFromArn`: `cluster/taskid` for
/// a long task ARN, `taskid` for a short one, `family:rev` for a task definition ARN, and the
/// empty string when there is no `/`.
pub fn after_first_slash(arn: &str) -> String {
    match arn.split_once('/') {
        Some((_, rest)) => rest.to_string(),
        None => String::new(),
    }
}

/// The account field of an ARN (`arn:partition:service:region:account:resource`), empty when
/// there is none.
pub fn account(arn: &str) -> String {
    arn.split(':').nth(4).unwrap_or("").to_string()
}

/// Whether `s` parses as an ARN the way aws-sdk-go's `arn.Parse` accepts one: it starts with
/// `arn:` and has at least six `:`-separated sections.
pub fn looks_like_arn(s: &str) -> bool {
    s.starts_with("arn:") && s.splitn(6, ':').count() == 6
}

/// The region field of an ARN, empty when there is none.
pub fn region(arn: &str) -> String {
    arn.split(':').nth(3).unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_shapes() {
        assert!(looks_like_arn("arn:aws:kms:us-east-1:1:key/abc"));
        assert!(looks_like_arn(
            "arn:aws:secretsmanager:us-east-1:1:secret:a:b"
        ));
        assert!(!looks_like_arn("alias/mine"));
        assert!(!looks_like_arn("arn:aws:kms"));
        assert_eq!(region("arn:aws:kms:eu-west-1:1:key/abc"), "eu-west-1");
        assert_eq!(region("x"), "");
    }

    #[test]
    fn ids_from_arns() {
        assert_eq!(
            after_first_slash("arn:aws:ecs:us-east-1:1:task/c1/abc"),
            "c1/abc"
        );
        assert_eq!(after_first_slash("arn:aws:ecs:us-east-1:1:task/abc"), "abc");
        assert_eq!(
            after_first_slash("arn:aws:ecs:us-east-1:1:task-definition/fam:3"),
            "fam:3"
        );
        assert_eq!(after_first_slash("nothing"), "");
    }

    #[test]
    fn accounts() {
        assert_eq!(
            account("arn:aws:ecs:us-east-1:123:task-definition/f:3"),
            "123"
        );
        assert_eq!(account("nothing"), "");
    }
}
