//! The Cloud Map (service discovery) and Route 53 reads of `compose service`: find an existing
//! namespace by name (a private one must be attached to the VPC, in the command's region,
//! which only its Route 53 hosted zone tells), and wait until a discovery service has no
//! instance left so that it can be deleted (every 2 s, 5 times).

use std::time::Duration;

use aws_sdk_servicediscovery::types::{FilterCondition, NamespaceFilter, NamespaceFilterName};

use super::error_text;

/// Every namespace summary of one type (DNS_PRIVATE or DNS_PUBLIC): (id, name), page by page.
async fn namespaces(
    sd: &aws_sdk_servicediscovery::Client,
    public: bool,
) -> anyhow::Result<Vec<(String, String)>> {
    let kind = if public { "DNS_PUBLIC" } else { "DNS_PRIVATE" };
    let filter = NamespaceFilter::builder()
        .name(NamespaceFilterName::Type)
        .values(kind)
        .condition(FilterCondition::Eq)
        .build()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = sd
            .list_namespaces()
            .filters(filter.clone())
            .set_next_token(token.clone())
            .send()
            .await
            .map_err(|e| anyhow::anyhow!(error_text(&e)))?;
        for n in page.namespaces() {
            out.push((
                n.id().unwrap_or_default().to_string(),
                n.name().unwrap_or_default().to_string(),
            ));
        }
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => return Ok(out),
        }
    }
}

/// The private namespace `name` attached to `vpc` in `region`, if there is one.
pub async fn find_private_namespace(
    sd: &aws_sdk_servicediscovery::Client,
    r53: &aws_sdk_route53::Client,
    name: &str,
    vpc: &str,
    region: &str,
) -> anyhow::Result<Option<String>> {
    for (id, _) in namespaces(sd, false)
        .await?
        .into_iter()
        .filter(|(_, n)| n == name)
    {
        let ns = sd
            .get_namespace()
            .id(&id)
            .send()
            .await
            .map_err(|e| anyhow::anyhow!(error_text(&e)))?;
        let zone = ns
            .namespace()
            .and_then(|n| n.properties())
            .and_then(|p| p.dns_properties())
            .and_then(|d| d.hosted_zone_id())
            .unwrap_or_default()
            .to_string();
        let hz = r53
            .get_hosted_zone()
            .id(zone)
            .send()
            .await
            .map_err(|e| anyhow::anyhow!(error_text(&e)))?;
        let attached = hz
            .vpcs()
            .iter()
            .any(|v| v.vpc_id() == Some(vpc) && v.vpc_region().map(|r| r.as_str()) == Some(region));
        if attached {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

/// The public namespace `name`, if there is one.
pub async fn find_public_namespace(
    sd: &aws_sdk_servicediscovery::Client,
    name: &str,
) -> anyhow::Result<Option<String>> {
    Ok(namespaces(sd, true)
        .await?
        .into_iter()
        .find(|(_, n)| n == name)
        .map(|(id, _)| id))
}

/// Waits (2 s apart, 5 tries) until the discovery service `id` has no registered instance.
pub async fn wait_until_deletable(
    sd: &aws_sdk_servicediscovery::Client,
    id: &str,
) -> anyhow::Result<()> {
    let pause =
        crate::config::env_millis("ECS_CLI_SERVICE_POLL_MS").unwrap_or(Duration::from_secs(2));
    let mut count = 0;
    for _ in 0..5 {
        let out = sd
            .get_service()
            .id(id)
            .send()
            .await
            .map_err(|e| anyhow::anyhow!(error_text(&e)))?;
        count = out.service().and_then(|s| s.instance_count()).unwrap_or(0);
        if count == 0 {
            return Ok(());
        }
        tokio::time::sleep(pause).await;
    }
    anyhow::bail!(
        "Service Discovery Service can not be deleted. It is still in use. InstanceCount={count}"
    )
}
