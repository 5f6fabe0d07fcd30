//! `ps` and `check-attributes` against the emulator: the table's rows, addresses and states, the
//! status filter, and the errors (one fatal line, exit 1).

use crate::support::{unique_name, Moto, Sandbox};

const AMI: &str = "ami-061ecaadf85691afe";

/// A cluster with two registered EC2 instances, two bridge tasks (one stopped) and one
/// awsvpc Fargate task. Prints JSON with the ids and addresses the table must show.
fn seed_cluster(moto: &Moto, cluster: &str) -> serde_json::Value {
    let out = moto.boto3(&format!(
        r#"
ecs, ec2 = client('ecs'), client('ec2')
cluster = '{cluster}'
ecs.create_cluster(clusterName=cluster)
ips = {{}}
cis = []
for i in range(2):
    inst = ec2.run_instances(ImageId='{AMI}', MinCount=1, MaxCount=1, InstanceType='t2.micro')['Instances'][0]
    doc = json.dumps({{'instanceId': inst['InstanceId'], 'region': 'us-east-1', 'instanceType': 't2.micro'}})
    ci = ecs.register_container_instance(cluster=cluster, instanceIdentityDocument=doc)['containerInstance']
    d = ec2.describe_instances(InstanceIds=[inst['InstanceId']])['Reservations'][0]['Instances'][0]
    ips[ci['containerInstanceArn']] = d.get('PublicIpAddress') or d.get('PrivateIpAddress')
    cis.append(ci['containerInstanceArn'])
td = ecs.register_task_definition(family=cluster + '-web', containerDefinitions=[
    {{'name': 'web', 'image': 'nginx', 'memory': 128, 'portMappings': [{{'containerPort': 80, 'hostPort': 8080}}]}},
    {{'name': 'side', 'image': 'busybox', 'memory': 64}}])['taskDefinition']['taskDefinitionArn']
tasks = ecs.run_task(cluster=cluster, taskDefinition=td, count=2, group='task:web')['tasks']
ecs.stop_task(cluster=cluster, task=tasks[1]['taskArn'], reason='test')
vpc = ec2.create_vpc(CidrBlock='10.20.0.0/16')['Vpc']['VpcId']
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock='10.20.1.0/24', AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
sg = ec2.create_security_group(GroupName=cluster, Description='t', VpcId=vpc)['GroupId']
fg = ecs.register_task_definition(family=cluster + '-fg', networkMode='awsvpc', requiresCompatibilities=['FARGATE'],
    cpu='256', memory='512', containerDefinitions=[{{'name': 'app', 'image': 'nginx', 'portMappings': [{{'containerPort': 443, 'hostPort': 443}}]}}])
fgt = ecs.run_task(cluster=cluster, taskDefinition=fg['taskDefinition']['taskDefinitionArn'], launchType='FARGATE',
    networkConfiguration={{'awsvpcConfiguration': {{'subnets': [subnet], 'securityGroups': [sg]}}}})['tasks'][0]
eni_ip = [d['value'] for a in fgt['attachments'] for d in a['details'] if d['name'] == 'privateIPv4Address'][0]
print(json.dumps({{
    'running': tasks[0]['taskArn'].split('/', 1)[1], 'running_ip': ips[tasks[0]['containerInstanceArn']],
    'stopped': tasks[1]['taskArn'].split('/', 1)[1], 'stopped_ip': ips[tasks[1]['containerInstanceArn']],
    'fargate': fgt['taskArn'].split('/', 1)[1], 'eni_ip': eni_ip, 'ci': cis,
}}))
"#
    ));
    serde_json::from_str(out.trim()).expect("seed output is JSON")
}

fn s(v: &serde_json::Value, k: &str) -> String {
    v[k].as_str().unwrap_or_default().to_string()
}

