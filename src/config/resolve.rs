//! What a command runs with: cluster, region, credentials, launch type, stack name and
//! name prefixes, resolved from the shared flags (already resolved over the command levels,
//! see `commands::flags`), the environment and the config files in the original's order
//! (facts.md §3–4).

use std::path::Path;

use aws_config::{AppName, BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;

use super::file::{ClusterFile, ProfileFile, CONFIG_VERSION};
use super::legacy::{LegacyConfig, DEFAULT_CFN_STACK_NAME_PREFIX};

/// The merged local configuration (the original's `LocalConfig`).
#[derive(Clone, Default)]
pub struct LocalConfig {
    pub cluster: String,
    pub aws_profile: String,
    pub region: String,
    pub aws_access_key: String,
    pub aws_secret_key: String,
    pub aws_session_token: String,
    pub compose_service_name_prefix: String,
    pub compose_project_name_prefix: String,
    pub cfn_stack_name: String,
    pub cfn_stack_name_prefix: String,
    pub default_launch_type: String,
    /// "v1" for the YAML files, "ini" for the legacy file, "" when neither was read.
    pub version: String,
}

impl std::fmt::Debug for LocalConfig {
    // Never print the secret key or the session token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalConfig")
            .field("cluster", &self.cluster)
            .field("region", &self.region)
            .field("aws_profile", &self.aws_profile)
            .field("has_static_keys", &!self.aws_secret_key.is_empty())
            .field("default_launch_type", &self.default_launch_type)
            .field("version", &self.version)
            .finish()
    }
}

/// Reads the config files: the legacy INI first, then the YAML cluster configuration
/// (`cluster_config`, else the file's default), then the ECS profile (`profile`, else the
/// default) when `credentials` exists.
pub fn load_local(dir: &Path, cluster_config: &str, profile: &str) -> Result<LocalConfig, String> {
    let config_path = dir.join("config");
    let credentials_path = dir.join("credentials");
    let mut cfg = LocalConfig::default();

    if let Some(ini) = LegacyConfig::read(&config_path) {
        cfg.cluster = ini.cluster;
        cfg.aws_profile = ini.aws_profile;
        cfg.region = ini.region;
        cfg.aws_access_key = ini.aws_access_key_id;
        cfg.aws_secret_key = ini.aws_secret_access_key;
        cfg.compose_project_name_prefix = ini.compose_project_name_prefix;
        cfg.compose_service_name_prefix = ini.compose_service_name_prefix;
        cfg.cfn_stack_name_prefix = ini.cfn_stack_name_prefix;
        cfg.version = "ini".into();
    }

    let yaml_result = ClusterFile::read(&config_path).and_then(|file| {
        let chosen = if cluster_config.is_empty() { file.default.clone() } else { cluster_config.to_string() };
        let entry = file.clusters.get(&chosen).cloned().ok_or_else(|| {
            format!("Cluster Configuration {chosen} could not be found. Configure clusters using 'ecs-cli configure'.")
        })?;
        Ok((chosen, entry))
    });
    let mut chosen_cluster_config = String::new();
    let yaml_error = match yaml_result {
        Ok((name, entry)) => {
            chosen_cluster_config = name;
            cfg.region = entry.region;
            cfg.cluster = entry.cluster;
            cfg.compose_service_name_prefix = entry.compose_service_name_prefix;
            cfg.cfn_stack_name = entry.cfn_stack_name;
            cfg.default_launch_type = entry.default_launch_type;
            cfg.compose_project_name_prefix.clear();
            cfg.cfn_stack_name_prefix.clear();
            cfg.version = CONFIG_VERSION.into();
            None
        }
        Err(e) => Some(e),
    };

    if credentials_path.exists() {
        let file = ProfileFile::read(&credentials_path)?;
        let chosen = if profile.is_empty() {
            file.default.clone()
        } else {
            profile.to_string()
        };
        let entry = file.ecs_profiles.get(&chosen).ok_or_else(|| {
            format!("ECS Profile {chosen} could not be found. Configure profiles using 'ecs-cli configure profile'.")
        })?;
        cfg.aws_access_key = entry.aws_access_key_id.clone();
        cfg.aws_secret_key = entry.aws_secret_access_key.clone();
        cfg.aws_session_token = entry.aws_session_token.clone();
        cfg.version = CONFIG_VERSION.into();
    }

    if config_path.exists() && cfg.cluster.is_empty() && cfg.region.is_empty() {
        return Err(match yaml_error {
            Some(e) => format!("Error parsing {}: {e}", config_path.display()),
            // The original crashed here (a nil config with a nil error).
            None => format!(
                "Error parsing {}: the cluster configuration '{chosen_cluster_config}' has neither a cluster nor a region; \
                 set them with 'ecs-cli configure --cluster <name> --region <region> --config-name {chosen_cluster_config}'",
                config_path.display()
            ),
        });
    }
    Ok(cfg)
}

