//! Service discovery (AWS Cloud Map) for `compose service`, as the original did it: the flags
//! and the ecs-params `run_params.service_discovery` section are merged (a flag wins, with an
//! info line), checked, and turned into two CloudFormation stacks of our own templates — the
//! private DNS namespace (`amazon-ecs-cli-setup-private-dns-namespace-<cluster>-<service>`,
//! only when no existing namespace is named) and the discovery service
//! (`amazon-ecs-cli-setup-service-discovery-service-<cluster>-<service>`), whose ARN becomes
//! the ECS service's registry. `--update-service-discovery` updates the DNS TTL and the
//! health-check threshold of the discovery service stack; `rm` deletes it (and the namespace
//! stack with `--delete-namespace`) once Cloud Map has no instance left in it.

use aws_sdk_ecs::types::ServiceRegistry;

use super::{Revision, Service};
use crate::aws::cloudformation::ParamValue;
use crate::compose::ecs_params::{Namespace, ServiceDiscovery};
use crate::logging::{log, LogLevel};
use crate::stacks::{self, NewStack, Operation, Param};

/// Our private DNS namespace template (parameter, resource and output names are the original's).
pub const NAMESPACE_TEMPLATE: &str = include_str!("../../templates/private-dns-namespace.yml");
/// Our discovery service template (parameter, resource and output names are the original's).
pub const SDS_TEMPLATE: &str = include_str!("../../templates/service-discovery-service.yml");

const NAMESPACE_STACK_FORMAT: &str = "amazon-ecs-cli-setup-private-dns-namespace-%s-%s";
const SDS_STACK_FORMAT: &str = "amazon-ecs-cli-setup-service-discovery-service-%s-%s";
const NAMESPACE_ID_OUTPUT: &str = "PrivateDNSNamespaceID";
const SDS_ARN_OUTPUT: &str = "ServiceDiscoveryServiceARN";

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

/// A stack name from the original's format: cluster and service each cut to fit 128
/// characters, then every run of characters outside `[A-Za-z0-9-]` replaced by one `0`.
pub fn stack_name(format: &str, cluster: &str, service: &str) -> String {
    let max = (128 - format.len()) / 2;
    let cut = |s: &str| -> String {
        if s.len() > max {
            // Go slices bytes; a cut inside a character leaves bytes that sanitising replaces.
            String::from_utf8_lossy(&s.as_bytes()[..max]).into_owned()
        } else {
            s.to_string()
        }
    };
    let name = format
        .replacen("%s", &cut(cluster), 1)
        .replacen("%s", &cut(service), 1);
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
            in_run = false;
        } else if !in_run {
            out.push('0');
            in_run = true;
        }
    }
    out
}

fn override_info(was: &str, now: &str, field: &str) {
    log(
        LogLevel::Info,
        &format!("Using flag value as override (was {was} but is now {now})"),
        &[("Service Discovery field", field.to_string())],
    );
}

fn merge_string(flag: &str, params: &str, field: &str) -> String {
    if !flag.is_empty() && !params.is_empty() {
        override_info(params, flag, field);
    }
    if flag.is_empty() {
        params.to_string()
    } else {
        flag.to_string()
    }
}

fn int_flag(value: &str, flag: &str) -> anyhow::Result<Option<i64>> {
    if value.is_empty() {
        return Ok(None);
    }
    crate::go::strconv::parse_int(value, 64, "ParseInt")
        .map(Some)
        .map_err(|_| anyhow::anyhow!("Please pass integer value for the flag {flag}"))
}

fn merge_int(
    flag_value: &str,
    flag: &str,
    params: Option<i64>,
    field: &str,
) -> anyhow::Result<Option<i64>> {
    let from_flag = int_flag(flag_value, flag)?;
    if let (Some(f), Some(p)) = (from_flag, params) {
        override_info(&p.to_string(), &f.to_string(), field);
    }
    Ok(from_flag.or(params))
}

