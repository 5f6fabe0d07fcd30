//! `registry-creds up` against the emulator: new and existing secrets, new and existing roles,
//! `--no-role`, `--output-dir`, `--no-output-file`, the output file read back by `compose
//! create`, secret values kept out of every output, and the bad inputs (one fatal line).

use std::fs;
use std::path::Path;

use crate::support::{unique_name, Moto, Sandbox};

/// A registry name of its own for each test (secrets are named after registries).
fn registry() -> String {
    format!("{}.example.com", unique_name("reg"))
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

/// The `ecs-registry-creds_*.yml` files of `dir`.
fn output_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("ecs-registry-creds_") && n.ends_with(".yml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn secret_value(moto: &Moto, id: &str) -> String {
    moto.boto3(&format!(
        "print(client('secretsmanager').get_secret_value(SecretId='{id}')['SecretString'])"
    ))
    .trim()
    .to_string()
}

#[test]
fn new_secret_and_role_then_compose_create_uses_the_file() {
    let moto = Moto::shared();
    let sb = Sandbox::new();
    let reg = registry();
    let role = unique_name("role");
    write(
        sb.cwd(),
        "creds.yml",
        &format!(
            "version: '1'\nregistry_credentials:\n  {reg}:\n    username: ${{REG_USER}}\n    password: ${{REG_PASS}}\n    container_names: [web]\n"
        ),
    );
    let out = sb
        .run(["registry-creds", "up", "creds.yml", "--role-name", &role])
        .moto(moto)
        .env("REG_USER", "the-user")
        .env("REG_PASS", "pa$$-word-9f3")
        .output();
    out.assert_success();
    let stdout = out.stdout();
    assert!(!stdout.contains("pa$$-word-9f3"), "{}", out.describe());
    assert!(
        stdout.contains(&format!(
            "Created new task execution role arn:aws:iam::123456789012:role/{role}"
        )),
        "{}",
        out.describe()
    );
    assert!(stdout.contains("Attached AWS managed policy arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
    let files = output_files(sb.cwd());
    assert_eq!(files.len(), 1, "{}", out.describe());
    let text = fs::read_to_string(sb.cwd().join(&files[0])).unwrap();
    assert!(
        text.starts_with(&format!(
            "version: \"1\"\nregistry_credential_outputs:\n  task_execution_role: {role}\n"
        )),
        "{text}"
    );
    assert!(text.contains(&format!("credentials_parameter: arn:aws:secretsmanager:us-east-1:123456789012:secret:amazon-ecs-cli-setup-{reg}-")));
    // The secret holds what the variables said.
    let value = secret_value(moto, &format!("amazon-ecs-cli-setup-{reg}"));
    assert_eq!(
        value,
        r#"{"username":"the-user","password":"pa$$-word-9f3"}"#
    );
    // The role has both policies.
    let attached = moto.boto3(&format!(
        "print(sorted(p['PolicyName'] for p in client('iam').list_attached_role_policies(RoleName='{role}')['AttachedPolicies']))"
    ));
    assert!(
        attached.contains("AmazonECSTaskExecutionRolePolicy"),
        "{attached}"
    );
    assert!(
        attached.contains(&format!("amazon-ecs-cli-setup-{role}-policy-")),
        "{attached}"
    );

    // compose create picks the newest file up: repositoryCredentials and the execution role.
    write(
        sb.cwd(),
        "docker-compose.yml",
        "version: '3'\nservices:\n  web:\n    image: nginx\n",
    );
    let cluster = unique_name("c");
    let create = sb
        .run([
            "compose",
            "--cluster",
            &cluster,
            "--project-name",
            &unique_name("p"),
            "create",
        ])
        .moto(moto)
        .output();
    create.assert_success();
    assert!(
        create.stdout().contains("Using ecs-registry-creds value"),
        "{}",
        create.describe()
    );
}

#[test]
fn existing_secret_by_arn_is_updated_only_when_asked() {
    let moto = Moto::shared();
    let sb = Sandbox::new();
    let name = unique_name("existing");
    let arn = moto
        .boto3(&format!(
            "print(client('secretsmanager').create_secret(Name='{name}', SecretString='old')['ARN'])"
        ))
        .trim()
        .to_string();
    let reg = registry();
    write(
        sb.cwd(),
        "creds.yml",
        &format!("registry_credentials:\n  {reg}:\n    secrets_manager_arn: {arn}\n    username: u\n    password: new-secret-value\n    container_names: [web]\n"),
    );
    let out = sb
        .run(["registry-creds", "up", "creds.yml", "--no-role"])
        .moto(moto)
        .output();
    out.assert_success();
    assert!(
        out.stdout()
            .contains("'username' and 'password' found but ignored for existing secret"),
        "{}",
        out.describe()
    );
    assert_eq!(secret_value(moto, &arn), "old");
    assert!(out.stdout().contains("Skipping role creation."));

    let out = sb
        .run([
            "registry-creds",
            "up",
            "creds.yml",
            "--no-role",
            "--update-existing-secrets",
            "--no-output-file",
        ])
        .moto(moto)
        .output();
    out.assert_success();
    assert!(
        out.stdout()
            .contains(&format!("Updated existing secret {arn} with new value")),
        "{}",
        out.describe()
    );
    assert!(!out.stdout().contains("new-secret-value"));
    assert!(out
        .stdout()
        .contains("Skipping generation of registry credentials output file."));
    assert_eq!(
        secret_value(moto, &arn),
        r#"{"username":"u","password":"new-secret-value"}"#
    );
}

#[test]
fn existing_role_is_reused_and_output_dir_is_honoured() {
    let moto = Moto::shared();
    let sb = Sandbox::new();
    let role = unique_name("role");
    moto.boto3(&format!(
        "client('iam').create_role(RoleName='{role}', AssumeRolePolicyDocument='{{}}')"
    ));
    let reg = registry();
    write(
        sb.cwd(),
        "creds.yml",
        &format!("registry_credentials:\n  {reg}:\n    username: u\n    password: p\n"),
    );
    fs::create_dir(sb.cwd().join("out")).unwrap();
    let out = sb
        .run([
            "registry-creds",
            "up",
            "creds.yml",
            "--role-name",
            &role,
            "--output-dir",
            "out",
        ])
        .moto(moto)
        .output();
    out.assert_success();
    let stdout = out.stdout();
    assert!(
        stdout.contains(&format!("Using existing role {role}")),
        "{}",
        out.describe()
    );
    assert!(
        stdout.contains("No container names given for registry"),
        "{}",
        out.describe()
    );
    assert_eq!(output_files(sb.cwd()).len(), 0);
    assert_eq!(output_files(&sb.cwd().join("out")).len(), 1);
}

#[test]
fn bad_inputs_end_in_one_fatal_line() {
    let moto = Moto::shared();
    let sb = Sandbox::new();
    let many: String = (0..11)
        .map(|i| format!("  r{i}.example.com:\n    username: u\n    password: p\n"))
        .collect();
    write(
        sb.cwd(),
        "many.yml",
        &format!("registry_credentials:\n{many}"),
    );
    write(sb.cwd(), "broken.yml", "registry_credentials: [\n");
    write(sb.cwd(), "typed.yml", "registry_credentials:\n  r: [1]\n");
    write(
        sb.cwd(),
        "ok.yml",
        "registry_credentials:\n  r.example.com:\n    username: u\n    password: p\n    container_names: [web]\n",
    );
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["many.yml", "--no-role"],
            "no more than 10 registry credential entries can be created at one time",
        ),
        (
            vec!["broken.yml", "--no-role"],
            "Error unmarshalling yaml data from credential input file: broken.yml: yaml: ",
        ),
        (vec!["typed.yml", "--no-role"], "yaml: unmarshal errors:"),
        (
            vec!["ok.yml", "--role-name", "r1", "--no-role"],
            "both role name ('r1') and '--no-role' specified",
        ),
        (vec!["ok.yml"], "no value specified for '--role-name'"),
        (
            vec!["missing.yml", "--no-role"],
            "Error reading file 'missing.yml'",
        ),
        (
            vec!["ok.yml", "--no-role", "--tags", "novalue"],
            "Tag input not formatted correctly: novalue",
        ),
    ];
    for (args, want) in cases {
        let mut full = vec!["registry-creds", "up"];
        full.extend(args.iter().copied());
        let out = sb.run(&full).moto(moto).output();
        let line = out.assert_single_fatal();
        assert!(line.contains(want), "{full:?}: {line}\n{}", out.describe());
    }
    // Nothing was created for any of them.
    let listed = moto.boto3(
        "print([s['Name'] for s in client('secretsmanager').list_secrets()['SecretList'] if s['Name'].startswith('amazon-ecs-cli-setup-r')])",
    );
    assert!(
        !listed.contains("amazon-ecs-cli-setup-r0.example.com"),
        "{listed}"
    );
}
