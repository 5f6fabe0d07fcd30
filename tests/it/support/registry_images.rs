//! Docker for the push/pull tests: a tiny image built here (the machine cannot pull one) and a
//! real registry on loopback. Both need the Docker engine and the Debian packages
//! `busybox-static` and `docker-registry` (tests/run-all.sh installs them); without them the
//! tests fail saying what is missing, never skip.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{free_port, http_request, TempDir};

const HOW_TO_FIX: &str =
    "The push/pull tests need a running Docker engine, the docker CLI and the Debian packages \
busybox-static and docker-registry: run tests/run-all.sh once (it installs them).";

/// Runs `docker args…`; its stdout, or a panic with stderr.
pub fn docker(args: &[&str]) -> String {
    let out = Command::new("docker")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run docker {args:?}: {e}\n{HOW_TO_FIX}"));
    assert!(
        out.status.success(),
        "docker {args:?} failed: {}\n{HOW_TO_FIX}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether the engine has an image of that name.
pub fn image_exists(name: &str) -> bool {
    Command::new("docker")
        .args(["image", "inspect", name])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn busybox_binary() -> PathBuf {
    ["/bin/busybox", "/usr/bin/busybox"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("no busybox binary (/bin/busybox).\n{HOW_TO_FIX}"))
}

/// Imports a one-layer image `name` (a busybox root filesystem) into the engine.
pub fn import_busybox(name: &str) {
    let dir = TempDir::new("rootfs");
    let root = dir.path().join("root");
    fs::create_dir_all(root.join("bin")).unwrap();
    fs::copy(busybox_binary(), root.join("bin/busybox")).unwrap();
    std::os::unix::fs::symlink("busybox", root.join("bin/sh")).unwrap();
    let tar = dir.path().join("rootfs.tar");
    let status = Command::new("tar")
        .arg("-C")
        .arg(&root)
        .arg("-cf")
        .arg(&tar)
        .arg(".")
        .status()
        .expect("tar");
    assert!(status.success(), "tar failed");
    docker(&["import", &tar.to_string_lossy(), name]);
}

/// A `docker-registry` (distribution) process on a free loopback port, storing in a temporary
/// folder; stopped on drop.
pub struct Registry {
    pub port: u16,
    child: Child,
    _dir: TempDir,
}

impl Registry {
    pub fn start() -> Registry {
        let binary = Path::new("/usr/bin/docker-registry");
        assert!(binary.exists(), "no {}.\n{HOW_TO_FIX}", binary.display());
        let dir = TempDir::new("registry");
        let port = free_port().expect("free port");
        let config = dir.path().join("config.yml");
        fs::write(
            &config,
            format!(
                "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n",
                dir.path().join("data").display()
            ),
        )
        .unwrap();
        let log = fs::File::create(dir.path().join("registry.log")).unwrap();
        let child = Command::new(binary)
            .arg("serve")
            .arg(&config)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start docker-registry: {e}\n{HOW_TO_FIX}"));
        let registry = Registry {
            port,
            child,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !matches!(http_request(port, "GET", "/v2/"), Ok((200, _))) {
            assert!(
                Instant::now() < deadline,
                "docker-registry did not answer on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        registry
    }

    /// `127.0.0.1:PORT`
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The tags the registry holds for `repository` (its `tags/list` body).
    pub fn tags(&self, repository: &str) -> String {
        http_request(self.port, "GET", &format!("/v2/{repository}/tags/list"))
            .map(|(_, body)| body)
            .unwrap_or_default()
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