fn has(n: &Namespace) -> bool {
    !n.id.is_empty() || !n.name.is_empty()
}

fn merge_namespace(name: &str, id: &str, kind: &str, params: &Namespace) -> Namespace {
    let from_flags = Namespace {
        id: id.to_string(),
        name: name.to_string(),
    };
    if has(&from_flags) && has(params) {
        // The original printed the ecs-params value twice here.
        let shown = if params.id.is_empty() {
            &params.name
        } else {
            &params.id
        };
        override_info(shown, shown, &format!("dns {kind} namespace"));
    }
    if has(&from_flags) {
        from_flags
    } else {
        params.clone()
    }
}

/// The DNS and health-check fields of the discovery service, flags over ecs-params.
fn merge_sds_fields(r: &Request, sd: &mut ServiceDiscovery) -> anyhow::Result<()> {
    let sds = &mut sd.service_discovery_service;
    sds.dns_config.type_ = merge_string(&r.dns_type, &sds.dns_config.type_, "dns_config.type");
    sds.dns_config.ttl = merge_int(&r.dns_ttl, "dns-ttl", sds.dns_config.ttl, "dns_config.ttl")?;
    sds.healthcheck_custom_config.failure_threshold = merge_int(
        &r.healthcheck_custom_config_failure_threshold,
        "healthcheck-custom-config-failure-threshold",
        sds.healthcheck_custom_config.failure_threshold,
        "failure_threshold",
    )?;
    Ok(())
}

/// The ecs-params section with the flags merged in (not yet checked).
fn merged(r: &Request, params: &ServiceDiscovery) -> anyhow::Result<ServiceDiscovery> {
    let mut sd = params.clone();
    let private = merge_namespace(
        &r.private_dns_namespace,
        &r.private_dns_namespace_id,
        "private",
        &Namespace {
            id: sd.private_dns_namespace.id.clone(),
            name: sd.private_dns_namespace.name.clone(),
        },
    );
    sd.private_dns_namespace.id = private.id;
    sd.private_dns_namespace.name = private.name;
    sd.private_dns_namespace.vpc = merge_string(
        &r.vpc,
        &sd.private_dns_namespace.vpc,
        "private_dns_namespace.vpc",
    );
    sd.public_dns_namespace = merge_namespace(
        &r.public_dns_namespace,
        &r.public_dns_namespace_id,
        "public",
        &sd.public_dns_namespace,
    );
    merge_sds_fields(r, &mut sd)?;
    sd.container_name = merge_string(&r.container_name, &sd.container_name, "container_name");
    sd.container_port = merge_int(
        &r.container_port,
        "sd-container-port",
        sd.container_port,
        "container_port",
    )?;
    Ok(sd)
}

/// Name and ID of one namespace must not both be given (before the merge).
fn validate_name_and_id(r: &Request, params: &ServiceDiscovery) -> anyhow::Result<()> {
    if !r.private_dns_namespace_id.is_empty() && !r.private_dns_namespace.is_empty() {
        anyhow::bail!(
            "Validation Error: private-dns-namespace-id and private-dns-namespace both specified"
        );
    }
    if !r.public_dns_namespace_id.is_empty() && !r.public_dns_namespace.is_empty() {
        anyhow::bail!(
            "Validation Error: public-dns-namespace-id and public-dns-namespace both specified"
        );
    }
    if !params.private_dns_namespace.name.is_empty() && !params.private_dns_namespace.id.is_empty()
    {
        anyhow::bail!("Validation Error: private_dns_namespace.name and private_dns_namespace.id both specified");
    }
    if !params.public_dns_namespace.name.is_empty() && !params.public_dns_namespace.id.is_empty() {
        anyhow::bail!("Validation Error: public_dns_namespace.name and public_dns_namespace.id both specified");
    }
    Ok(())
}

