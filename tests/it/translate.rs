//! End-to-end checks of the compose translator: project files on disk in, the
//! RegisterTaskDefinition request out (no network).

use std::collections::BTreeMap;

use aws_sdk_ecs::operation::register_task_definition::RegisterTaskDefinitionInput;
use aws_sdk_ecs::types::ContainerDefinition;
use ecs_cli::compose::{load_project, task_definition_input, ProjectOptions, TranslateOptions};

struct Case {
    dir: tempfile::TempDir,
    env: BTreeMap<String, String>,
    files: Vec<String>,
    launch_type: Option<String>,
}

impl Case {
    fn new(files: &[(&str, &str)]) -> Case {
        let dir = tempfile::Builder::new()
            .prefix("translate-case")
            .tempdir()
            .unwrap();
        for (name, content) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, content).unwrap();
        }
        Case {
            dir,
            env: BTreeMap::new(),
            files: Vec::new(),
            launch_type: None,
        }
    }

    fn env(mut self, k: &str, v: &str) -> Case {
        self.env.insert(k.into(), v.into());
        self
    }

    fn file(mut self, f: &str) -> Case {
        self.files.push(f.into());
        self
    }

    fn run(&self) -> Result<RegisterTaskDefinitionInput, String> {
        let opts = ProjectOptions {
            files: self.files.clone(),
            cwd: self.dir.path().to_path_buf(),
            env: self.env.clone(),
            ..Default::default()
        };
        let project = load_project(&opts).map_err(|e| e.to_string())?;
        task_definition_input(
            &project,
            &TranslateOptions {
                launch_type: self.launch_type.clone(),
                tags: vec![],
            },
        )
        .map_err(|e| e.to_string())
    }

    fn path(&self) -> String {
        self.dir.path().to_string_lossy().into_owned()
    }
}

fn container<'a>(input: &'a RegisterTaskDefinitionInput, name: &str) -> &'a ContainerDefinition {
    input
        .container_definitions()
        .iter()
        .find(|c| c.name() == Some(name))
        .unwrap_or_else(|| panic!("no container {name}"))
}

