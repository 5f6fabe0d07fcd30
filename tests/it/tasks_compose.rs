//! The compose task commands end to end against the emulator: the original's EC2 tutorial
//! (`compose up`, `ps`, `compose scale`, `compose ps`, `compose down`) and a Fargate
//! `compose up` with awsvpc ecs-params, each step checked in the output and in the emulator's
//! state; plus a task that stops instead of running.

use std::fs;

use crate::support;
use crate::support::{unique_name, Moto, Run, Sandbox};

const AMI: &str = "ami-061ecaadf85691afe";

/// Registers `n` emulator EC2 instances as container instances of `cluster`, as the ECS agent
/// would; returns their public (else private) addresses.
fn register_instances(moto: &Moto, cluster: &str, n: usize) -> Vec<String> {
    moto.boto3(&format!(
        r#"
ecs, ec2 = client('ecs'), client('ec2')
for i in range({n}):
    inst = ec2.run_instances(ImageId='{AMI}', MinCount=1, MaxCount=1, InstanceType='t2.micro')['Instances'][0]
    doc = json.dumps({{'instanceId': inst['InstanceId'], 'region': 'us-east-1', 'instanceType': 't2.micro'}})
    ecs.register_container_instance(cluster='{cluster}', instanceIdentityDocument=doc)
    d = ec2.describe_instances(InstanceIds=[inst['InstanceId']])['Reservations'][0]['Instances'][0]
    print(d.get('PublicIpAddress') or d.get('PrivateIpAddress'))
"#
    ))
    .lines()
    .map(str::to_string)
    .collect()
}

/// (desired RUNNING count, STOPPED count) of the project's tasks, as the emulator sees them.
fn task_counts(moto: &Moto, cluster: &str, project: &str) -> (usize, usize) {
    let out = moto.boto3(&format!(
        r#"
ecs = client('ecs')
r = ecs.list_tasks(cluster='{cluster}', desiredStatus='RUNNING')['taskArns']
s = ecs.list_tasks(cluster='{cluster}', desiredStatus='STOPPED')['taskArns']
def mine(arns):
    if not arns:
        return 0
    return sum(1 for t in ecs.describe_tasks(cluster='{cluster}', tasks=arns)['tasks'] if t.get('group') == 'task:{project}')
print(mine(r), mine(s))
"#
    ));
    let mut it = out
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(usize::MAX));
    (it.next().unwrap_or(0), it.next().unwrap_or(0))
}

fn run(sandbox: &Sandbox, moto: &Moto, args: &[&str]) -> support::Output {
    Run::new(sandbox)
        .args(args)
        .moto(moto)
        .env("ECS_CLI_TASK_POLL_MS", "100")
        .output()
}

fn body_rows(stdout: &str) -> Vec<String> {
    stdout.lines().skip(1).map(str::to_string).collect()
}

#[test]
fn ec2_tutorial_up_ps_scale_down() {
    let moto = Moto::shared();
    let cluster = unique_name("tut");
    let sandbox = Sandbox::new();
    let project = "myproj"; // the sandbox cwd's name
    run(
        &sandbox,
        moto,
        &[
            "configure",
            "--cluster",
            &cluster,
            "--region",
            "us-east-1",
            "--default-launch-type",
            "EC2",
            "--config-name",
            "tut",
        ],
    )
    .assert_success();
    moto.boto3(&format!(
        "client('ecs').create_cluster(clusterName='{cluster}')"
    ));
    let ips = register_instances(moto, &cluster, 2);
    fs::write(
        sandbox.cwd().join("docker-compose.yml"),
        "version: '2'\nservices:\n  web:\n    image: nginx\n    mem_limit: 128m\n    ports:\n      - \"80:80\"\n  db:\n    image: redis\n    mem_limit: 128m\n",
    )
    .expect("write compose file");

    // compose up: one task.
    let out = run(&sandbox, moto, &["compose", "up"]);
    out.assert_success();
    let text = out.stdout();
    assert!(
        text.contains("msg=\"Using ECS task definition\" TaskDefinition=\"myproj:1\""),
        "{}",
        out.describe()
    );
    assert_eq!(
        text.matches("msg=\"Started container...\"").count(),
        2,
        "{}",
        out.describe()
    );
    assert_eq!(task_counts(moto, &cluster, project), (1, 0));

    // ps: two RUNNING containers, the web one on the instance's address.
    let out = run(&sandbox, moto, &["ps"]);
    out.assert_success();
    let rows = body_rows(&out.stdout());
    assert_eq!(rows.len(), 2, "{}", out.describe());
    assert!(rows
        .iter()
        .all(|r| r.contains("RUNNING") && r.contains("myproj:1")));
    let web = rows
        .iter()
        .find(|r| r.contains("/web "))
        .expect("a web row");
    assert!(
        ips.iter()
            .any(|ip| web.contains(&format!("{ip}:80->80/tcp"))),
        "{web} should show one of {ips:?}:80->80/tcp"
    );

    // compose scale 2: four containers.
    let out = run(&sandbox, moto, &["compose", "scale", "2"]);
    out.assert_success();
    assert_eq!(task_counts(moto, &cluster, project), (2, 0));
    let out = run(&sandbox, moto, &["compose", "ps"]);
    out.assert_success();
    let rows = body_rows(&out.stdout());
    assert_eq!(
        rows.iter().filter(|r| r.contains("RUNNING")).count(),
        4,
        "{}",
        out.describe()
    );

    // compose down: nothing runs any more.
    let out = run(&sandbox, moto, &["compose", "down"]);
    out.assert_success();
    assert_eq!(
        out.stdout().matches("msg=\"Stopped container...\"").count(),
        4,
        "{}",
        out.describe()
    );
    assert_eq!(task_counts(moto, &cluster, project), (0, 2));
    let out = run(&sandbox, moto, &["ps", "--desired-status", "RUNNING"]);
    out.assert_success();
    assert_eq!(out.raw_stdout, "", "{}", out.describe());
}

