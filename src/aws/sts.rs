//! STS: the caller's account id.

use crate::config::resolve::CommandConfig;

/// GetCallerIdentity's account.
pub async fn account_id(cfg: &CommandConfig) -> Result<String, String> {
    tracing::info!("Getting AWS account ID...");
    let out = aws_sdk_sts::Client::new(&cfg.sdk)
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| super::error_text(&e))?;
    Ok(out.account().unwrap_or_default().to_string())
}
