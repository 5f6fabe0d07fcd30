//! `compose create` end to end against the local AWS emulator (moto, started by the harness):
//! registration, reuse of an identical latest revision through the local cache, tags and
//! `--create-log-groups`. Like the other emulator tests they fail, never skip, when the
//! emulator cannot start: run `tests/run-all.sh` once to make the Python venv.

use std::fs;

use crate::support;
use crate::support::{unique_name, Moto, Sandbox};

const COMPOSE: &str = "version: '2'
services:
  web:
    image: nginx
    mem_limit: 64m
    ports:
      - \"80:80\"
";

fn create(moto: &Moto, sandbox: &Sandbox, project: &str, extra: &[&str]) -> support::Output {
    let mut args = vec![
        "compose",
        "--project-name",
        project,
        "--cluster",
        "default",
        "--region",
        "us-east-1",
        "create",
    ];
    args.extend_from_slice(extra);
    sandbox.run(args).moto(moto).output()
}

/// The `TaskDefinition=` value of the `Using ECS task definition` line.
fn used_revision(out: &support::Output) -> String {
    out.stdout_lines()
        .iter()
        .find(|l| l.contains("msg=\"Using ECS task definition\""))
        .and_then(|l| l.split("TaskDefinition=").nth(1))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_else(|| panic!("no `Using ECS task definition` line\n{}", out.describe()))
}

#[test]
fn an_identical_definition_reuses_the_latest_revision() {
    let moto = Moto::shared();
    let sandbox = Sandbox::new();
    let project = unique_name("reuse");
    fs::write(sandbox.cwd().join("docker-compose.yml"), COMPOSE).unwrap();

    let first = create(moto, &sandbox, &project, &[]);
    first.assert_success();
    assert_eq!(used_revision(&first), format!("{project}:1"));

    let second = create(moto, &sandbox, &project, &[]);
    second.assert_success();
    assert_eq!(
        used_revision(&second),
        format!("{project}:1"),
        "an unchanged project must not register a new revision\n{}",
        second.describe()
    );

    fs::write(
        sandbox.cwd().join("docker-compose.yml"),
        COMPOSE.replace("nginx", "nginx:1.25"),
    )
    .unwrap();
    let third = create(moto, &sandbox, &project, &[]);
    third.assert_success();
    assert_eq!(used_revision(&third), format!("{project}:2"));

    let image = moto.boto3(&format!(
        "td = client('ecs').describe_task_definition(taskDefinition='{project}')['taskDefinition']\n\
         c = td['containerDefinitions'][0]\n\
         print(c['image'], c['memory'], c['portMappings'][0]['hostPort'])"
    ));
    assert_eq!(image.trim(), "nginx:1.25 64 80");
}

#[test]
fn tags_are_sent_with_the_registration() {
    let moto = Moto::shared();
    let sandbox = Sandbox::new();
    let project = unique_name("tags");
    fs::write(sandbox.cwd().join("docker-compose.yml"), COMPOSE).unwrap();

    let out = create(moto, &sandbox, &project, &["--tags", "team=blue,stage=dev"]);
    out.assert_success();
    let tags = moto.boto3(&format!(
        "r = client('ecs').describe_task_definition(taskDefinition='{project}', include=['TAGS'])\n\
         print(sorted((t['key'], t['value']) for t in r.get('tags', [])))"
    ));
    assert_eq!(tags.trim(), "[('stage', 'dev'), ('team', 'blue')]");
}

#[test]
fn malformed_tags_are_fatal_before_any_call() {
    let moto = Moto::shared();
    let sandbox = Sandbox::new();
    let project = unique_name("badtags");
    fs::write(sandbox.cwd().join("docker-compose.yml"), COMPOSE).unwrap();

    let out = create(moto, &sandbox, &project, &["--tags", "novalue"]);
    let fatal = out.assert_single_fatal();
    assert!(
        fatal.contains("Tag input not formatted correctly: novalue"),
        "{}",
        out.describe()
    );
    let families = moto.boto3(&format!(
        "print(client('ecs').list_task_definition_families(familyPrefix='{project}')['families'])"
    ));
    assert_eq!(families.trim(), "[]");
}

#[test]
fn create_log_groups_creates_the_awslogs_group() {
    let moto = Moto::shared();
    let sandbox = Sandbox::new();
    let project = unique_name("logs");
    let group = format!("/ecs/{project}");
    fs::write(
        sandbox.cwd().join("docker-compose.yml"),
        format!(
            "version: '3'
services:
  web:
    image: nginx
    logging:
      driver: awslogs
      options:
        awslogs-group: {group}
        awslogs-region: us-east-1
        awslogs-stream-prefix: web
"
        ),
    )
    .unwrap();

    let out = create(moto, &sandbox, &project, &["--create-log-groups"]);
    out.assert_success();
    let groups = moto.boto3(&format!(
        "r = client('logs').describe_log_groups(logGroupNamePrefix='{group}')\n\
         print([g['logGroupName'] for g in r['logGroups']])"
    ));
    assert_eq!(groups.trim(), format!("['{group}']"));

    // a second run finds the group already there: only a warning, still a success
    let again = create(moto, &sandbox, &project, &["--create-log-groups"]);
    again.assert_success();
}

#[test]
fn create_log_groups_passes_over_containers_without_awslogs() {
    let moto = Moto::shared();
    let sandbox = Sandbox::new();
    let project = unique_name("somelogs");
    let group = format!("/ecs/{project}");
    fs::write(
        sandbox.cwd().join("docker-compose.yml"),
        format!(
            "version: '3'
services:
  web:
    image: nginx
    logging:
      driver: awslogs
      options:
        awslogs-group: {group}
        awslogs-region: us-east-1
        awslogs-stream-prefix: web
  cache:
    image: redis
"
        ),
    )
    .unwrap();

    let out = create(moto, &sandbox, &project, &["--create-log-groups"]);
    out.assert_success();
    assert!(
        !out.stdout().contains("No log groups to create"),
        "{}",
        out.describe()
    );
    let groups = moto.boto3(&format!(
        "r = client('logs').describe_log_groups(logGroupNamePrefix='{group}')\n\
         print([g['logGroupName'] for g in r['logGroups']])"
    ));
    assert_eq!(groups.trim(), format!("['{group}']"));
}

#[test]
fn create_log_groups_without_any_awslogs_container_only_warns() {
    let moto = Moto::shared();
    let sandbox = Sandbox::new();
    let project = unique_name("nologs");
    fs::write(sandbox.cwd().join("docker-compose.yml"), COMPOSE).unwrap();

    let out = create(moto, &sandbox, &project, &["--create-log-groups"]);
    out.assert_success();
    assert_eq!(used_revision(&out), format!("{project}:1"));
    assert!(
        out.stdout_lines()
            .iter()
            .any(|l| l.contains("level=warning")
                && l.contains("msg=\"No log groups to create; no containers use 'awslogs'\"")),
        "{}",
        out.describe()
    );
}
