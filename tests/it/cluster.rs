//! `up`, `scale` and `down` with a CloudFormation stack, end to end against the emulator:
//! what the stack was given, what it created, and the messages of the error cases.

use serde_json::Value;

use crate::support::{unique_name, Moto, Output, Sandbox};

/// Runs boto3 `code` that prints one JSON document, and parses it.
fn py_json(moto: &Moto, code: &str) -> Value {
    let out = moto.boto3(code);
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

/// The stack's parameters as a key → value map.
fn stack_parameters(moto: &Moto, stack: &str) -> Value {
    py_json(
        moto,
        &format!(
            "s = client('cloudformation').describe_stacks(StackName='{stack}')['Stacks'][0]\n\
             print(json.dumps({{p['ParameterKey']: p.get('ParameterValue') for p in s['Parameters']}}))"
        ),
    )
}

/// The stack's resources: logical id → physical id.
fn stack_resources(moto: &Moto, stack: &str) -> Value {
    py_json(
        moto,
        &format!(
            "r = client('cloudformation').describe_stack_resources(StackName='{stack}')['StackResources']\n\
             print(json.dumps({{x['LogicalResourceId']: x.get('PhysicalResourceId') for x in r}}))"
        ),
    )
}

/// The stack's Auto Scaling group (sizes) and launch configuration (with decoded user data).
fn asg_and_lc(moto: &Moto, stack: &str) -> Value {
    py_json(
        moto,
        &format!(
            "import base64\n\
             r = client('cloudformation').describe_stack_resources(StackName='{stack}')['StackResources']\n\
             ids = {{x['LogicalResourceId']: x.get('PhysicalResourceId') for x in r}}\n\
             asg = client('autoscaling').describe_auto_scaling_groups(AutoScalingGroupNames=[ids['EcsInstanceAsg']])['AutoScalingGroups'][0]\n\
             lc = client('autoscaling').describe_launch_configurations(LaunchConfigurationNames=[asg['LaunchConfigurationName']])['LaunchConfigurations'][0]\n\
             print(json.dumps({{'min': asg['MinSize'], 'max': asg['MaxSize'], 'desired': asg['DesiredCapacity'],\n\
               'instances': len(asg.get('Instances', [])), 'image': lc['ImageId'], 'type': lc['InstanceType'],\n\
               'metadata': lc.get('MetadataOptions'), 'user_data': base64.b64decode(lc.get('UserData', '')).decode()}}))"
        ),
    )
}

fn stack_exists(moto: &Moto, stack: &str) -> bool {
    moto.boto3(&format!(
        "try:\n    client('cloudformation').describe_stacks(StackName='{stack}')\n    print('yes')\n\
         except Exception:\n    print('no')"
    ))
    .trim()
        == "yes"
}

fn cluster_status(moto: &Moto, cluster: &str) -> String {
    moto.boto3(&format!(
        "c = client('ecs').describe_clusters(clusters=['{cluster}'])['clusters']\n\
         print(c[0]['status'] if c else 'MISSING')"
    ))
    .trim()
    .to_string()
}

/// The fatal line that ends a failed run (warnings may come before it; nothing on stderr).
fn fatal_line(out: &Output) -> String {
    out.assert_code(1);
    assert_eq!(
        out.raw_stderr,
        "",
        "stderr must be empty\n{}",
        out.describe()
    );
    let lines = out.stdout_lines();
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("level=fatal"))
            .count(),
        1,
        "{}",
        out.describe()
    );
    let last = lines.last().cloned().unwrap_or_default();
    assert!(last.starts_with("level=fatal msg="), "{}", out.describe());
    last
}

fn lines(out: &Output) -> Vec<String> {
    out.stdout_lines()
}

/// The MIME parts of a user-data archive: (content type, body) in order.
fn mime_parts(archive: &str) -> Vec<(String, String)> {
    let first = archive.lines().next().unwrap_or_default();
    let boundary = first
        .split("boundary=\"")
        .nth(1)
        .and_then(|b| b.split('"').next())
        .expect("a boundary");
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    for chunk in archive.split(&delimiter).skip(1) {
        if chunk.starts_with("--") {
            break;
        }
        let chunk = chunk.strip_prefix('\n').unwrap_or(chunk);
        let (head, body) = chunk.split_once("\n\n").expect("headers then body");
        let content_type = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .unwrap_or_default()
            .to_string();
        let body = body.strip_suffix('\n').unwrap_or(body).to_string();
        parts.push((content_type, body));
    }
    parts
}

