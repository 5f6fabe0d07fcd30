//! Start-up cost of the binary, as a user feels it: `cargo bench --bench cli [-- RUNS]`.
//!
//! Times RUNS runs (default 50, or `$ECS_BENCH_RUNS`) of
//! - `ecs-cli --version`, and
//! - a `configure` round trip in a temporary HOME: `configure --cluster x --region us-east-1
//!   --config-name k`, then `configure default --config-name k`;
//!
//! and prints min / median / mean in milliseconds. Under `cargo test --benches` (no `--bench`
//! argument) it makes a single run of each, as a smoke test. Only std is used.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The release binary: cargo's `CARGO_BIN_EXE_ecs-cli`, else `$CARGO_TARGET_DIR/release/ecs-cli`,
/// else `target/release/ecs-cli`.
fn binary() -> PathBuf {
    if let Some(path) = option_env!("CARGO_BIN_EXE_ecs-cli") {
        return PathBuf::from(path);
    }
    let target = env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("release/ecs-cli")
}

/// Runs the binary once with a cleared environment and returns how long it took.
fn time_run(bin: &Path, home: &Path, args: &[&str]) -> Duration {
    let path = env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into());
    let start = Instant::now();
    let status = Command::new(bin)
        .args(args)
        .env_clear()
        .env("PATH", path)
        .env("HOME", home)
        .env("TZ", "UTC")
        .current_dir(home)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
    let elapsed = start.elapsed();
    assert!(
        status.success(),
        "`ecs-cli {}` failed: {status}",
        args.join(" ")
    );
    elapsed
}

struct Stats {
    min: f64,
    median: f64,
    mean: f64,
}

fn stats(samples: &mut [Duration]) -> Stats {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let n = samples.len();
    let median = if n % 2 == 1 {
        ms(samples[n / 2])
    } else {
        (ms(samples[n / 2 - 1]) + ms(samples[n / 2])) / 2.0
    };
    Stats {
        min: ms(samples[0]),
        median,
        mean: samples.iter().copied().map(ms).sum::<f64>() / n as f64,
    }
}

fn report(name: &str, runs: usize, samples: &mut [Duration]) {
    let s = stats(samples);
    println!(
        "{name:<28} runs={runs:<4} min={:>8.2} ms  median={:>8.2} ms  mean={:>8.2} ms",
        s.min, s.median, s.mean
    );
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let benchmarking = args.iter().any(|a| a == "--bench");
    let runs = args
        .iter()
        .find_map(|a| a.parse::<usize>().ok())
        .or_else(|| env::var("ECS_BENCH_RUNS").ok().and_then(|v| v.parse().ok()))
        .unwrap_or(if benchmarking { 50 } else { 1 })
        .max(1);

    let bin = binary();
    assert!(
        bin.exists(),
        "no binary at {}: run `cargo build --release` first",
        bin.display()
    );
    let home = env::temp_dir().join(format!("ecs-cli-bench-{}", std::process::id()));
    fs::create_dir_all(&home).expect("create temporary HOME");

    println!("binary: {}", bin.display());
    let mut version: Vec<Duration> = (0..runs)
        .map(|_| time_run(&bin, &home, &["--version"]))
        .collect();
    report("ecs-cli --version", runs, &mut version);

    let mut round_trip: Vec<Duration> = (0..runs)
        .map(|_| {
            let _ = fs::remove_dir_all(home.join(".ecs"));
            time_run(
                &bin,
                &home,
                &[
                    "configure",
                    "--cluster",
                    "x",
                    "--region",
                    "us-east-1",
                    "--config-name",
                    "k",
                ],
            ) + time_run(&bin, &home, &["configure", "default", "--config-name", "k"])
        })
        .collect();
    report("configure round trip", runs, &mut round_trip);

    let _ = fs::remove_dir_all(&home);
}