/// The record type: the given one, else A for awsvpc and SRV otherwise (with the original's
/// warning when `warn`).
fn dns_type(sd: &ServiceDiscovery, network_mode: &str, warn: bool) -> String {
    let given = &sd.service_discovery_service.dns_config.type_;
    if !given.is_empty() {
        return given.clone();
    }
    let t = if network_mode == "awsvpc" { "A" } else { "SRV" };
    if warn {
        log(
            LogLevel::Warning,
            &format!("Defaulting DNS Type to {t} because network mode was {network_mode}"),
            &[],
        );
    }
    t.to_string()
}

fn validate_merged(sd: &ServiceDiscovery, network_mode: &str) -> anyhow::Result<()> {
    if dns_type(sd, network_mode, false) == "SRV" {
        if sd.container_name.is_empty() {
            anyhow::bail!("container_name is a required field when using SRV DNS records");
        }
        if sd.container_port.is_none() {
            anyhow::bail!("container_port is a required field when using SRV DNS records");
        }
    }
    let private = Namespace {
        id: sd.private_dns_namespace.id.clone(),
        name: sd.private_dns_namespace.name.clone(),
    };
    match (has(&sd.public_dns_namespace), has(&private)) {
        (true, true) => anyhow::bail!("Both a public and private namespace can not be used with Service Discovery; please use only 1 namespace"),
        (false, false) => anyhow::bail!("To use Service Discovery, please specify a DNS namespace"),
        _ => {}
    }
    if !private.name.is_empty() && private.id.is_empty() && sd.private_dns_namespace.vpc.is_empty()
    {
        anyhow::bail!("VPC is required when specifying private namespace by name");
    }
    Ok(())
}

/// The CloudFormation parameters' own check: no empty value.
fn validate_params(params: &[Param]) -> anyhow::Result<()> {
    for p in params {
        if matches!(&p.value, ParamValue::Value(v) if v.is_empty()) {
            anyhow::bail!(
                "ParameterValue and UsePreviousValue not set for parameter key '{}'",
                p.key
            );
        }
    }
    Ok(())
}

fn ecs_params_sd(svc: &Service) -> ServiceDiscovery {
    svc.ecs_params
        .as_ref()
        .map(|p| p.run_params.service_discovery.clone())
        .unwrap_or_default()
}

/// Deletes a stack and waits; a missing stack is fine when `ignore_missing`.
async fn delete_stack(
    svc: &Service,
    name: &str,
    project: &str,
    resource: &str,
    ignore_missing: bool,
    clean_up: bool,
) -> anyhow::Result<()> {
    let cfn = &svc.cfn;
    let missing = match crate::aws::cloudformation::describe_stack(cfn, name).await {
        Ok(Some(_)) => None,
        Ok(None) => Some(format!("Could not find CloudFormation stack: {name}")),
        Err(e) => Some(e.to_string()),
    };
    if let Some(reason) = missing {
        if ignore_missing {
            return Ok(());
        }
        anyhow::bail!("no {resource} CloudFormation stack found for project '{project}': {reason}");
    }
    if clean_up {
        log(
            LogLevel::Info,
            "Cleaning up existing CloudFormation stack...",
            &[],
        );
    } else {
        log(
            LogLevel::Info,
            &format!("Waiting for your {resource} resource to be deleted..."),
            &[],
        );
    }
    stacks::delete(cfn, name).await?;
    stacks::wait_until_complete(cfn, name, Operation::Delete, "").await
}

async fn stack_output(svc: &Service, stack: &str, key: &str) -> anyhow::Result<String> {
    let Some(s) = crate::aws::cloudformation::describe_stack(&svc.cfn, stack).await? else {
        anyhow::bail!("Could not find CloudFormation stack: {stack}");
    };
    s.outputs()
        .iter()
        .find(|o| o.output_key() == Some(key))
        .and_then(|o| o.output_value())
        .map(str::to_string)
        .ok_or_else(|| anyhow::anyhow!("Failed to find output {key} in stack {stack}"))
}