#[test]
fn up_scale_down_with_an_ec2_stack() {
    let moto = Moto::shared();
    let cluster = unique_name("life");
    let stack = format!("amazon-ecs-cli-setup-{cluster}");
    let sandbox = Sandbox::new();
    let out = sandbox
        .run([
            "up",
            "-c",
            &cluster,
            "--capability-iam",
            "--instance-type",
            "t2.medium",
            "--size",
            "2",
            "--imdsv2",
        ])
        .moto(moto)
        .output();
    out.assert_success();
    let l = lines(&out);
    assert_eq!(
        l.iter()
            .filter(|l| !l.starts_with("level="))
            .cloned()
            .collect::<Vec<_>>()
            .len(),
        5,
        "{}",
        out.describe()
    );
    assert!(
        l[0].contains("You will not be able to SSH"),
        "{}",
        out.describe()
    );
    assert!(l.iter().any(|x| x.starts_with("VPC created: vpc-")));
    assert!(l
        .iter()
        .any(|x| x.starts_with("Security Group created: sg-")));
    assert_eq!(
        l.iter()
            .filter(|x| x.starts_with("Subnet created: subnet-"))
            .count(),
        2
    );
    assert_eq!(l.last().unwrap(), "Cluster creation succeeded.");

    let params = stack_parameters(moto, &stack);
    assert_eq!(params["AsgMaxSize"], "2");
    assert_eq!(params["EcsInstanceType"], "t2.medium");
    assert_eq!(params["IsIMDSv2"], "true");
    assert_eq!(params["EcsCluster"], cluster.as_str());
    assert!(params["EcsAmiId"].as_str().unwrap().starts_with("ami-"));

    let asg = asg_and_lc(moto, &stack);
    assert_eq!(asg["min"], 0);
    assert_eq!(asg["max"], 2);
    assert_eq!(asg["desired"], 2);
    assert_eq!(asg["type"], "t2.medium");
    assert_eq!(asg["image"], params["EcsAmiId"]);
    let parts = mime_parts(asg["user_data"].as_str().unwrap());
    assert_eq!(parts.len(), 1, "{parts:?}");
    assert_eq!(parts[0].0, "text/text/x-shellscript; charset=\"utf-8\"");
    assert_eq!(
        parts[0].1,
        format!("\n#!/bin/bash\necho ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config\n")
    );

    let out = sandbox
        .run(["scale", "-c", &cluster, "--capability-iam", "--size", "3"])
        .moto(moto)
        .output();
    out.assert_success();
    assert_eq!(
        lines(&out),
        ["level=info msg=\"Waiting for your cluster resources to be updated...\""]
    );
    let mut after = stack_parameters(moto, &stack);
    assert_eq!(after["AsgMaxSize"], "3");
    after["AsgMaxSize"] = params["AsgMaxSize"].clone();
    assert_eq!(after, params, "only AsgMaxSize may change");
    let asg = asg_and_lc(moto, &stack);
    assert_eq!(asg["max"], 3);
    assert_eq!(asg["desired"], 3);

    let out = sandbox
        .run(["down", "-c", &cluster, "--force"])
        .moto(moto)
        .output();
    out.assert_success();
    assert_eq!(
        lines(&out),
        [
            "level=info msg=\"Waiting for your cluster resources to be deleted...\"".to_string(),
            format!("level=info msg=\"Deleted cluster\" cluster={cluster}"),
        ]
    );
    assert!(!stack_exists(moto, &stack));
    assert_ne!(cluster_status(moto, &cluster), "ACTIVE");
}

