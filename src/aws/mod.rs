//! Thin constructors for the AWS SDK clients a command needs, built from its resolved
//! [`CommandConfig`](crate::config::resolve::CommandConfig), and the error text the original
//! printed for AWS errors (`Code: message`).

pub mod taskdef;

use crate::config::resolve::CommandConfig;

pub fn ecs(cfg: &CommandConfig) -> aws_sdk_ecs::Client {
    let mut b = aws_sdk_ecs::config::Builder::from(&cfg.sdk);
    if let Some(ep) = &cfg.ecs_endpoint {
        b = b.endpoint_url(ep);
    }
    aws_sdk_ecs::Client::from_conf(b.build())
}

pub fn cloudformation(cfg: &CommandConfig) -> aws_sdk_cloudformation::Client {
    aws_sdk_cloudformation::Client::new(&cfg.sdk)
}

pub fn ec2(cfg: &CommandConfig) -> aws_sdk_ec2::Client {
    aws_sdk_ec2::Client::new(&cfg.sdk)
}

pub fn logs(cfg: &CommandConfig) -> aws_sdk_cloudwatchlogs::Client {
    aws_sdk_cloudwatchlogs::Client::new(&cfg.sdk)
}

/// The text the original printed for an AWS error: `Code: message` for a service error,
/// otherwise the error with its causes.
pub fn error_text<E, R>(err: &aws_smithy_runtime_api::client::result::SdkError<E, R>) -> String
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    use aws_smithy_runtime_api::client::result::SdkError;
    match err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            match (e.code(), e.message()) {
                (Some(c), Some(m)) => format!("{c}: {m}"),
                (Some(c), None) => c.to_string(),
                (None, Some(m)) => m.to_string(),
                (None, None) => cause_chain(err),
            }
        }
        other => cause_chain(other),
    }
}

/// `outer: inner: root` from an error's sources (without the SDK's Debug dump).
fn cause_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        let text = e.to_string();
        if !text.is_empty() && !parts.last().is_some_and(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = e.source();
    }
    parts.join(": ")
}
