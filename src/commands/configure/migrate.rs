//! `ecs-cli configure migrate`: Convert a legacy INI ~/.ecs/config to the current YAML files.

use super::profile::save_profile;
use super::save_cluster;
use crate::config::file::{ClusterEntry, ClusterFile, ProfileEntry};
use crate::config::legacy::{LegacyConfig, DEFAULT_CFN_STACK_NAME_PREFIX};
use crate::error::Fatal;

/// Convert a legacy INI ~/.ecs/config to the current YAML files
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Migrate without showing the preview and asking for confirmation
    #[arg(long = "force")]
    pub force: bool,
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Converts the legacy INI `~/.ecs/config` into the YAML `config` and `credentials` files,
/// after showing both and asking (unless `--force`).
pub async fn exec(args: &Args) -> anyhow::Result<()> {
    let path = crate::config::config_path()?;
    if let Ok(existing) = ClusterFile::read(&path) {
        if !existing.version.is_empty() {
            tracing::error!(
                "No need to migrate; found a YAML formatted configuration file at {}",
                path.display()
            );
            return Ok(());
        }
    }
    let old = LegacyConfig::read(&path).unwrap_or_else(LegacyConfig::with_defaults);
    let cfn_stack_name = if old.cfn_stack_name_prefix == DEFAULT_CFN_STACK_NAME_PREFIX {
        String::new()
    } else {
        format!("{}{}", old.cfn_stack_name_prefix, old.cluster)
    };

    if !args.force {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Fatal::new(crate::go::os::path_error("open", &path, &e)))?;
        print!("{}", preview(&text, &old, &cfn_stack_name));
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        if !(answer.starts_with('y') || answer.starts_with('Y')) {
            tracing::info!("Aborting Migration.");
            return Ok(());
        }
    }

    let entry = ClusterEntry {
        cluster: old.cluster.clone(),
        region: old.region.clone(),
        compose_service_name_prefix: old.compose_service_name_prefix.clone(),
        cfn_stack_name,
        default_launch_type: String::new(),
    };
    save_cluster("default", entry)
        .map_err(|e| Fatal::new(format!("Error saving cluster configuration: {e}")))?;
    if !old.aws_secret_access_key.is_empty() {
        let profile = ProfileEntry {
            aws_access_key_id: old.aws_access_key_id.clone(),
            aws_secret_access_key: old.aws_secret_access_key.clone(),
            aws_session_token: String::new(),
        };
        save_profile("default", profile)
            .map_err(|e| Fatal::new(format!("Error saving profile: {e}")))?;
    }
    tracing::info!("Migrated ECS CLI configuration.");
    Ok(())
}

/// Everything but the last two characters of a secret becomes `*`.
fn mask(secret: &str) -> String {
    let n = secret.chars().count();
    let keep = n.min(2);
    "*".repeat(n - keep) + &secret.chars().skip(n - keep).collect::<String>()
}

/// The old file with its secret key masked.
fn mask_old_file(text: &str) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        if line.contains("aws_secret_access_key") {
            if let Some((key, value)) = line.split_once('=') {
                let value = value.split('=').next().unwrap_or("");
                if !value.trim().is_empty() {
                    out.push_str(&format!("{key}= {}", mask(value)));
                }
            }
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// What Go's html/template does to a value.
fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '+' => out.push_str("&#43;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The preview the original printed before asking.
fn preview(old_text: &str, old: &LegacyConfig, cfn_stack_name: &str) -> String {
    let mut optional = String::new();
    if !old.compose_service_name_prefix.is_empty() {
        optional.push_str(&format!(
            "compose-service-name-prefix: {}\n",
            old.compose_service_name_prefix
        ));
    }
    if !cfn_stack_name.is_empty() {
        optional.push_str(&format!("cfn-stack-name: {cfn_stack_name}\n"));
    }
    let secret = if old.aws_secret_access_key.is_empty() {
        String::new()
    } else {
        mask(&old.aws_secret_access_key)
    };
    format!(
        "\nOld configuration file\n-----------------------------------------------------\n~/.ecs/config\n{}\n\n\
New configuration files\n-----------------------------------------------------\n~/.ecs/config\nversion: v1\ndefault: default\n\
cluster-configurations:\n  default:\n    cluster: {}\n    region: {}\n    {}\n\n\n~/.ecs/credentials\ndefault: default\n\
credentials:\n  default:\n    aws_access_key_id: {}\n    aws_secret_access_key: {}\n\n\n{WARNING}\nAre you sure you want to migrate[y/n]?\n",
        html_escape(&mask_old_file(old_text)),
        html_escape(&old.cluster),
        html_escape(&old.region),
        html_escape(&optional),
        html_escape(&old.aws_access_key_id),
        html_escape(&secret),
    )
}

const WARNING: &str = "[WARN] Please read the following changes carefully: http://docs.aws.amazon.com/AmazonECS/latest/developerguide/ECS_CLI_Configuration.html
- The option --compose-project-name-prefix has been removed (name used for create task definition: <compose_project_name_prefix> + <project_name>). You can specify your desired name with the --project-name option.
- The --compose-service-name-prefix option has been deprecated (name used for create service: <compose_service_name_prefix> + <project_name>). This field can still be configured; however, if it is not configured there is no longer a default value assigned.
- The --cfn-stack-name-prefix option has been removed. To use an existing CloudFormation stack, please specify the full stack name using the --cfn-stack-name option; otherwise, the stack name defaults to amazon-ecs-cli-setup-<cluster_name>.
- Storing an AWS Profile name in the config is no longer supported, please use the --aws-profile flag inline instead.
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_like_the_original() {
        assert_eq!(mask("SKL"), "*KL");
        assert_eq!(mask(" SKL"), "**KL");
        assert_eq!(mask("a"), "a");
        assert_eq!(
            mask_old_file("x = 1\naws_secret_access_key = SKL\n"),
            "x = 1\naws_secret_access_key = **KL\n\n"
        );
    }
}
