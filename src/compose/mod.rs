//! Compose project loading and translation to an ECS task definition, as the original
//! `ecs-cli compose` does it (libcompose for v1/v2 files, docker/cli's loader for v3 files,
//! ecs-params.yml and registry-creds output files on top).
//!
//! Pure code: files and environment in, a `RegisterTaskDefinitionInput` and log lines out.
//! Warnings and informational lines go through `tracing` with the original's wording and
//! fields; errors are [`ComposeError`]s whose text is the original's.

pub mod dockercli;
pub mod ecs_params;
pub mod envfile;
pub mod interp;
pub mod later;
pub mod libcompose;
pub mod regcreds;
pub mod schema;
pub mod taskdef;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aws_sdk_ecs::operation::register_task_definition::builders::RegisterTaskDefinitionInputBuilder;
use aws_sdk_ecs::operation::register_task_definition::RegisterTaskDefinitionInput;

pub use ecs_params::{EcsParams, RunParams};
pub use regcreds::RegistryCredsOutput;
pub use taskdef::ContainerConfig;

use crate::yaml;
use crate::yaml::Value;

/// An error reading or translating a compose project. The text is the original's message
/// (or, where the original crashed, a description naming the file, service and field).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    /// The project could not be loaded or translated ("Unable to open ECS Compose Project").
    #[error("{0}")]
    Project(String),
}

impl From<String> for ComposeError {
    fn from(s: String) -> Self {
        ComposeError::Project(s)
    }
}

/// What the compose command line gives the loader.
#[derive(Debug, Clone, Default)]
pub struct ProjectOptions {
    /// `--file` values in order (COMPOSE_FILE already split on ',' and prepended by the
    /// caller); each is split again on ':' here, as libcompose does.
    pub files: Vec<String>,
    /// `--project-name` (when the caller's flag does not read COMPOSE_PROJECT_NAME itself,
    /// the environment snapshot is consulted).
    pub project_name: Option<String>,
    /// `--ecs-params`
    pub ecs_params: Option<String>,
    /// `--registry-creds`
    pub registry_creds: Option<String>,
    /// `--task-role-arn`
    pub task_role_arn: Option<String>,
    /// The directory relative paths are resolved against (the process working directory).
    pub cwd: PathBuf,
    /// Snapshot of the process environment.
    pub env: BTreeMap<String, String>,
}

/// A loaded compose project, ready to be turned into a task definition (and, for the
/// commands that run tasks or services, carrying ecs-params' `run_params`).
#[derive(Debug, Clone, Default)]
pub struct Project {
    /// The project name, which is also the task definition family.
    pub name: String,
    /// The compose files that were read, as given.
    pub compose_files: Vec<String>,
    pub containers: Vec<ContainerConfig>,
    pub volumes: taskdef::Volumes,
    pub ecs_params: Option<EcsParams>,
    /// The ecs-params file name as it appears in messages.
    pub ecs_params_file: String,
    pub registry_creds: Option<RegistryCredsOutput>,
    pub task_role_arn: Option<String>,
}

impl Project {
    /// ecs-params `run_params` (defaults when there is no ecs-params file).
    pub fn run_params(&self) -> RunParams {
        self.ecs_params
            .as_ref()
            .map(|p| p.run_params.clone())
            .unwrap_or_default()
    }

    /// ecs-params `task_definition.ecs_network_mode`.
    pub fn network_mode(&self) -> &str {
        self.ecs_params
            .as_ref()
            .map(|p| p.task_definition.network_mode.as_str())
            .unwrap_or("")
    }
}

/// Options of the translation that come from the command rather than the files.
#[derive(Debug, Clone, Default)]
pub struct TranslateOptions {
    /// `--launch-type` (or the configured default): sent as `requiresCompatibilities`.
    pub launch_type: Option<String>,
    /// `--tags`, already parsed (`crate::go::ecs_utils::parse_tags`).
    pub tags: Vec<(String, String)>,
}

/// The translated request, before tags are attached.
#[derive(Debug, Clone)]
pub struct TaskDefinitionRequest {
    builder: RegisterTaskDefinitionInputBuilder,
}

