//! The ECS service calls of `compose service`: describe one service, create, update and
//! delete it, and tag it through the Resource Groups Tagging API. Each failure is logged the
//! way the original's ECS client logged it (`Error creating service`, …, with the service
//! name and the error) and comes back with the original's error text.

use aws_sdk_ecs::operation::create_service::builders::CreateServiceFluentBuilder;
use aws_sdk_ecs::operation::update_service::builders::UpdateServiceFluentBuilder;
use aws_sdk_ecs::types::Service;

use super::error_text;
use crate::logging::{log, LogLevel};

/// What DescribeServices said of one service.
#[derive(Debug)]
pub enum Described {
    /// The service, in whatever status (ACTIVE, DRAINING, INACTIVE).
    Found(Box<Service>),
    /// A failure entry instead (reason `MISSING` when there is no such service).
    Failure(String),
    /// Neither a service nor a failure.
    Empty,
}

fn logged(what: &str, service: &str, text: String) -> anyhow::Error {
    log(
        LogLevel::Error,
        what,
        &[("service", service.to_string()), ("error", text.clone())],
    );
    anyhow::anyhow!(text)
}

/// DescribeServices for one service of `cluster`.
pub async fn describe_service(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    name: &str,
) -> anyhow::Result<Described> {
    let out = ecs
        .describe_services()
        .cluster(cluster)
        .services(name)
        .send()
        .await
        .map_err(|e| logged("Error describing service", name, error_text(&e)))?;
    if let Some(f) = out.failures().first() {
        return Ok(Described::Failure(
            f.reason().unwrap_or_default().to_string(),
        ));
    }
    Ok(match out.services().first() {
        Some(s) => Described::Found(Box::new(s.clone())),
        None => Described::Empty,
    })
}

/// CreateService with the request as built.
pub async fn create_service(name: &str, req: CreateServiceFluentBuilder) -> anyhow::Result<()> {
    req.send()
        .await
        .map_err(|e| logged("Error creating service", name, error_text(&e)))?;
    Ok(())
}

/// UpdateService with the request as built.
pub async fn update_service(name: &str, req: UpdateServiceFluentBuilder) -> anyhow::Result<()> {
    req.send()
        .await
        .map_err(|e| logged("Error updating service", name, error_text(&e)))?;
    log(
        LogLevel::Debug,
        "Updated ECS service",
        &[("service", name.to_string())],
    );
    Ok(())
}

/// DeleteService with `force` (a service that still has a desired count is deleted too);
/// logs `Deleted ECS service`.
pub async fn delete_service(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    name: &str,
) -> anyhow::Result<()> {
    ecs.delete_service()
        .cluster(cluster)
        .service(name)
        .force(true)
        .send()
        .await
        .map_err(|e| logged("Error deleting service", name, error_text(&e)))?;
    log(
        LogLevel::Info,
        "Deleted ECS service",
        &[("service", name.to_string())],
    );
    Ok(())
}

/// Adds `tags` to the resource `arn` (TagResources of the Resource Groups Tagging API); a
/// resource the API reports as failed is an error.
pub async fn tag_resource(
    tagging: &aws_sdk_resourcegroupstagging::Client,
    arn: &str,
    tags: &[(String, String)],
) -> anyhow::Result<()> {
    let mut req = tagging.tag_resources().resource_arn_list(arn);
    for (k, v) in tags {
        req = req.tags(k, v);
    }
    let out = req
        .send()
        .await
        .map_err(|e| anyhow::anyhow!(error_text(&e)))?;
    if let Some((resource, info)) = out.failed_resources_map().and_then(|m| m.iter().next()) {
        anyhow::bail!(
            "Failed to tag Service {resource}; error={}",
            info.error_message().unwrap_or_default()
        );
    }
    Ok(())
}
