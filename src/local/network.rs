//! The local network every task joins and the Amazon ECS Local Container Endpoints container
//! on it (credentials and metadata at 169.254.170.2), set up by `local up` and taken down by
//! `local down` once no task is left. Every step talks to the Docker engine API.

use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;

use bollard::container::{
    Config, CreateContainerOptions, ListContainersOptions, RemoveContainerOptions,
    StopContainerOptions,
};
use bollard::image::{CreateImageOptions, ListImagesOptions};
use bollard::models::{EndpointIpamConfig, EndpointSettings, HostConfig, Ipam, IpamConfig};
use bollard::network::{CreateNetworkOptions, InspectNetworkOptions};
use bollard::Docker;
use futures::StreamExt;

use super::convert::NETWORK_NAME;

const SUBNET: &str = "169.254.170.0/24";
/// The endpoints image; without a tag the engine's `latest`.
pub const ENDPOINTS_IMAGE: &str = "amazon/amazon-ecs-local-container-endpoints";
const ENDPOINTS_IP: &str = "169.254.170.2";
/// The endpoints container's name.
pub const ENDPOINTS_CONTAINER: &str = "amazon-ecs-local-container-endpoints";
/// How long one engine call may take.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// A client for the engine, speaking the newest API version both sides know (the
/// original asked for 1.27 unless `DOCKER_API_VERSION` said otherwise).
pub async fn connect() -> Result<Docker, String> {
    let docker = crate::docker::connect()?;
    call(docker.negotiate_version()).await
}

/// Runs one engine call with the original's 30 s limit.
pub async fn call<T>(
    f: impl Future<Output = Result<T, bollard::errors::Error>>,
) -> Result<T, String> {
    match tokio::time::timeout(TIMEOUT, f).await {
        Ok(r) => r.map_err(|e| crate::docker::describe(&e)),
        Err(_) => Err("context deadline exceeded".to_string()),
    }
}

fn is_not_found(e: &str) -> bool {
    let l = e.to_lowercase();
    l.contains("not found") || l.contains("no such")
}

/// Creates the network and starts the endpoints container, each unless it exists already.
pub async fn setup(docker: &Docker) -> Result<(), String> {
    setup_network(docker).await?;
    let id = create_endpoints(docker).await?;
    call(docker.start_container::<String>(&id, None))
        .await
        .map_err(|e| format!("Failed to start container with ID {id} due to {e}"))?;
    tracing::info!("Started container with ID {id}");
    Ok(())
}

async fn setup_network(docker: &Docker) -> Result<(), String> {
    match call(docker.inspect_network(NETWORK_NAME, None::<InspectNetworkOptions<String>>)).await {
        Ok(_) => {
            tracing::info!("The network {NETWORK_NAME} already exists");
            return Ok(());
        }
        Err(e) if is_not_found(&e) => {}
        Err(e) => {
            return Err(format!(
                "Failed to inspect docker network {NETWORK_NAME} due to {e}"
            ))
        }
    }
    tracing::info!("Creating network: {NETWORK_NAME}...");
    let resp = call(docker.create_network(CreateNetworkOptions {
        name: NETWORK_NAME,
        driver: "bridge",
        ipam: Ipam {
            config: Some(vec![IpamConfig {
                subnet: Some(SUBNET.to_string()),
                ..Default::default()
            }]),
            ..Default::default()
        },
        ..Default::default()
    }))
    .await
    .map_err(|e| {
        format!("Failed to create network {NETWORK_NAME} with subnet {SUBNET} due to {e}")
    })?;
    tracing::info!("Created network {NETWORK_NAME} with ID {}", resp.id);
    Ok(())
}

/// Pulls the endpoints image unless an image of that name is present locally.
async fn ensure_image(docker: &Docker) -> Result<(), String> {
    let mut filters = HashMap::new();
    filters.insert("reference", vec![ENDPOINTS_IMAGE]);
    let images = call(docker.list_images(Some(ListImagesOptions {
        filters,
        ..Default::default()
    })))
    .await
    .map_err(|e| format!("Failed to list images with name {ENDPOINTS_IMAGE} due to {e}"))?;
    if !images.is_empty() {
        return Ok(());
    }
    tracing::info!("Pulling image {ENDPOINTS_IMAGE}");
    let mut stream = docker.create_image(
        Some(CreateImageOptions {
            from_image: ENDPOINTS_IMAGE,
            tag: "latest",
            ..Default::default()
        }),
        None,
        None,
    );
    while let Some(item) = stream.next().await {
        item.map_err(|e| {
            format!(
                "Failed to pull image {ENDPOINTS_IMAGE} due to {}",
                crate::docker::describe(&e)
            )
        })?;
    }
    Ok(())
}