impl TaskDefinitionRequest {
    /// The request with the given tags (none: no `tags` field).
    pub fn input(&self, tags: &[(String, String)]) -> RegisterTaskDefinitionInput {
        let mut b = self.builder.clone();
        if !tags.is_empty() {
            b = b.set_tags(Some(
                tags.iter()
                    .map(|(k, v)| aws_sdk_ecs::types::Tag::builder().key(k).value(v).build())
                    .collect(),
            ));
        }
        b.build()
            .expect("RegisterTaskDefinitionInput has no required fields")
    }
}

fn read_file(cwd: &Path, name: &str) -> Result<String, String> {
    crate::go::os::read_file(cwd, name)
        .map(|b| String::from_utf8_lossy(crate::go::os::without_bom(&b)).into_owned())
}

/// The compose file list: `--file` values split on ':', else `docker-compose.yml` plus
/// `docker-compose.override.yml` when it exists.
pub fn compose_files(opts: &ProjectOptions) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for f in &opts.files {
        files.extend(f.split(':').map(|s| s.to_string()));
    }
    if files.is_empty() {
        files.push("docker-compose.yml".into());
        if opts.cwd.join("docker-compose.override.yml").exists() {
            files.push("docker-compose.override.yml".into());
        }
    }
    files
}

/// The `version` of a compose file as the original reads it (a string field: any scalar's text).
fn file_version(name: &str, content: &str) -> Result<String, String> {
    let wrap = |e: String| format!("Error unmarshalling yaml data from Compose file: {name}: {e}");
    let root = yaml::parse(content).map_err(wrap)?;
    let mut d = yaml::Decoder::default();
    let mut version = String::new();
    if let Some(root) = &root {
        if let Some(entries) = d
            .map_entries(root, "project.ComposeVersion")
            .map_err(wrap)?
        {
            for (k, v) in entries {
                if k.scalar_text() == Some("version") {
                    if let Some(s) = d.string(v).map_err(wrap)? {
                        version = s;
                    }
                }
            }
        }
    }
    d.finish().map_err(wrap)?;
    Ok(version)
}

fn check_versions(files: &[(String, String)]) -> Result<String, String> {
    let mut version = String::new();
    for (i, (name, content)) in files.iter().enumerate() {
        let v = file_version(name, content)?;
        if i > 0 && version != v {
            return Err(format!(
                "Compose files must be of the same version. Found: {version} and {v}"
            ));
        }
        version = v;
    }
    // "x.y" with a leading part: a minor version
    let dot = version.find('.');
    if let Some(i) = dot {
        if i > 0 && i + 1 < version.len() {
            let n = crate::go::strconv::parse_float(&version)?;
            if n > 0.0 && n < 3.0 && !LATER_V2.contains(&version.as_str()) {
                tracing::warn!(
                    "Minor version ({}) detected. Please format to include only major version ({}).",
                    version,
                    n as i64
                );
            }
        }
    }
    Ok(version)
}

