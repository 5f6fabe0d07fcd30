//! The AWS layer: constructors for the SDK clients a command needs, built from its resolved
//! [`CommandConfig`](crate::config::resolve::CommandConfig); the reads the commands share
//! ([`ecs_reads`], [`ec2_reads`]), batched and concurrent; task-definition registration with
//! its cache ([`taskdef`]); ARN parts ([`arn`]); and the error text the original printed for
//! AWS errors (`Code: message`). Nothing here knows about commands or flags.

pub mod amimetadata;
pub mod arn;
pub mod awslogs;
pub mod canonical;
pub mod cloud_map;
pub mod cloudformation;
pub mod ec2_offerings;
pub mod ec2_reads;
pub mod ecr;
pub mod ecs_reads;
pub mod ecs_services;
pub mod iam;
pub mod kms;
pub mod secrets;
pub mod sts;
pub mod tagging;
pub mod taskdef;

use std::future::Future;

use futures::stream::{self, StreamExt, TryStreamExt};

use crate::config::resolve::CommandConfig;

/// How many independent requests are in flight at once.
pub const CONCURRENCY: usize = 8;

/// Calls `describe` for each chunk of at most `max` of `ids`, [`CONCURRENCY`] calls in
/// flight, and concatenates the results in the order of `ids`; the first error ends it.
pub async fn in_chunks<T, E, F, Fut>(ids: &[String], max: usize, describe: F) -> Result<Vec<T>, E>
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Result<Vec<T>, E>>,
{
    let pages: Vec<Vec<T>> = stream::iter(ids.chunks(max).map(<[String]>::to_vec))
        .map(describe)
        .buffered(CONCURRENCY)
        .try_collect()
        .await?;
    Ok(pages.into_iter().flatten().collect())
}

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

pub fn servicediscovery(cfg: &CommandConfig) -> aws_sdk_servicediscovery::Client {
    aws_sdk_servicediscovery::Client::new(&cfg.sdk)
}

pub fn route53(cfg: &CommandConfig) -> aws_sdk_route53::Client {
    aws_sdk_route53::Client::new(&cfg.sdk)
}

pub fn tagging(cfg: &CommandConfig) -> aws_sdk_resourcegroupstagging::Client {
    aws_sdk_resourcegroupstagging::Client::new(&cfg.sdk)
}

pub fn ec2(cfg: &CommandConfig) -> aws_sdk_ec2::Client {
    aws_sdk_ec2::Client::new(&cfg.sdk)
}

pub fn ssm(cfg: &CommandConfig) -> aws_sdk_ssm::Client {
    aws_sdk_ssm::Client::new(&cfg.sdk)
}

/// A CloudWatch Logs client for `region` (the configuration's region when empty).
pub fn logs(cfg: &CommandConfig, region: &str) -> aws_sdk_cloudwatchlogs::Client {
    if region.is_empty() || region == cfg.region {
        return aws_sdk_cloudwatchlogs::Client::new(&cfg.sdk);
    }
    let conf = aws_sdk_cloudwatchlogs::config::Builder::from(&cfg.sdk)
        .region(aws_sdk_cloudwatchlogs::config::Region::new(
            region.to_string(),
        ))
        .build();
    aws_sdk_cloudwatchlogs::Client::from_conf(conf)
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
        SdkError::TimeoutError(_) => format!(
            "no answer from {} before the deadline of the call ({} s per attempt, {} s in all; ECS_CLI_ATTEMPT_TIMEOUT and ECS_CLI_OPERATION_TIMEOUT change them)",
            endpoint_text(),
            secs(crate::config::resolve::timeouts().operation_attempt_timeout()),
            secs(crate::config::resolve::timeouts().operation_timeout()),
        ),
        SdkError::DispatchFailure(d) if d.is_timeout() => format!(
            "no answer from {} ({} s connect timeout, {} s read timeout; ECS_CLI_CONNECT_TIMEOUT and ECS_CLI_READ_TIMEOUT change them): {}",
            endpoint_text(),
            secs(crate::config::resolve::timeouts().connect_timeout()),
            secs(crate::config::resolve::timeouts().read_timeout()),
            cause_chain(err)
        ),
        other => cause_chain(other),
    }
}

/// The endpoint calls go to, as far as the environment says.
fn endpoint_text() -> String {
    match std::env::var("AWS_ENDPOINT_URL") {
        Ok(v) if !v.is_empty() => v,
        _ => "the AWS endpoint".to_string(),
    }
}

fn secs(d: Option<std::time::Duration>) -> String {
    d.map(|d| format!("{}", d.as_secs_f64()))
        .unwrap_or_else(|| "no".to_string())
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