#[test]
fn up_fargate_makes_only_the_network() {
    let moto = Moto::shared();
    let cluster = unique_name("fargate");
    let stack = format!("amazon-ecs-cli-setup-{cluster}");
    let sandbox = Sandbox::new();
    let out = sandbox
        .run(["up", "-c", &cluster, "--launch-type", "FARGATE"])
        .moto(moto)
        .output();
    out.assert_success();
    let plain: Vec<String> = lines(&out)
        .into_iter()
        .filter(|l| !l.starts_with("level="))
        .collect();
    assert_eq!(plain.len(), 4, "{}", out.describe());
    assert!(plain[0].starts_with("VPC created: vpc-"));
    assert!(plain[1].starts_with("Subnet created: subnet-"));
    assert!(plain[2].starts_with("Subnet created: subnet-"));
    let resources = stack_resources(moto, &stack);
    assert!(resources.get("EcsInstanceAsg").is_none(), "{resources}");
    assert!(resources.get("EcsSecurityGroup").is_none(), "{resources}");
    let params = stack_parameters(moto, &stack);
    assert_eq!(params["IsFargate"], "true");
    assert_eq!(params["UserData"], "");
    assert_eq!(cluster_status(moto, &cluster), "ACTIVE");
}

#[test]
fn up_in_an_existing_network() {
    let moto = Moto::shared();
    let cluster = unique_name("net");
    let stack = format!("amazon-ecs-cli-setup-{cluster}");
    let net = py_json(
        moto,
        "ec2 = client('ec2')\n\
         vpc = ec2.create_vpc(CidrBlock='10.9.0.0/16')['Vpc']['VpcId']\n\
         s1 = ec2.create_subnet(VpcId=vpc, CidrBlock='10.9.1.0/24', AvailabilityZone='us-east-1a')['Subnet']['SubnetId']\n\
         s2 = ec2.create_subnet(VpcId=vpc, CidrBlock='10.9.2.0/24', AvailabilityZone='us-east-1b')['Subnet']['SubnetId']\n\
         sg = ec2.create_security_group(GroupName='g-' + vpc, Description='d', VpcId=vpc)['GroupId']\n\
         print(json.dumps({'vpc': vpc, 'subnets': s1 + ',' + s2, 'sg': sg}))",
    );
    let sandbox = Sandbox::new();
    let out = sandbox
        .run([
            "up",
            "-c",
            &cluster,
            "--capability-iam",
            "--keypair",
            "k1",
            "--vpc",
            net["vpc"].as_str().unwrap(),
            "--subnets",
            net["subnets"].as_str().unwrap(),
            "--security-group",
            net["sg"].as_str().unwrap(),
        ])
        .moto(moto)
        .output();
    out.assert_success();
    let plain: Vec<String> = lines(&out)
        .into_iter()
        .filter(|l| !l.starts_with("level="))
        .collect();
    assert_eq!(plain, ["Cluster creation succeeded."], "{}", out.describe());
    let params = stack_parameters(moto, &stack);
    assert_eq!(params["VpcId"], net["vpc"]);
    assert_eq!(params["SubnetIds"], net["subnets"]);
    assert_eq!(params["SecurityGroupIds"], net["sg"]);
    assert_eq!(params["KeyName"], "k1");
    let resources = stack_resources(moto, &stack);
    assert!(resources.get("Vpc").is_none(), "{resources}");
    assert!(resources.get("EcsInstanceAsg").is_some(), "{resources}");
}

#[test]
fn extra_user_data_is_packed_in_order_before_the_cluster_part() {
    let moto = Moto::shared();
    let cluster = unique_name("userdata");
    let stack = format!("amazon-ecs-cli-setup-{cluster}");
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.cwd().join("setup.sh"), "#!/bin/bash\necho one\n").unwrap();
    std::fs::write(
        sandbox.cwd().join("hook.txt"),
        "#cloud-boothook\n#!/bin/sh\necho two\n",
    )
    .unwrap();
    std::fs::write(
        sandbox.cwd().join("archive.mime"),
        "Content-Type: multipart/mixed; boundary=\"XX\"\nMIME-Version: 1.0\n\n\
         --XX\nContent-Type: text/cloud-config; charset=\"us-ascii\"\nMIME-Version: 1.0\n\n\
         #cloud-config\npackages:\n  - jq\n\n\
         --XX\nContent-Type: text/x-shellscript; charset=\"us-ascii\"\nMIME-Version: 1.0\n\n\
         #!/bin/bash\necho three\n--XX--\n",
    )
    .unwrap();
    let out = sandbox
        .run([
            "up",
            "-c",
            &cluster,
            "--capability-iam",
            "--extra-user-data",
            "setup.sh",
            "--extra-user-data",
            "hook.txt",
            "--extra-user-data",
            "archive.mime",
        ])
        .moto(moto)
        .output();
    out.assert_success();
    let asg = asg_and_lc(moto, &stack);
    let parts = mime_parts(asg["user_data"].as_str().unwrap());
    let types: Vec<&str> = parts.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        types,
        [
            "text/text/plain; charset=\"utf-8\"",
            "text/text/plain; charset=\"utf-8\"",
            "text/cloud-config; charset=\"us-ascii\"",
            "text/x-shellscript; charset=\"us-ascii\"",
            "text/text/x-shellscript; charset=\"utf-8\"",
        ]
    );
    assert_eq!(parts[0].1, "#!/bin/bash\necho one\n");
    assert_eq!(parts[1].1, "#cloud-boothook\n#!/bin/sh\necho two\n");
    assert_eq!(parts[2].1, "#cloud-config\npackages:\n  - jq\n");
    assert_eq!(parts[3].1, "#!/bin/bash\necho three");
    assert!(parts[4].1.contains(&format!("ECS_CLUSTER={cluster}")));
}

