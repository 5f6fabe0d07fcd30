//! End-to-end tests against the local AWS emulator (moto, started by the harness).
//! They fail, never skip, when the emulator cannot start: run `tests/run-all.sh` once to make
//! the Python venv they need.

mod support;

use support::{unique_name, Moto, Sandbox};

/// Cluster names the emulator knows in us-east-1, as seen through boto3 (not through ecs-cli).
fn cluster_names(moto: &Moto) -> Vec<String> {
    moto.boto3(
        "for arn in client('ecs').list_clusters()['clusterArns']:\n    print(arn.split('/')[-1])",
    )
    .lines()
    .map(str::to_string)
    .collect()
}

#[test]
fn harness_talks_to_the_emulator() {
    let moto = Moto::shared();
    let name = unique_name("probe");
    moto.boto3(&format!(
        "client('ecs').create_cluster(clusterName='{name}')"
    ));
    assert!(cluster_names(moto).contains(&name));
}

#[test]
fn up_empty_creates_the_cluster() {
    let moto = Moto::shared();
    let cluster = unique_name("empty");
    let sandbox = Sandbox::new();
    let out = sandbox
        .run([
            "up",
            "--empty",
            "--cluster",
            &cluster,
            "--region",
            "us-east-1",
        ])
        .moto(moto)
        .output();
    out.assert_success();
    assert!(
        out.stdout_lines()
            .iter()
            .any(|l| l == "Cluster creation succeeded."),
        "missing `Cluster creation succeeded.`\n{}",
        out.describe()
    );
    assert!(
        cluster_names(moto).contains(&cluster),
        "cluster {cluster} not found in the emulator after `up --empty`\n{}",
        out.describe()
    );
}
