//! The EC2 reads behind the addresses of the `ps` tables: the public IPs of network interfaces
//! and the addresses of instances, each batched to the API's maximum and run concurrently.

use std::collections::HashMap;

use super::{error_text, in_chunks};
use crate::logging::{log, LogLevel};

/// Identifiers per EC2 Describe call.
pub const EC2_DESCRIBE_MAX: usize = 1000;

/// Public IPs of ENIs, by ENI id; an error only costs the public addresses (a warning, as the
/// original gave).
pub async fn eni_public_ips(
    ec2: &aws_sdk_ec2::Client,
    ids: Vec<String>,
) -> HashMap<String, String> {
    let enis = in_chunks(&ids, EC2_DESCRIBE_MAX, |chunk| async move {
        ec2.describe_network_interfaces()
            .set_network_interface_ids(Some(chunk))
            .send()
            .await
            .map(|out| out.network_interfaces().to_vec())
    })
    .await;
    match enis {
        Ok(enis) => enis
            .iter()
            .filter_map(|eni| {
                let ip = eni.association()?.public_ip()?.to_string();
                Some((eni.network_interface_id()?.to_string(), ip))
            })
            .collect(),
        Err(e) => {
            log(
                LogLevel::Warning,
                &format!(
                    "Failed to describe Elastic Network Interfaces; falling back to private IP obtained from DescribeTask. Reason: {}",
                    error_text(&e)
                ),
                &[],
            );
            HashMap::new()
        }
    }
}

/// The address of each EC2 instance (public, else private), by instance id.
pub async fn instance_addresses(
    ec2: &aws_sdk_ec2::Client,
    ids: Vec<String>,
) -> anyhow::Result<HashMap<String, String>> {
    let instances = in_chunks(&ids, EC2_DESCRIBE_MAX, |chunk| async move {
        ec2.describe_instances()
            .set_instance_ids(Some(chunk))
            .send()
            .await
            .map(|out| {
                out.reservations()
                    .iter()
                    .flat_map(|r| r.instances().iter().cloned())
                    .collect::<Vec<_>>()
            })
    })
    .await
    .map_err(|e| anyhow::anyhow!(error_text(&e)))?;
    Ok(instances
        .iter()
        .filter_map(|i| {
            let ip = i
                .public_ip_address()
                .filter(|s| !s.is_empty())
                .or(i.private_ip_address())
                .unwrap_or_default();
            Some((i.instance_id()?.to_string(), ip.to_string()))
        })
        .collect())
}