#[test]
fn force_recreates_an_existing_stack() {
    let moto = Moto::shared();
    let cluster = unique_name("force");
    let stack = format!("amazon-ecs-cli-setup-{cluster}");
    let sandbox = Sandbox::new();
    sandbox
        .run(["up", "-c", &cluster, "--capability-iam", "--size", "1"])
        .moto(moto)
        .output()
        .assert_success();
    let out = sandbox
        .run(["up", "-c", &cluster, "--capability-iam"])
        .moto(moto)
        .output();
    let fatal = fatal_line(&out);
    assert!(
        fatal.contains("A CloudFormation stack already exists for the cluster '"),
        "{fatal}"
    );
    assert!(fatal.contains("Please specify '--force' to clean up your existing resources"));

    let out = sandbox
        .run([
            "up",
            "-c",
            &cluster,
            "--capability-iam",
            "--force",
            "--size",
            "2",
        ])
        .moto(moto)
        .output();
    out.assert_success();
    assert!(lines(&out).iter().any(|l| l
        == "level=info msg=\"Waiting for your CloudFormation stack resources to be deleted...\""));
    assert_eq!(stack_parameters(moto, &stack)["AsgMaxSize"], "2");

    let out = sandbox
        .run(["up", "-c", &cluster, "--empty"])
        .moto(moto)
        .output();
    let fatal = fatal_line(&out);
    assert!(
        fatal.ends_with(&format!(
            "msg=\"Error executing 'up': A CloudFormation stack already exists for the cluster '{cluster}'.\""
        )),
        "{fatal}"
    );
}

#[test]
fn up_empty_warns_in_the_originals_order() {
    let moto = Moto::shared();
    let cluster = unique_name("emptywarn");
    let sandbox = Sandbox::new();
    let out = sandbox
        .run([
            "up",
            "-c",
            &cluster,
            "--empty",
            "--keypair",
            "k",
            "--size",
            "2",
            "--vpc",
            "v",
            "--capability-iam",
            "--force",
        ])
        .moto(moto)
        .output();
    out.assert_success();
    let warnings: Vec<String> = lines(&out)
        .into_iter()
        .filter(|l| l.starts_with("level=warning"))
        .collect();
    assert_eq!(
        warnings,
        [
            "level=warning msg=\"Value for flag 'size' will be ignored when creating an empty cluster\"",
            "level=warning msg=\"Value for flag 'vpc' will be ignored when creating an empty cluster\"",
            "level=warning msg=\"Value for flag 'keypair' will be ignored when creating an empty cluster\"",
            "level=warning msg=\"The '--capability-iam' flag will be ignored when creating an empty cluster\"",
            "level=warning msg=\"Force flag is unsupported when creating an empty cluster.\"",
        ]
    );
    assert_eq!(cluster_status(moto, &cluster), "ACTIVE");
}