fn dotenv_lines(dir: &str, cwd: &Path, os_env: &BTreeMap<String, String>) -> Vec<String> {
    let path = crate::go::path::join(dir, ".env");
    match crate::go::os::read_file(cwd, &path) {
        Ok(b) => envfile::parse_env_file(&b, &path, os_env).unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

fn project_name(opts: &ProjectOptions, files: &[String]) -> String {
    if let Some(n) = opts.project_name.as_ref().filter(|n| !n.is_empty()) {
        return n.clone();
    }
    if let Some(n) = opts
        .env
        .get("COMPOSE_PROJECT_NAME")
        .filter(|n| !n.is_empty())
    {
        return n.clone();
    }
    dir_name_of(files.first().map(|s| s.as_str()).unwrap_or("."), &opts.cwd)
}

/// The base name of the directory holding `file` (absolute path, cleaned).
fn dir_name_of(file: &str, cwd: &Path) -> String {
    let dir = dockercli::working_dir_of(file, cwd);
    let base = dir.rsplit('/').next().unwrap_or("").to_string();
    if base.is_empty() {
        if dir == "/" {
            return "/".into();
        }
        cwd.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        base
    }
}

/// The v2 minor versions read beyond the original (with the v2 loader and their own schema).
const LATER_V2: [&str; 4] = ["2.1", "2.2", "2.3", "2.4"];

/// The v3 minor versions read beyond the original (with the v3 loader and their own schema).
const LATER_V3: [&str; 8] = ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8"];

/// Whether a file without `version` is a Compose Specification file rather than a v1 one: its
/// top level has a `services` mapping whose entries are all mappings (a v1 service named
/// `services` has scalar options such as `image` instead).
fn is_specification(content: &str) -> bool {
    let Ok(Value::Map(top)) = crate::yaml::load_value(content) else {
        return false;
    };
    match top.get("services") {
        Some(Value::Map(services)) => services
            .iter()
            .all(|(_, s)| matches!(s, Value::Map(_) | Value::Null)),
        _ => false,
    }
}

/// Reads the compose files, ecs-params and registry-creds output of a project.
pub fn load_project(opts: &ProjectOptions) -> Result<Project, ComposeError> {
    let files = compose_files(opts);
    let mut contents = Vec::new();
    for f in &files {
        contents.push((f.clone(), read_file(&opts.cwd, f)?));
    }
    let mut version = check_versions(&contents)?;
    if version.is_empty() && contents.iter().all(|(_, c)| is_specification(c)) {
        version = "spec".into();
    }
    let first_dir = dockercli::working_dir_of(&files[0], &opts.cwd);
    let mut project = Project {
        compose_files: files.clone(),
        task_role_arn: opts.task_role_arn.clone(),
        ..Default::default()
    };
    match version.as_str() {
        "" | "1" | "1.0" | "2" | "2.0" | "2.1" | "2.2" | "2.3" | "2.4" => {
            let env = interp::EnvLookup {
                dotenv: dotenv_lines(&first_dir, &opts.cwd, &opts.env),
                os: opts.env.clone(),
            };
            let raw_name = opts
                .project_name
                .clone()
                .filter(|n| !n.is_empty())
                .or_else(|| {
                    opts.env
                        .get("COMPOSE_PROJECT_NAME")
                        .cloned()
                        .filter(|n| !n.is_empty())
                })
                .unwrap_or_else(|| dir_name_of(&files[0], &opts.cwd));
            let ctx = libcompose::LoadContext {
                normalized_name: libcompose::normalize_name(&raw_name),
                env: &env,
                cwd: &opts.cwd,
                os_env: &opts.env,
            };
            let loaded = libcompose::load(&ctx, &contents)?;
            if loaded.networks.len() > 1 {
                tracing::warn!(
                    "option name" = "networks",
                    "Skipping unsupported YAML option..."
                );
            }
            let mut volumes = taskdef::Volumes::default();
            for (name, cfg) in &loaded.volumes {
                if let Some(c) = cfg {
                    return Err(unsupported_volume_fields(&c.driver, &c.driver_opts, &[]).into());
                }
                volumes.empty_host.push(name.clone());
            }
            for (name, svc) in &loaded.services {
                let mut c = taskdef::from_v1v2(name, svc, &env, &mut volumes)?;
                if let Some((_, l)) = loaded.later.iter().find(|(n, _)| n == name) {
                    c.init = l.init;
                    c.system_controls = l.sysctls.clone();
                    c.depends_on = l.depends_on.clone();
                }
                project.containers.push(c);
            }
            project.volumes = volumes;
        }
        v if v == "3" || v == "3.0" || v == "spec" || LATER_V3.contains(&v) => {
            let mut parsed = Vec::new();
            for (name, content) in &contents {
                parsed.push((name.clone(), dockercli::parse_yaml(content)?));
            }
            let mut env_map: interp::EnvMap = BTreeMap::new();
            for line in dotenv_lines(&first_dir, &opts.cwd, &opts.env) {
                if let Some((k, v)) = line.split_once('=') {
                    env_map
                        .entry(k.to_string())
                        .or_insert_with(|| v.to_string());
                }
            }
            for (k, v) in &opts.env {
                env_map.insert(k.clone(), v.clone());
            }
            let schema_version = if v == "3" { "3.0" } else { v };
            let config = dockercli::load_version(
                &parsed,
                Path::new(&first_dir),
                &env_map,
                &opts.env,
                schema_version,
            )?;
            let mut volumes = taskdef::Volumes::default();
            for (name, cfg) in &config.volumes {
                if *cfg != dockercli::VolumeConfig::default() {
                    return Err(unsupported_volume_fields(
                        &cfg.driver,
                        &cfg.driver_opts,
                        &cfg.labels,
                    )
                    .into());
                }
                volumes.empty_host.push(name.clone());
            }
            for s in &config.services {
                project.containers.push(taskdef::from_v3(s, &mut volumes)?);
            }
            project.volumes = volumes;
        }
        other => {
            return Err(format!("Unsupported Docker Compose version found: {other}").into());
        }
    }
    project.name = project_name(opts, &files);
    project.ecs_params_file = opts
        .ecs_params
        .clone()
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| "ecs-params.yml".into());
    project.ecs_params = ecs_params::read(opts.ecs_params.as_deref(), &opts.cwd, &opts.env)?;
    project.registry_creds = regcreds::read_output(opts.registry_creds.as_deref(), &opts.cwd)?;
    Ok(project)
}

fn unsupported_volume_fields(
    driver: &str,
    driver_opts: &[(String, String)],
    labels: &[(String, String)],
) -> String {
    if !driver.is_empty() {
        return "Volume driver is not supported".into();
    }
    if !driver_opts.is_empty() {
        return "Volume driver options is not supported".into();
    }
    if !labels.is_empty() {
        return "Volume labels are not supported".into();
    }
    "External option is not supported".into()
}

/// Translates a loaded project (the original's `ConvertToTaskDefinition`), without tags.
pub fn translate(
    project: &Project,
    launch_type: Option<&str>,
) -> Result<TaskDefinitionRequest, ComposeError> {
    let params = taskdef::ConvertParams {
        family: &project.name,
        task_role_arn: project.task_role_arn.as_deref(),
        launch_type,
        volumes: &project.volumes,
        containers: &project.containers,
        ecs_params: project.ecs_params.as_ref(),
        ecs_params_file: &project.ecs_params_file,
        registry_creds: project.registry_creds.as_ref(),
    };
    let builder = taskdef::convert(&params)?;
    Ok(TaskDefinitionRequest { builder })
}

/// The RegisterTaskDefinition request for a project.
pub fn task_definition_input(
    project: &Project,
    opts: &TranslateOptions,
) -> Result<RegisterTaskDefinitionInput, ComposeError> {
    Ok(translate(project, opts.launch_type.as_deref())?.input(&opts.tags))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specification_files_are_told_from_v1_files() {
        assert!(is_specification("services:\n  web:\n    image: nginx\n"));
        assert!(is_specification(
            "x-a: &a {}\nservices:\n  web: {image: nginx}\n  db:\n"
        ));
        // v1: a service named `services`, or no `services` key at all
        assert!(!is_specification("services:\n  image: nginx\n"));
        assert!(!is_specification("web:\n  image: nginx\n"));
        assert!(!is_specification("services: [a]\n"));
        assert!(!is_specification(": : :"));
    }

    #[test]
    fn versions() {
        let v = check_versions(&[("a".into(), "version: 3.0\n".into())]).unwrap();
        assert_eq!(v, "3.0");
        let v = check_versions(&[("a".into(), "version: 2\n".into())]).unwrap();
        assert_eq!(v, "2");
        let e = check_versions(&[
            ("a".into(), "version: '2'\n".into()),
            ("b".into(), "x: 1\n".into()),
        ])
        .unwrap_err();
        assert_eq!(
            e,
            "Compose files must be of the same version. Found: 2 and "
        );
    }
}