/// Where the SDK gets credentials from.
#[derive(Clone, PartialEq)]
pub enum CredentialSource {
    /// Keys of an ECS profile.
    Static {
        access_key: String,
        secret_key: String,
        session_token: String,
    },
    /// A profile of the AWS shared config/credentials files.
    AwsProfile(String),
    /// The SDK's default chain (environment, shared files with AWS_DEFAULT_PROFILE, IMDS …).
    DefaultChain { profile: Option<String> },
}

impl std::fmt::Debug for CredentialSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CredentialSource::Static { access_key, .. } => {
                // Never a whole credential in any output, debug included: four characters at most.
                let shown: String = access_key.chars().take(4).collect();
                write!(f, "static keys of an ECS profile (access key {shown}…)")
            }
            CredentialSource::AwsProfile(p) => write!(f, "AWS profile {p}"),
            CredentialSource::DefaultChain { profile } => {
                write!(f, "the default credential chain (profile {profile:?})")
            }
        }
    }
}

/// Everything a command that talks to AWS needs.
#[derive(Clone, Debug)]
pub struct CommandConfig {
    pub cluster: String,
    pub region: String,
    pub launch_type: String,
    pub cfn_stack_name: String,
    pub compose_project_name_prefix: String,
    /// Prefix of the `compose service` service names (empty with a YAML configuration).
    pub compose_service_name_prefix: String,
    /// `--endpoint`: overrides the ECS endpoint only.
    pub ecs_endpoint: Option<String>,
    pub sdk: SdkConfig,
}

/// The region message the original gave when none could be found.
pub const NO_REGION: &str =
    "Set a region using ecs-cli configure command with the --region flag or AWS_REGION environment variable or --profile flag";

/// The shared flags the resolver reads, each already the first non-empty value from the
/// command's level up (`None`: not given).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flags {
    /// `--endpoint` (ECS only).
    pub endpoint: Option<String>,
    pub cluster: Option<String>,
    pub region: Option<String>,
    pub ecs_profile: Option<String>,
    pub aws_profile: Option<String>,
    pub cluster_config: Option<String>,
    pub launch_type: Option<String>,
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_default()
}

/// What the files, the flags and the environment decide on their own: everything but a
/// region that only the AWS profile's config knows (`region` is `None` then).
#[derive(Debug)]
struct Settled {
    cfg: LocalConfig,
    region: Option<String>,
    credentials: CredentialSource,
}

