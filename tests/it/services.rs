//! `compose service` end to end against the emulator, with services that start real tasks
//! (emulator patch `ecs.services_start_tasks`, switched on with ECS_EMULATOR_SERVICE_TASKS=1):
//! the original's Fargate tutorial step by step (configure, `service up`, `service ps`,
//! `service scale 2`, `logs --task-id`, `service down`), each step checked in the output and in
//! the emulator's state; a service that never becomes stable ending with the timeout error;
//! and the errors that need no AWS call.

use std::fs;
use std::sync::OnceLock;

use serde_json::Value;

use crate::support::{unique_name, Moto, Output, Run, Sandbox};

/// One emulator for this module, whose services start and stop tasks.
fn emulator() -> &'static Moto {
    static MOTO: OnceLock<Moto> = OnceLock::new();
    MOTO.get_or_init(|| Moto::start_with_env(&[("ECS_EMULATOR_SERVICE_TASKS", "1")]))
}

fn run(sandbox: &Sandbox, moto: &Moto, args: &[&str]) -> Output {
    Run::new(sandbox)
        .args(args)
        .moto(moto)
        .env("ECS_CLI_SERVICE_POLL_MS", "100")
        .env("ECS_CLI_TASK_POLL_MS", "100")
        .output()
}

/// The emulator's view of one service (DescribeServices), as JSON.
fn describe_service(moto: &Moto, cluster: &str, name: &str) -> Value {
    let out = moto.boto3(&format!(
        r#"
s = client('ecs').describe_services(cluster='{cluster}', services=['{name}'])['services'][0]
print(json.dumps(s, default=str))
"#
    ));
    serde_json::from_str(out.trim()).expect("service JSON")
}

/// The RUNNING tasks of a service: (task id, public address of its ENI or "").
fn running_tasks(moto: &Moto, cluster: &str, service: &str) -> Vec<(String, String)> {
    moto.boto3(&format!(
        r#"
ecs, ec2 = client('ecs'), client('ec2')
arns = ecs.list_tasks(cluster='{cluster}', serviceName='{service}', desiredStatus='RUNNING')['taskArns']
for t in (ecs.describe_tasks(cluster='{cluster}', tasks=arns)['tasks'] if arns else []):
    enis = [d['value'] for a in t.get('attachments', []) for d in a['details'] if d['name'] == 'networkInterfaceId']
    ip = ''
    if enis:
        ni = ec2.describe_network_interfaces(NetworkInterfaceIds=enis)['NetworkInterfaces'][0]
        ip = ni.get('Association', {{}}).get('PublicIp', '')
    print(t['taskArn'].split('/')[-1], ip)
"#
    ))
    .lines()
    .map(|l| {
        let mut parts = l.split_whitespace();
        (
            parts.next().unwrap_or_default().to_string(),
            parts.next().unwrap_or_default().to_string(),
        )
    })
    .collect()
}

