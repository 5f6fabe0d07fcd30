//! The deployment and load-balancer settings of `compose service create`/`up`, checked the way
//! the original checked them when it opened the project: integer flags, one classic load
//! balancer or target group (`--load-balancer-name`/`--target-group-arn` with
//! `--container-name` and `--container-port`), or any number of `--target-groups` entries,
//! never both kinds. Pure: no AWS, no clap.

use aws_sdk_ecs::types::LoadBalancer;

/// The raw flag values (empty or `None`: not given).
#[derive(Clone, Debug, Default)]
pub struct Flags {
    pub deployment_max_percent: Option<String>,
    pub deployment_min_healthy_percent: Option<String>,
    pub target_groups: Vec<String>,
    pub role: Option<String>,
    pub target_group_arn: Option<String>,
    pub load_balancer_name: Option<String>,
    pub container_name: Option<String>,
    pub container_port: Option<String>,
    pub health_check_grace_period: Option<String>,
}

/// What the flags decide.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub max_percent: Option<i32>,
    pub min_healthy_percent: Option<i32>,
    /// `None` when no load balancer flag was given.
    pub load_balancers: Option<Vec<LoadBalancer>>,
    pub role: String,
    pub health_check_grace_period: Option<i32>,
}

/// The original's integer flag rule: empty is "not given", anything else must be an integer.
fn int_flag(value: &Option<String>, flag: &str) -> Result<Option<i32>, String> {
    let Some(v) = value.as_deref().filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    crate::go::strconv::parse_int(v, 64, "ParseInt")
        .ok()
        .and_then(|n| i32::try_from(n).ok())
        .map(Some)
        .ok_or_else(|| format!("Please pass integer value for the flag {flag}"))
}

fn given(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

/// Checks the flags and builds the settings; the error is the original's text.
pub fn settings(f: &Flags) -> Result<Settings, String> {
    let max_percent = int_flag(&f.deployment_max_percent, "deployment-max-percent")?;
    let min_healthy_percent = int_flag(
        &f.deployment_min_healthy_percent,
        "deployment-min-healthy-percent",
    )?;
    let (tg_arn, lb_name, container) = (
        given(&f.target_group_arn),
        given(&f.load_balancer_name),
        given(&f.container_name),
    );
    let port = int_flag(&f.container_port, "container-port")?;
    let grace = int_flag(&f.health_check_grace_period, "health-check-grace-period")?;
    let single =
        !tg_arn.is_empty() || !lb_name.is_empty() || !container.is_empty() || port.is_some();
    let load_balancers = if single && !f.target_groups.is_empty() {
        return Err("[--target-groups] cannot be used with [--load-balancer-name], [--target-group-arn], [--container-name] or [--container-port]".into());
    } else if single {
        if !tg_arn.is_empty() && !lb_name.is_empty() {
            return Err(
                "[--load-balancer-name] and [--target-group-arn] flags cannot both be specified"
                    .into(),
            );
        }
        if tg_arn.is_empty() && lb_name.is_empty() {
            return Err("Must specify either [--load-balancer-name] or [--target-group-arn] flag for your service".into());
        }
        if container.is_empty() {
            return Err("[--container-name] is required if [--load-balancer-name] or [--target-group-arn] is specified".into());
        }
        let Some(port) = port else {
            return Err("[--container-port] is required if [--load-balancer-name] or [--target-group-arn] is specified".into());
        };
        let lb = LoadBalancer::builder()
            .container_name(container)
            .container_port(port)
            .set_target_group_arn((!tg_arn.is_empty()).then(|| tg_arn.to_string()))
            .set_load_balancer_name((!lb_name.is_empty()).then(|| lb_name.to_string()))
            .build();
        Some(vec![lb])
    } else if !f.target_groups.is_empty() {
        Some(
            f.target_groups
                .iter()
                .map(|v| target_group(v))
                .collect::<Result<_, _>>()?,
        )
    } else {
        None
    };
    Ok(Settings {
        max_percent,
        min_healthy_percent,
        load_balancers,
        role: given(&f.role).to_string(),
        health_check_grace_period: grace,
    })
}

/// One `--target-groups` value: `targetGroupArn=…,containerName=…,containerPort=…`.
fn target_group(value: &str) -> Result<LoadBalancer, String> {
    let (mut arn, mut name, mut port) = (None, None, None);
    for part in value.split(',') {
        let Some((key, v)) = part.split_once('=') else {
            return Err(format!(
                "--target-groups {value:?}: each entry must be key=value, with the keys targetGroupArn, containerName and containerPort"
            ));
        };
        match key.trim() {
            "targetGroupArn" => arn = Some(v.trim().to_string()),
            "containerName" => name = Some(v.trim().to_string()),
            "containerPort" => {
                port = Some(v.trim().parse::<i32>().map_err(|_| {
                    format!("--target-groups {value:?}: containerPort must be an integer, not {v:?}")
                })?)
            }
            other => {
                return Err(format!(
                    "--target-groups {value:?}: unknown key {other:?} (allowed: targetGroupArn, containerName, containerPort)"
                ))
            }
        }
    }
    let missing = |k: &str| format!("--target-groups {value:?}: {k} is required");
    Ok(LoadBalancer::builder()
        .target_group_arn(arn.ok_or_else(|| missing("targetGroupArn"))?)
        .container_name(name.ok_or_else(|| missing("containerName"))?)
        .container_port(port.ok_or_else(|| missing("containerPort"))?)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn no_flags_no_load_balancer() {
        assert_eq!(settings(&Flags::default()).unwrap(), Settings::default());
    }

    #[test]
    fn one_target_group() {
        let out = settings(&Flags {
            target_group_arn: s("arn:tg"),
            container_name: s("web"),
            container_port: s("80"),
            role: s("r"),
            health_check_grace_period: s("30"),
            ..Flags::default()
        })
        .unwrap();
        let lbs = out.load_balancers.unwrap();
        assert_eq!(lbs[0].target_group_arn(), Some("arn:tg"));
        assert_eq!(lbs[0].container_port(), Some(80));
        assert_eq!(out.role, "r");
        assert_eq!(out.health_check_grace_period, Some(30));
    }

    #[test]
    fn the_original_errors() {
        let e = |f: Flags| settings(&f).unwrap_err();
        assert_eq!(
            e(Flags {
                target_group_arn: s("a"),
                container_name: s("web"),
                ..Flags::default()
            }),
            "[--container-port] is required if [--load-balancer-name] or [--target-group-arn] is specified"
        );
        assert!(e(Flags {
            target_groups: vec!["targetGroupArn=a,containerName=w,containerPort=1".into()],
            container_name: s("web"),
            ..Flags::default()
        })
        .starts_with("[--target-groups] cannot be used with"));
        assert_eq!(
            e(Flags {
                deployment_max_percent: s("x"),
                ..Flags::default()
            }),
            "Please pass integer value for the flag deployment-max-percent"
        );
    }

    #[test]
    fn several_target_groups() {
        let out = settings(&Flags {
            target_groups: vec![
                "targetGroupArn=a,containerName=web,containerPort=80".into(),
                "targetGroupArn=b,containerName=web,containerPort=8080".into(),
            ],
            ..Flags::default()
        })
        .unwrap();
        assert_eq!(out.load_balancers.unwrap().len(), 2);
        assert!(target_group("targetGroupArn=a,containerName=web").is_err());
        assert!(target_group("oops").is_err());
    }
}
