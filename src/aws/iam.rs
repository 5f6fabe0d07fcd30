//! IAM calls of `registry-creds up`: the task execution role, its policy, attachments.

use crate::config::resolve::CommandConfig;

pub fn client(cfg: &CommandConfig) -> aws_sdk_iam::Client {
    aws_sdk_iam::Client::new(&cfg.sdk)
}

/// CreateRole; `Ok(None)` when a role of that name already exists (it is then used as it is),
/// `Ok(Some(arn))` for a new role.
pub async fn create_or_find_role(
    client: &aws_sdk_iam::Client,
    name: &str,
    description: &str,
    assume_role_policy: &str,
    tags: &[(String, String)],
) -> Result<Option<String>, String> {
    let mut req = client
        .create_role()
        .role_name(name)
        .description(description)
        .assume_role_policy_document(assume_role_policy);
    for (k, v) in tags {
        req = req.tags(
            aws_sdk_iam::types::Tag::builder()
                .key(k)
                .value(v)
                .build()
                .map_err(|e| e.to_string())?,
        );
    }
    match req.send().await {
        Ok(out) => Ok(Some(
            out.role().map(|r| r.arn().to_string()).unwrap_or_default(),
        )),
        Err(e)
            if e.as_service_error()
                .is_some_and(|se| se.is_entity_already_exists_exception()) =>
        {
            Ok(None)
        }
        Err(e) => Err(super::error_text(&e)),
    }
}

/// CreatePolicy; returns the new policy's ARN.
pub async fn create_policy(
    client: &aws_sdk_iam::Client,
    name: &str,
    description: &str,
    document: &str,
) -> Result<String, String> {
    let out = client
        .create_policy()
        .policy_name(name)
        .description(description)
        .policy_document(document)
        .send()
        .await
        .map_err(|e| super::error_text(&e))?;
    Ok(out
        .policy()
        .and_then(|p| p.arn())
        .unwrap_or_default()
        .to_string())
}

pub async fn attach_role_policy(
    client: &aws_sdk_iam::Client,
    role: &str,
    policy_arn: &str,
) -> Result<(), String> {
    client
        .attach_role_policy()
        .role_name(role)
        .policy_arn(policy_arn)
        .send()
        .await
        .map_err(|e| super::error_text(&e))?;
    Ok(())
}