/// A cluster with a VPC, two subnets and a security group; returns (subnet1, subnet2, sg).
fn fargate_network(moto: &Moto, cluster: &str) -> (String, String, String) {
    let out = moto.boto3(&format!(
        r#"
ecs, ec2 = client('ecs'), client('ec2')
ecs.create_cluster(clusterName='{cluster}')
vpc = ec2.create_vpc(CidrBlock='10.50.0.0/16')['Vpc']['VpcId']
s1 = ec2.create_subnet(VpcId=vpc, CidrBlock='10.50.1.0/24', AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
s2 = ec2.create_subnet(VpcId=vpc, CidrBlock='10.50.2.0/24', AvailabilityZone='us-east-1b')['Subnet']['SubnetId']
sg = ec2.create_security_group(GroupName='{cluster}', Description='tutorial', VpcId=vpc)['GroupId']
print(s1, s2, sg)
"#
    ));
    let v: Vec<String> = out.split_whitespace().map(str::to_string).collect();
    (v[0].clone(), v[1].clone(), v[2].clone())
}

fn write_fargate_project(sandbox: &Sandbox, subnets: (&str, &str), sg: &str, group: &str) {
    fs::write(
        sandbox.cwd().join("docker-compose.yml"),
        format!(
            "version: '3'\nservices:\n  web:\n    image: amazon/amazon-ecs-sample\n    ports:\n      - \"80:80\"\n    logging:\n      driver: awslogs\n      options:\n        awslogs-group: {group}\n        awslogs-region: us-east-1\n        awslogs-stream-prefix: web\n"
        ),
    )
    .expect("write compose file");
    fs::write(
        sandbox.cwd().join("ecs-params.yml"),
        format!(
            "version: 1\ntask_definition:\n  ecs_network_mode: awsvpc\n  task_size:\n    mem_limit: 0.5GB\n    cpu_limit: 256\nrun_params:\n  network_configuration:\n    awsvpc_configuration:\n      subnets:\n        - \"{}\"\n        - \"{}\"\n      security_groups:\n        - \"{sg}\"\n      assign_public_ip: ENABLED\n",
            subnets.0, subnets.1
        ),
    )
    .expect("write ecs-params");
}

#[test]
fn fargate_tutorial_service_up_ps_scale_logs_down() {
    let moto = emulator();
    let cluster = unique_name("fgsvc");
    let project = "tutorial";
    let group = format!("/ecs/{cluster}");
    let sandbox = Sandbox::new();
    run(
        &sandbox,
        moto,
        &[
            "configure",
            "--cluster",
            &cluster,
            "--default-launch-type",
            "FARGATE",
            "--config-name",
            "tutorial",
            "--region",
            "us-east-1",
        ],
    )
    .assert_success();
    let (s1, s2, sg) = fargate_network(moto, &cluster);
    write_fargate_project(&sandbox, (&s1, &s2), &sg, &group);

    // service up: registers the definition, creates the log group and the service, waits.
    let out = run(
        &sandbox,
        moto,
        &[
            "compose",
            "--project-name",
            project,
            "service",
            "up",
            "--create-log-groups",
            "--cluster-config",
            "tutorial",
        ],
    );
    out.assert_success();
    let text = out.stdout();
    for expected in [
        "msg=\"Using ECS task definition\" TaskDefinition=\"tutorial:1\"",
        &format!("msg=\"Created Log Group {group} in us-east-1\""),
        "msg=\"Auto-enabling ECS Managed Tags\"",
        "msg=\"Service status\" desiredCount=1 runningCount=1 serviceName=tutorial",
        "msg=\"ECS Service has reached a stable state\" desiredCount=1 runningCount=1 serviceName=tutorial",
        "msg=\"Created an ECS service\" service=tutorial taskDefinition=\"tutorial:1\"",
        // The service event of the scheduler, with its time.
        "msg=\"(service tutorial) has started 1 tasks: (task ",
    ] {
        assert!(text.contains(expected), "missing {expected}\n{}", out.describe());
    }
    let svc = describe_service(moto, &cluster, project);
    assert_eq!(svc["status"], "ACTIVE");
    assert_eq!(svc["desiredCount"], 1);
    assert_eq!(svc["launchType"], "FARGATE");
    let vpc = &svc["networkConfiguration"]["awsvpcConfiguration"];
    assert_eq!(vpc["subnets"], serde_json::json!([s1, s2]));
    assert_eq!(vpc["securityGroups"], serde_json::json!([sg]));
    assert_eq!(vpc["assignPublicIp"], "ENABLED");
    let td = moto.boto3(
        "t = client('ecs').describe_task_definition(taskDefinition='tutorial:1')['taskDefinition']\nprint(t['networkMode'], t['cpu'], t['memory'], t['requiresCompatibilities'])",
    );
    assert_eq!(td.trim(), "awsvpc 256 0.5GB ['FARGATE']");

    // service ps: the task RUNNING, with its ENI's public address.
    let tasks = running_tasks(moto, &cluster, project);
    assert_eq!(tasks.len(), 1);
    let out = run(
        &sandbox,
        moto,
        &[
            "compose",
            "--project-name",
            project,
            "service",
            "ps",
            "--cluster-config",
            "tutorial",
        ],
    );
    out.assert_success();
    let rows: Vec<String> = out.stdout().lines().skip(1).map(str::to_string).collect();
    assert_eq!(rows.len(), 1, "{}", out.describe());
    assert!(rows[0].contains("RUNNING"), "{}", out.describe());
    assert!(rows[0].contains(&tasks[0].0), "{}", out.describe());
    assert!(
        !tasks[0].1.is_empty() && rows[0].contains(&format!("{}:80->80/tcp", tasks[0].1)),
        "{}",
        out.describe()
    );

    // service scale 2.
    let out = run(
        &sandbox,
        moto,
        &[
            "compose",
            "--project-name",
            project,
            "service",
            "scale",
            "2",
            "--cluster-config",
            "tutorial",
        ],
    );
    out.assert_success();
    assert!(out.stdout().contains(
        "msg=\"ECS Service has reached a stable state\" desiredCount=2 runningCount=2 serviceName=tutorial"
    ));
    assert_eq!(describe_service(moto, &cluster, project)["desiredCount"], 2);
    let tasks = running_tasks(moto, &cluster, project);
    assert_eq!(tasks.len(), 2);

    // logs --task-id of one task.
    let task_id = &tasks[0].0;
    moto.boto3(&format!(
        r#"
import time
logs = client('logs')
logs.create_log_stream(logGroupName='{group}', logStreamName='web/web/{task_id}')
logs.put_log_events(logGroupName='{group}', logStreamName='web/web/{task_id}',
    logEvents=[{{'timestamp': int(time.time() * 1000), 'message': 'hello from the service'}}])
"#
    ));
    let out = run(
        &sandbox,
        moto,
        &[
            "logs",
            "--task-id",
            task_id,
            "--task-def",
            "tutorial:1",
            "--cluster-config",
            "tutorial",
        ],
    );
    out.assert_success();
    assert!(
        out.stdout().contains("hello from the service"),
        "{}",
        out.describe()
    );

    // service down: deleted, its tasks stopped.
    let out = run(
        &sandbox,
        moto,
        &[
            "compose",
            "--project-name",
            project,
            "service",
            "down",
            "--cluster-config",
            "tutorial",
        ],
    );
    out.assert_success();
    assert!(
        out.stdout()
            .contains("msg=\"Deleted ECS service\" service=tutorial"),
        "{}",
        out.describe()
    );
    assert_eq!(
        describe_service(moto, &cluster, project)["status"],
        "INACTIVE"
    );
    assert!(running_tasks(moto, &cluster, project).is_empty());
    // A second down only says so.
    let out = run(
        &sandbox,
        moto,
        &[
            "compose",
            "--project-name",
            project,
            "service",
            "rm",
            "--cluster-config",
            "tutorial",
        ],
    );
    out.assert_success();
    assert!(out.stdout().contains("ECS Service is already deleted"));
}

#[test]
fn a_new_definition_replaces_the_tasks_and_tags_are_added() {
    let moto = emulator();
    let cluster = unique_name("upd");
    moto.boto3(&format!(
        r#"
ecs, ec2 = client('ecs'), client('ec2')
ecs.create_cluster(clusterName='{cluster}')
inst = ec2.run_instances(ImageId='ami-061ecaadf85691afe', MinCount=1, MaxCount=1, InstanceType='t2.micro')['Instances'][0]
ecs.register_container_instance(cluster='{cluster}', instanceIdentityDocument=json.dumps({{'instanceId': inst['InstanceId'], 'region': 'us-east-1'}}))
"#
    ));
    let sandbox = Sandbox::new();
    let compose = |image: &str| {
        fs::write(
            sandbox.cwd().join("docker-compose.yml"),
            format!("version: '2'\nservices:\n  web:\n    image: {image}\n    mem_limit: 64m\n"),
        )
        .expect("write compose file")
    };
    compose("nginx:1");
    run(
        &sandbox,
        moto,
        &["compose", "service", "up", "-c", &cluster],
    )
    .assert_success();
    compose("nginx:2");
    let out = run(
        &sandbox,
        moto,
        &[
            "compose", "service", "up", "-c", &cluster, "--tags", "team=web",
        ],
    );
    out.assert_success();
    let text = out.stdout();
    assert!(text.contains("Updated the ECS service with a new task definition"));
    assert!(text.contains("msg=\"Added new tags to service\""));
    let svc = describe_service(moto, &cluster, "myproj");
    assert!(svc["taskDefinition"]
        .as_str()
        .unwrap_or_default()
        .ends_with("myproj:2"));
    let tasks = running_tasks(moto, &cluster, "myproj");
    assert_eq!(tasks.len(), 1);
    let tags = moto.boto3(&format!(
        "print(client('ecs').list_tags_for_resource(resourceArn='{}')['tags'])",
        svc["serviceArn"].as_str().unwrap_or_default()
    ));
    assert!(tags.contains("'team'") && tags.contains("'web'"), "{tags}");
}

#[test]
fn a_service_that_never_becomes_stable_times_out() {
    // moto's own MOTO_ECS_SERVICE_RUNNING keeps a new service at that running count.
    let moto = Moto::start_with_env(&[("MOTO_ECS_SERVICE_RUNNING", "0")]);
    let cluster = unique_name("stuck");
    moto.boto3(&format!(
        "client('ecs').create_cluster(clusterName='{cluster}')"
    ));
    let sandbox = Sandbox::new();
    fs::write(
        sandbox.cwd().join("docker-compose.yml"),
        "version: '2'\nservices:\n  web:\n    image: nginx\n    mem_limit: 64m\n",
    )
    .expect("write compose file");
    let out = run(
        &sandbox,
        &moto,
        &[
            "compose",
            "service",
            "up",
            "-c",
            &cluster,
            "--timeout",
            "0.02",
        ],
    );
    out.assert_code(1);
    let last = out.stdout_lines().last().cloned().unwrap_or_default();
    assert!(
        last.contains("level=fatal")
            && last.contains(
                "Deployment has not completed: Running count has not changed for 0.02 minutes"
            ),
        "{}",
        out.describe()
    );

    // Ctrl-C during the wait: one line saying only the waiting stopped, exit 130, the service kept.
    let mut child = std::process::Command::new(crate::support::ecs_cli())
        .args([
            "compose",
            "--project-name",
            "interrupted",
            "service",
            "up",
            "-c",
            &cluster,
            "--timeout",
            "5",
        ])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", sandbox.home())
        .env("AWS_ENDPOINT_URL", moto.endpoint())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("ECS_CLI_SERVICE_POLL_MS", "200")
        .current_dir(sandbox.cwd())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start ecs-cli compose service up");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
        s
    });
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    assert!(killed.is_ok_and(|s| s.success()), "kill -INT failed");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the wait did not stop on SIGINT"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let text = reader.join().unwrap_or_default();
    assert_eq!(status.code(), Some(130), "{text}");
    assert!(
        text.contains("level=warning msg=\"Interrupted: stopped waiting for service interrupted to become stable"),
        "{text}"
    );
    assert_eq!(
        describe_service(&moto, &cluster, "interrupted")["status"],
        "ACTIVE"
    );
}

