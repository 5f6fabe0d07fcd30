//! Service discovery (AWS Cloud Map) for `compose service`: the private DNS namespace and the
//! discovery service a service is registered with, created, updated and deleted through the
//! original's CloudFormation stacks.

use aws_sdk_ecs::types::ServiceRegistry;

use super::{Revision, Service};

/// The service-discovery flags of `compose service create`/`up`/`rm` (empty: not given).
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// `--enable-service-discovery`.
    pub enabled: bool,
    /// `--update-service-discovery`.
    pub update: bool,
    pub vpc: String,
    pub private_dns_namespace: String,
    pub private_dns_namespace_id: String,
    pub public_dns_namespace: String,
    pub public_dns_namespace_id: String,
    pub container_name: String,
    pub container_port: String,
    pub dns_ttl: String,
    pub dns_type: String,
    pub healthcheck_custom_config_failure_threshold: String,
}

fn not_built() -> anyhow::Error {
    anyhow::anyhow!("service discovery is not implemented in this version of the Rust ecs-cli yet")
}

/// Creates (or reuses) the namespace and creates the discovery service; returns the registry
/// for CreateService.
pub async fn create(_svc: &Service, _td: &Revision) -> anyhow::Result<ServiceRegistry> {
    Err(not_built())
}

/// `--update-service-discovery`: the discovery service's DNS TTL and health-check threshold.
pub async fn update(_svc: &Service, _td: &Revision) -> anyhow::Result<()> {
    Err(not_built())
}

/// Deletes the discovery service stack (and, with `--delete-namespace`, the namespace stack).
pub async fn delete(_svc: &Service, _registry_arn: &str, _namespace: bool) -> anyhow::Result<()> {
    Err(not_built())
}