/// The namespace named by ID or found by name, or none (then we create one).
async fn existing_namespace(
    svc: &Service,
    sd: &ServiceDiscovery,
) -> anyhow::Result<Option<String>> {
    let private = &sd.private_dns_namespace;
    let public = &sd.public_dns_namespace;
    if !private.id.is_empty() {
        return Ok(Some(private.id.clone()));
    }
    if !public.id.is_empty() {
        return Ok(Some(public.id.clone()));
    }
    if !private.name.is_empty() {
        return crate::aws::cloud_map::find_private_namespace(
            &svc.cloud_map,
            &svc.route53,
            &private.name,
            &private.vpc,
            &svc.region,
        )
        .await;
    }
    if !public.name.is_empty() {
        return match crate::aws::cloud_map::find_public_namespace(&svc.cloud_map, &public.name)
            .await?
        {
            Some(id) => Ok(Some(id)),
            None => anyhow::bail!("Failed to find public namespace {}", public.name),
        };
    }
    Ok(None)
}

async fn create_namespace(svc: &Service, sd: &ServiceDiscovery) -> anyhow::Result<String> {
    let private = &sd.private_dns_namespace;
    let mut params = vec![
        Param::value("NamespaceName", private.name.clone()),
        Param::value("VPCID", private.vpc.clone()),
    ];
    if !private.description.is_empty() {
        params.push(Param::value(
            "NamespaceDescription",
            private.description.clone(),
        ));
    }
    validate_params(&params)?;
    let stack = stack_name(NAMESPACE_STACK_FORMAT, &svc.cluster, &svc.name);
    delete_stack(svc, &stack, &svc.name, "Private DNS Namespace", true, true)
        .await
        .map_err(|e| {
            // The original wrapped the error and also formatted it into the message: twice.
            anyhow::anyhow!("A Private DNS Namespace CloudFormation stack for {} already exists, failed to delete existing stack: {e}: {e}", svc.name)
        })?;
    stacks::create(
        &svc.cfn,
        &NewStack {
            name: &stack,
            template: NAMESPACE_TEMPLATE,
            parameters: &params,
            ..Default::default()
        },
    )
    .await?;
    log(
        LogLevel::Info,
        "Waiting for the private DNS namespace to be created...",
        &[],
    );
    stacks::wait_until_complete(&svc.cfn, &stack, Operation::Create, "").await?;
    stack_output(svc, &stack, NAMESPACE_ID_OUTPUT).await
}

/// Creates (or reuses) the namespace and creates the discovery service; returns the registry
/// for CreateService.
pub async fn create(svc: &Service, td: &Revision) -> anyhow::Result<ServiceRegistry> {
    let r = &svc.discovery;
    let params_sd = ecs_params_sd(svc);
    validate_name_and_id(r, &params_sd)?;
    let sd = merged(r, &params_sd)?;
    validate_merged(&sd, &td.network_mode)?;
    if !sd.private_dns_namespace.id.is_empty() {
        let msg = |what: &str| {
            format!("Ignoring {what} because the ID of an existing private namespace was specified")
        };
        if !sd.private_dns_namespace.description.is_empty() {
            log(LogLevel::Warning, &msg("description"), &[]);
        }
        if !sd.private_dns_namespace.vpc.is_empty() {
            log(LogLevel::Warning, &msg("vpc"), &[]);
        }
    }
    let namespace = match existing_namespace(svc, &sd).await? {
        Some(id) => {
            log(
                LogLevel::Info,
                &format!("Using existing namespace {id}"),
                &[],
            );
            id
        }
        None => create_namespace(svc, &sd).await?,
    };

    let sds = &sd.service_discovery_service;
    let mut params = vec![
        Param::value("NamespaceID", namespace),
        Param::value("SDSName", svc.name.clone()),
    ];
    if !sds.description.is_empty() {
        params.push(Param::value("SDSDescription", sds.description.clone()));
    }
    params.push(Param::value(
        "DNSType",
        dns_type(&sd, &td.network_mode, true),
    ));
    sds_optional_params(&sd, &mut params);
    validate_params(&params)?;

    let stack = stack_name(SDS_STACK_FORMAT, &svc.cluster, &svc.name);
    delete_stack(svc, &stack, &svc.name, "Service Discovery Service", true, true)
        .await
        .map_err(|e| {
            anyhow::anyhow!("A Service Discovery Service CloudFormation stack for {} already exists, failed to delete existing stack: {e}", svc.name)
        })?;
    stacks::create(
        &svc.cfn,
        &NewStack {
            name: &stack,
            template: SDS_TEMPLATE,
            parameters: &params,
            ..Default::default()
        },
    )
    .await?;
    log(
        LogLevel::Info,
        "Waiting for the Service Discovery Service to be created...",
        &[],
    );
    stacks::wait_until_complete(&svc.cfn, &stack, Operation::Create, "").await?;
    let arn = stack_output(svc, &stack, SDS_ARN_OUTPUT).await?;
    Ok(ServiceRegistry::builder()
        .registry_arn(arn)
        .set_container_name((!sd.container_name.is_empty()).then(|| sd.container_name.clone()))
        .set_container_port(sd.container_port.and_then(|p| i32::try_from(p).ok()))
        .build())
}