#[test]
fn v3_bind_volumes_are_made_absolute() {
    let c = Case::new(&[(
        "docker-compose.yml",
        "version: '3'\nservices:\n  web:\n    image: nginx\n    volumes:\n      - ./data:/data\n      - ~/cache:/cache:ro\n      - ../up:/up\n",
    )])
    .env("HOME", "/home/someone");
    let input = c.run().unwrap();
    let vols: Vec<(String, String)> = input
        .volumes()
        .iter()
        .map(|v| {
            (
                v.name().unwrap().to_string(),
                v.host()
                    .and_then(|h| h.source_path())
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect();
    let parent = std::path::Path::new(&c.path())
        .parent()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        vols,
        vec![
            ("volume-0".to_string(), format!("{}/data", c.path())),
            ("volume-1".to_string(), "/home/someone/cache".to_string()),
            ("volume-2".to_string(), format!("{parent}/up")),
        ]
    );
    let web = container(&input, "web");
    assert!(web.mount_points()[1].read_only().unwrap());
}

#[test]
fn v2_relative_host_paths_are_sent_verbatim() {
    let c = Case::new(&[(
        "docker-compose.yml",
        "version: '2'\nservices:\n  web:\n    image: nginx\n    volumes:\n      - ./data:/data\n      - shared:/s\nvolumes:\n  shared:\n",
    )]);
    let input = c.run().unwrap();
    let host: Vec<_> = input
        .volumes()
        .iter()
        .filter_map(|v| v.host().and_then(|h| h.source_path()))
        .collect();
    assert_eq!(host, vec!["./data"]);
    // the named volume was declared first, so the host volume is volume-1
    assert_eq!(
        container(&input, "web").mount_points()[0].source_volume(),
        Some("volume-1")
    );
}

#[test]
fn v3_multi_file_merge_sorts_services_and_merges_environment() {
    let c = Case::new(&[
        (
            "base.yml",
            "version: '3'\nservices:\n  web:\n    image: nginx\n    environment:\n      A: base\n      B: base\n    ports:\n      - \"80:80\"\n  api:\n    image: api\n",
        ),
        (
            "prod.yml",
            "version: '3'\nservices:\n  web:\n    image: nginx:prod\n    environment:\n      B: prod\n    ports:\n      - \"8080:80\"\n",
        ),
    ])
    .file("base.yml")
    .file("prod.yml");
    let input = c.run().unwrap();
    let names: Vec<_> = input
        .container_definitions()
        .iter()
        .map(|c| c.name().unwrap())
        .collect();
    assert_eq!(names, vec!["api", "web"]);
    let web = container(&input, "web");
    assert_eq!(web.image(), Some("nginx:prod"));
    let mut env: Vec<(String, String)> = web
        .environment()
        .iter()
        .map(|e| (e.name().unwrap().into(), e.value().unwrap().into()))
        .collect();
    env.sort();
    assert_eq!(
        env,
        vec![("A".into(), "base".into()), ("B".into(), "prod".into())]
    );
    let ports: Vec<i32> = web
        .port_mappings()
        .iter()
        .map(|p| p.host_port().unwrap())
        .collect();
    assert_eq!(ports, vec![80, 8080]);
}

#[test]
fn v2_env_file_and_extends_from_another_file() {
    let c = Case::new(&[
        (
            "common.yml",
            "version: '2'\nservices:\n  base:\n    image: nginx\n    cpu_shares: 32\n    environment:\n      - FROM_BASE=1\n",
        ),
        (
            "docker-compose.yml",
            "version: '2'\nservices:\n  web:\n    extends:\n      file: common.yml\n      service: base\n    env_file: web.env\n    environment:\n      - OWN=yes\n",
        ),
        ("web.env", "FILE_VAR=1\nOWN=from-file\n# comment\n"),
    ]);
    let input = c.run().unwrap();
    let web = container(&input, "web");
    assert_eq!(web.cpu(), 32);
    let env: Vec<(String, String)> = web
        .environment()
        .iter()
        .map(|e| (e.name().unwrap().into(), e.value().unwrap().into()))
        .collect();
    // env_file makes the service's environment a typed list: the base's is replaced
    assert_eq!(
        env,
        vec![
            ("OWN".to_string(), "yes".to_string()),
            ("FILE_VAR".to_string(), "1".to_string())
        ]
    );
}

#[test]
fn v3_dotenv_next_to_the_compose_file() {
    let c = Case::new(&[
        (
            "sub/docker-compose.yml",
            "version: '3'\nservices:\n  web:\n    image: \"nginx:${TAG}\"\n",
        ),
        ("sub/.env", "TAG=sub\n"),
        (".env", "TAG=cwd\n"),
    ])
    .file("sub/docker-compose.yml");
    let input = c.run().unwrap();
    assert_eq!(input.family(), Some("sub"));
    assert_eq!(container(&input, "web").image(), Some("nginx:sub"));
}

#[test]
fn errors_keep_the_original_wording() {
    let cases: &[(&str, &str)] = &[
        (
            "version: '3'\nservices:\n  web:\n    image: \"${TAG:?tag is needed}\"\n",
            "invalid interpolation format for services.web.image: \"required variable TAG is missing a value: tag is needed\". You may need to escape any $ with another $.",
        ),
        ("version: '3'\nservices:\n", "services must be a mapping"),
        (
            "web:\n  cpu_shares: 10\n",
            "Service 'web' has neither an image nor a build path specified. Exactly one must be provided.",
        ),
        (
            "version: '3'\nservices:\n  web:\n    image: nginx\n    secrets: [a]\n",
            "secrets Additional property secrets is not allowed",
        ),
        (
            "version: '2'\nservices:\n  web:\n    image: nginx\n    volumes:\n      - data:/data\n",
            "named volume [data] is used but no declaration was found in the volumes section",
        ),
        (
            "version: '2'\nservices:\n  web:\n    image: nginx\n    environment:\n      - 1\n",
            "Service 'web' configuration key 'environment' contains 1, which is an invalid type, it should be a string",
        ),
        (
            "version: '3'\nservices:\n  web:\n    image: nginx\nvolumes:\n  v:\n    external: true\n",
            "External option is not supported",
        ),
        (
            "version: '2'\nservices:\n  web:\n    image: nginx\n    mem_limit: lots\n",
            "invalid size: 'lots'",
        ),
        (
            "version: '3.9'\nservices:\n  web:\n    image: nginx\n",
            "Unsupported Docker Compose version found: 3.9",
        ),
        (
            "version: 3\nservices:\n  web:\n    image: nginx\n",
            "version must be a string",
        ),
    ];
    for (compose, want) in cases {
        let c = Case::new(&[("docker-compose.yml", compose)]);
        assert_eq!(c.run().unwrap_err(), *want, "for:\n{compose}");
    }
}

#[test]
fn ecs_params_docker_volume_configures_a_named_volume() {
    let c = Case::new(&[
        (
            "docker-compose.yml",
            "version: '3'\nservices:\n  web:\n    image: nginx\n    volumes:\n      - data:/data\nvolumes:\n  data:\n",
        ),
        (
            "ecs-params.yml",
            "version: 1\ntask_definition:\n  docker_volumes:\n    - name: data\n      scope: task\n      driver: local\n      driver_opts:\n        type: tmpfs\n",
        ),
    ]);
    let input = c.run().unwrap();
    assert_eq!(input.volumes().len(), 1);
    let dv = input.volumes()[0].docker_volume_configuration().unwrap();
    assert_eq!(dv.driver(), Some("local"));
    assert_eq!(
        dv.driver_opts().unwrap().get("type").map(|s| s.as_str()),
        Some("tmpfs")
    );
}

#[test]
fn yaml_anchors_and_merge_keys() {
    let c = Case::new(&[(
        "docker-compose.yml",
        "version: '2'\nx-defaults: &defaults\n  image: nginx\n  cpu_shares: 64\nservices:\n  web:\n    <<: *defaults\n    cpu_shares: 128\n  worker:\n    <<: *defaults\n",
    )]);
    let input = c.run().unwrap();
    assert_eq!(container(&input, "web").cpu(), 128);
    assert_eq!(container(&input, "worker").cpu(), 64);
    assert_eq!(container(&input, "worker").image(), Some("nginx"));
}

#[test]
fn fargate_task_size_leaves_container_memory_unset() {
    let mut c = Case::new(&[
        ("docker-compose.yml", "version: '3'\nservices:\n  web:\n    image: nginx\n"),
        (
            "ecs-params.yml",
            "version: 1\ntask_definition:\n  ecs_network_mode: awsvpc\n  task_size:\n    cpu_limit: 256\n    mem_limit: 0.5GB\n",
        ),
    ]);
    c.launch_type = Some("FARGATE".into());
    let input = c.run().unwrap();
    assert_eq!(input.cpu(), Some("256"));
    assert_eq!(input.memory(), Some("0.5GB"));
    assert_eq!(container(&input, "web").memory(), None);
    assert_eq!(input.requires_compatibilities().len(), 1);
}

#[test]
fn files_starting_with_a_byte_order_mark_are_read_like_any_other() {
    // Some Windows editors start UTF-8 files with a BOM; go-yaml skipped it, so must we.
    let out = Case::new(&[
        (
            "docker-compose.yml",
            "\u{feff}version: '3'\nservices:\n  web:\n    image: nginx\n",
        ),
        (
            "ecs-params.yml",
            "\u{feff}version: 1\ntask_definition:\n  task_execution_role: arn:aws:iam::123456789012:role/exec\n",
        ),
    ])
    .run()
    .expect("translates");
    assert_eq!(
        out.execution_role_arn(),
        Some("arn:aws:iam::123456789012:role/exec")
    );
    assert_eq!(out.container_definitions()[0].image(), Some("nginx"));
}

// ---------------------------------------------------------------------------------------------
// compose files newer than the original (issue 15)

#[test]
fn every_later_version_is_read() {
    for v in [
        "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8",
    ] {
        let compose = format!("version: '{v}'\nservices:\n  web:\n    image: nginx\n");
        let c = Case::new(&[("docker-compose.yml", compose.as_str())]);
        let input = c.run().unwrap_or_else(|e| panic!("{v}: {e}"));
        assert_eq!(container(&input, "web").image(), Some("nginx"), "{v}");
    }
}

#[test]
fn later_fields_are_validated_by_their_own_version() {
    // init came with 3.7: a 3.6 file may not have it
    let c = Case::new(&[(
        "docker-compose.yml",
        "version: '3.6'\nservices:\n  web:\n    image: nginx\n    init: true\n",
    )]);
    assert_eq!(
        c.run().unwrap_err(),
        "init Additional property init is not allowed"
    );
    let c = Case::new(&[(
        "docker-compose.yml",
        "version: '3.7'\nservices:\n  web:\n    image: nginx\n    init: true\n",
    )]);
    let input = c.run().unwrap();
    let lp = container(&input, "web").linux_parameters().unwrap();
    assert_eq!(lp.init_process_enabled(), Some(true));
}

#[test]
fn specification_file_translates_resources_and_dependencies() {
    let c = Case::new(&[(
        "compose.yaml",
        "services:
  web:
    image: nginx:${TAG:-1.25}
    depends_on:
      seed:
        condition: service_completed_successfully
      api:
        condition: service_healthy
    deploy:
      resources:
        limits: {cpus: '0.25', memory: 300M}
        reservations: {memory: 100M}
  api:
    image: api
    healthcheck:
      test: [CMD, ok]
  seed:
    image: seed
",
    )])
    .file("compose.yaml");
    let input = c.run().unwrap();
    let web = container(&input, "web");
    assert_eq!(web.image(), Some("nginx:1.25"));
    assert_eq!(
        (web.cpu(), web.memory(), web.memory_reservation()),
        (256, Some(300), Some(100))
    );
    let deps: Vec<(&str, &str)> = web
        .depends_on()
        .iter()
        .map(|d| (d.container_name(), d.condition().as_str()))
        .collect();
    assert_eq!(deps, vec![("seed", "SUCCESS"), ("api", "HEALTHY")]);
    // a container others wait to finish is not essential
    assert_eq!(container(&input, "seed").essential(), Some(false));
    assert_eq!(container(&input, "api").essential(), Some(true));
}

#[test]
fn a_v1_service_named_services_stays_v1() {
    // (and fails as the original's libcompose does: it decodes `services` as v2 services first)
    let c = Case::new(&[("docker-compose.yml", "services:\n  image: nginx\n")]);
    assert_eq!(
        c.run().unwrap_err(),
        "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `nginx` into config.RawService"
    );
}

#[test]
fn specification_env_file_long_form() {
    let c = Case::new(&[
        (
            "docker-compose.yml",
            "services:
  web:
    image: nginx
    env_file:
      - path: ./app.env
      - path: ./missing.env
        required: false
",
        ),
        ("app.env", "A=1\n"),
    ]);
    let input = c.run().unwrap();
    let env: Vec<(&str, &str)> = container(&input, "web")
        .environment()
        .iter()
        .map(|kv| (kv.name().unwrap_or(""), kv.value().unwrap_or("")))
        .collect();
    assert_eq!(env, vec![("A", "1")]);
}

/// A small deterministic stand-in for fuzzing the later loaders: every truncation and many
/// single-byte edits of later-version files load without a panic, and every error says something.
#[test]
fn later_loaders_survive_mutations() {
    let seeds = [
        "version: '3.8'\nservices:\n  web:\n    image: nginx\n    init: true\n    deploy:\n      resources:\n        limits: {cpus: '0.5', memory: 64M}\n    sysctls: {a.b: 1}\n",
        "services:\n  web:\n    image: ${I:-nginx}\n    depends_on:\n      db: {condition: service_healthy}\n    env_file: [{path: a.env, required: false}]\n  db:\n    image: pg\n    shm_size: 1g\n",
        "version: '2.4'\nservices:\n  web:\n    image: nginx\n    depends_on:\n      db: {condition: service_started}\n  db:\n    image: pg\n",
    ];
    let edits: [&[u8]; 8] = [b"", b":", b"{", b"-", b"$", b"\n", b" ", b"'"];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docker-compose.yml");
    let mut runs = 0;
    for seed in seeds {
        let bytes = seed.as_bytes();
        for i in 0..bytes.len() {
            for (n, e) in edits.iter().enumerate() {
                // truncation at every position; the other edits at every third one
                if n > 0 && i % 3 != 0 {
                    continue;
                }
                let mut m = bytes[..i].to_vec();
                m.extend_from_slice(e);
                if n > 0 {
                    m.extend_from_slice(&bytes[(i + 1).min(bytes.len())..]);
                }
                std::fs::write(&path, &m).unwrap();
                let opts = ProjectOptions {
                    cwd: dir.path().to_path_buf(),
                    ..Default::default()
                };
                let result = load_project(&opts)
                    .map_err(|e| e.to_string())
                    .and_then(|p| {
                        task_definition_input(&p, &TranslateOptions::default())
                            .map_err(|e| e.to_string())
                    });
                if let Err(e) = result {
                    assert!(
                        !e.is_empty(),
                        "empty error for {:?}",
                        String::from_utf8_lossy(&m)
                    );
                }
                runs += 1;
            }
        }
    }
    assert!(runs > 500);
}