#[test]
fn a_failing_deployment_prints_its_events_then_times_out() {
    // An EC2 service on a cluster without container instances: no task can be placed.
    let moto = emulator();
    let cluster = unique_name("noroom");
    moto.boto3(&format!(
        "client('ecs').create_cluster(clusterName='{cluster}')"
    ));
    let sandbox = Sandbox::new();
    fs::write(
        sandbox.cwd().join("docker-compose.yml"),
        "version: '2'\nservices:\n  web:\n    image: nginx\n    mem_limit: 64m\n",
    )
    .expect("write compose file");
    let out = run(
        &sandbox,
        moto,
        &[
            "compose",
            "--project-name",
            "noroom",
            "service",
            "up",
            "-c",
            &cluster,
            "--launch-type",
            "EC2",
            "--timeout",
            "0.02",
        ],
    );
    out.assert_code(1);
    let text = out.stdout();
    assert!(
        text.contains("msg=\"(service noroom) was unable to place a task because no container instance met all of its requirements.\" timestamp="),
        "{}",
        out.describe()
    );
    let last = out.stdout_lines().last().cloned().unwrap_or_default();
    assert!(
        last.contains(
            "Deployment has not completed: Running count has not changed for 0.02 minutes"
        ),
        "{}",
        out.describe()
    );
}

