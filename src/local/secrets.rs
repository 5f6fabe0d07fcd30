//! The secrets of a local task: each service's `ecs-local.secret.<NAME>` labels in the compose
//! files name an SSM parameter or a Secrets Manager secret. `local up` decrypts each into the
//! environment variable `<service>_<NAME>` that the service's environment references.

use std::path::Path;

use super::convert::{arn_parts, SECRET_LABEL_PREFIX};
use crate::config::resolve::CommandConfig;
use crate::yaml::Value;

/// One secret of one service.
#[derive(Clone, Debug, PartialEq)]
pub struct ContainerSecret {
    pub service: String,
    pub name: String,
    /// An ARN, or an SSM parameter name.
    pub value_from: String,
}

impl ContainerSecret {
    /// The variable the compose file references: `<service>_<NAME>`.
    pub fn env_name(&self) -> String {
        format!("{}_{}", self.service, self.name)
    }
}

/// Which service stores a secret.
#[derive(Clone, Debug, PartialEq)]
pub enum Store {
    Ssm,
    SecretsManager,
}

/// The store of a secret: an ARN's service, and a plain name is an SSM parameter.
pub fn store(value_from: &str) -> Result<Store, String> {
    if !value_from.starts_with("arn:") {
        return Ok(Store::Ssm);
    }
    let Some(parts) = arn_parts(value_from) else {
        return Err(format!(
            "Could not determine the service name of {value_from}: arn: not enough sections"
        ));
    };
    match parts[2].as_str() {
        "secretsmanager" => Ok(Store::SecretsManager),
        "ssm" => Ok(Store::Ssm),
        other => Err(format!(
            "Unexpected service {other} for secret {value_from}"
        )),
    }
}

/// The secrets named by the labels of the services in a compose file: every label that
/// starts with `ecs-local.secret`, named by its last dot-separated part.
pub fn from_compose_file(path: &str) -> Result<Vec<ContainerSecret>, String> {
    let text =
        std::fs::read(Path::new(path)).map_err(|e| crate::go::os::read_file_error(path, &e))?;
    let text = String::from_utf8_lossy(&text);
    let doc = crate::yaml::load_value(&text)?;
    let mut out = Vec::new();
    let Some(services) = doc.get("services").and_then(Value::as_map) else {
        return Ok(out);
    };
    for (name, svc) in services.iter() {
        for (key, value) in labels(svc) {
            if !key.starts_with(SECRET_LABEL_PREFIX) {
                continue;
            }
            let secret = key.rsplit('.').next().unwrap_or(&key).to_string();
            out.push(ContainerSecret {
                service: name.go_sprint(),
                name: secret,
                value_from: value,
            });
        }
    }
    Ok(out)
}

/// A service's labels, from either compose form (a map, or a list of `key=value`).
fn labels(svc: &Value) -> Vec<(String, String)> {
    match svc.get("labels") {
        Some(Value::Map(m)) => m
            .iter()
            .map(|(k, v)| {
                (
                    k.go_sprint(),
                    if v.is_null() {
                        String::new()
                    } else {
                        v.go_sprint()
                    },
                )
            })
            .collect(),
        Some(Value::Seq(items)) => items
            .iter()
            .filter_map(|i| i.as_str())
            .map(|s| match s.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (s.to_string(), String::new()),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A secret's decrypted value from its store.
pub async fn decrypt(
    cfg: &CommandConfig,
    s: &ContainerSecret,
    store: &Store,
) -> Result<String, String> {
    match store {
        Store::Ssm => ssm_value(cfg, &s.value_from).await,
        Store::SecretsManager => secrets_manager_value(cfg, &s.value_from).await,
    }
}

fn region_of(arn: &str) -> Option<String> {
    arn_parts(arn)
        .map(|p| p[3].clone())
        .filter(|r| !r.is_empty())
}

/// An SSM parameter's decrypted value; an ARN's region wins, and its parameter name is the
/// resource from its first `/` on.
async fn ssm_value(cfg: &CommandConfig, arn_or_name: &str) -> Result<String, String> {
    let mut conf = aws_sdk_ssm::config::Builder::from(&cfg.sdk);
    let mut name = arn_or_name.to_string();
    if let Some(parts) = arn_parts(arn_or_name) {
        let resource = &parts[5];
        name = match resource.find('/') {
            Some(i) => resource[i..].to_string(),
            None => resource.clone(),
        };
        if let Some(r) = region_of(arn_or_name) {
            conf = conf.region(aws_sdk_ssm::config::Region::new(r));
        }
    }
    let client = aws_sdk_ssm::Client::from_conf(conf.build());
    let out = client
        .get_parameter()
        .name(&name)
        .with_decryption(true)
        .send()
        .await
        .map_err(|e| {
            let text = crate::aws::error_text(&e);
            format!("failed to retrieve decrypted secret from {arn_or_name} due to {text}: {text}")
        })?;
    Ok(out
        .parameter()
        .and_then(|p| p.value())
        .unwrap_or_default()
        .to_string())
}

/// A Secrets Manager secret's string, from the ARN's region.
async fn secrets_manager_value(cfg: &CommandConfig, arn: &str) -> Result<String, String> {
    let mut conf = aws_sdk_secretsmanager::config::Builder::from(&cfg.sdk);
    if let Some(r) = region_of(arn) {
        conf = conf.region(aws_sdk_secretsmanager::config::Region::new(r));
    }
    let client = aws_sdk_secretsmanager::Client::from_conf(conf.build());
    let out = client
        .get_secret_value()
        .secret_id(arn)
        .send()
        .await
        .map_err(|e| {
            let text = crate::aws::error_text(&e);
            format!("failed to retrieve decrypted secret from {arn} due to {text}: {text}")
        })?;
    Ok(out.secret_string().unwrap_or_default().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores() {
        assert_eq!(store("db-password"), Ok(Store::Ssm));
        assert_eq!(store("arn:aws:ssm:us-east-1:1:parameter/x"), Ok(Store::Ssm));
        assert_eq!(
            store("arn:aws:secretsmanager:us-east-1:1:secret:x"),
            Ok(Store::SecretsManager)
        );
        assert_eq!(
            store("arn:aws:s3:::bucket").unwrap_err(),
            "Unexpected service s3 for secret arn:aws:s3:::bucket"
        );
    }

    #[test]
    fn secrets_from_labels_in_both_forms() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yml");
        let a_path = a.display().to_string();
        std::fs::write(
            &a,
            "services:\n  web:\n    labels:\n      ecs-local.secret.S1: arn:aws:ssm:us-east-1:1:parameter/p\n      other: x\n  db:\n    labels:\n    - ecs-local.secret.PW=pw\n",
        )
        .unwrap();
        let got = from_compose_file(&a_path).unwrap();
        assert_eq!(
            got,
            vec![
                ContainerSecret {
                    service: "web".into(),
                    name: "S1".into(),
                    value_from: "arn:aws:ssm:us-east-1:1:parameter/p".into()
                },
                ContainerSecret {
                    service: "db".into(),
                    name: "PW".into(),
                    value_from: "pw".into()
                },
            ]
        );
        assert_eq!(got[0].env_name(), "web_S1");
    }
}
