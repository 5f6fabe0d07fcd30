//! Secrets Manager calls of `registry-creds up`: look a secret up by name, create one, put a
//! new value into one. Secret values pass through here and are never logged.

use aws_sdk_secretsmanager::Client;

use crate::config::resolve::CommandConfig;

pub fn client(cfg: &CommandConfig) -> Client {
    Client::new(&cfg.sdk)
}

/// A secret that exists: its ARN and the KMS key it is encrypted with, if one was named.
#[derive(Clone, Debug, PartialEq)]
pub struct Existing {
    pub arn: String,
    pub kms_key_id: Option<String>,
}

/// DescribeSecret by name or ARN; any error (not found, denied, …) reads as "no such secret",
/// as the original treated it.
pub async fn find(client: &Client, id: &str) -> Option<Existing> {
    let out = client.describe_secret().secret_id(id).send().await.ok()?;
    Some(Existing {
        arn: out.arn()?.to_string(),
        kms_key_id: out.kms_key_id().map(str::to_string),
    })
}

/// CreateSecret with a string value; returns the new secret's ARN.
pub async fn create(
    client: &Client,
    name: &str,
    description: &str,
    value: &str,
    kms_key_id: Option<&str>,
) -> Result<String, String> {
    let out = client
        .create_secret()
        .name(name)
        .description(description)
        .secret_string(value)
        .set_kms_key_id(kms_key_id.map(str::to_string))
        .send()
        .await
        .map_err(|e| super::error_text(&e))?;
    Ok(out.arn().unwrap_or_default().to_string())
}

/// PutSecretValue: a new current value for an existing secret.
pub async fn put_value(client: &Client, id: &str, value: &str) -> Result<(), String> {
    client
        .put_secret_value()
        .secret_id(id)
        .secret_string(value)
        .send()
        .await
        .map_err(|e| super::error_text(&e))?;
    Ok(())
}