/// The original's `NewCommandConfig` up to the region lookup in the AWS profile, with the
/// config directory and the environment given (`env` answers "" for an unset variable).
fn settle(flags: &Flags, dir: &Path, env: &dyn Fn(&str) -> String) -> anyhow::Result<Settled> {
    let cluster_config = flags.cluster_config.clone().unwrap_or_default();
    let ecs_profile = flags.ecs_profile.clone().unwrap_or_default();
    let mut cfg = load_local(dir, &cluster_config, &ecs_profile)
        .map_err(|e| anyhow::anyhow!("Error loading config: {e}"))?;

    if let Some(lt) = &flags.launch_type {
        cfg.default_launch_type = lt.clone();
    }
    super::validate_launch_type(&cfg.default_launch_type).map_err(|e| anyhow::anyhow!(e))?;

    let cluster_env = env("ECS_CLUSTER");
    if !cluster_env.is_empty() {
        cfg.cluster = cluster_env;
    }
    if let Some(c) = &flags.cluster {
        cfg.cluster = c.clone();
    }
    if let Some(r) = &flags.region {
        cfg.region = r.clone();
    }
    let aws_profile_flag = flags.aws_profile.clone().unwrap_or_default();
    if !aws_profile_flag.is_empty() {
        cfg.aws_profile = aws_profile_flag.clone();
        cfg.aws_access_key.clear();
        cfg.aws_secret_key.clear();
        cfg.aws_session_token.clear();
    }

    // Region: the flag or the cluster configuration (already merged), AWS_REGION,
    // AWS_DEFAULT_REGION; else the AWS profile's (looked up by the caller).
    let region = [
        cfg.region.clone(),
        env("AWS_REGION"),
        env("AWS_DEFAULT_REGION"),
    ]
    .into_iter()
    .find(|r| !r.is_empty());

    let credentials = if !ecs_profile.is_empty() || !aws_profile_flag.is_empty() {
        from_ecs_config(&cfg)
    } else if !env("AWS_ACCESS_KEY_ID").is_empty() && !env("AWS_SECRET_ACCESS_KEY").is_empty() {
        CredentialSource::DefaultChain { profile: None }
    } else if !cfg.aws_access_key.is_empty()
        || !cfg.aws_secret_key.is_empty()
        || !cfg.aws_profile.is_empty()
    {
        from_ecs_config(&cfg)
    } else {
        let p = env("AWS_DEFAULT_PROFILE");
        CredentialSource::DefaultChain {
            profile: (!p.is_empty()).then_some(p),
        }
    };

    if cfg.version == "ini" {
        cfg.cfn_stack_name = format!("{}{}", cfg.cfn_stack_name_prefix, cfg.cluster);
    }
    if cfg.cfn_stack_name.is_empty() {
        cfg.cfn_stack_name = format!("{DEFAULT_CFN_STACK_NAME_PREFIX}{}", cfg.cluster);
    }
    Ok(Settled {
        cfg,
        region,
        credentials,
    })
}

/// Builds the command configuration (the original's `NewCommandConfig` + `ToAWSSession`).
pub async fn command_config(flags: &Flags) -> anyhow::Result<CommandConfig> {
    let dir = super::ecs_dir()?;
    let Settled {
        cfg,
        region,
        credentials,
    } = settle(flags, &dir, &env)?;
    let region = match region {
        Some(r) => r,
        None => profile_region(&cfg)
            .await
            .ok_or_else(|| anyhow::anyhow!(NO_REGION))?,
    };
    tracing::debug!(cluster = %cfg.cluster, region = %region, credentials = ?credentials, "Resolved command configuration");

    let sdk = sdk_config(&region, &credentials).await;
    Ok(CommandConfig {
        cluster: cfg.cluster,
        region,
        launch_type: cfg.default_launch_type,
        cfn_stack_name: cfg.cfn_stack_name,
        compose_project_name_prefix: cfg.compose_project_name_prefix,
        compose_service_name_prefix: cfg.compose_service_name_prefix,
        ecs_endpoint: flags.endpoint.clone(),
        sdk,
    })
}

fn from_ecs_config(cfg: &LocalConfig) -> CredentialSource {
    if !cfg.aws_secret_key.is_empty() {
        CredentialSource::Static {
            access_key: cfg.aws_access_key.clone(),
            secret_key: cfg.aws_secret_key.clone(),
            session_token: cfg.aws_session_token.clone(),
        }
    } else {
        CredentialSource::AwsProfile(cfg.aws_profile.clone())
    }
}

/// The region of the AWS profile (the configuration's, else AWS_DEFAULT_PROFILE, else the
/// default profile) in the shared config files.
async fn profile_region(cfg: &LocalConfig) -> Option<String> {
    let profile = if cfg.aws_profile.is_empty() {
        env("AWS_DEFAULT_PROFILE")
    } else {
        cfg.aws_profile.clone()
    };
    let mut provider = aws_config::profile::ProfileFileRegionProvider::builder();
    if !profile.is_empty() {
        provider = provider.profile_name(profile);
    }
    use aws_config::meta::region::ProvideRegion;
    provider
        .build()
        .region()
        .await
        .map(|r| r.to_string())
        .filter(|r| !r.is_empty())
}

