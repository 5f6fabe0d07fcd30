//! Docker for the tests that need the engine. The machine cannot pull, so images are made
//! here: a root filesystem with Debian's static busybox (`busybox-static`, `/bin/busybox`) and
//! its applet links, `docker import`ed with a command that keeps the container running.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// Whether the engine answers. When it does not: a panic if the run requires Docker
/// (`ECS_TEST_NEEDS_DOCKER=1`, set by tests/run-all.sh), else `false` (the caller skips).
pub fn docker_ready() -> bool {
    let ok = Command::new("docker")
        .arg("info")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok && std::env::var("ECS_TEST_NEEDS_DOCKER").as_deref() == Ok("1") {
        panic!(
            "the Docker engine is not reachable (docker info failed), and ECS_TEST_NEEDS_DOCKER=1"
        );
    }
    if !ok {
        eprintln!("skipped: no Docker engine (set ECS_TEST_NEEDS_DOCKER=1 to make this a failure)");
    }
    ok
}

/// Runs `docker <args>`; returns (success, stdout + stderr).
pub fn docker(args: &[&str]) -> (bool, String) {
    let out = Command::new("docker")
        .args(args)
        .output()
        .expect("docker runs");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// Makes sure the image `tag` exists: busybox, whose default command sleeps for an hour.
pub fn busybox_image(tag: &str) {
    static BUILD: Mutex<()> = Mutex::new(());
    let _guard = BUILD.lock().unwrap_or_else(|e| e.into_inner());
    if docker(&["image", "inspect", tag]).0 {
        return;
    }
    let busybox = Path::new("/bin/busybox");
    assert!(
        busybox.exists(),
        "/bin/busybox is missing: install Debian's busybox-static (tests/run-all.sh does)"
    );
    let root = tempfile::tempdir().expect("temp dir");
    let bin = root.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(busybox, bin.join("busybox")).unwrap();
    for applet in ["sh", "sleep", "env", "cat", "ls", "echo", "true"] {
        std::os::unix::fs::symlink("busybox", bin.join(applet)).unwrap();
    }
    for dir in ["tmp", "etc", "proc", "sys", "dev"] {
        std::fs::create_dir_all(root.path().join(dir)).unwrap();
    }
    let script = format!(
        "tar -C '{}' -cf - . | docker import --change 'CMD [\"/bin/sleep\", \"3600\"]' - '{tag}'",
        root.path().display()
    );
    let out = Command::new("sh")
        .args(["-c", &script])
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "docker import of busybox as {tag} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Tags an existing image with another name.
pub fn tag(source: &str, target: &str) {
    let (ok, out) = docker(&["tag", source, target]);
    assert!(ok, "docker tag {source} {target}: {out}");
}
