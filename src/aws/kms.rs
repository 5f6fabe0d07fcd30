//! KMS: turning a key id or alias into the key's ARN.

use crate::config::resolve::CommandConfig;

pub fn client(cfg: &CommandConfig) -> aws_sdk_kms::Client {
    aws_sdk_kms::Client::new(&cfg.sdk)
}

/// The key's ARN: `key` itself when it already is an ARN (six `:`-separated parts starting
/// with `arn`), otherwise what DescribeKey says.
pub async fn key_arn(client: &aws_sdk_kms::Client, key: &str) -> Result<String, String> {
    if super::arn::looks_like_arn(key) {
        return Ok(key.to_string());
    }
    let out = client
        .describe_key()
        .key_id(key)
        .send()
        .await
        .map_err(|e| super::error_text(&e))?;
    Ok(out
        .key_metadata()
        .and_then(|m| m.arn())
        .unwrap_or_default()
        .to_string())
}
