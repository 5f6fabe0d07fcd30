//! The conversion, field by field, against the original's outputs.

use super::*;
use crate::local::taskdef::from_json_text;

const SAMPLE_TD: &str = include_str!("../../../tests/fixtures/local/task-definition.json");
const SAMPLE_BASE: &str =
    include_str!("../../../tests/fixtures/local/docker-compose.ecs-local.yml");
const SAMPLE_OVERRIDE: &str =
    include_str!("../../../tests/fixtures/local/docker-compose.ecs-local.override.yml");
const SAMPLE_USE_ROLE: &str = include_str!("../../../tests/fixtures/local/other.yml");

fn local_input() -> Input {
    Input {
        kind: "local".into(),
        value: "/home/user/app/task-definition.json".into(),
    }
}

fn conv(json: &str) -> Converted {
    convert(
        &from_json_text(json.as_bytes()).unwrap(),
        &local_input(),
        false,
    )
    .unwrap()
}

/// The base file of a task definition with one container `c` made of `fields`.
fn one(fields: &str) -> String {
    let sep = if fields.is_empty() { "" } else { "," };
    conv(&format!(
        r#"{{"containerDefinitions":[{{"name":"c"{sep}{fields}}}]}}"#
    ))
    .base
}

/// The lines of the service between `environment` and `labels` blocks are noise in most
/// tests: this returns the service's keys other than those always present.
fn service_body(base: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for line in base.lines().skip(2) {
        if line == "networks:" {
            break;
        }
        let top = line.starts_with("    ") && !line.starts_with("     ");
        if top {
            skip = matches!(line.trim(), "environment:" | "labels:" | "networks:");
        }
        if !skip {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn the_sample_converts_to_the_originals_files() {
    let c = conv(SAMPLE_TD);
    assert_eq!(c.base, SAMPLE_BASE);
    assert_eq!(c.override_file, SAMPLE_OVERRIDE);
    assert_eq!(
        c.notes,
        vec![
            Note::Info(
                "Task Definition network mode is ignored when running containers locally. Tasks will be run in the ecs-local-network.".into(),
                ("networkMode", "bridge".into())
            ),
            Note::Warn("awslogs log driver is ignored when running locally. Tasks will default to json-file instead. This can be changed in your compose override file.".into()),
        ]
    );
}

#[test]
fn use_role_gives_the_task_roles_credentials_path() {
    let td = from_json_text(SAMPLE_TD.as_bytes()).unwrap();
    let c = convert(&td, &local_input(), true).unwrap();
    assert_eq!(c.base, SAMPLE_USE_ROLE);
    let td = from_json_text(br#"{"containerDefinitions":[{"name":"c"}]}"#).unwrap();
    assert!(convert(&td, &local_input(), true).is_err());
}

#[test]
fn minimal_container_has_environment_labels_and_network() {
    assert_eq!(
        one(""),
        "version: \"3.4\"
services:
  c:
    environment:
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: /creds
      ECS_CONTAINER_METADATA_URI: http://169.254.170.2/v3
    labels:
      ecs-local.task-definition-input.type: local
      ecs-local.task-definition-input.value: /home/user/app/task-definition.json
    networks:
      ecs-local-network: null
networks:
  ecs-local-network:
    external: true
"
    );
}

#[test]
fn no_container_definitions_is_an_error() {
    let td = from_json_text(br#"{"family":"x"}"#).unwrap();
    assert_eq!(
        convert(&td, &local_input(), false).unwrap_err(),
        "task definition must include at least one container definition"
    );
}

#[test]
fn lists_of_strings() {
    let body = service_body(&one(
        r#""command":["a","b c"],"entryPoint":["sh","-c"],"dnsServers":["1.1.1.1"],"dnsSearchDomains":["x.local"],"links":["db:db"],"dockerSecurityOptions":["no-new-privileges"]"#,
    ));
    assert_eq!(
        body,
        "  c:
    command:
    - a
    - b c
    dns:
    - 1.1.1.1
    dns_search:
    - x.local
    entrypoint:
    - sh
    - -c
    links:
    - db:db
    security_opt:
    - no-new-privileges
"
    );
}

#[test]
fn scalar_fields_and_booleans() {
    let body = service_body(&one(
        r#""image":"busybox","hostname":"h","user":"1000:1000","workingDirectory":"/w","interactive":true,"pseudoTerminal":true,"privileged":true,"readonlyRootFilesystem":true"#,
    ));
    assert_eq!(
        body,
        "  c:
    hostname: h
    image: busybox
    privileged: true
    read_only: true
    stdin_open: true
    tty: true
    user: 1000:1000
    working_dir: /w
"
    );
    // false is left out like an unset field
    let body = service_body(&one(r#""privileged":false,"interactive":false"#));
    assert_eq!(body, "  c:\n");
}

#[test]
fn environment_secrets_and_labels() {
    let base = one(
        r#""environment":[{"name":"B","value":"2"},{"name":"A","value":"1"},{"name":"N"}],"secrets":[{"name":"S","valueFrom":"arn:aws:secretsmanager:us-east-1:1:secret:s"}],"dockerLabels":{"z":"1","a":"2"}"#,
    );
    assert!(
        base.contains(
            "    environment:
      A: \"1\"
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: /creds
      B: \"2\"
      ECS_CONTAINER_METADATA_URI: http://169.254.170.2/v3
      \"N\": null
      S: ${c_S}
    labels:
      a: \"2\"
      ecs-local.secret.S: arn:aws:secretsmanager:us-east-1:1:secret:s
      ecs-local.task-definition-input.type: local
      ecs-local.task-definition-input.value: /home/user/app/task-definition.json
      z: \"1\"
"
        ),
        "{base}"
    );
    // The endpoints' variables win over the definition's own.
    let base =
        one(r#""environment":[{"name":"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI","value":"x"}]"#);
    assert!(base.contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: /creds"));
}

#[test]
fn ports_and_extra_hosts() {
    let body = service_body(&one(
        r#""portMappings":[{"containerPort":80},{"containerPort":53,"hostPort":5353,"protocol":"udp"}],"extraHosts":[{"hostname":"db","ipAddress":"10.0.0.1"}]"#,
    ));
    assert_eq!(
        body,
        "  c:
    extra_hosts:
    - db:10.0.0.1
    ports:
    - target: 80
    - target: 53
      published: 5353
      protocol: udp
"
    );
}

#[test]
fn mount_points_become_bind_mounts_of_the_volumes_host_path() {
    let base = conv(
        r#"{"volumes":[{"name":"data","host":{"sourcePath":"/srv/data"}},{"name":"scratch","host":{}},{"name":"docker"}],
            "containerDefinitions":[{"name":"c","mountPoints":[
              {"sourceVolume":"data","containerPath":"/data","readOnly":true},
              {"sourceVolume":"scratch","containerPath":"/tmp/s"},
              {"sourceVolume":"docker","containerPath":"/d"}]}]}"#,
    )
    .base;
    assert_eq!(
        service_body(&base),
        "  c:
    volumes:
    - type: bind
      source: /srv/data
      target: /data
      read_only: true
    - type: bind
      target: /tmp/s
    - type: bind
      target: /d
"
    );
}

#[test]
fn logging_keeps_driver_and_sorted_options() {
    let body = service_body(&one(
        r#""logConfiguration":{"logDriver":"syslog","options":{"tag":"t","syslog-address":"udp://x"}}"#,
    ));
    assert_eq!(
        body,
        "  c:
    logging:
      driver: syslog
      options:
        syslog-address: udp://x
        tag: t
"
    );
}

#[test]
fn healthcheck_durations_are_go_durations() {
    let body = service_body(&one(
        r#""healthCheck":{"command":["CMD-SHELL","curl -f http://localhost/"],"interval":30,"timeout":5,"retries":3,"startPeriod":90}"#,
    ));
    assert_eq!(
        body,
        "  c:
    healthcheck:
      test:
      - CMD-SHELL
      - curl -f http://localhost/
      timeout: 5s
      interval: 30s
      retries: 3
      start_period: 1m30s
"
    );
    assert_eq!(go_duration(3_600_000_000_000), "1h0m0s");
    assert_eq!(go_duration(0), "0s");
    assert_eq!(go_duration(-5_000_000_000), "-5s");
    assert_eq!(go_duration(1_500_000), "1.5ms");
}

#[test]
fn linux_parameters() {
    let body = service_body(&one(
        r#""linuxParameters":{"capabilities":{"add":["NET_ADMIN"],"drop":["MKNOD","CHOWN"]},
            "devices":[{"hostPath":"/dev/fuse"},{"hostPath":"/dev/sda","containerPath":"/dev/xvda","permissions":["read","write","mknod"]}],
            "initProcessEnabled":false,"sharedMemorySize":1536,
            "tmpfs":[{"containerPath":"/run","size":64},{"containerPath":"/tmp","size":1024,"mountOptions":["rw","noexec"]}]}"#,
    ));
    assert_eq!(
        body,
        "  c:
    cap_add:
    - NET_ADMIN
    cap_drop:
    - MKNOD
    - CHOWN
    devices:
    - /dev/fuse
    - /dev/sda:/dev/xvda:rwm
    init: false
    shm_size: 1.5GiB
    tmpfs:
    - /run:size=64MiB
    - /tmp:size=1GiB,rw,noexec
"
    );
    // An invalid device or tmpfs mount drops the whole list, as the original did.
    let body = service_body(&one(
        r#""linuxParameters":{"devices":[{"hostPath":"/a"},{"hostPath":"/b","permissions":["exec"]}],"tmpfs":[{"containerPath":"/x"}]}"#,
    ));
    assert_eq!(body, "  c:\n");
}

#[test]
fn sysctls_and_ulimits() {
    let body = service_body(&one(
        r#""systemControls":[{"namespace":"net.core.somaxconn","value":"1024"}],"ulimits":[{"name":"nofile","softLimit":1024,"hardLimit":4096},{"name":"core","softLimit":0,"hardLimit":0}]"#,
    ));
    assert_eq!(
        body,
        "  c:
    sysctls:
    - net.core.somaxconn=1024
    ulimits:
      core: {}
      nofile:
        soft: 1024
        hard: 4096
"
    );
}

#[test]
fn pid_and_ipc_modes() {
    let c = conv(r#"{"pidMode":"host","ipcMode":"none","containerDefinitions":[{"name":"c"}]}"#);
    assert_eq!(
        service_body(&c.base),
        "  c:\n    ipc: none\n    pid: host\n"
    );
    assert!(c.notes.is_empty());
    let c = conv(r#"{"pidMode":"task","ipcMode":"task","containerDefinitions":[{"name":"c"}]}"#);
    assert_eq!(service_body(&c.base), "  c:\n");
    assert_eq!(
        c.notes,
        vec![
            Note::Info(
                "PID mode can only be set to 'host' when running tasks locally.".into(),
                ("pid", "task".into())
            ),
            Note::Info(
                "IPC mode can only be set to 'host' or 'none' when running tasks locally.".into(),
                ("ipc", "task".into())
            ),
        ]
    );
}

#[test]
fn services_are_sorted_by_name_and_the_override_names_each() {
    let c =
        conv(r#"{"containerDefinitions":[{"name":"web","image":"w"},{"name":"app","image":"a"}]}"#);
    let app = c.base.find("  app:").unwrap();
    let web = c.base.find("  web:").unwrap();
    assert!(app < web);
    assert_eq!(
        c.override_file,
        "version: \"3.4\"
services:
  app:
    logging:
      driver: json-file
  web:
    logging:
      driver: json-file
"
    );
}

#[test]
fn sizes_and_g_format() {
    assert_eq!(bytes_size(64.0 * 1048576.0), "64MiB");
    assert_eq!(bytes_size(2500.0 * 1048576.0), "2.441GiB");
    assert_eq!(bytes_size(0.0), "0B");
    assert_eq!(format_g_prec(12346.0, 4), "1.235e+04");
    assert_eq!(format_g_prec(1000.0, 4), "1000");
}