/// Each error case: its arguments and the end of its fatal message.
#[test]
fn error_cases() {
    let moto = Moto::shared();
    let sandbox = Sandbox::new();
    let c = unique_name("err");
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["up", "-c", &c],
            "You must either specify a custom role with the '--instance-role' flag or set the '--capability-iam' flag".into(),
        ),
        (
            vec!["up", "-c", &c, "--capability-iam", "--instance-role", "r"],
            "Cannot specify custom role when '--capability-iam' flag is set".into(),
        ),
        (
            vec!["up", "-c", &c, "--capability-iam", "--azs", "us-east-1a"],
            "You must specify 2 comma-separated availability zones with the '--azs' flag".into(),
        ),
        (
            vec!["up", "-c", &c, "--capability-iam", "--vpc", "vpc-1"],
            "You have selected a VPC. Please specify 2 comma-separated subnets with the '--subnets' flag".into(),
        ),
        (
            vec!["up", "-c", &c, "--capability-iam", "--tags", "owner"],
            "Tag input not formatted correctly: owner".into(),
        ),
        (
            vec!["up", "-c", &c, "--capability-iam", "--extra-user-data", "missing.sh"],
            "open missing.sh: no such file or directory".into(),
        ),
        (
            vec!["down", "-c", &c, "--force"],
            format!("Cluster '{c}' is not active. Ensure that it exists"),
        ),
        (
            vec!["scale", "-c", &c, "--capability-iam", "--size", "2"],
            format!("Cluster '{c}' is not active. Ensure that it exists"),
        ),
    ];
    for (args, tail) in cases {
        let out = sandbox.run(&args).moto(moto).output();
        let fatal = fatal_line(&out);
        assert!(
            fatal.ends_with(&format!("{tail}\"")),
            "{args:?}: {fatal}\n{}",
            out.describe()
        );
    }
    let out = sandbox
        .run([
            "up",
            "-c",
            &c,
            "--capability-iam",
            "--instance-type",
            "x9.mega",
        ])
        .moto(moto)
        .output();
    let fatal = fatal_line(&out);
    assert!(
        fatal.contains("instance type x9.mega not supported in region us-east-1: instance type x9.mega not found in list of supported instance types [a1.2xlarge "),
        "{fatal}"
    );
    assert_ne!(
        cluster_status(moto, &c),
        "ACTIVE",
        "nothing is created on a bad flag"
    );

    // A cluster without a stack: scale says so, down deletes only the cluster.
    moto.boto3(&format!("client('ecs').create_cluster(clusterName='{c}')"));
    let out = sandbox
        .run(["scale", "-c", &c, "--capability-iam", "--size", "2"])
        .moto(moto)
        .output();
    let fatal = fatal_line(&out);
    assert!(
        fatal.ends_with(&format!(
            "CloudFormation stack not found for cluster '{c}'\""
        )),
        "{fatal}"
    );
    let out = sandbox
        .run(["down", "-c", &c])
        .stdin("y\n")
        .moto(moto)
        .output();
    out.assert_success();
    assert_eq!(
        lines(&out),
        [
            "Are you sure you want to delete your cluster? [y/N]".to_string(),
            format!("level=info msg=\"No CloudFormation stack found for cluster '{c}'.\""),
            format!("level=info msg=\"Deleted cluster\" cluster={c}"),
        ]
    );
}

/// A stack whose creation fails: the first failure event is logged, then the fatal line.
#[test]
fn a_failing_stack_reports_its_first_failure_event() {
    let moto = Moto::shared();
    let cluster = unique_name("failing");
    let sandbox = Sandbox::new();
    let out = sandbox
        .run([
            "up",
            "-c",
            &cluster,
            "--capability-iam",
            "--keypair",
            "k",
            "--azs",
            "us-east-1a,nowhere-9z",
        ])
        .moto(moto)
        .output();
    let fatal = fatal_line(&out);
    assert!(
        fatal.ends_with(
            "msg=\"Error executing 'up': Cloudformation failure waiting for 'CREATE_COMPLETE'. State is 'ROLLBACK_COMPLETE'\""
        ),
        "{}",
        out.describe()
    );
    let failure = lines(&out)
        .into_iter()
        .find(|l| l.starts_with("level=error msg=\"Failure event\""))
        .unwrap_or_else(|| panic!("no failure event line\n{}", out.describe()));
    assert!(
        failure.contains("resourceType=\"AWS::EC2::Subnet\""),
        "{failure}"
    );
    assert!(failure.contains("nowhere-9z"), "{failure}");
}