/// Splits a table row on runs of two or more spaces (cells never contain two spaces).
fn cells(line: &str) -> Vec<String> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn ps_lists_every_container_with_its_address() {
    let moto = Moto::shared();
    let cluster = unique_name("ps");
    let ids = seed_cluster(moto, &cluster);
    let out = Sandbox::new()
        .run(["ps", "--cluster", &cluster])
        .moto(moto)
        .output();
    out.assert_success();
    let lines = out.stdout_lines();
    assert_eq!(
        cells(&lines[0]),
        ["Name", "State", "Ports", "TaskDefinition", "Health"],
        "{}",
        out.describe()
    );
    let rows: Vec<Vec<String>> = lines[1..].iter().map(|l| cells(l)).collect();
    let td = format!("{cluster}-web:1");
    let fg = format!("{cluster}-fg:1");
    assert_eq!(
        rows,
        vec![
            vec![
                format!("{}/app", s(&ids, "fargate")),
                "RUNNING".into(),
                format!("{}:443->443/tcp", s(&ids, "eni_ip")),
                fg,
                "UNKNOWN".into()
            ],
            vec![
                format!("{}/web", s(&ids, "running")),
                "RUNNING".into(),
                format!("{}:8080->80/tcp", s(&ids, "running_ip")),
                td.clone(),
                "UNKNOWN".into()
            ],
            vec![
                format!("{}/side", s(&ids, "running")),
                "RUNNING".into(),
                td.clone(),
                "UNKNOWN".into()
            ],
            vec![
                format!("{}/web", s(&ids, "stopped")),
                "STOPPED".into(),
                format!("{}:8080->80/tcp", s(&ids, "stopped_ip")),
                td.clone(),
                "UNKNOWN".into()
            ],
            vec![
                format!("{}/side", s(&ids, "stopped")),
                "STOPPED".into(),
                td,
                "UNKNOWN".into()
            ],
        ],
        "{}",
        out.describe()
    );
    // Columns line up: every row has the header's column starts.
    let state_col = lines[0].find("State").unwrap_or(0);
    assert!(lines[1..]
        .iter()
        .all(|l| l[state_col..].starts_with(['R', 'S'])));
}

#[test]
fn ps_desired_status_filters_and_rejects_other_values() {
    let moto = Moto::shared();
    let cluster = unique_name("psd");
    let ids = seed_cluster(moto, &cluster);
    let sandbox = Sandbox::new();
    let out = sandbox
        .run(["ps", "--cluster", &cluster, "--desired-status", "STOPPED"])
        .moto(moto)
        .output();
    out.assert_success();
    let body: Vec<String> = out.stdout_lines()[1..].to_vec();
    assert_eq!(body.len(), 2, "{}", out.describe());
    assert!(body.iter().all(|l| l.starts_with(&s(&ids, "stopped"))));

    let out = sandbox
        .run(["ps", "--cluster", &cluster, "--desired-status", "PENDING"])
        .moto(moto)
        .output();
    let line = out.assert_single_fatal();
    assert!(
        line.contains("Error executing 'ps': Invalid value for --desired-status: PENDING"),
        "{line}"
    );
}

#[test]
fn ps_on_an_empty_cluster_prints_nothing() {
    let moto = Moto::shared();
    let cluster = unique_name("psempty");
    moto.boto3(&format!(
        "client('ecs').create_cluster(clusterName='{cluster}')"
    ));
    let out = Sandbox::new()
        .run(["ps", "--cluster", &cluster])
        .moto(moto)
        .output();
    out.assert_success();
    assert_eq!(out.raw_stdout, "", "{}", out.describe());
}

#[test]
fn ps_on_a_missing_cluster_is_one_fatal_line() {
    let moto = Moto::shared();
    let cluster = unique_name("nope");
    let out = Sandbox::new()
        .run(["ps", "--cluster", &cluster])
        .moto(moto)
        .output();
    assert_eq!(
        out.assert_single_fatal(),
        format!("level=fatal msg=\"Error executing 'ps': Cluster '{cluster}' is not active. Ensure that it exists\"")
    );
}

#[test]
fn ps_over_many_tasks_lists_them_all() {
    // More than one DescribeTasks batch (100) and more than one RunTask chunk.
    let moto = Moto::shared();
    let cluster = unique_name("psmany");
    moto.boto3(&format!(
        r#"
ecs, ec2 = client('ecs'), client('ec2')
ecs.create_cluster(clusterName='{cluster}')
inst = ec2.run_instances(ImageId='{AMI}', MinCount=1, MaxCount=1, InstanceType='t2.micro')['Instances'][0]
doc = json.dumps({{'instanceId': inst['InstanceId'], 'region': 'us-east-1', 'instanceType': 't2.micro'}})
ecs.register_container_instance(cluster='{cluster}', instanceIdentityDocument=doc)
td = ecs.register_task_definition(family='{cluster}', containerDefinitions=[
    {{'name': 'w', 'image': 'busybox', 'memory': 1}}])['taskDefinition']['taskDefinitionArn']
for _ in range(25):
    ecs.run_task(cluster='{cluster}', taskDefinition=td, count=10)
"#
    ));
    let out = Sandbox::new()
        .run(["ps", "--cluster", &cluster])
        .moto(moto)
        .output();
    out.assert_success();
    let lines = out.stdout_lines();
    assert_eq!(lines.len(), 251, "{}", out.describe());
    let mut names: Vec<&String> = lines[1..].iter().collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 250);
}

