//! Fuzz target: a compose file (and optionally an ecs-params file after a NUL byte) through
//! loading and translation. Any error is fine; a panic, hang or crash is a bug.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

// The translator and the pure modules it uses, at the crate root where its `crate::` paths
// expect them.
#[allow(dead_code, unused_imports)]
#[path = "../../src/compose/mod.rs"]
mod compose;
#[allow(dead_code, unused_imports)]
#[path = "../../src/go/mod.rs"]
mod go;
#[allow(dead_code, unused_imports)]
#[path = "../../src/yaml/mod.rs"]
mod yaml;

fn workdir() -> &'static std::path::Path {
    static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("ecs-cli-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("fuzz work dir");
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let (compose_part, params_part) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let dir = workdir();
    let _ = std::fs::write(dir.join("docker-compose.yml"), compose_part);
    let params = dir.join("ecs-params.yml");
    match params_part {
        Some(p) => {
            let _ = std::fs::write(&params, p);
        }
        None => {
            let _ = std::fs::remove_file(&params);
        }
    }
    let opts = compose::ProjectOptions {
        cwd: dir.to_path_buf(),
        env: [("HOME".to_string(), "/home/fuzz".to_string()), ("TAG".to_string(), "1".to_string())]
            .into_iter()
            .collect(),
        ..Default::default()
    };
    if let Ok(project) = compose::load_project(&opts) {
        let _ = compose::task_definition_input(
            &project,
            &compose::TranslateOptions {
                launch_type: Some("EC2".into()),
                tags: vec![],
            },
        );
    }
});