fn sds_optional_params(sd: &ServiceDiscovery, params: &mut Vec<Param>) {
    let sds = &sd.service_discovery_service;
    if let Some(ttl) = sds.dns_config.ttl {
        set(params, "DNSTTL", ttl.to_string());
    }
    if let Some(t) = sds.healthcheck_custom_config.failure_threshold {
        set(params, "FailureThreshold", t.to_string());
    }
}

fn set(params: &mut Vec<Param>, key: &str, value: String) {
    match params.iter_mut().find(|p| p.key == key) {
        Some(p) => *p = Param::value(key, value),
        None => params.push(Param::value(key, value)),
    }
}

/// `--update-service-discovery`: the discovery service's DNS TTL and health-check threshold.
pub async fn update(svc: &Service, _td: &Revision) -> anyhow::Result<()> {
    let r = &svc.discovery;
    for (flag, value) in [
        ("private-dns-namespace", &r.private_dns_namespace),
        ("vpc", &r.vpc),
        ("private-dns-namespace-id", &r.private_dns_namespace_id),
        ("public-dns-namespace-id", &r.public_dns_namespace_id),
        ("public-dns-namespace", &r.public_dns_namespace),
        ("sd-container-name", &r.container_name),
        ("sd-container-port", &r.container_port),
        ("dns-type", &r.dns_type),
    ] {
        if !value.is_empty() {
            log(
                LogLevel::Warning,
                &format!("--{flag} is not valid when updating Service Discovery, its value can only be set during Service creation"),
                &[],
            );
        }
    }
    let mut sd = ecs_params_sd(svc);
    merge_sds_fields(r, &mut sd)?;
    let stack = stack_name(SDS_STACK_FORMAT, &svc.cluster, &svc.name);
    let existing = stacks::parameters(&svc.cfn, &stack).await.map_err(|e| {
        anyhow::anyhow!("CloudFormation stack not found for Service Discovery Service: {e}")
    })?;
    let mut params = stacks::keep_all_but(&existing, &[]);
    sds_optional_params(&sd, &mut params);
    validate_params(&params)?;
    stacks::update(&svc.cfn, &stack, None, &params, true).await?;
    log(
        LogLevel::Info,
        "Waiting for your Service Discovery resources to be updated...",
        &[],
    );
    stacks::wait_until_complete(&svc.cfn, &stack, Operation::Update, "").await
}

