//! Faults: an endpoint that accepts connections and never answers must end in one clear line
//! within the configured timeouts; no credential value appears in any output, `--debug`
//! included.

use std::io::Read;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::support::{unique_name, Moto, Run, Sandbox};

#[test]
fn a_stuck_endpoint_is_one_line_naming_it_and_the_timeout() {
    // Accepts every connection, reads the request, never answers.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            let mut s = stream;
            let mut buf = [0u8; 4096];
            let _ = s.set_read_timeout(Some(Duration::from_millis(200)));
            let _ = s.read(&mut buf);
            held.push(s);
        }
    });
    let sandbox = Sandbox::new();
    let endpoint = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let out = Run::new(&sandbox)
        .args(["ps", "--cluster", "c1", "--region", "us-east-1"])
        .env("AWS_ENDPOINT_URL", &endpoint)
        .env("AWS_ACCESS_KEY_ID", "AKIATESTSTUCK")
        .env("AWS_SECRET_ACCESS_KEY", "secret")
        .env("AWS_MAX_ATTEMPTS", "1")
        .env("ECS_CLI_READ_TIMEOUT", "1")
        .env("ECS_CLI_ATTEMPT_TIMEOUT", "2")
        .env("ECS_CLI_OPERATION_TIMEOUT", "3")
        .timeout(Duration::from_secs(60))
        .output();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    out.assert_code(1);
    let last = out.stdout_lines().last().cloned().unwrap_or_default();
    assert!(
        last.contains("level=fatal") && last.contains(&format!("no answer from {endpoint}")),
        "{}",
        out.describe()
    );
}

#[test]
fn no_credential_value_in_any_output_even_with_debug() {
    let moto = Moto::shared();
    let sandbox = Sandbox::new();
    let (access, secret) = (
        "AKIAEXAMPLEKEY123456",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    );
    Run::new(&sandbox)
        .args([
            "configure",
            "profile",
            "--profile-name",
            "p",
            "--access-key",
            access,
            "--secret-key",
            secret,
        ])
        .output()
        .assert_success();
    let cluster = unique_name("cred");
    std::fs::write(
        sandbox.cwd().join("docker-compose.yml"),
        "version: '2'\nservices:\n  web:\n    image: nginx\n    mem_limit: 64m\n",
    )
    .expect("write compose file");
    // A project name of its own: the shared emulator's task-definition families are shared.
    let project = unique_name("credproj");
    for args in [
        vec![
            "compose",
            "--debug",
            "--project-name",
            &project,
            "create",
            "--cluster",
            &cluster,
            "--region",
            "us-east-1",
        ],
        vec![
            "compose",
            "--debug",
            "--project-name",
            &project,
            "ps",
            "--cluster",
            &cluster,
            "--region",
            "us-east-1",
        ],
        vec!["ps", "--cluster", &cluster, "--region", "us-east-1"],
    ] {
        let out = Run::new(&sandbox).args(&args).moto(moto).output();
        let all = format!("{}{}", out.stdout(), out.stderr());
        assert!(
            !all.contains(secret),
            "{args:?} printed the secret key:\n{all}"
        );
        assert!(
            !all.contains(access),
            "{args:?} printed the access key:\n{all}"
        );
    }
}

#[test]
fn concurrent_configure_profile_runs_all_land() {
    let sandbox = Sandbox::new();
    let runs: Vec<_> = (0..20)
        .map(|i| {
            let mut cmd = std::process::Command::new(crate::support::ecs_cli());
            cmd.args([
                "configure",
                "profile",
                "--profile-name",
                &format!("p{i}"),
                "--access-key",
                "AKIAEXAMPLE",
                "--secret-key",
                "secret",
            ])
            .env_clear()
            .env("HOME", sandbox.home())
            .current_dir(sandbox.cwd())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
            cmd.spawn().expect("start configure profile")
        })
        .collect();
    for mut child in runs {
        assert!(child.wait().expect("wait").success());
    }
    let text =
        std::fs::read_to_string(sandbox.home().join(".ecs/credentials")).expect("credentials");
    for i in 0..20 {
        assert!(
            text.contains(&format!("p{i}:")),
            "profile p{i} lost:\n{text}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_credentials_file_is_written_through_the_link() {
    let sandbox = Sandbox::new();
    let ecs = sandbox.home().join(".ecs");
    std::fs::create_dir_all(&ecs).expect("mkdir");
    let real = sandbox.root().join("real-credentials");
    std::fs::write(&real, "").expect("write");
    std::os::unix::fs::symlink(&real, ecs.join("credentials")).expect("symlink");
    Run::new(&sandbox)
        .args([
            "configure",
            "profile",
            "--profile-name",
            "p",
            "--access-key",
            "AKIAEXAMPLE",
            "--secret-key",
            "secret",
        ])
        .output()
        .assert_success();
    assert!(std::fs::symlink_metadata(ecs.join("credentials"))
        .expect("link")
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real).expect("read").contains("p:"));
}