/// Creates the endpoints container, or finds the one made before; returns its ID.
async fn create_endpoints(docker: &Docker) -> Result<String, String> {
    ensure_image(docker).await?;
    let profile = std::env::var("AWS_PROFILE")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "default".to_string());
    let home = std::env::var("HOME").unwrap_or_default();
    let mut endpoints = HashMap::new();
    endpoints.insert(
        NETWORK_NAME.to_string(),
        EndpointSettings {
            network_id: Some(NETWORK_NAME.to_string()),
            ipam_config: Some(EndpointIpamConfig {
                ipv4_address: Some(ENDPOINTS_IP.to_string()),
                ..Default::default()
            }),
            ..Default::default()
        },
    );
    let config = Config {
        image: Some(ENDPOINTS_IMAGE.to_string()),
        env: Some(vec![format!("AWS_PROFILE={profile}"), "HOME=/home".into()]),
        host_config: Some(HostConfig {
            binds: Some(vec![
                "/var/run:/var/run".into(),
                format!("{home}/.aws/:/home/.aws/"),
            ]),
            ..Default::default()
        }),
        networking_config: Some(bollard::container::NetworkingConfig {
            endpoints_config: endpoints,
        }),
        ..Default::default()
    };
    let created = call(docker.create_container(
        Some(CreateContainerOptions {
            name: ENDPOINTS_CONTAINER,
            platform: None,
        }),
        config,
    ))
    .await;
    match created {
        Ok(resp) => {
            tracing::info!(
                "Created the {ENDPOINTS_CONTAINER} container with ID {}",
                resp.id
            );
            Ok(resp.id)
        }
        Err(e) if e.contains("Conflict") || e.contains("already in use") => {
            let id = endpoints_id(docker).await?;
            tracing::info!("The {ENDPOINTS_CONTAINER} container already exists with ID {id}");
            Ok(id)
        }
        Err(e) => Err(format!(
            "Failed to create container {ENDPOINTS_CONTAINER} due to {e}"
        )),
    }
}

async fn endpoints_id(docker: &Docker) -> Result<String, String> {
    let mut filters = HashMap::new();
    filters.insert("name".to_string(), vec![ENDPOINTS_CONTAINER.to_string()]);
    let found = call(docker.list_containers(Some(ListContainersOptions {
        all: true,
        filters,
        ..Default::default()
    })))
    .await
    .map_err(|e| format!("Failed to list containers with name {ENDPOINTS_CONTAINER} due to {e}"))?;
    // The name filter matches substrings; keep the exact name.
    let exact: Vec<_> = found
        .into_iter()
        .filter(|c| {
            c.names
                .iter()
                .flatten()
                .any(|n| n.trim_start_matches('/') == ENDPOINTS_CONTAINER)
        })
        .collect();
    if exact.len() != 1 {
        return Err(format!(
            "Expected to find one container named {ENDPOINTS_CONTAINER} but found {}",
            exact.len()
        ));
    }
    Ok(exact[0].id.clone().unwrap_or_default())
}

/// Stops and removes the endpoints container and removes the network, unless a task
/// container is still attached to the network.
pub async fn teardown(docker: &Docker) -> Result<(), String> {
    let net =
        match call(docker.inspect_network(NETWORK_NAME, None::<InspectNetworkOptions<String>>))
            .await
        {
            Ok(n) => n,
            Err(e) if is_not_found(&e) => {
                tracing::info!("Network {NETWORK_NAME} not found, skipping network removal");
                return Ok(());
            }
            Err(e) => {
                return Err(format!(
                    "Failed to inspect network {NETWORK_NAME} due to {e}"
                ))
            }
        };
    let containers: Vec<String> = net
        .containers
        .unwrap_or_default()
        .into_values()
        .map(|c| c.name.unwrap_or_default())
        .collect();
    if containers.len() > 1 {
        tracing::info!(
            "{} other task(s) running locally, skipping network removal.",
            containers.len() - 1
        );
        return Ok(());
    }
    if let Some(other) = containers.iter().find(|n| *n != ENDPOINTS_CONTAINER) {
        tracing::warn!(
            "The {other} container is running in the {NETWORK_NAME} network without the {ENDPOINTS_CONTAINER} container, please stop it first"
        );
        return Ok(());
    }
    tracing::info!(
        "The network {NETWORK_NAME} has no more running tasks, stopping the endpoints containers..."
    );
    match call(docker.stop_container(ENDPOINTS_CONTAINER, None::<StopContainerOptions>)).await {
        Ok(()) => tracing::info!("Stopped container with name {ENDPOINTS_CONTAINER}"),
        Err(e) if e.to_lowercase().contains("no such container") => {}
        Err(e) => {
            return Err(format!(
                "Failed to stop {ENDPOINTS_CONTAINER} container due to {e}"
            ))
        }
    }
    match call(docker.remove_container(ENDPOINTS_CONTAINER, None::<RemoveContainerOptions>)).await {
        Ok(()) => tracing::info!("Removed container with name {ENDPOINTS_CONTAINER}"),
        Err(e) if e.to_lowercase().contains("no such container") => {}
        Err(e) => {
            return Err(format!(
                "Failed to remove {ENDPOINTS_CONTAINER} container due to {e}"
            ))
        }
    }
    match call(docker.remove_network(NETWORK_NAME)).await {
        Ok(()) => tracing::info!("Removed network with name {NETWORK_NAME}"),
        Err(e) if e.to_lowercase().contains("no such network") || is_not_found(&e) => {}
        Err(e) => {
            return Err(format!(
                "Failed to remove {NETWORK_NAME} network due to {e}"
            ))
        }
    }
    Ok(())
}
