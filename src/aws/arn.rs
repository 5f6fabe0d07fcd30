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

#[cfg(test)]
mod tests {
    use super::*;

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
