//! `ecs-cli registry-creds up`: Store registry credentials in Secrets Manager and grant a task execution role access to them.

use crate::commands::flags::Levels;
use crate::error::{executing, Fatal};
use crate::registry_creds;

/// Store registry credentials in Secrets Manager and grant a task execution role access to them
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub aws_flags: crate::commands::flags::AwsFlags,
    /// Update secrets that already exist with the new credentials
    #[arg(long = "update-existing-secrets")]
    pub update_existing_secrets: bool,
    /// Name of the task execution role to create or update
    #[arg(long = "role-name", value_name = "VALUE")]
    pub role_name: Option<String>,
    /// Do not create or update a task execution role
    #[arg(long = "no-role")]
    pub no_role: bool,
    /// Do not write the output file used by compose
    #[arg(long = "no-output-file")]
    pub no_output_file: bool,
    /// Directory in which to write the output file (default: the current directory)
    #[arg(long = "output-dir", value_name = "VALUE")]
    pub output_dir: Option<String>,
    /// Tags as key=value pairs, comma separated
    #[arg(long = "tags", value_name = "VALUE")]
    pub tags: Option<String>,
    /// YAML file that lists the registries and their credentials
    #[arg(value_name = "FILE", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

/// Stores registry credentials in Secrets Manager and sets up a task execution role.
pub async fn exec(parents: Levels, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.aws_flags);
    if args.args.len() != 1 {
        return Err(Fatal::new(format!(
            "Exactly 1 credential file is required. Found: {}",
            args.args.len()
        ))
        .into());
    }
    let tags = match args.tags.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => crate::go::ecs_utils::parse_tags(t).map_err(|e| executing("up", e))?,
        None => Vec::new(),
    };
    let opts = registry_creds::Options {
        file: args.args[0].clone(),
        role_name: args.role_name.clone().unwrap_or_default(),
        no_role: args.no_role,
        output_dir: args.output_dir.clone().unwrap_or_default(),
        no_output_file: args.no_output_file,
        update_existing_secrets: args.update_existing_secrets,
        tags,
        cwd: std::env::current_dir().unwrap_or_default(),
        env: std::env::vars().collect(),
    };
    // The file is read before the configuration is resolved, so that a missing or malformed
    // file is reported even where no credentials are configured.
    let input = registry_creds::read_input(&opts).map_err(|e| executing("up", e))?;
    let cfg = ctx
        .command_config()
        .await
        .map_err(|e| executing("up", crate::error::chain_text(&e)))?;
    registry_creds::up(cfg, &opts, input)
        .await
        .map_err(|e| executing("up", e))
}
