//! Flags shared by many commands, and how a command finds their values.
//!
//! Each command level declares the shared flags itself, as the original's commands did
//! ([`AwsFlags`], [`ClusterFlags`], `--launch-type`, `--verbose`). The dispatch collects the
//! typed values of each level on its way from the root to the command ([`Levels`]), and the
//! command folds them once into the resolver's [`Flags`]: for each flag, the first non-empty
//! value from the command's own level up through its parents (urfave/cli's
//! `RecursiveFlagSearch`). Nothing reads a flag by its name.

use crate::config::resolve::Flags;
use crate::context::Context;

/// Region and credentials: which AWS account and region a command talks to.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct AwsFlags {
    /// AWS region
    #[arg(long = "region", short = 'r', value_name = "VALUE")]
    pub region: Option<String>,
    /// Name of the ECS profile in ~/.ecs/credentials to use (default: the default one)
    #[arg(
        long = "ecs-profile",
        env = "ECS_PROFILE",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub ecs_profile: Option<String>,
    /// Use this named profile from the AWS shared config/credentials files (takes precedence over --ecs-profile)
    #[arg(
        long = "aws-profile",
        env = "AWS_PROFILE",
        hide_env_values = true,
        value_name = "VALUE"
    )]
    pub aws_profile: Option<String>,
    /// Name of the cluster configuration in ~/.ecs/config to use (default: the default one)
    #[arg(long = "cluster-config", value_name = "VALUE")]
    pub cluster_config: Option<String>,
}

/// [`AwsFlags`] plus the ECS cluster.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ClusterFlags {
    #[command(flatten)]
    pub aws: AwsFlags,
    /// ECS cluster name
    #[arg(long = "cluster", short = 'c', value_name = "VALUE")]
    pub cluster: Option<String>,
}

/// The values of the shared flags at one command level (`None`: not declared or not given
/// there).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Level {
    pub flags: Flags,
    /// `--verbose`/`--debug`
    pub verbose: bool,
}

impl From<Flags> for Level {
    fn from(flags: Flags) -> Level {
        Level {
            flags,
            verbose: false,
        }
    }
}

impl From<&AwsFlags> for Level {
    fn from(f: &AwsFlags) -> Level {
        Level::from(Flags {
            region: f.region.clone(),
            ecs_profile: f.ecs_profile.clone(),
            aws_profile: f.aws_profile.clone(),
            cluster_config: f.cluster_config.clone(),
            ..Flags::default()
        })
    }
}

impl From<&ClusterFlags> for Level {
    fn from(f: &ClusterFlags) -> Level {
        let mut level = Level::from(&f.aws);
        level.flags.cluster = f.cluster.clone();
        level
    }
}

impl Level {
    /// This level's `--launch-type`.
    pub fn launch_type(mut self, value: &Option<String>) -> Level {
        self.flags.launch_type = value.clone();
        self
    }

    /// This level's `--verbose`.
    pub fn verbose(mut self, on: bool) -> Level {
        self.verbose = on;
        self
    }
}

/// The shared flags of the command levels from the root down to the command being run.
#[derive(Clone, Debug, Default)]
pub struct Levels(Vec<Level>);

impl Levels {
    /// The root level: `ecs-cli --endpoint`.
    pub fn root(endpoint: Option<String>) -> Levels {
        Levels(vec![Level::from(Flags {
            endpoint,
            ..Flags::default()
        })])
    }

    /// These levels with one more below them.
    pub fn with(mut self, level: impl Into<Level>) -> Levels {
        self.0.push(level.into());
        self
    }

    /// The first non-empty value of one flag from the leaf up.
    fn first(&self, flag: impl Fn(&Flags) -> &Option<String>) -> Option<String> {
        self.0
            .iter()
            .rev()
            .find_map(|l| flag(&l.flags).as_ref().filter(|v| !v.is_empty()).cloned())
    }

    /// Every shared flag, each the first non-empty value from the leaf up.
    pub fn flags(&self) -> Flags {
        Flags {
            endpoint: self.first(|f| &f.endpoint),
            cluster: self.first(|f| &f.cluster),
            region: self.first(|f| &f.region),
            ecs_profile: self.first(|f| &f.ecs_profile),
            aws_profile: self.first(|f| &f.aws_profile),
            cluster_config: self.first(|f| &f.cluster_config),
            launch_type: self.first(|f| &f.launch_type),
        }
    }

    /// `--verbose` on any level.
    pub fn verbose(&self) -> bool {
        self.0.iter().any(|l| l.verbose)
    }

    /// The context of the command at the leaf, whose own flags are `leaf`. `--verbose` takes
    /// effect here, once, before the command does anything.
    pub fn leaf(self, leaf: impl Into<Level>) -> Context {
        let levels = self.with(leaf);
        if levels.verbose() {
            crate::logging::set_debug(true);
        }
        Context::new(levels.flags())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(c: &str) -> Level {
        Level::from(Flags {
            cluster: Some(c.into()),
            ..Flags::default()
        })
    }

    #[test]
    fn the_leaf_wins_and_empty_values_do_not_count() {
        let levels = Levels::root(Some("http://e".into()))
            .with(cluster("group"))
            .with(cluster(""));
        let f = levels.flags();
        assert_eq!(f.cluster.as_deref(), Some("group"));
        assert_eq!(f.endpoint.as_deref(), Some("http://e"));
        let f = levels.with(cluster("leaf")).flags();
        assert_eq!(f.cluster.as_deref(), Some("leaf"));
    }

    #[test]
    fn each_flag_is_searched_on_its_own() {
        let group = Level::from(&ClusterFlags {
            aws: AwsFlags {
                region: Some("eu-west-1".into()),
                ecs_profile: Some("p".into()),
                ..AwsFlags::default()
            },
            cluster: Some("c".into()),
        })
        .verbose(true);
        let leaf = Level::from(&AwsFlags {
            region: Some("us-east-2".into()),
            ..AwsFlags::default()
        })
        .launch_type(&Some("FARGATE".into()));
        let levels = Levels::root(None).with(group).with(leaf);
        assert!(levels.verbose());
        assert_eq!(
            levels.flags(),
            Flags {
                endpoint: None,
                cluster: Some("c".into()),
                region: Some("us-east-2".into()),
                ecs_profile: Some("p".into()),
                aws_profile: None,
                cluster_config: None,
                launch_type: Some("FARGATE".into()),
            }
        );
        assert!(!Levels::root(None).with(Level::default()).verbose());
    }
}