#[test]
fn bad_service_flags_are_one_line_before_any_call() {
    let sandbox = Sandbox::new();
    fs::write(
        sandbox.cwd().join("docker-compose.yml"),
        "version: '2'\nservices:\n  web:\n    image: nginx\n",
    )
    .expect("write compose file");
    // No emulator and no region: these must fail before any AWS call would be made.
    let env = [
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "k"),
        ("AWS_SECRET_ACCESS_KEY", "s"),
    ];
    for (args, text) in [
        (
            vec!["compose", "service", "up", "-c", "c", "--timeout", "-1"],
            "Error with timeout flag: -1.000000 is not a valid timeout value",
        ),
        (
            vec![
                "compose",
                "service",
                "create",
                "-c",
                "c",
                "--deployment-max-percent",
                "lots",
            ],
            "Please pass integer value for the flag deployment-max-percent",
        ),
        (
            vec![
                "compose",
                "service",
                "create",
                "-c",
                "c",
                "--target-group-arn",
                "arn:tg",
                "--load-balancer-name",
                "lb",
                "--container-name",
                "web",
                "--container-port",
                "80",
            ],
            "[--load-balancer-name] and [--target-group-arn] flags cannot both be specified",
        ),
        (
            vec![
                "compose",
                "service",
                "create",
                "-c",
                "c",
                "--target-groups",
                "targetGroupArn=a,containerName=web",
            ],
            "containerPort is required",
        ),
    ] {
        let out = Run::new(&sandbox)
            .args(&args)
            .envs(&env)
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
            .output();
        out.assert_code(1);
        assert!(out.stdout().contains(text), "{args:?}: {}", out.describe());
        assert!(
            !out.stdout().contains("Using ECS task definition"),
            "{}",
            out.describe()
        );
    }
}

