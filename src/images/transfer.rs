//! `push` and `pull`: an image between the Docker engine and ECR. The engine does the
//! transfer (layers go from its store to the registry and back, never through this
//! process); we get the registry's credentials from ECR, hand them to the engine, and follow
//! its progress stream: a per-layer display on a terminal, nothing on other outputs (where
//! the original printed only its own log lines).

use std::io::{IsTerminal, Write};

use futures::StreamExt;

use crate::aws::{self, ecr::Auth};
use crate::config::resolve::CommandConfig;
use crate::logging::{log, LogLevel};

/// How `push` names what it takes, for the format error.
pub const PUSH_FORMAT: &str = "ECR_REPOSITORY[:TAG]";
/// How `pull` names what it takes.
pub const PULL_FORMAT: &str = "ECR_REPOSITORY[:TAG|@DIGEST]";

/// An image name taken apart: the registry host (when one was given), the repository, the
/// tag or digest ("" when none).
#[derive(Clone, Debug, PartialEq)]
pub struct ImageName {
    pub registry: String,
    pub repository: String,
    pub tag: String,
}

/// Splits `[REGISTRY/]REPOSITORY[:TAG]` (and, with `digest`, `REPOSITORY@DIGEST`) by the
/// original's pattern: a registry of letters, digits, dots and dashes; a lower-case
/// repository with `-`, `_`, `/`.
pub fn split_image_name(image: &str, digest: bool, format: &str) -> Result<ImageName, String> {
    let sep = if digest { "[:@]" } else { "[:]" };
    let re = regex::Regex::new(&format!(
        r"^(?:([0-9A-Za-z.\-]+)/)?([0-9a-z\-_/]+)(?:{sep}([0-9A-Za-z_.\-:]+))?$"
    ))
    .map_err(|e| e.to_string())?;
    let c = re
        .captures(image)
        .ok_or_else(|| format!("Please specify the image name in the correct format [{format}]"))?;
    let part = |i: usize| c.get(i).map(|m| m.as_str().to_string()).unwrap_or_default();
    Ok(ImageName {
        registry: part(1),
        repository: part(2),
        tag: part(3),
    })
}

/// The credentials of the registry the image lives in: the one named in the image, else the
/// registry `registry_id`, else the caller's own (STS).
async fn registry_auth(
    cfg: &CommandConfig,
    name: &ImageName,
    registry_id: Option<&str>,
    fips: bool,
) -> Result<(aws_sdk_ecr::Client, Auth), String> {
    let wrap = |e: String| format!("failed to serialize authorization token: {e}");
    log(
        LogLevel::Debug,
        "ECR endpoint",
        &[
            ("endpoint", aws::ecr::endpoint(cfg, fips).await),
            ("fips", fips.to_string()),
        ],
    );
    if name.registry.is_empty() {
        let id = match registry_id.filter(|r| !r.is_empty()) {
            Some(r) => r.to_string(),
            None => aws::sts::account_id(cfg).await?,
        };
        let client = aws::ecr::client(cfg, fips);
        let auth = aws::ecr::authorization(&client, &id).await.map_err(wrap)?;
        return Ok((client, auth));
    }
    let (id, region) = aws::ecr::parse_registry_host(&name.registry).ok_or_else(|| {
        wrap(format!(
            "{} is not the host name of an Amazon ECR registry",
            name.registry
        ))
    })?;
    let client = if region == cfg.region {
        aws::ecr::client(cfg, fips)
    } else {
        let mut regional = cfg.clone();
        regional.sdk = regional
            .sdk
            .into_builder()
            .region(aws_config::Region::new(region))
            .build();
        aws::ecr::client(&regional, fips)
    };
    let auth = aws::ecr::authorization(&client, &id).await.map_err(wrap)?;
    Ok((client, auth))
}

fn credentials(auth: &Auth) -> bollard::auth::DockerCredentials {
    bollard::auth::DockerCredentials {
        username: Some(auth.username.clone()),
        password: Some(auth.password.clone()),
        serveraddress: Some(auth.proxy_endpoint.clone()),
        ..Default::default()
    }
}

/// What `push` was asked.
#[derive(Clone, Debug, Default)]
pub struct PushOptions {
    pub image: String,
    pub registry_id: Option<String>,
    pub tags: Vec<(String, String)>,
    pub fips: bool,
}

/// Tags the local image with the registry's name (unless it already has one), creates the
/// repository when it is missing, and pushes.
pub async fn push(cfg: &CommandConfig, opts: &PushOptions) -> Result<(), String> {
    let name = split_image_name(&opts.image, false, PUSH_FORMAT)?;
    let docker = crate::docker::connect()?;
    let (ecr, auth) = registry_auth(cfg, &name, opts.registry_id.as_deref(), opts.fips).await?;
    let repository_uri = format!("{}/{}", auth.registry, name.repository);
    if name.registry.is_empty() {
        log(
            LogLevel::Info,
            "Tagging image",
            &[
                ("image", opts.image.clone()),
                ("repository", repository_uri.clone()),
                ("tag", name.tag.clone()),
            ],
        );
        docker
            .tag_image(
                &opts.image,
                Some(bollard::image::TagImageOptions {
                    repo: repository_uri.clone(),
                    tag: name.tag.clone(),
                }),
            )
            .await
            .map_err(|e| format!("unable to tag image: {}", engine_error(&e)))?;
        tracing::info!("Image tagged");
    }
    if !aws::ecr::repository_exists(&ecr, &name.repository).await {
        aws::ecr::create_repository(&ecr, &name.repository, &opts.tags).await?;
    }
    log(
        LogLevel::Info,
        "Pushing image",
        &[
            ("repository", repository_uri.clone()),
            ("tag", name.tag.clone()),
        ],
    );
    let mut progress = Progress::new();
    let mut stream = docker.push_image(
        &repository_uri,
        Some(bollard::image::PushImageOptions {
            tag: name.tag.clone(),
        }),
        Some(credentials(&auth)),
    );
    while let Some(item) = stream.next().await {
        let info = item.map_err(|e| format!("unable to push image: {}", engine_error(&e)))?;
        if let Some(err) = info.error {
            return Err(format!("unable to push image: {err}"));
        }
        progress.update(
            None,
            info.status.as_deref().unwrap_or_default(),
            info.progress.as_deref(),
        );
    }
    progress.finish();
    tracing::info!("Image pushed");
    Ok(())
}