#[test]
fn fargate_up_shows_the_eni_address() {
    let moto = Moto::shared();
    let cluster = unique_name("fg");
    let sandbox = Sandbox::new();
    let ids = moto.boto3(&format!(
        r#"
ecs, ec2 = client('ecs'), client('ec2')
ecs.create_cluster(clusterName='{cluster}')
vpc = ec2.create_vpc(CidrBlock='10.40.0.0/16')['Vpc']['VpcId']
s1 = ec2.create_subnet(VpcId=vpc, CidrBlock='10.40.1.0/24', AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
sg = ec2.create_security_group(GroupName='{cluster}', Description='t', VpcId=vpc)['GroupId']
print(s1, sg)
"#
    ));
    let (subnet, sg) = ids.trim().split_once(' ').expect("subnet and sg");
    fs::write(
        sandbox.cwd().join("docker-compose.yml"),
        "version: '3'\nservices:\n  web:\n    image: nginx\n    ports:\n      - \"80:80\"\n",
    )
    .expect("write compose file");
    fs::write(
        sandbox.cwd().join("ecs-params.yml"),
        format!("version: 1\ntask_definition:\n  ecs_network_mode: awsvpc\n  task_size:\n    mem_limit: 0.5GB\n    cpu_limit: 256\nrun_params:\n  network_configuration:\n    awsvpc_configuration:\n      subnets:\n        - {subnet}\n      security_groups:\n        - {sg}\n      assign_public_ip: ENABLED\n"),
    )
    .expect("write ecs-params");
    let out = run(
        &sandbox,
        moto,
        &[
            "compose",
            "up",
            "--cluster",
            &cluster,
            "--launch-type",
            "FARGATE",
        ],
    );
    out.assert_success();
    assert_eq!(task_counts(moto, &cluster, "myproj"), (1, 0));
    // assign_public_ip ENABLED: the ENI has a public address (emulator patch 13), which `ps`
    // shows in place of the private one.
    let eni_ip = moto.boto3(&format!(
        r#"
ecs, ec2 = client('ecs'), client('ec2')
arn = ecs.list_tasks(cluster='{cluster}')['taskArns'][0]
t = ecs.describe_tasks(cluster='{cluster}', tasks=[arn])['tasks'][0]
eni = [d['value'] for a in t['attachments'] for d in a['details'] if d['name'] == 'networkInterfaceId'][0]
print(ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])['NetworkInterfaces'][0]['Association']['PublicIp'])
"#
    ));
    let out = run(&sandbox, moto, &["ps", "--cluster", &cluster]);
    out.assert_success();
    let rows = body_rows(&out.stdout());
    assert_eq!(rows.len(), 1, "{}", out.describe());
    assert!(
        rows[0].contains(&format!("{}:80->80/tcp", eni_ip.trim())),
        "{}",
        out.describe()
    );
}

#[test]
fn a_task_that_stops_instead_of_running_is_one_clear_error() {
    // A private emulator: every DescribeTasks moves a task one step towards STOPPED.
    let moto = Moto::start();
    support::http_request(moto.port(), "GET", "/moto-api/").ok();
    moto.boto3(
        r#"
import urllib.request
req = urllib.request.Request(os.environ['MOTO_ENDPOINT'] + '/moto-api/state-manager/set-transition', method='POST',
    data=json.dumps({'model_name': 'ecs::task', 'transition': {'progression': 'manual', 'times': 1}}).encode())
urllib.request.urlopen(req).read()
"#,
    );
    let cluster = unique_name("stops");
    moto.boto3(&format!(
        "client('ecs').create_cluster(clusterName='{cluster}')"
    ));
    register_instances(&moto, &cluster, 1);
    let sandbox = Sandbox::new();
    fs::write(
        sandbox.cwd().join("docker-compose.yml"),
        "version: '3'\nservices:\n  web:\n    image: nginx\n",
    )
    .expect("write compose file");
    let out = run(&sandbox, &moto, &["compose", "up", "--cluster", &cluster]);
    out.assert_code(1);
    let lines = out.stdout_lines();
    let last = lines.last().cloned().unwrap_or_default();
    assert!(
        last.starts_with("level=fatal msg=\"Task ") && last.contains("stopped instead of running"),
        "{}",
        out.describe()
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("level=fatal"))
            .count(),
        1
    );
}
