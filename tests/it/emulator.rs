//! End-to-end tests against the local AWS emulator (moto, started by the harness).
//! They fail, never skip, when the emulator cannot start: run `tests/run-all.sh` once to make
//! the Python venv they need.

use crate::support::{unique_name, Moto, Sandbox};

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

/// `--endpoint` (before the command) sends the ECS calls there, whatever AWS_ENDPOINT_URL says;
/// the other services follow the SDK's per-service variables.
#[test]
fn endpoint_flag_overrides_only_ecs() {
    let moto = Moto::shared();
    let cluster = unique_name("endpoint");
    let sandbox = Sandbox::new();
    let out = sandbox
        .run([
            "--endpoint",
            &moto.endpoint(),
            "up",
            "--empty",
            "--cluster",
            &cluster,
        ])
        .moto(moto)
        // Everything else points nowhere except CloudFormation, which `up` also calls.
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_ENDPOINT_URL_CLOUDFORMATION", moto.endpoint())
        .output();
    out.assert_success();
    assert!(cluster_names(moto).contains(&cluster), "{}", out.describe());
}

/// The SDK's per-service variable works for ECS too.
#[test]
fn per_service_endpoint_variable_is_honoured() {
    let moto = Moto::shared();
    let cluster = unique_name("perservice");
    let sandbox = Sandbox::new();
    let out = sandbox
        .run(["up", "--empty", "--cluster", &cluster])
        .moto(moto)
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .env("AWS_ENDPOINT_URL_ECS", moto.endpoint())
        .env("AWS_ENDPOINT_URL_CLOUDFORMATION", moto.endpoint())
        .output();
    out.assert_success();
    assert!(cluster_names(moto).contains(&cluster), "{}", out.describe());
}

/// A stored ECS profile's keys are used (and never printed, even with --debug).
#[test]
fn ecs_profile_keys_are_used_and_never_logged() {
    let moto = Moto::shared();
    let cluster = unique_name("profile");
    let sandbox = Sandbox::new();
    sandbox
        .run([
            "configure",
            "profile",
            "--access-key",
            "AKIDPROFILE",
            "--secret-key",
            "VERYSECRETKEY",
            "--profile-name",
            "p",
        ])
        .output()
        .assert_success();
    let out = sandbox
        .run([
            "--endpoint",
            &moto.endpoint(),
            "up",
            "--empty",
            "--cluster",
            &cluster,
            "--region",
            "us-east-1",
            "--verbose",
        ])
        .env("AWS_ENDPOINT_URL", moto.endpoint())
        .output();
    out.assert_success();
    assert!(
        !out.stdout().contains("VERYSECRETKEY") && !out.stderr().contains("VERYSECRETKEY"),
        "{}",
        out.describe()
    );
    assert!(cluster_names(moto).contains(&cluster), "{}", out.describe());
}
