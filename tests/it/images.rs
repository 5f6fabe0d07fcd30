//! `images`, `push` and `pull`. `images` against the emulator (many images: the header
//! repeated every 100 rows, the tag filters). `push`/`pull` end to end: a real Docker engine,
//! a real registry on loopback that the emulator's ECR names in its authorization token, and
//! a tiny image built here.

use crate::support::registry_images::{docker, image_exists, import_busybox, Registry};
use crate::support::{unique_name, Moto, Sandbox};

#[test]
fn images_lists_every_image_with_the_header_every_hundred_rows() {
    let moto = Moto::shared();
    let sb = Sandbox::new();
    let repo = unique_name("many");
    moto.boto3(&format!(
        r#"
import json
ecr = client('ecr')
ecr.create_repository(repositoryName='{repo}')
def manifest(n):
    return json.dumps({{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {{"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1000 + n,
                    "digest": "sha256:" + format(n, "x").rjust(64, "0")}}, "layers": []}})
for n in range(150):
    ecr.put_image(repositoryName='{repo}', imageManifest=manifest(n), imageTag='t%d' % n)
ecr.put_image(repositoryName='{repo}', imageManifest=manifest(999))
"#
    ));
    let out = sb.run(["images", &repo]).moto(moto).output();
    out.assert_success();
    let stdout = out.stdout();
    assert_eq!(
        stdout.matches("REPOSITORY NAME").count(),
        2,
        "{}",
        out.describe()
    );
    assert_eq!(stdout.lines().filter(|l| l.starts_with(&repo)).count(), 151);
    assert_eq!(stdout.lines().filter(|l| l.is_empty()).count(), 2);
    assert!(stdout.contains("<none>"));

    let tagged = sb.run(["images", "--tagged", &repo]).moto(moto).output();
    assert!(!tagged.stdout().contains("<none>"), "{}", tagged.describe());
    let untagged = sb.run(["images", "--untagged", &repo]).moto(moto).output();
    assert_eq!(
        untagged
            .stdout()
            .lines()
            .filter(|l| l.starts_with(&repo))
            .count(),
        1
    );

    let missing = sb.run(["images", "no-such-repo-x"]).moto(moto).output();
    let line = missing.assert_single_fatal();
    assert!(
        line.contains("Error executing 'images': RepositoryNotFoundException"),
        "{line}"
    );
}

#[test]
fn push_and_pull_through_the_emulators_token() {
    let registry = Registry::start();
    let moto = Moto::start_with_env(&[("ECS_TEST_ECR_REGISTRY", &registry.host())]);
    let sb = Sandbox::new();
    let repo = unique_name("e2e");
    let local = format!("{repo}:v1");
    let remote = format!("{}/{repo}:v1", registry.host());
    let _cleanup = RemoveImages(vec![local.clone(), remote.clone()]);
    import_busybox(&local);

    let out = sb
        .run(["push", &local, "--tags", "team=blue,env=test"])
        .moto(&moto)
        .output();
    out.assert_success();
    let lines: Vec<String> = out
        .stdout_lines()
        .iter()
        .map(|l| l.split(" msg=").nth(1).unwrap_or(l).to_string())
        .collect();
    let msgs: Vec<&str> = lines
        .iter()
        .map(|l| l.split('"').nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        msgs,
        [
            "Getting AWS account ID...",
            "Tagging image",
            "Image tagged",
            "Creating repository",
            "Repository created",
            "Pushing image",
            "Image pushed"
        ],
        "{}",
        out.describe()
    );
    assert!(
        out.stdout().contains(&format!(
            "msg=\"Pushing image\" repository=\"{}\" tag=v1",
            remote.trim_end_matches(":v1")
        )),
        "{}",
        out.describe()
    );
    assert!(
        registry.tags(&repo).contains("\"v1\""),
        "{}",
        registry.tags(&repo)
    );
    let tags = moto.boto3(&format!(
        "ecr = client('ecr')\narn = ecr.describe_repositories(repositoryNames=['{repo}'])['repositories'][0]['repositoryArn']\nprint(sorted((t['Key'], t['Value']) for t in ecr.list_tags_for_resource(resourceArn=arn)['tags']))"
    ));
    assert_eq!(tags.trim(), "[('env', 'test'), ('team', 'blue')]");
    // The token's password never shows, even with --debug.
    let again = sb.run(["push", &local, "--debug"]).moto(&moto).output();
    again.assert_success();
    assert!(
        !again.stdout().contains("auth-token"),
        "{}",
        again.describe()
    );
    assert!(
        !again.stdout().contains("Creating repository"),
        "{}",
        again.describe()
    );

    docker(&["rmi", &remote]);
    assert!(!image_exists(&remote));
    let pulled = sb.run(["pull", &local]).moto(&moto).output();
    pulled.assert_success();
    assert!(
        pulled.stdout().contains("Image pulled"),
        "{}",
        pulled.describe()
    );
    assert!(image_exists(&remote));

    let fips = sb
        .run(["pull", &local, "--use-fips", "--debug"])
        .moto(&moto)
        .output();
    fips.assert_success();
    assert!(fips.stdout().contains("fips=true"), "{}", fips.describe());
}

#[test]
fn push_and_pull_errors_are_one_fatal_line() {
    let moto = Moto::shared();
    let sb = Sandbox::new();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["push"],
            "Error executing 'push': ecs-cli push requires exactly 1 argument",
        ),
        (
            vec!["pull", "a", "b"],
            "Error executing 'pull': ecs-cli pull requires exactly 1 argument",
        ),
        (
            vec!["push", "Bad:Name"],
            "Please specify the image name in the correct format [ECR_REPOSITORY[:TAG]]",
        ),
        (
            vec!["push", "no-such-local-image-x:v1"],
            "unable to tag image: ",
        ),
        (
            vec!["push", "quay.io/x:1"],
            "is not the host name of an Amazon ECR registry",
        ),
    ];
    for (args, want) in cases {
        let out = sb.run(&args).moto(moto).output();
        let line = last_line_fatal(&out);
        assert!(line.contains(want), "{args:?}: {line}");
    }
    let no_engine = sb
        .run(["push", "x:1"])
        .moto(moto)
        .env("DOCKER_HOST", "unix:///nonexistent/docker.sock")
        .output();
    let line = last_line_fatal(&no_engine);
    assert!(
        line.contains("Cannot connect to the Docker daemon"),
        "{line}"
    );
}

/// Exit 1, nothing on stderr, and one fatal line, the last (the original's info lines, such as
/// `Tagging image`, may come before it).
fn last_line_fatal(out: &crate::support::Output) -> String {
    let lines = out.stdout_lines();
    assert_eq!(out.code, Some(1), "{}", out.describe());
    assert!(out.stderr().is_empty(), "{}", out.describe());
    let fatal = lines.iter().filter(|l| l.contains("level=fatal")).count();
    assert_eq!(fatal, 1, "{}", out.describe());
    let last = lines.last().cloned().unwrap_or_default();
    assert!(last.contains("level=fatal"), "{}", out.describe());
    last
}

/// Removes the test's images from the engine when the test ends, passed or not.
struct RemoveImages(Vec<String>);

impl Drop for RemoveImages {
    fn drop(&mut self) {
        let _ = std::process::Command::new("docker")
            .arg("rmi")
            .args(&self.0)
            .output();
    }
}
