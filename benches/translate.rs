//! Benchmark: load and translate a generated 200-service compose project (v2 and v3) with an
//! ecs-params file. No network. Run with `cargo bench --bench translate`.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use ecs_cli::compose::{load_project, task_definition_input, ProjectOptions, TranslateOptions};

const SERVICES: usize = 200;

fn compose_file(version: &str) -> String {
    let mut s = format!("version: '{version}'\nservices:\n");
    for i in 0..SERVICES {
        let _ = write!(
            s,
            "  svc{i}:\n    image: \"registry.example.com/app{i}:${{TAG:-latest}}\"\n    command: [\"run\", \"--id\", \"{i}\"]\n    environment:\n      - INDEX={i}\n      - MODE=prod\n      - FROM_SHELL\n    ports:\n      - \"{}:80\"\n      - \"{}/udp\"\n    volumes:\n      - /data/{i}:/data\n      - shared:/shared:ro\n    labels:\n      team: t{}\n    ulimits:\n      nofile:\n        soft: 1024\n        hard: 2048\n    logging:\n      driver: awslogs\n      options:\n        awslogs-group: g{i}\n        awslogs-stream-prefix: s{i}\n",
            8000 + i,
            9000 + i,
            i % 7
        );
        if version == "2" {
            let _ = writeln!(s, "    mem_limit: 256m\n    cpu_shares: 128");
        } else {
            let _ = writeln!(
                s,
                "    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 30s"
            );
        }
    }
    s.push_str("volumes:\n  shared:\n");
    s
}

fn ecs_params() -> String {
    let mut s = String::from("version: 1\ntask_definition:\n  ecs_network_mode: bridge\n  task_role_arn: arn:aws:iam::123456789012:role/r\n  services:\n");
    for i in (0..SERVICES).step_by(2) {
        let _ = writeln!(
            s,
            "    svc{i}:\n      essential: {}\n      cpu_shares: 64\n      mem_reservation: 128m\n      secrets:\n        - name: S{i}\n          value_from: arn:aws:ssm:us-east-1:1:parameter/p{i}",
            i % 4 == 0
        );
    }
    s
}

fn run(dir: &std::path::Path, iterations: u32) -> Duration {
    let opts = ProjectOptions {
        cwd: dir.to_path_buf(),
        env: [("FROM_SHELL".to_string(), "x".to_string())]
            .into_iter()
            .collect(),
        ..Default::default()
    };
    let start = Instant::now();
    for _ in 0..iterations {
        let project = load_project(&opts).expect("load");
        let input =
            task_definition_input(&project, &TranslateOptions::default()).expect("translate");
        assert_eq!(input.container_definitions().len(), SERVICES);
    }
    start.elapsed() / iterations
}

fn main() {
    // `cargo test --benches` runs this with --bench absent: keep it quick then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let iterations = if quick { 1 } else { 20 };
    for version in ["2", "3"] {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("docker-compose.yml"), compose_file(version)).unwrap();
        std::fs::write(dir.path().join("ecs-params.yml"), ecs_params()).unwrap();
        // warm-up
        run(dir.path(), 1);
        let per = run(dir.path(), iterations);
        println!(
            "translate: compose v{version}, {SERVICES} services + ecs-params: {:.2} ms per project ({iterations} runs)",
            per.as_secs_f64() * 1000.0
        );
    }
}