/// Deletes the discovery service stack (and, with `--delete-namespace`, the namespace stack),
/// once Cloud Map reports no instance left in the discovery service.
pub async fn delete(svc: &Service, registry_arn: &str, namespace: bool) -> anyhow::Result<()> {
    let id = registry_arn.split('/').nth(1).unwrap_or_default();
    crate::aws::cloud_map::wait_until_deletable(&svc.cloud_map, id).await?;
    let sds_stack = stack_name(SDS_STACK_FORMAT, &svc.cluster, &svc.name);
    delete_stack(
        svc,
        &sds_stack,
        &svc.project,
        "Service Discovery Service",
        true,
        false,
    )
    .await?;
    if namespace {
        let ns_stack = stack_name(NAMESPACE_STACK_FORMAT, &svc.cluster, &svc.name);
        delete_stack(
            svc,
            &ns_stack,
            &svc.project,
            "Private DNS Namespace",
            false,
            false,
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_names_are_cut_and_sanitised() {
        assert_eq!(
            stack_name(SDS_STACK_FORMAT, "c1", "web"),
            "amazon-ecs-cli-setup-service-discovery-service-c1-web"
        );
        assert_eq!(
            stack_name(NAMESPACE_STACK_FORMAT, "my_cluster", "a..b"),
            "amazon-ecs-cli-setup-private-dns-namespace-my0cluster-a0b"
        );
        let long = "x".repeat(60);
        let name = stack_name(SDS_STACK_FORMAT, &long, &long);
        // (128 - 52) / 2 = 38 characters of each.
        assert_eq!(name.len(), SDS_STACK_FORMAT.len() - 4 + 76);
        assert!(name.len() <= 128);
    }

    #[test]
    fn flags_override_ecs_params_and_defaults_follow_the_network_mode() {
        let mut params = ServiceDiscovery::default();
        params.private_dns_namespace.name = "corp".into();
        params.private_dns_namespace.vpc = "vpc-1".into();
        params.service_discovery_service.dns_config.ttl = Some(60);
        let r = Request {
            dns_ttl: "120".into(),
            ..Request::default()
        };
        let sd = merged(&r, &params).unwrap();
        assert_eq!(sd.service_discovery_service.dns_config.ttl, Some(120));
        assert_eq!(dns_type(&sd, "awsvpc", false), "A");
        assert_eq!(dns_type(&sd, "bridge", false), "SRV");
        assert!(validate_merged(&sd, "awsvpc").is_ok());
        assert_eq!(
            validate_merged(&sd, "bridge").unwrap_err().to_string(),
            "container_name is a required field when using SRV DNS records"
        );
    }

    #[test]
    fn namespace_checks() {
        let r = Request {
            private_dns_namespace: "corp".into(),
            ..Request::default()
        };
        let sd = merged(&r, &ServiceDiscovery::default()).unwrap();
        assert_eq!(
            validate_merged(&sd, "awsvpc").unwrap_err().to_string(),
            "VPC is required when specifying private namespace by name"
        );
        let none = merged(&Request::default(), &ServiceDiscovery::default()).unwrap();
        assert_eq!(
            validate_merged(&none, "awsvpc").unwrap_err().to_string(),
            "To use Service Discovery, please specify a DNS namespace"
        );
        let both = Request {
            private_dns_namespace: "a".into(),
            private_dns_namespace_id: "ns-1".into(),
            ..Request::default()
        };
        assert!(validate_name_and_id(&both, &ServiceDiscovery::default()).is_err());
    }

    #[test]
    fn templates_keep_the_original_names() {
        for (template, names) in [
            (
                NAMESPACE_TEMPLATE,
                &[
                    "NamespaceDescription",
                    "VPCID",
                    "NamespaceName",
                    "PrivateDNSNamespace",
                    "PrivateDNSNamespaceID",
                ][..],
            ),
            (
                SDS_TEMPLATE,
                &[
                    "SDSDescription",
                    "SDSName",
                    "NamespaceID",
                    "DNSType",
                    "DNSTTL",
                    "FailureThreshold",
                    "ServiceDiscoveryService",
                    "ServiceDiscoveryServiceARN",
                ][..],
            ),
        ] {
            for name in names {
                assert!(template.contains(&format!("\n  {name}:")), "{name}");
            }
        }
    }
}
