//! `ecs-cli ps` over a cluster of 2,000 tasks in the emulator, and `compose service ps` over
//! the same 2,000 tasks as one service's: `cargo bench --bench ps [-- RUNS]`.
//!
//! Starts the project's emulator (tests/moto/server.py, with moto's request recorder on),
//! seeds one cluster with 20 container instances, 1,600 bridge tasks (300 of them stopped) and
//! 400 awsvpc Fargate tasks, all in the group of service `web`, then times RUNS runs of
//! `ecs-cli ps` and of `ecs-cli compose service ps` (default 5, or `$ECS_BENCH_RUNS`) and counts
//! the API calls of each run by operation from the recording.
//! Under `cargo test --benches` (no `--bench` argument) it seeds 200 tasks and runs once, as a
//! smoke test. Only std is used (the counting is a few lines of Python over the recording).
//! Results are recorded in docs/tasks.md.

use std::env;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn binary() -> PathBuf {
    if let Some(path) = option_env!("CARGO_BIN_EXE_ecs-cli") {
        return PathBuf::from(path);
    }
    let target = env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("release/ecs-cli")
}

fn python() -> PathBuf {
    if let Some(p) = env::var_os("ECS_TEST_PYTHON").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let target = env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("venv/bin/python")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn http(port: u16, method: &str, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let code = buf.split_whitespace().nth(1)?.parse().ok()?;
    let body = buf.split_once("\r\n\r\n").map(|x| x.1.to_string())?;
    Some((code, body))
}

struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The child is killed and waited for when the returned [`Server`] is dropped.
#[allow(clippy::zombie_processes)]
fn start_server(port: u16, recording: &Path) -> Server {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/moto/server.py");
    let child = Command::new(python())
        .arg(&script)
        .args([
            "-H",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "--exit-with-stdin",
        ])
        .env("MOTO_RECORDER_FILEPATH", recording)
        .current_dir(script.parent().unwrap_or(Path::new(".")))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the emulator with {}: {e}", python().display()));
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Some((200, _)) = http(port, "GET", "/moto-api/") {
            return Server { child };
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the emulator did not start on port {port}");
}

fn boto3(port: u16, code: &str) -> String {
    let preamble = "import os, sys, json, boto3\n\
        def client(name):\n    return boto3.client(name, endpoint_url=os.environ['E'], region_name='us-east-1', aws_access_key_id='testing', aws_secret_access_key='testing')\n";
    let out = Command::new(python())
        .arg("-c")
        .arg(format!("{preamble}{code}"))
        .env("E", format!("http://127.0.0.1:{port}"))
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "seeding failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn seed(port: u16, bridge_chunks: usize, stopped: usize, fargate_chunks: usize) {
    boto3(
        port,
        &format!(
            r#"
ecs, ec2 = client('ecs'), client('ec2')
ecs.create_cluster(clusterName='bench')
for i in range(20):
    inst = ec2.run_instances(ImageId='ami-061ecaadf85691afe', MinCount=1, MaxCount=1, InstanceType='t2.micro')['Instances'][0]
    doc = json.dumps({{'instanceId': inst['InstanceId'], 'region': 'us-east-1', 'instanceType': 't2.micro'}})
    ecs.register_container_instance(cluster='bench', instanceIdentityDocument=doc)
td = ecs.register_task_definition(family='web', containerDefinitions=[{{'name': 'web', 'image': 'nginx', 'memory': 1,
    'portMappings': [{{'containerPort': 80}}]}}])['taskDefinition']['taskDefinitionArn']
arns = []
for _ in range({bridge_chunks}):
    arns += [t['taskArn'] for t in ecs.run_task(cluster='bench', taskDefinition=td, count=10, group='service:web')['tasks']]
for a in arns[:{stopped}]:
    ecs.stop_task(cluster='bench', task=a, reason='bench')
vpc = ec2.create_vpc(CidrBlock='10.30.0.0/16')['Vpc']['VpcId']
sub = ec2.create_subnet(VpcId=vpc, CidrBlock='10.30.0.0/20', AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
sg = ec2.create_security_group(GroupName='bench', Description='b', VpcId=vpc)['GroupId']
fg = ecs.register_task_definition(family='fg', networkMode='awsvpc', requiresCompatibilities=['FARGATE'], cpu='256',
    memory='512', containerDefinitions=[{{'name': 'app', 'image': 'nginx', 'portMappings': [{{'containerPort': 443, 'hostPort': 443}}]}}])
for _ in range({fargate_chunks}):
    ecs.run_task(cluster='bench', taskDefinition=fg['taskDefinition']['taskDefinitionArn'], launchType='FARGATE', count=10,
        group='service:web', networkConfiguration={{'awsvpcConfiguration': {{'subnets': [sub], 'securityGroups': [sg]}}}})
"#
        ),
    );
}

fn run_ps(port: u16, home: &Path, args: &[&str], cwd: &Path) -> (Duration, usize) {
    let start = Instant::now();
    let out = Command::new(binary())
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("PATH", env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{port}"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .stdin(Stdio::null())
        .output()
        .expect("ecs-cli runs");
    let elapsed = start.elapsed();
    assert!(
        out.status.success(),
        "ps failed: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let rows = String::from_utf8_lossy(&out.stdout)
        .lines()
        .count()
        .saturating_sub(1);
    (elapsed, rows)
}

/// Operation counts of the recorded requests (JSON protocols by X-Amz-Target, query protocols
/// by Action), as `operation count` lines.
fn count_calls(port: u16, recording: &Path) -> String {
    let _ = http(port, "POST", "/moto-api/recorder/stop-recording");
    let _ = http(port, "GET", "/moto-api/recorder/download-recording");
    let code = format!(
        r#"
import base64, collections, json, urllib.parse
c = collections.Counter()
text = open({path:?}).read()
dec = json.JSONDecoder()
entries = []
i = 0
while True:
    i = text.find('{{', i)
    if i < 0:
        break
    e, i = dec.raw_decode(text, i)
    entries.append(e)
for e in entries:
    h = {{k.lower(): v for k, v in (e.get('headers') or {{}}).items()}}
    if 'x-amz-target' in h:
        c[h['x-amz-target'].split('.')[-1]] += 1
    else:
        body = e.get('body') or ''
        if e.get('body_encoded'):
            body = base64.b64decode(body).decode('utf-8', 'replace')
        q = urllib.parse.parse_qs(body)
        c[(q.get('Action') or ['?'])[0]] += 1
for k, v in sorted(c.items()):
    print(k, v)
"#,
        path = recording.display().to_string()
    );
    boto3(port, &code)
}

fn main() {
    let bench_mode = env::args().any(|a| a == "--bench");
    let runs: usize = env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .or_else(|| env::var("ECS_BENCH_RUNS").ok().and_then(|v| v.parse().ok()))
        .unwrap_or(if bench_mode { 5 } else { 1 });
    let tmp = env::temp_dir().join(format!("ecs-cli-bench-ps-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let recording = tmp.join("recording.jsonl");
    let port = free_port();
    let _server = start_server(port, &recording);
    let (bridge, stopped, fargate) = if bench_mode {
        (160, 300, 40)
    } else {
        (16, 30, 4)
    };
    let t = Instant::now();
    seed(port, bridge, stopped, fargate);
    eprintln!(
        "seeded {} tasks in {:.1?}",
        (bridge + fargate) * 10,
        t.elapsed()
    );

    // `compose service ps` runs in a project directory named after the service.
    let project = tmp.join("web");
    std::fs::create_dir_all(&project).expect("project dir");
    std::fs::write(
        project.join("docker-compose.yml"),
        "version: '2'\nservices:\n  web:\n    image: nginx\n",
    )
    .expect("compose file");
    let cases: [(&str, &[&str]); 2] = [
        ("ps", &["ps", "--cluster", "bench"]),
        (
            "compose service ps",
            &["compose", "service", "ps", "--cluster", "bench"],
        ),
    ];
    for (name, args) in cases {
        let (_, rows) = run_ps(port, &tmp, args, &project); // warm-up (emulator imports, caches)
        let _ = http(port, "POST", "/moto-api/recorder/reset-recording");
        let _ = http(port, "POST", "/moto-api/recorder/start-recording");
        let mut times = Vec::new();
        for _ in 0..runs {
            times.push(run_ps(port, &tmp, args, &project).0);
        }
        let counts = count_calls(port, &recording);
        times.sort();
        let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
        let mean = times.iter().map(ms).sum::<f64>() / times.len() as f64;
        println!(
            "{name} over {} tasks ({rows} containers): {runs} run(s), min {:.0} ms, median {:.0} ms, mean {:.0} ms",
            (bridge + fargate) * 10,
            ms(&times[0]),
            ms(&times[times.len() / 2]),
            mean
        );
        println!("API calls per run:");
        let mut total = 0;
        for line in counts.lines() {
            if let Some((op, n)) = line.rsplit_once(' ') {
                let n: usize = n.parse().unwrap_or(0);
                total += n / runs;
                println!("  {op:<28} {}", n / runs);
            }
        }
        println!("  {:<28} {total}", "total");
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