/// A CloudFormation stand-in whose stack stays DELETE_IN_PROGRESS for ever (query protocol,
/// just the calls `down` makes). Prints its port, then serves until killed.
const NEVER_DONE_CFN: &str = r#"
import http.server, sys, urllib.parse
NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/'
META = '<ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>'
STACK = ('<member><StackName>{n}</StackName><StackId>id-{n}</StackId>'
         '<CreationTime>2020-01-01T00:00:00Z</CreationTime><StackStatus>DELETE_IN_PROGRESS</StackStatus></member>')
EVENT = ('<member><StackId>id-{n}</StackId><EventId>e1</EventId><StackName>{n}</StackName>'
         '<LogicalResourceId>Vpc</LogicalResourceId><ResourceType>AWS::EC2::VPC</ResourceType>'
         '<Timestamp>2020-01-01T00:00:00Z</Timestamp><ResourceStatus>DELETE_IN_PROGRESS</ResourceStatus></member>')
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def do_POST(self):
        form = urllib.parse.parse_qs(self.rfile.read(int(self.headers['Content-Length'])).decode())
        action, name = form['Action'][0], form.get('StackName', [''])[0]
        if action == 'DescribeStacks':
            body = '<DescribeStacksResult><Stacks>' + STACK.format(n=name) + '</Stacks></DescribeStacksResult>'
        elif action == 'DescribeStackEvents':
            body = '<DescribeStackEventsResult><StackEvents>' + EVENT.format(n=name) + '</StackEvents></DescribeStackEventsResult>'
        else:
            body = ''
        out = f'<{action}Response xmlns="{NS}">{body}{META}</{action}Response>'.encode()
        self.send_response(200)
        self.send_header('Content-Type', 'text/xml')
        self.send_header('Content-Length', str(len(out)))
        self.end_headers()
        self.wfile.write(out)
server = http.server.HTTPServer(('127.0.0.1', 0), H)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

/// Ctrl-C during a stack wait: the wait stops, the stack is left alone, the fatal line says
/// what to run next, and the cluster is not deleted.
#[test]
fn ctrl_c_during_a_wait_leaves_the_stack_and_says_how_to_continue() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let moto = Moto::shared();
    let cluster = unique_name("ctrlc");
    moto.boto3(&format!(
        "client('ecs').create_cluster(clusterName='{cluster}')"
    ));
    let mut fake = Command::new(crate::support::test_python())
        .arg("-c")
        .arg(NEVER_DONE_CFN)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the CloudFormation stand-in starts");
    let mut port = String::new();
    BufReader::new(fake.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    let sandbox = Sandbox::new();
    let mut child = Command::new(crate::support::ecs_cli())
        .args(["down", "-c", &cluster, "--force"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", sandbox.home())
        .env("TZ", "UTC")
        .env("AWS_ENDPOINT_URL", moto.endpoint())
        .env(
            "AWS_ENDPOINT_URL_CLOUDFORMATION",
            format!("http://127.0.0.1:{}", port.trim()),
        )
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("ECS_CLI_STACK_POLL_MS", "100")
        .current_dir(sandbox.cwd())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ecs-cli starts");
    let mut lines = Vec::new();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut interrupted = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        if !interrupted && line.contains("Cloudformation stack status") {
            let sent = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status()
                .expect("kill runs");
            assert!(sent.success());
            interrupted = true;
        }
        lines.push(line);
    }
    let status = child.wait().unwrap();
    let _ = fake.kill();
    let _ = fake.wait();
    let text = lines.concat();
    assert!(interrupted, "the wait never logged a status\n{text}");
    assert_eq!(status.code(), Some(1), "{text}");
    let last = lines.last().cloned().unwrap_or_default();
    assert!(
        last.starts_with("time=") && last.contains("level=fatal msg=\"Error executing 'down': Stopped waiting for the deletion of CloudFormation stack 'amazon-ecs-cli-setup-"),
        "{text}"
    );
    assert!(
        last.contains("the stack was left as it is")
            && last.contains("Run 'ecs-cli down --force' again"),
        "{text}"
    );
    assert_eq!(cluster_status(moto, &cluster), "ACTIVE", "{text}");
}
