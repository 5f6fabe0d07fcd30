//! `ecs-cli compose service scale`: Set the service's desired count and wait until it is stable.

use crate::commands::flags::Levels;
use crate::compose::ProjectOptions;

/// Set the service's desired count and wait until it is stable
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Upper limit of running tasks during a deployment, as a percentage of the desired count
    #[arg(long = "deployment-max-percent", value_name = "VALUE")]
    pub deployment_max_percent: Option<String>,
    /// Lower limit of healthy tasks during a deployment, as a percentage of the desired count
    #[arg(long = "deployment-min-healthy-percent", value_name = "VALUE")]
    pub deployment_min_healthy_percent: Option<String>,
    #[command(flatten)]
    pub cluster_flags: crate::commands::flags::ClusterFlags,
    /// Minutes to wait for the service to become stable (0: do not wait)
    #[arg(long = "timeout", default_value_t = 5.0, value_name = "N")]
    pub timeout: f64,
    /// Number of tasks the service should run
    #[arg(value_name = "COUNT", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

/// Sets the desired count to COUNT and waits until the service is stable.
pub async fn exec(parents: Levels, opts: &ProjectOptions, args: &Args) -> anyhow::Result<()> {
    let mut ctx = parents.leaf(&args.cluster_flags);
    let o = super::open(
        &mut ctx,
        opts,
        crate::ecs_services::load_balancers::Flags {
            deployment_max_percent: args.deployment_max_percent.clone(),
            deployment_min_healthy_percent: args.deployment_min_healthy_percent.clone(),
            ..Default::default()
        },
        super::Extra {
            timeout_minutes: args.timeout,
            ..Default::default()
        },
    )
    .await?;
    if args.args.len() != 1 {
        return Err(crate::error::Fatal::new(
            "Please pass arguments in the form: ecs-cli compose scale COUNT",
        )
        .into());
    }
    let count = crate::ecs_tasks::run::parse_count(&args.args[0])
        .and_then(|n| i32::try_from(n).ok())
        .ok_or_else(|| {
            crate::error::Fatal::new("Please pass an integer value for argument COUNT")
        })?;
    o.service.update_count(Some(count)).await
}