/// What `pull` was asked.
#[derive(Clone, Debug, Default)]
pub struct PullOptions {
    pub image: String,
    pub registry_id: Option<String>,
    pub fips: bool,
}

/// Pulls `<registry>/<repository>:<tag>` into the engine.
pub async fn pull(cfg: &CommandConfig, opts: &PullOptions) -> Result<(), String> {
    let name = split_image_name(&opts.image, true, PULL_FORMAT)?;
    let docker = crate::docker::connect()?;
    let (_, auth) = registry_auth(cfg, &name, opts.registry_id.as_deref(), opts.fips).await?;
    let repository_uri = format!("{}/{}", auth.registry, name.repository);
    log(
        LogLevel::Info,
        "Pulling image",
        &[
            ("repository", repository_uri.clone()),
            ("tag", name.tag.clone()),
        ],
    );
    let mut progress = Progress::new();
    let mut stream = docker.create_image(
        Some(bollard::image::CreateImageOptions {
            from_image: repository_uri.clone(),
            tag: name.tag.clone(),
            ..Default::default()
        }),
        None,
        Some(credentials(&auth)),
    );
    while let Some(item) = stream.next().await {
        let info = item.map_err(|e| format!("unable to pull image: {}", engine_error(&e)))?;
        if let Some(err) = info.error {
            return Err(format!("unable to pull image: {err}"));
        }
        progress.update(
            info.id.as_deref(),
            info.status.as_deref().unwrap_or_default(),
            info.progress.as_deref(),
        );
    }
    progress.finish();
    tracing::info!("Image pulled");
    Ok(())
}

/// The engine's error: its own message for an API or stream error, the CLI's wording when
/// the engine cannot be reached.
fn engine_error(e: &bollard::errors::Error) -> String {
    use bollard::errors::Error as E;
    match e {
        E::DockerResponseServerError { message, .. } => message.clone(),
        E::DockerStreamError { error } => error.clone(),
        other => crate::docker::describe(other),
    }
}

/// The progress display on a terminal: one line per layer (or one line when the engine does
/// not name layers), redrawn in place. Silent when stdout is not a terminal.
struct Progress {
    tty: bool,
    lines: Vec<(String, String)>,
    drawn: usize,
}

impl Progress {
    fn new() -> Self {
        Progress {
            tty: std::io::stdout().is_terminal(),
            lines: Vec::new(),
            drawn: 0,
        }
    }

    fn update(&mut self, id: Option<&str>, status: &str, bar: Option<&str>) {
        if !self.tty || status.is_empty() {
            return;
        }
        let key = id.unwrap_or("").to_string();
        let text = match (id, bar) {
            (Some(id), Some(b)) if !b.is_empty() => format!("{id}: {status} {b}"),
            (Some(id), _) => format!("{id}: {status}"),
            (None, Some(b)) if !b.is_empty() => format!("{status} {b}"),
            (None, _) => status.to_string(),
        };
        match self.lines.iter_mut().find(|(k, _)| *k == key) {
            Some(line) => line.1 = text,
            None => self.lines.push((key, text)),
        }
        self.draw();
    }

    fn draw(&mut self) {
        let mut out = std::io::stdout().lock();
        if self.drawn > 0 {
            let _ = write!(out, "\x1b[{}A", self.drawn);
        }
        for (_, text) in &self.lines {
            let _ = writeln!(out, "\x1b[2K{text}");
        }
        self.drawn = self.lines.len();
        let _ = out.flush();
    }

    fn finish(&mut self) {
        self.lines.clear();
        self.drawn = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(image: &str, digest: bool) -> Result<ImageName, String> {
        split_image_name(image, digest, PUSH_FORMAT)
    }

    #[test]
    fn image_names() {
        assert_eq!(
            split("web:1.0", false).unwrap(),
            ImageName {
                registry: String::new(),
                repository: "web".into(),
                tag: "1.0".into()
            }
        );
        let full = split(
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web",
            false,
        )
        .unwrap();
        assert_eq!(
            full.registry,
            "123456789012.dkr.ecr.us-east-1.amazonaws.com"
        );
        assert_eq!(full.repository, "team/web");
        assert_eq!(full.tag, "");
        let d = split("web@sha256:abc", true).unwrap();
        assert_eq!(d.tag, "sha256:abc");
        assert!(split("web@sha256:abc", false).is_err());
        assert_eq!(
            split("Web", false).unwrap_err(),
            "Please specify the image name in the correct format [ECR_REPOSITORY[:TAG]]"
        );
    }
}