/// The SDK configuration for a region and credential source. Endpoint overrides come from
/// the SDK's standard `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` variables.
pub async fn sdk_config(region: &str, credentials: &CredentialSource) -> SdkConfig {
    let mut loader =
        aws_config::defaults(BehaviorVersion::latest()).region(Region::new(region.to_string()));
    if let Ok(name) = AppName::new("aws-ecs-cli") {
        loader = loader.app_name(name);
    }
    loader = match credentials {
        CredentialSource::Static {
            access_key,
            secret_key,
            session_token,
        } => loader.credentials_provider(Credentials::new(
            access_key.clone(),
            secret_key.clone(),
            (!session_token.is_empty()).then(|| session_token.clone()),
            None,
            "ecs-cli-profile",
        )),
        CredentialSource::AwsProfile(name) => {
            let mut p = aws_config::profile::ProfileFileCredentialsProvider::builder();
            if !name.is_empty() {
                p = p.profile_name(name);
            }
            loader.credentials_provider(p.build())
        }
        CredentialSource::DefaultChain { profile: Some(p) } => loader.profile_name(p),
        CredentialSource::DefaultChain { profile: None } => loader,
    };
    loader = loader.timeout_config(timeouts());
    let conf = loader.load().await;
    with_patient_retries(conf)
}

/// Seconds from the environment variable `name`, else `default`.
fn env_seconds(name: &str, default: u64) -> std::time::Duration {
    let secs = std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| *s > 0.0);
    secs.map(std::time::Duration::from_secs_f64)
        .unwrap_or(std::time::Duration::from_secs(default))
}

/// Connect and read timeouts on every AWS call, and a deadline per attempt and per operation,
/// so that an endpoint that accepts the connection and never answers cannot hang a command.
/// The defaults are far above any legitimate call; each can be changed with an environment
/// variable (seconds): `ECS_CLI_CONNECT_TIMEOUT` (10), `ECS_CLI_READ_TIMEOUT` (60),
/// `ECS_CLI_ATTEMPT_TIMEOUT` (120), `ECS_CLI_OPERATION_TIMEOUT` (600). See docs/cli.md.
pub fn timeouts() -> aws_config::timeout::TimeoutConfig {
    aws_config::timeout::TimeoutConfig::builder()
        .connect_timeout(env_seconds("ECS_CLI_CONNECT_TIMEOUT", 10))
        .read_timeout(env_seconds("ECS_CLI_READ_TIMEOUT", 60))
        .operation_attempt_timeout(env_seconds("ECS_CLI_ATTEMPT_TIMEOUT", 120))
        .operation_timeout(env_seconds("ECS_CLI_OPERATION_TIMEOUT", 600))
        .build()
}

