//! `ecs-cli configure profile`: Store an ECS profile (AWS access keys) in ~/.ecs/credentials.

use super::required;
use crate::config::file::{ProfileEntry, ProfileFile, CONFIG_VERSION};
use crate::error::Fatal;

pub mod default;

/// Store an ECS profile (AWS access keys) in ~/.ecs/credentials
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// AWS access key id to store in the ECS profile
    #[arg(
        long = "access-key",
        env = "AWS_ACCESS_KEY_ID",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub access_key: Option<String>,
    /// AWS secret access key to store in the ECS profile
    #[arg(
        long = "secret-key",
        env = "AWS_SECRET_ACCESS_KEY",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub secret_key: Option<String>,
    /// Name under which to store (or which to make default) this ECS profile
    #[arg(long = "profile-name", value_name = "VALUE")]
    pub profile_name: Option<String>,
    /// AWS session token to store in the ECS profile
    #[arg(
        long = "session-token",
        env = "AWS_SESSION_TOKEN",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub session_token: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Saves an ECS profile under `--profile-name` (default `default`).
pub async fn exec(args: &Args) -> anyhow::Result<()> {
    let secret_key = required(&args.secret_key, "secret-key")?;
    let access_key = required(&args.access_key, "access-key")?;
    let name = required(
        &Some(
            args.profile_name
                .clone()
                .unwrap_or_else(|| "default".into()),
        ),
        "profile-name",
    )?;
    let entry = ProfileEntry {
        aws_access_key_id: access_key,
        aws_secret_access_key: secret_key,
        aws_session_token: args.session_token.clone().unwrap_or_default(),
    };
    save_profile(&name, entry).map_err(|e| Fatal::new(format!("Error saving profile: {e}")))?;
    tracing::info!("Saved ECS CLI profile configuration {name}.");
    Ok(())
}

/// Adds or replaces one profile; the first one saved becomes the default.
pub(crate) fn save_profile(name: &str, entry: ProfileEntry) -> anyhow::Result<()> {
    crate::config::with_config_lock(|| save_profile_locked(name, entry))
}

fn save_profile_locked(name: &str, entry: ProfileEntry) -> anyhow::Result<()> {
    let path = crate::config::credentials_path()?;
    let mut file = if path.exists() {
        ProfileFile::read(&path).map_err(anyhow::Error::msg)?
    } else {
        ProfileFile {
            version: CONFIG_VERSION.into(),
            ..Default::default()
        }
    };
    file.ecs_profiles.insert(name.to_string(), entry);
    if file.ecs_profiles.len() == 1 {
        file.default = name.to_string();
    }
    file.write(&path).map_err(anyhow::Error::msg)
}

#[derive(clap::Subcommand, Debug, Clone)]
pub enum Command {
    Default(default::Args),
}

/// Routes a `configure profile` subcommand; without one, `configure profile` itself saves
/// an ECS profile.
pub async fn dispatch(args: Args) -> anyhow::Result<()> {
    let Some(command) = args.command.clone() else {
        return exec(&args).await;
    };
    match command {
        Command::Default(a) => default::exec(&a).await,
    }
}
