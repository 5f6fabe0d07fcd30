//! The Resource Groups Tagging API: tags on resources of any service by ARN.

use crate::config::resolve::CommandConfig;

pub fn client(cfg: &CommandConfig) -> aws_sdk_resourcegroupstagging::Client {
    aws_sdk_resourcegroupstagging::Client::new(&cfg.sdk)
}

/// TagResources on `arns` (at most 20 per call, AWS's limit); a resource AWS reports as failed
/// is an error naming it.
pub async fn tag_resources(
    client: &aws_sdk_resourcegroupstagging::Client,
    arns: &[String],
    tags: &[(String, String)],
) -> Result<(), String> {
    for chunk in arns.chunks(20) {
        let mut req = client
            .tag_resources()
            .set_resource_arn_list(Some(chunk.to_vec()));
        for (k, v) in tags {
            req = req.tags(k, v);
        }
        let out = req.send().await.map_err(|e| super::error_text(&e))?;
        if let Some((arn, info)) = out.failed_resources_map().and_then(|m| m.iter().next()) {
            return Err(format!(
                "Failed to tag resource {arn}: {}",
                info.error_message().unwrap_or_default()
            ));
        }
    }
    Ok(())
}