/// The SDK's standard retries with backoff, but at least as patient as the original (4
/// attempts, backoff growing from 1 s) unless `AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE` or the AWS
/// profile chose otherwise (the SDK has already applied those).
fn with_patient_retries(conf: SdkConfig) -> SdkConfig {
    let chosen = ["AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()));
    let sdk_default = aws_config::retry::RetryConfig::standard();
    let is_default = conf.retry_config().is_none_or(|r| {
        r.max_attempts() == sdk_default.max_attempts() && r.mode() == sdk_default.mode()
    });
    if chosen || !is_default {
        return conf;
    }
    conf.to_builder()
        .retry_config(
            aws_config::retry::RetryConfig::standard()
                .with_max_attempts(4)
                .with_initial_backoff(std::time::Duration::from_secs(1)),
        )
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(config: Option<&str>, credentials: Option<&str>) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        if let Some(c) = config {
            std::fs::write(d.path().join("config"), c).unwrap();
        }
        if let Some(c) = credentials {
            std::fs::write(d.path().join("credentials"), c).unwrap();
        }
        d
    }

    const CONFIG: &str = "version: v1\ndefault: a\nclusters:\n  a:\n    cluster: ca\n    region: eu-west-1\n    default_launch_type: \"\"\n  b:\n    cluster: cb\n    region: us-west-2\n    cfn-stack-name: stack-b\n    default_launch_type: FARGATE\n";
    const CREDS: &str = "version: v1\ndefault: p\necs_profiles:\n  p:\n    aws_access_key_id: AK\n    aws_secret_access_key: SK\n";

    #[test]
    fn default_and_named_cluster_configs() {
        let d = dir_with(Some(CONFIG), Some(CREDS));
        let a = load_local(d.path(), "", "").unwrap();
        assert_eq!(
            (
                a.cluster.as_str(),
                a.region.as_str(),
                a.aws_secret_key.as_str()
            ),
            ("ca", "eu-west-1", "SK")
        );
        let b = load_local(d.path(), "b", "").unwrap();
        assert_eq!(
            (
                b.cluster.as_str(),
                b.cfn_stack_name.as_str(),
                b.default_launch_type.as_str()
            ),
            ("cb", "stack-b", "FARGATE")
        );
    }

    #[test]
    fn missing_names_are_errors() {
        let d = dir_with(Some(CONFIG), Some(CREDS));
        let e = load_local(d.path(), "nope", "").unwrap_err();
        assert!(e.ends_with("Cluster Configuration nope could not be found. Configure clusters using 'ecs-cli configure'."), "{e}");
        assert!(e.starts_with("Error parsing "), "{e}");
        let e = load_local(d.path(), "", "nope").unwrap_err();
        assert_eq!(e, "ECS Profile nope could not be found. Configure profiles using 'ecs-cli configure profile'.");
    }

    #[test]
    fn no_files_is_an_empty_config() {
        let d = dir_with(None, None);
        let c = load_local(d.path(), "", "").unwrap();
        assert!(c.cluster.is_empty() && c.region.is_empty());
    }

    #[test]
    fn legacy_ini_is_read() {
        let d = dir_with(
            Some("[ecs]\ncluster = legacy\nregion = us-west-2\naws_secret_access_key = S\n"),
            None,
        );
        let c = load_local(d.path(), "", "").unwrap();
        assert_eq!(
            (
                c.cluster.as_str(),
                c.version.as_str(),
                c.compose_project_name_prefix.as_str()
            ),
            ("legacy", "ini", "ecscompose-")
        );
    }

    /// An environment with only the given variables.
    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> String {
        move |k: &str| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
                .unwrap_or_default()
        }
    }

    fn flags() -> Flags {
        Flags::default()
    }

    #[test]
    fn the_cluster_flag_beats_ecs_cluster_which_beats_the_file() {
        let d = dir_with(Some(CONFIG), Some(CREDS));
        let s = settle(&flags(), d.path(), &env_of(&[])).unwrap();
        assert_eq!(s.cfg.cluster, "ca");
        let e = env_of(&[("ECS_CLUSTER", "from-env")]);
        assert_eq!(
            settle(&flags(), d.path(), &e).unwrap().cfg.cluster,
            "from-env"
        );
        let f = Flags {
            cluster: Some("from-flag".into()),
            ..flags()
        };
        assert_eq!(settle(&f, d.path(), &e).unwrap().cfg.cluster, "from-flag");
    }

    #[test]
    fn cluster_config_and_launch_type_flags() {
        let d = dir_with(Some(CONFIG), Some(CREDS));
        let f = Flags {
            cluster_config: Some("b".into()),
            ..flags()
        };
        let s = settle(&f, d.path(), &env_of(&[])).unwrap();
        assert_eq!(
            (
                s.cfg.cluster.as_str(),
                s.cfg.default_launch_type.as_str(),
                s.cfg.cfn_stack_name.as_str(),
                s.region.as_deref()
            ),
            ("cb", "FARGATE", "stack-b", Some("us-west-2"))
        );
        let f = Flags {
            launch_type: Some("EC2".into()),
            ..f
        };
        assert_eq!(
            settle(&f, d.path(), &env_of(&[]))
                .unwrap()
                .cfg
                .default_launch_type,
            "EC2"
        );
        let f = Flags {
            launch_type: Some("fargate".into()),
            ..flags()
        };
        assert_eq!(
            settle(&f, d.path(), &env_of(&[])).unwrap_err().to_string(),
            "Supported launch types are 'EC2' and 'FARGATE'; fargate is not a valid launch type."
        );
    }

    #[test]
    fn region_comes_from_the_flag_the_file_then_the_environment() {
        let d = dir_with(Some(CONFIG), None);
        let e = env_of(&[("AWS_REGION", "ap-south-1")]);
        assert_eq!(
            settle(&flags(), d.path(), &e).unwrap().region.as_deref(),
            Some("eu-west-1")
        );
        let f = Flags {
            region: Some("us-east-2".into()),
            ..flags()
        };
        assert_eq!(
            settle(&f, d.path(), &e).unwrap().region.as_deref(),
            Some("us-east-2")
        );
        let empty = dir_with(None, None);
        assert_eq!(
            settle(&flags(), empty.path(), &e)
                .unwrap()
                .region
                .as_deref(),
            Some("ap-south-1")
        );
        let e = env_of(&[("AWS_DEFAULT_REGION", "sa-east-1")]);
        assert_eq!(
            settle(&flags(), empty.path(), &e)
                .unwrap()
                .region
                .as_deref(),
            Some("sa-east-1")
        );
        assert_eq!(
            settle(&flags(), empty.path(), &env_of(&[])).unwrap().region,
            None
        );
    }

    #[test]
    fn credentials_follow_the_original_order() {
        let d = dir_with(Some(CONFIG), Some(CREDS));
        let static_keys = CredentialSource::Static {
            access_key: "AK".into(),
            secret_key: "SK".into(),
            session_token: String::new(),
        };
        // The ECS profile's keys, unless the environment has keys of its own.
        assert_eq!(
            settle(&flags(), d.path(), &env_of(&[]))
                .unwrap()
                .credentials,
            static_keys
        );
        let env_keys = env_of(&[("AWS_ACCESS_KEY_ID", "E"), ("AWS_SECRET_ACCESS_KEY", "S")]);
        assert_eq!(
            settle(&flags(), d.path(), &env_keys).unwrap().credentials,
            CredentialSource::DefaultChain { profile: None }
        );
        // --ecs-profile beats the environment's keys; --aws-profile beats both.
        let f = Flags {
            ecs_profile: Some("p".into()),
            ..flags()
        };
        assert_eq!(
            settle(&f, d.path(), &env_keys).unwrap().credentials,
            static_keys
        );
        let f = Flags {
            aws_profile: Some("named".into()),
            ..f
        };
        assert_eq!(
            settle(&f, d.path(), &env_keys).unwrap().credentials,
            CredentialSource::AwsProfile("named".into())
        );
        // Nothing configured: the SDK's chain, with AWS_DEFAULT_PROFILE.
        let empty = dir_with(None, None);
        let e = env_of(&[("AWS_DEFAULT_PROFILE", "dp")]);
        assert_eq!(
            settle(&flags(), empty.path(), &e).unwrap().credentials,
            CredentialSource::DefaultChain {
                profile: Some("dp".into())
            }
        );
    }

    #[test]
    fn stack_names() {
        let d = dir_with(Some(CONFIG), None);
        let s = settle(&flags(), d.path(), &env_of(&[])).unwrap();
        assert_eq!(s.cfg.cfn_stack_name, "amazon-ecs-cli-setup-ca");
        let ini = dir_with(
            Some("[ecs]\ncluster = legacy\nregion = us-west-2\ncfn-stack-name-prefix = pre-\n"),
            None,
        );
        let s = settle(&flags(), ini.path(), &env_of(&[])).unwrap();
        assert_eq!(s.cfg.cfn_stack_name, "pre-legacy");
    }

    #[test]
    fn empty_cluster_config_is_a_clear_error_not_a_crash() {
        let d = dir_with(Some("version: v1\ndefault: default\nclusters:\n  default:\n    cluster: \"\"\n    region: \"\"\n"), None);
        let e = load_local(d.path(), "", "").unwrap_err();
        assert!(
            e.contains("cluster configuration 'default' has neither a cluster nor a region"),
            "{e}"
        );
    }
}
