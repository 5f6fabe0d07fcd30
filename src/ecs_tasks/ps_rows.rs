//! The rows of the `ps` tables (`ps`, `compose ps`): one per container of the listed tasks,
//! with the ports shown at the address a client would use. The lookups behind the addresses
//! (in `crate::aws`) run together: DescribeNetworkInterfaces for the ENIs of running Fargate
//! tasks, DescribeTaskDefinition per distinct definition of the awsvpc tasks, and
//! DescribeContainerInstances then DescribeInstances for the EC2-networked ones.

use std::collections::{BTreeSet, HashMap};

use aws_sdk_ecs::types::{Container, Task, TaskDefinition};

use crate::aws::arn::after_first_slash;
use crate::aws::{ec2_reads, ecs_reads};
use crate::logging::{log, LogLevel};

use super::container_name;

/// The columns of the table.
pub const COLUMNS: [&str; 5] = ["Name", "State", "Ports", "TaskDefinition", "Health"];

const ENI_ATTACHMENT: &str = "ElasticNetworkInterface";

/// One port binding to print.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Binding {
    pub bind_ip: String,
    pub host_port: i64,
    pub container_port: i64,
    pub protocol: String,
}

/// `ip:host->container/proto, …`; the binding's own bind IP when `ip` is empty, none at all
/// when that is empty too.
pub fn port_string(ip: &str, bindings: &[Binding]) -> String {
    bindings
        .iter()
        .map(|b| {
            let proto = if b.protocol.is_empty() {
                "tcp"
            } else {
                &b.protocol
            };
            let mapping = format!("{}->{}/{}", b.host_port, b.container_port, proto);
            let addr = if ip.is_empty() {
                b.bind_ip.as_str()
            } else {
                ip
            };
            if addr.is_empty() {
                mapping
            } else {
                format!("{addr}:{mapping}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The State column: lastStatus, with the exit code and reason of a stopped container.
pub fn state(c: &Container) -> String {
    let status = c.last_status().unwrap_or_default().to_string();
    if status != "STOPPED" {
        return status;
    }
    let mut s = status;
    if let Some(code) = c.exit_code() {
        s.push_str(&format!(" ExitCode: {code}"));
    }
    if let Some(r) = c.reason() {
        s.push_str(&format!(" Reason: {r}"));
    }
    s
}

fn row(task: &Task, c: &Container, ip: &str, bindings: &[Binding]) -> Vec<String> {
    vec![
        container_name(
            task.task_arn().unwrap_or_default(),
            c.name().unwrap_or_default(),
        ),
        state(c),
        port_string(ip, bindings),
        after_first_slash(task.task_definition_arn().unwrap_or_default()),
        c.health_status()
            .map(|h| h.as_str().to_string())
            .unwrap_or_default(),
    ]
}

/// A task with its own network interface (awsvpc): an ENI attachment, or containers that
/// report network interfaces.
pub fn is_awsvpc(task: &Task) -> bool {
    task.attachments()
        .iter()
        .any(|a| a.r#type() == Some(ENI_ATTACHMENT))
        || task
            .containers()
            .iter()
            .any(|c| !c.network_interfaces().is_empty())
}

fn is_fargate(task: &Task) -> bool {
    task.launch_type().map(|l| l.as_str()) == Some("FARGATE")
}

/// The ENI ids of a running Fargate task's attached ENIs.
fn fargate_enis(task: &Task) -> Vec<String> {
    if !is_fargate(task) || task.last_status() != Some("RUNNING") {
        return Vec::new();
    }
    task.attachments()
        .iter()
        .filter(|a| a.status() == Some("ATTACHED") && a.r#type() == Some(ENI_ATTACHMENT))
        .flat_map(|a| a.details().iter())
        .filter(|d| d.name() == Some("networkInterfaceId"))
        .filter_map(|d| d.value().map(str::to_string))
        .collect()
}

/// The address of each container instance's EC2 instance (public, else private), by
/// container-instance ARN.
async fn instance_ips(
    ecs: &aws_sdk_ecs::Client,
    ec2: &aws_sdk_ec2::Client,
    cluster: &str,
    ci_arns: Vec<String>,
) -> anyhow::Result<HashMap<String, String>> {
    let instances = ecs_reads::describe_container_instances(ecs, cluster, &ci_arns)
        .await
        .map_err(|text| {
            log(
                LogLevel::Error,
                "Error describing container instance",
                &[
                    ("containerInstancesCount", ci_arns.len().to_string()),
                    ("error", text.clone()),
                ],
            );
            anyhow::anyhow!(text)
        })?;
    let ci_to_ec2: HashMap<String, String> = instances
        .iter()
        .filter_map(|ci| {
            Some((
                ci.container_instance_arn()?.to_string(),
                ci.ec2_instance_id()?.to_string(),
            ))
        })
        .collect();
    let ids: Vec<String> = ci_to_ec2
        .values()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let ec2_ip = ec2_reads::instance_addresses(ec2, ids).await?;
    Ok(ci_to_ec2
        .into_iter()
        .filter_map(|(ci, id)| Some((ci, ec2_ip.get(&id)?.clone())))
        .collect())
}

fn bindings_from_definition(td: &TaskDefinition, name: &str) -> anyhow::Result<Vec<Binding>> {
    let def = td
        .container_definitions()
        .iter()
        .find(|d| d.name() == Some(name))
        .ok_or_else(|| {
            anyhow::anyhow!("Unexpected Error: Could not find container {name} in task definition")
        })?;
    Ok(def
        .port_mappings()
        .iter()
        .map(|p| Binding {
            bind_ip: String::new(),
            host_port: p.host_port().unwrap_or(0) as i64,
            container_port: p.container_port().unwrap_or(0) as i64,
            protocol: p
                .protocol()
                .map(|x| x.as_str().to_string())
                .unwrap_or_default(),
        })
        .collect())
}

fn runtime_bindings(c: &Container) -> Vec<Binding> {
    c.network_bindings()
        .iter()
        .map(|b| Binding {
            bind_ip: b.bind_ip().unwrap_or_default().to_string(),
            host_port: b.host_port().unwrap_or(0) as i64,
            container_port: b.container_port().unwrap_or(0) as i64,
            protocol: b
                .protocol()
                .map(|x| x.as_str().to_string())
                .unwrap_or_default(),
        })
        .collect()
}

/// The table rows for `tasks` (in their order): the containers of awsvpc tasks first, then
/// the others, as the original listed them.
pub async fn rows(
    ecs: &aws_sdk_ecs::Client,
    ec2: &aws_sdk_ec2::Client,
    cluster: &str,
    tasks: &[Task],
) -> anyhow::Result<Vec<Vec<String>>> {
    if tasks.is_empty() {
        return Ok(Vec::new());
    }
    let (vpc, other): (Vec<&Task>, Vec<&Task>) = tasks.iter().partition(|t| is_awsvpc(t));
    let enis: Vec<String> = vpc.iter().flat_map(|t| fargate_enis(t)).collect();
    let td_arns: BTreeSet<String> = vpc
        .iter()
        .filter_map(|t| t.task_definition_arn().map(str::to_string))
        .collect();
    let ci_arns: Vec<String> = other
        .iter()
        .filter_map(|t| t.container_instance_arn().map(str::to_string))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !other.is_empty() && ci_arns.is_empty() {
        anyhow::bail!("No container instances for found tasks");
    }
    let (public_ips, tds, ips) = tokio::join!(
        ec2_reads::eni_public_ips(ec2, enis),
        ecs_reads::describe_task_definitions(ecs, td_arns),
        async {
            if ci_arns.is_empty() {
                Ok(HashMap::new())
            } else {
                instance_ips(ecs, ec2, cluster, ci_arns).await
            }
        }
    );
    let lookups = Lookups {
        public_ips,
        task_definitions: tds?,
        instance_ips: ips?,
    };
    build_rows(tasks, &lookups)
}

/// What the address lookups found.
#[derive(Default)]
pub struct Lookups {
    /// ENI id → public IP.
    pub public_ips: HashMap<String, String>,
    /// Task definition ARN → definition (awsvpc tasks only).
    pub task_definitions: HashMap<String, TaskDefinition>,
    /// Container instance ARN → EC2 address.
    pub instance_ips: HashMap<String, String>,
}

/// The rows for `tasks` from the lookups' results: awsvpc containers first, then the others.
pub fn build_rows(tasks: &[Task], l: &Lookups) -> anyhow::Result<Vec<Vec<String>>> {
    let (vpc, other): (Vec<&Task>, Vec<&Task>) = tasks.iter().partition(|t| is_awsvpc(t));
    let mut out = Vec::new();
    for t in &vpc {
        let td = t
            .task_definition_arn()
            .and_then(|a| l.task_definitions.get(a))
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "Unable to describe task definition of task {}",
                    t.task_arn().unwrap_or_default()
                )
            })?;
        let status = t.last_status().unwrap_or_default();
        let public = if is_fargate(t) {
            fargate_enis(t)
                .iter()
                .find_map(|id| l.public_ips.get(id).cloned())
        } else {
            None
        };
        for c in t.containers() {
            let bindings = bindings_from_definition(td, c.name().unwrap_or_default())?;
            let ip = match status {
                "PENDING" | "PROVISIONING" => "(PENDING)".to_string(),
                "STOPPED" => String::new(),
                _ => public.clone().unwrap_or_else(|| {
                    c.network_interfaces()
                        .first()
                        .and_then(|n| n.private_ipv4_address())
                        .unwrap_or_default()
                        .to_string()
                }),
            };
            out.push(row(t, c, &ip, &bindings));
        }
    }
    for t in &other {
        let ip = t
            .container_instance_arn()
            .and_then(|a| l.instance_ips.get(a))
            .cloned()
            .unwrap_or_default();
        for c in t.containers() {
            out.push(row(t, c, &ip, &runtime_bindings(c)));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(ip: &str, h: i64, c: i64, p: &str) -> Binding {
        Binding {
            bind_ip: ip.into(),
            host_port: h,
            container_port: c,
            protocol: p.into(),
        }
    }

    #[test]
    fn ports_use_the_best_address() {
        let bs = [b("0.0.0.0", 80, 8080, ""), b("0.0.0.0", 53, 53, "udp")];
        assert_eq!(
            port_string("54.1.2.3", &bs),
            "54.1.2.3:80->8080/tcp, 54.1.2.3:53->53/udp"
        );
        assert_eq!(
            port_string("", &bs),
            "0.0.0.0:80->8080/tcp, 0.0.0.0:53->53/udp"
        );
        assert_eq!(port_string("", &[b("", 80, 80, "tcp")]), "80->80/tcp");
        assert_eq!(port_string("x", &[]), "");
    }

    #[test]
    fn stopped_state_has_exit_code_and_reason() {
        let c = Container::builder()
            .last_status("STOPPED")
            .exit_code(137)
            .reason("OutOfMemoryError")
            .build();
        assert_eq!(state(&c), "STOPPED ExitCode: 137 Reason: OutOfMemoryError");
        let c = Container::builder()
            .last_status("RUNNING")
            .exit_code(1)
            .build();
        assert_eq!(state(&c), "RUNNING");
    }

    use aws_sdk_ecs::types::{
        Attachment, ContainerDefinition, KeyValuePair, LaunchType, NetworkInterface, PortMapping,
    };

    fn fargate_task(status: &str) -> Task {
        Task::builder()
            .task_arn("arn:aws:ecs:r:1:task/c/t1")
            .task_definition_arn("arn:aws:ecs:r:1:task-definition/fam:2")
            .launch_type(LaunchType::Fargate)
            .last_status(status)
            .attachments(
                Attachment::builder()
                    .r#type("ElasticNetworkInterface")
                    .status("ATTACHED")
                    .details(
                        KeyValuePair::builder()
                            .name("networkInterfaceId")
                            .value("eni-1")
                            .build(),
                    )
                    .build(),
            )
            .containers(
                Container::builder()
                    .name("db")
                    .last_status(status)
                    .network_interfaces(
                        NetworkInterface::builder()
                            .private_ipv4_address("10.0.0.5")
                            .build(),
                    )
                    .build(),
            )
            .build()
    }

    fn lookups(public: bool) -> Lookups {
        let td = TaskDefinition::builder()
            .container_definitions(
                ContainerDefinition::builder()
                    .name("db")
                    .port_mappings(
                        PortMapping::builder()
                            .container_port(5432)
                            .host_port(5432)
                            .build(),
                    )
                    .build(),
            )
            .build();
        let mut l = Lookups::default();
        l.task_definitions
            .insert("arn:aws:ecs:r:1:task-definition/fam:2".into(), td);
        if public {
            l.public_ips.insert("eni-1".into(), "54.9.9.9".into());
        }
        l
    }

    #[test]
    fn awsvpc_addresses_follow_the_task_state() {
        let port = |status: &str, public: bool| {
            build_rows(&[fargate_task(status)], &lookups(public)).unwrap()[0][2].clone()
        };
        assert_eq!(port("PENDING", true), "(PENDING):5432->5432/tcp");
        assert_eq!(port("PROVISIONING", false), "(PENDING):5432->5432/tcp");
        assert_eq!(port("RUNNING", true), "54.9.9.9:5432->5432/tcp");
        assert_eq!(port("RUNNING", false), "10.0.0.5:5432->5432/tcp");
        assert_eq!(port("STOPPED", true), "5432->5432/tcp");
        let rows = build_rows(&[fargate_task("RUNNING")], &lookups(false)).unwrap();
        assert_eq!(rows[0][0], "c/t1/db");
        assert_eq!(rows[0][3], "fam:2");
    }

    #[test]
    fn ec2_tasks_use_the_instance_address_else_the_bind_ip() {
        let task = |ci: &str| {
            Task::builder()
                .task_arn("arn:aws:ecs:r:1:task/c/t2")
                .task_definition_arn("arn:aws:ecs:r:1:task-definition/web:1")
                .container_instance_arn(ci)
                .last_status("RUNNING")
                .containers(
                    Container::builder()
                        .name("web")
                        .last_status("RUNNING")
                        .network_bindings(
                            aws_sdk_ecs::types::NetworkBinding::builder()
                                .bind_ip("0.0.0.0")
                                .container_port(80)
                                .host_port(32768)
                                .build(),
                        )
                        .build(),
                )
                .build()
        };
        let mut l = Lookups::default();
        l.instance_ips.insert("ci-1".into(), "54.1.2.3".into());
        let rows = build_rows(&[task("ci-1"), task("ci-2")], &l).unwrap();
        assert_eq!(rows[0][2], "54.1.2.3:32768->80/tcp");
        assert_eq!(rows[1][2], "0.0.0.0:32768->80/tcp");
    }
}