/// The stacks of the emulator whose names start with `prefix` and are not deleted: name ->
/// parameters.
fn live_stacks(moto: &Moto, prefix: &str) -> Value {
    let out = moto.boto3(&format!(
        r#"
cfn = client('cloudformation')
out = {{}}
for s in cfn.describe_stacks()['Stacks']:
    if s['StackName'].startswith('{prefix}') and s['StackStatus'] != 'DELETE_COMPLETE':
        out[s['StackName']] = {{p['ParameterKey']: p.get('ParameterValue') for p in s.get('Parameters', [])}}
print(json.dumps(out))
"#
    ));
    serde_json::from_str(out.trim()).expect("stacks JSON")
}

#[test]
fn service_discovery_walkthrough_namespace_reuse_update_and_delete() {
    let moto = emulator();
    let cluster = unique_name("sd");
    let (s1, s2, sg) = fargate_network(moto, &cluster);
    let vpc = moto
        .boto3(&format!(
            "print(client('ec2').describe_subnets(SubnetIds=['{s1}'])['Subnets'][0]['VpcId'])"
        ))
        .trim()
        .to_string();
    let sandbox = Sandbox::new();
    write_fargate_project(&sandbox, (&s1, &s2), &sg, &format!("/ecs/{cluster}"));
    let namespace = format!("{cluster}.local");
    let sd_run = |project: &str, extra: &[&str]| {
        let mut args = vec!["compose", "--project-name", project, "service"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--cluster", &cluster]);
        if extra[0] == "up" {
            args.extend_from_slice(&["--launch-type", "FARGATE"]);
        }
        Run::new(&sandbox)
            .args(&args)
            .moto(moto)
            .env("ECS_CLI_SERVICE_POLL_MS", "100")
            .env("ECS_CLI_STACK_POLL_MS", "100")
            .output()
    };
    let ns_stack = format!("amazon-ecs-cli-setup-private-dns-namespace-{cluster}-backend");
    let backend_sds = format!("amazon-ecs-cli-setup-service-discovery-service-{cluster}-backend");
    let frontend_sds = format!("amazon-ecs-cli-setup-service-discovery-service-{cluster}-frontend");

    // backend: creates the namespace and its discovery service.
    let out = sd_run(
        "backend",
        &[
            "up",
            "--enable-service-discovery",
            "--private-dns-namespace",
            &namespace,
            "--vpc",
            &vpc,
        ],
    );
    out.assert_success();
    let text = out.stdout();
    for expected in [
        "Defaulting DNS Type to A because network mode was awsvpc",
        "Waiting for the private DNS namespace to be created...",
        "Waiting for the Service Discovery Service to be created...",
        "ECS Service has reached a stable state",
    ] {
        assert!(
            text.contains(expected),
            "missing {expected}\n{}",
            out.describe()
        );
    }
    let stacks = live_stacks(moto, "amazon-ecs-cli-setup-");
    assert_eq!(stacks[&ns_stack]["NamespaceName"], namespace.as_str());
    assert_eq!(stacks[&ns_stack]["VPCID"], vpc.as_str());
    assert_eq!(stacks[&backend_sds]["DNSType"], "A");
    let registry = &describe_service(moto, &cluster, "backend")["serviceRegistries"];
    assert!(registry[0]["registryArn"]
        .as_str()
        .unwrap_or_default()
        .contains(":service/"));

    // frontend: reuses the namespace.
    let out = sd_run(
        "frontend",
        &[
            "up",
            "--enable-service-discovery",
            "--private-dns-namespace",
            &namespace,
            "--vpc",
            &vpc,
        ],
    );
    out.assert_success();
    assert!(
        out.stdout().contains("Using existing namespace ns-"),
        "{}",
        out.describe()
    );
    let stacks = live_stacks(moto, "amazon-ecs-cli-setup-");
    assert!(stacks
        .get(format!(
            "amazon-ecs-cli-setup-private-dns-namespace-{cluster}-frontend"
        ))
        .is_none());
    assert_eq!(
        stacks[&frontend_sds]["NamespaceID"],
        stacks[&backend_sds]["NamespaceID"]
    );

    // an update of TTL and threshold.
    let out = sd_run(
        "frontend",
        &[
            "up",
            "--update-service-discovery",
            "--dns-ttl",
            "120",
            "--healthcheck-custom-config-failure-threshold",
            "2",
        ],
    );
    out.assert_success();
    assert!(out
        .stdout()
        .contains("Waiting for your Service Discovery resources to be updated..."));
    let stacks = live_stacks(moto, "amazon-ecs-cli-setup-");
    assert_eq!(stacks[&frontend_sds]["DNSTTL"], "120");
    assert_eq!(stacks[&frontend_sds]["FailureThreshold"], "2");
    assert_eq!(stacks[&frontend_sds]["SDSName"], "frontend");

    // frontend down: its discovery service goes, the namespace stays.
    let out = sd_run("frontend", &["down"]);
    out.assert_success();
    assert!(out.stdout().contains(
        "Trying to delete any Service Discovery Resources that were created by the ECS CLI..."
    ));
    let stacks = live_stacks(moto, "amazon-ecs-cli-setup-");
    assert!(stacks.get(&frontend_sds).is_none(), "{stacks}");
    assert!(stacks.get(&ns_stack).is_some());

    // backend down --delete-namespace: both of its stacks go.
    let out = sd_run("backend", &["down", "--delete-namespace"]);
    out.assert_success();
    assert!(out
        .stdout()
        .contains("Waiting for your Private DNS Namespace resource to be deleted..."));
    let stacks = live_stacks(moto, "amazon-ecs-cli-setup-");
    assert!(
        stacks.get(&backend_sds).is_none() && stacks.get(&ns_stack).is_none(),
        "{stacks}"
    );
}