#[test]
fn check_attributes_lists_missing_attributes() {
    let moto = Moto::shared();
    let cluster = unique_name("attr");
    let out = moto.boto3(&format!(
        r#"
ecs, ec2 = client('ecs'), client('ec2')
ecs.create_cluster(clusterName='{cluster}')
inst = ec2.run_instances(ImageId='{AMI}', MinCount=1, MaxCount=1, InstanceType='t2.micro')['Instances'][0]
doc = json.dumps({{'instanceId': inst['InstanceId'], 'region': 'us-east-1', 'instanceType': 't2.micro'}})
ci = ecs.register_container_instance(cluster='{cluster}', instanceIdentityDocument=doc)['containerInstance']
ecs.register_task_definition(family='{cluster}', containerDefinitions=[{{'name': 'w', 'image': 'busybox', 'memory': 8}}])
print(ci['containerInstanceArn'])
"#
    ));
    let ci = out.trim().to_string();
    let sandbox = Sandbox::new();
    // The emulator reports no required attributes for a definition.
    let run = sandbox
        .run([
            "check-attributes",
            "--cluster",
            &cluster,
            "--task-def",
            &cluster,
            "--container-instances",
            &ci,
        ])
        .moto(moto)
        .output();
    run.assert_success();
    assert_eq!(
        run.stdout(),
        "level=info msg=\"The given task definition does not have any attributes\"\n"
    );
    let run = sandbox
        .run([
            "check-attributes",
            "--cluster",
            &cluster,
            "--task-def",
            "nofamily",
            "--container-instances",
            &ci,
        ])
        .moto(moto)
        .output();
    assert!(run
        .assert_single_fatal()
        .contains("Failed to Describe TaskDefinition, please check the region/taskDefinition values: ClientException"));
    let run = sandbox
        .run([
            "check-attributes",
            "--cluster",
            &cluster,
            "--task-def",
            &cluster,
        ])
        .moto(moto)
        .output();
    assert_eq!(
        run.assert_single_fatal(),
        "level=fatal msg=\"Error executing 'Attribute Checker': ContainerInstance(s) must be specified with the --container-instances flag\""
    );
}

#[test]
fn ps_shows_a_fargate_task_public_ip() {
    // Needs emulator patch 13 (a public IP for assignPublicIp ENABLED).
    let moto = Moto::shared();
    let cluster = unique_name("pspub");
    let out = moto.boto3(&format!(
        r#"
ecs, ec2 = client('ecs'), client('ec2')
ecs.create_cluster(clusterName='{cluster}')
vpc = ec2.create_vpc(CidrBlock='10.50.0.0/16')['Vpc']['VpcId']
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock='10.50.1.0/24', AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
sg = ec2.create_security_group(GroupName='{cluster}', Description='t', VpcId=vpc)['GroupId']
fg = ecs.register_task_definition(family='{cluster}', networkMode='awsvpc', requiresCompatibilities=['FARGATE'],
    cpu='256', memory='512', containerDefinitions=[{{'name': 'app', 'image': 'nginx', 'portMappings': [{{'containerPort': 80, 'hostPort': 80}}]}}])
t = ecs.run_task(cluster='{cluster}', taskDefinition=fg['taskDefinition']['taskDefinitionArn'], launchType='FARGATE',
    networkConfiguration={{'awsvpcConfiguration': {{'subnets': [subnet], 'securityGroups': [sg], 'assignPublicIp': 'ENABLED'}}}})['tasks'][0]
eni = [d['value'] for a in t['attachments'] for d in a['details'] if d['name'] == 'networkInterfaceId'][0]
print(ec2.describe_network_interfaces(NetworkInterfaceIds=[eni])['NetworkInterfaces'][0]['Association']['PublicIp'])
"#
    ));
    let public_ip = out.trim().to_string();
    assert!(!public_ip.is_empty());
    let run = Sandbox::new()
        .run(["ps", "--cluster", &cluster])
        .moto(moto)
        .output();
    run.assert_success();
    let rows = &run.stdout_lines()[1..];
    assert_eq!(rows.len(), 1, "{}", run.describe());
    assert!(
        rows[0].contains(&format!("{public_ip}:80->80/tcp")),
        "{}",
        run.describe()
    );
}
