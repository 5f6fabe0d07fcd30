//! `local create/up/ps/down`: the conversion as written to disk (no Docker), and the
//! original's end-to-end sequences against the machine's real Docker engine, with images built
//! locally (tests/it/support/docker_images.rs) and a remote task definition and secret in the
//! emulator.
//!
//! The Docker tests share one engine-wide network (`ecs-local-network`) and endpoints
//! container, so they run as one sequence in one test.

use std::path::Path;

use crate::support::docker_images::{busybox_image, docker, docker_ready, tag};
use crate::support::{mode_of, read_fixture, unique_name, Moto, Sandbox};

const TASK_IMAGE: &str = "ecs-cli-local-test/busybox:latest";
const ENDPOINTS_IMAGE: &str = "amazon/amazon-ecs-local-container-endpoints:latest";

fn task_definition(family: &str, extra: &str) -> String {
    format!(
        r#"{{"family":"{family}","networkMode":"bridge","containerDefinitions":[{{"name":"app","image":"{TASK_IMAGE}","command":["sleep","300"],"environment":[{{"name":"GREETING","value":"hi"}}]{extra}}}]}}"#
    )
}

#[test]
fn create_writes_the_originals_files_from_the_default_input() {
    let sb = Sandbox::new();
    std::fs::write(
        sb.cwd().join("task-definition.json"),
        read_fixture("local/task-definition.json"),
    )
    .unwrap();
    let out = sb.run(["local", "create"]).output();
    out.assert_success();
    assert_eq!(
        out.stdout(),
        "level=info msg=\"Reading task definition from <CWD>/task-definition.json\\n\"
level=info msg=\"Task Definition network mode is ignored when running containers locally. Tasks will be run in the ecs-local-network.\" networkMode=bridge
level=warning msg=\"awslogs log driver is ignored when running locally. Tasks will default to json-file instead. This can be changed in your compose override file.\"
level=info msg=\"Successfully wrote docker-compose.ecs-local.yml\"
level=info msg=\"Successfully wrote docker-compose.ecs-local.override.yml\"
"
    );
    let base = sb.cwd().join("docker-compose.ecs-local.yml");
    let over = sb.cwd().join("docker-compose.ecs-local.override.yml");
    let expected = read_fixture("local/docker-compose.ecs-local.yml").replace(
        "/home/user/app/task-definition.json",
        &sb.cwd().join("task-definition.json").display().to_string(),
    );
    assert_eq!(std::fs::read_to_string(&base).unwrap(), expected);
    assert_eq!(
        std::fs::read_to_string(&over).unwrap(),
        read_fixture("local/docker-compose.ecs-local.override.yml")
    );
    assert_eq!(mode_of(&base), 0o600);
    assert_eq!(mode_of(&over), 0o600);

    // Again: the base file is only replaced on "y"; the override file is kept.
    let out = sb.run(["local", "create"]).stdin("n\n").output();
    let fatal = out.assert_code(1).stdout();
    assert!(fatal.contains("docker-compose.ecs-local.yml file already exists. Do you want to write over this file? [y/N]\n"), "{fatal}");
    assert!(fatal.contains("level=fatal msg=\"Error with local create: \\naborted writing compose file. To retry, rename or move docker-compose.ecs-local.yml\""), "{fatal}");
    let out = sb
        .run(["local", "create", "--use-role", "-o", "other.yml"])
        .output();
    out.assert_success();
    let other = std::fs::read_to_string(sb.cwd().join("other.yml")).unwrap();
    assert!(other.contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: /role/myrole"));
    assert!(sb.cwd().join("other.override.yml").exists());
    let out = sb.run(["local", "create", "--force"]).output();
    out.assert_success();
    assert!(out
        .stdout()
        .contains("Successfully wrote docker-compose.ecs-local.override.yml"));
}

#[test]
fn create_errors_are_one_fatal_line() {
    let sb = Sandbox::new();
    let line = sb.run(["local", "create"]).output().assert_single_fatal();
    assert!(
        line.contains("could not detect valid task definition"),
        "{line}"
    );
    std::fs::write(
        sb.cwd().join("bad.json"),
        "{\"containerDefinitions\": [{\"cpu\": \"1\"}]}",
    )
    .unwrap();
    let out = sb.run(["local", "create", "-f", "bad.json"]).output();
    let last = out.assert_code(1).stdout_lines().pop().unwrap();
    assert_eq!(
        last,
        "level=fatal msg=\"Error with local create: \\nError parsing task definition JSON: json: cannot unmarshal string into Go struct field ContainerDefinition.ContainerDefinitions.Cpu of type int64\""
    );
    std::fs::write(sb.cwd().join("empty.json"), "{\"family\":\"x\"}").unwrap();
    let out = sb.run(["local", "create", "-f", "empty.json"]).output();
    let last = out.assert_code(1).stdout_lines().pop().unwrap();
    assert!(
        last.ends_with("task definition must include at least one container definition\""),
        "{last}"
    );
    let out = sb.run(["local", "create", "-f", "missing.json"]).output();
    let last = out.assert_code(1).stdout_lines().pop().unwrap();
    assert!(last.contains("Error reading task definition from <CWD>/missing.json: open <CWD>/missing.json: no such file or directory"), "{last}");
    let line = sb
        .run(["local", "create", "-f", "a", "-t", "b"])
        .output()
        .assert_single_fatal();
    assert!(
        line.contains("only one of --task-def-file or --task-def-remote"),
        "{line}"
    );
}

#[test]
fn create_from_a_remote_task_definition() {
    let moto = Moto::shared();
    let family = unique_name("local-remote");
    moto.boto3(&format!(
        "client('ecs').register_task_definition(family='{family}', containerDefinitions=[{{'name': 'web', 'image': 'nginx', 'memory': 64, 'portMappings': [{{'containerPort': 80, 'hostPort': 8080}}]}}])"
    ));
    let sb = Sandbox::new();
    let remote = format!("{family}:1");
    let out = sb
        .run(["local", "create", "-t", &remote])
        .moto(moto)
        .output();
    out.assert_success();
    assert!(
        out.stdout()
            .contains(&format!("Reading task definition from {family}:1\\n")),
        "{}",
        out.describe()
    );
    let base = std::fs::read_to_string(sb.cwd().join("docker-compose.ecs-local.yml")).unwrap();
    assert!(
        base.contains("ecs-local.task-definition-input.type: remote"),
        "{base}"
    );
    assert!(
        base.contains(&format!("ecs-local.task-definition-input.value: {remote}")),
        "{base}"
    );
    assert!(
        base.contains("    - target: 80\n      published: 8080\n"),
        "{base}"
    );
}

/// Removes whatever an earlier, interrupted run left on the engine (only this suite's names).
fn clean_engine() {
    let (_, ids) = docker(&[
        "ps",
        "-aq",
        "--filter",
        "label=ecs-local.task-definition-input.value",
    ]);
    for id in ids.split_whitespace() {
        docker(&["rm", "-f", id]);
    }
    docker(&["rm", "-f", "amazon-ecs-local-container-endpoints"]);
    docker(&["network", "rm", "ecs-local-network"]);
}

fn network_exists() -> bool {
    docker(&["network", "inspect", "ecs-local-network"]).0
}

#[test]
fn local_sequences_against_the_docker_engine() {
    if !docker_ready() {
        return;
    }
    busybox_image(TASK_IMAGE);
    tag(TASK_IMAGE, ENDPOINTS_IMAGE);
    clean_engine();

    // Clean state.
    let sb = Sandbox::new();
    let out = sb.run(["local", "ps"]).output();
    out.assert_success();
    let lines = out.stdout_lines();
    assert_eq!(lines.len(), 1, "{}", out.describe());
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>().join(" "),
        "CONTAINER ID IMAGE STATUS PORTS NAMES TASKDEFINITION"
    );
    let out = sb.run(["local", "ps", "--all"]).output();
    out.assert_success();
    assert_eq!(out.stdout_lines().len(), 1);
    let out = sb.run(["local", "ps", "--all", "--json"]).output();
    out.assert_success();
    assert_eq!(out.stdout(), "[]\n");
    let out = sb.run(["local", "down"]).output();
    out.assert_success();
    assert_eq!(
        out.stdout(),
        "level=info msg=\"Searching for containers from local file task-definition.json\"
level=warning msg=\"No running ECS local tasks found\"
level=info msg=\"Network ecs-local-network not found, skipping network removal\"
"
    );
    sb.run(["local", "down", "--all"]).output().assert_success();

    // From a task definition file.
    let family = unique_name("local-file");
    std::fs::write(sb.cwd().join("td.json"), task_definition(&family, "")).unwrap();
    let out = sb
        .run(["local", "up", "-f", "td.json"])
        .timeout(std::time::Duration::from_secs(240))
        .output();
    out.assert_success();
    let text = out.stdout();
    for want in [
        "Successfully wrote docker-compose.ecs-local.yml",
        "Creating network: ecs-local-network...",
        "Created network ecs-local-network with ID",
        "Created the amazon-ecs-local-container-endpoints container with ID",
        "Started container with ID",
        "Compose out: ",
    ] {
        assert!(text.contains(want), "missing {want:?}\n{}", out.describe());
    }
    assert_eq!(
        mode_of(&sb.cwd().join("docker-compose.ecs-local.yml")),
        0o600
    );
    let (_, ip) = docker(&[
        "inspect",
        "-f",
        "{{(index .NetworkSettings.Networks \"ecs-local-network\").IPAddress}}",
        "amazon-ecs-local-container-endpoints",
    ]);
    assert_eq!(ip.trim(), "169.254.170.2");

    // Again from the compose file: the network and endpoints container are reused.
    let out = sb
        .run(["local", "up", "-c", "docker-compose.ecs-local.yml"])
        .timeout(std::time::Duration::from_secs(240))
        .output();
    out.assert_success();
    let text = out.stdout();
    for want in [
        "The network ecs-local-network already exists",
        "The amazon-ecs-local-container-endpoints container already exists with ID",
        "Using docker-compose.ecs-local.yml, docker-compose.ecs-local.override.yml files to start containers",
    ] {
        assert!(text.contains(want), "missing {want:?}\n{}", out.describe());
    }

    let out = sb.run(["local", "ps", "-f", "td.json"]).output();
    out.assert_success();
    let lines = out.stdout_lines();
    assert_eq!(lines.len(), 2, "{}", out.describe());
    assert!(lines[1].contains(TASK_IMAGE), "{}", out.describe());
    assert!(lines[1].contains("<CWD>/td.json"), "{}", out.describe());
    let out = sb.run(["local", "ps", "--all", "--json"]).output();
    out.assert_success();
    let json: serde_json::Value = serde_json::from_str(&out.raw_stdout).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(1));
    let (_, env) = docker(&[
        "inspect",
        "-f",
        "{{range .Config.Env}}{{println .}}{{end}}",
        json[0]["Id"].as_str().unwrap(),
    ]);
    assert!(
        env.contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/creds"),
        "{env}"
    );
    assert!(env.contains("GREETING=hi"), "{env}");

    let out = sb.run(["local", "down", "-f", "td.json"]).output();
    out.assert_success();
    let text = out.stdout();
    for want in [
        "Searching for containers from local file td.json",
        "Stop and remove 1 container(s)",
        "Stopped container with id",
        "Removed container with id",
        "Stopped container with name amazon-ecs-local-container-endpoints",
        "Removed container with name amazon-ecs-local-container-endpoints",
        "Removed network with name ecs-local-network",
    ] {
        assert!(text.contains(want), "missing {want:?}\n{}", out.describe());
    }
    assert!(!network_exists());

    // From a remote task definition, with a secret from the emulator's SSM.
    let moto = Moto::shared();
    let param = unique_name("local-secret");
    let remote_family = unique_name("local-remote-up");
    moto.boto3(&format!(
        r#"
client('ssm').put_parameter(Name='{param}', Value='s3cr3t-value', Type='SecureString')
client('ecs').register_task_definition(family='{remote_family}', containerDefinitions=[{{
    'name': 'app', 'image': '{TASK_IMAGE}', 'memory': 64, 'command': ['sleep', '300'],
    'secrets': [{{'name': 'TOKEN', 'valueFrom': '{param}'}}]}}])
"#
    ));
    let remote = format!("{remote_family}:1");
    let sb2 = Sandbox::new();
    let out = sb2
        .run(["local", "up", "-t", &remote])
        .moto(moto)
        .timeout(std::time::Duration::from_secs(240))
        .output();
    out.assert_success();
    assert!(
        !out.raw_stdout.contains("s3cr3t-value"),
        "a secret in the output\n{}",
        out.describe()
    );
    let (_, ids) = docker(&[
        "ps",
        "-q",
        "--filter",
        &format!("label=ecs-local.task-definition-input.value={remote}"),
    ]);
    let id = ids.split_whitespace().next().expect("the remote task runs");
    let (_, env) = docker(&[
        "inspect",
        "-f",
        "{{range .Config.Env}}{{println .}}{{end}}",
        id,
    ]);
    assert!(env.contains("TOKEN=s3cr3t-value"), "{env}");
    let out = sb2.run(["local", "ps", "-t", &remote]).output();
    assert_eq!(out.assert_success().stdout_lines().len(), 2);

    // A missing secret: one fatal line, and nothing more starts.
    let bad_family = unique_name("local-missing-secret");
    moto.boto3(&format!(
        r#"
client('ecs').register_task_definition(family='{bad_family}', containerDefinitions=[{{
    'name': 'app', 'image': '{TASK_IMAGE}', 'memory': 64,
    'secrets': [{{'name': 'NOPE', 'valueFrom': 'arn:aws:ssm:us-east-1:123456789012:parameter/does-not-exist'}}]}}])
"#
    ));
    let sb3 = Sandbox::new();
    let out = sb3
        .run(["local", "up", "-t", &format!("{bad_family}:1")])
        .moto(moto)
        .output();
    let last = out.assert_code(1).stdout_lines().pop().unwrap();
    assert!(
        last.starts_with("level=fatal msg=\"Failed to decrypt secret due to \\nfailed to retrieve decrypted secret from arn:aws:ssm:"),
        "{}",
        out.describe()
    );
    let (_, ids) = docker(&[
        "ps",
        "-aq",
        "--filter",
        &format!("label=ecs-local.task-definition-input.value={bad_family}:1"),
    ]);
    assert_eq!(ids.trim(), "");

    let out = sb2.run(["local", "down", "--all"]).output();
    out.assert_success();
    assert!(
        out.stdout().contains("Stop and remove 1 container(s)"),
        "{}",
        out.describe()
    );
    assert!(!network_exists());

    // No docker-compose on PATH: one fatal line, and no network left behind.
    std::fs::write(sb.cwd().join("td.json"), task_definition(&family, "")).unwrap();
    let out = sb
        .run(["local", "up", "-f", "td.json", "--force"])
        .env("PATH", "/nonexistent")
        .output();
    let last = out.assert_code(1).stdout_lines().pop().unwrap();
    assert!(last.contains("docker-compose"), "{}", out.describe());
    assert!(!network_exists(), "{}", out.describe());

    // The endpoints image is missing and cannot be pulled: one fatal line, no network left.
    docker(&["rmi", ENDPOINTS_IMAGE]);
    let out = sb
        .run(["local", "up", "-f", "td.json", "--force"])
        .timeout(std::time::Duration::from_secs(120))
        .output();
    if out.code == Some(0) {
        // This engine can pull after all: nothing to check but that it ran.
        sb.run(["local", "down", "--all"]).output().assert_success();
    } else {
        let last = out.assert_code(1).stdout_lines().pop().unwrap();
        assert!(
            last.starts_with(
                "level=fatal msg=\"Failed to pull image amazon/amazon-ecs-local-container-endpoints due to"
            ),
            "{}",
            out.describe()
        );
        assert!(!network_exists(), "{}", out.describe());
    }
    docker(&["rm", "-f", "amazon-ecs-local-container-endpoints"]);
    tag(TASK_IMAGE, ENDPOINTS_IMAGE);
    clean_engine();
}

#[test]
fn without_a_docker_engine_each_command_fails_with_one_line() {
    let sb = Sandbox::new();
    std::fs::write(
        sb.cwd().join("task-definition.json"),
        task_definition("f", ""),
    )
    .unwrap();
    for args in [
        vec!["local", "ps"],
        vec!["local", "down"],
        vec!["local", "up", "--force"],
    ] {
        let out = sb
            .run(&args)
            .env("DOCKER_HOST", "unix:///nonexistent/docker.sock")
            .output();
        let last = out.assert_code(1).stdout_lines().pop().unwrap();
        assert!(
            last.starts_with("level=fatal") && last.contains("Cannot connect to the Docker daemon"),
            "{}",
            out.describe()
        );
        assert!(Path::new(&sb.cwd()).exists());
    }
}
