//! The cluster stack's parameters as `up` builds them from its flags, and the checks the
//! original made on them before creating anything (with its messages).

/// Parameter names of the cluster template.
pub const ASG_MAX_SIZE: &str = "AsgMaxSize";
pub const VPC_AZS: &str = "VpcAvailabilityZones";
pub const SECURITY_GROUP: &str = "SecurityGroupIds";
pub const SOURCE_CIDR: &str = "SourceCidr";
pub const ECS_PORT: &str = "EcsPort";
pub const SUBNET_IDS: &str = "SubnetIds";
pub const VPC_ID: &str = "VpcId";
pub const INSTANCE_TYPE: &str = "EcsInstanceType";
pub const KEY_NAME: &str = "KeyName";
pub const AMI_ID: &str = "EcsAmiId";
pub const INSTANCE_ROLE: &str = "InstanceRole";
pub const SPOT_PRICE: &str = "SpotPrice";
pub const CLUSTER: &str = "EcsCluster";
pub const ASSOCIATE_PUBLIC_IP: &str = "AssociatePublicIpAddress";
pub const IS_FARGATE: &str = "IsFargate";
pub const IS_IMDSV2: &str = "IsIMDSv2";
pub const USER_DATA: &str = "UserData";

/// The flag values that map one-to-one onto parameters (empty = not given).
#[derive(Debug, Clone, Default)]
pub struct StackFlags {
    pub size: String,
    pub azs: String,
    pub security_group: String,
    pub cidr: String,
    pub port: String,
    pub subnets: String,
    pub vpc: String,
    pub instance_type: String,
    pub keypair: String,
    pub image_id: String,
    pub instance_role: String,
    pub spot_price: String,
}

impl StackFlags {
    /// `(flag name, value)` in the order the original listed its stack flags (the order of
    /// the warnings `up --empty` prints).
    pub fn named(&self) -> [(&'static str, &str); 12] {
        [
            ("size", &self.size),
            ("azs", &self.azs),
            ("security-group", &self.security_group),
            ("cidr", &self.cidr),
            ("port", &self.port),
            ("subnets", &self.subnets),
            ("vpc", &self.vpc),
            ("instance-type", &self.instance_type),
            ("instance-role", &self.instance_role),
            ("image-id", &self.image_id),
            ("keypair", &self.keypair),
            ("spot-price", &self.spot_price),
        ]
    }
}

/// Stack parameters by name, in the order added; adding a name again replaces its value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// The parameters of the flags that were given.
    pub fn from_flags(f: &StackFlags) -> Self {
        let mut p = Params::default();
        for (key, value) in [
            (ASG_MAX_SIZE, &f.size),
            (VPC_AZS, &f.azs),
            (SECURITY_GROUP, &f.security_group),
            (SOURCE_CIDR, &f.cidr),
            (ECS_PORT, &f.port),
            (SUBNET_IDS, &f.subnets),
            (VPC_ID, &f.vpc),
            (INSTANCE_TYPE, &f.instance_type),
            (KEY_NAME, &f.keypair),
            (AMI_ID, &f.image_id),
            (INSTANCE_ROLE, &f.instance_role),
            (SPOT_PRICE, &f.spot_price),
        ] {
            if !value.is_empty() {
                p.add(key, value);
            }
        }
        p
    }

    pub fn add(&mut self, key: &str, value: &str) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value.to_string(),
            None => self.0.push((key.to_string(), value.to_string())),
        }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn entries(&self) -> &[(String, String)] {
        &self.0
    }

    /// Whether `key` is given as a comma-separated list whose length is outside min..=max.
    fn count_outside(&self, key: &str, min: usize, max: usize) -> bool {
        match self.get(key) {
            Some(v) => {
                let n = v.split(',').count();
                n < min || n > max
            }
            None => false,
        }
    }

    /// The original's checks of the network and role parameters, in its order.
    pub fn validate(&self) -> Result<(), String> {
        if self.has(VPC_AZS) && self.has(VPC_ID) {
            return Err("You can only specify '--vpc' or '--azs'".into());
        }
        if self.has(IS_FARGATE) && self.has(USER_DATA) {
            return Err("You can only specify '--extra-user-data' with the EC2 launch type".into());
        }
        if self.count_outside(VPC_AZS, 2, 2) {
            return Err(
                "You must specify 2 comma-separated availability zones with the '--azs' flag"
                    .into(),
            );
        }
        if self.count_outside(INSTANCE_ROLE, 1, 1) {
            return Err(
                "You can only specify one instance role name with the '--instance-role' flag"
                    .into(),
            );
        }
        if self.has(SECURITY_GROUP) && !self.has(VPC_ID) {
            return Err(
                "You have selected a security group. Please specify a VPC with the '--vpc' flag"
                    .into(),
            );
        }
        if self.has(VPC_ID) && !self.has(SUBNET_IDS) {
            return Err("You have selected a VPC. Please specify 2 comma-separated subnets with the '--subnets' flag".into());
        }
        if self.has(SUBNET_IDS) && !self.has(VPC_ID) {
            return Err(
                "You have selected subnets. Please specify a VPC with the '--vpc' flag".into(),
            );
        }
        Ok(())
    }
}

/// The message of an instance type that the region does not offer.
pub fn unsupported_instance_type(instance_type: &str, region: &str, offered: &[String]) -> String {
    format!(
        "instance type {instance_type} not supported in region {region}: instance type {instance_type} not found in list of supported instance types [{}]",
        offered.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags() -> StackFlags {
        StackFlags::default()
    }

    #[test]
    fn only_given_flags_become_parameters() {
        let p = Params::from_flags(&StackFlags {
            size: "2".into(),
            keypair: "k".into(),
            ..flags()
        });
        assert_eq!(
            p.entries(),
            &[
                ("AsgMaxSize".to_string(), "2".to_string()),
                ("KeyName".to_string(), "k".to_string())
            ]
        );
    }

    #[test]
    fn adding_again_replaces() {
        let mut p = Params::default();
        p.add("A", "1");
        p.add("A", "2");
        assert_eq!(p.get("A"), Some("2"));
        assert_eq!(p.entries().len(), 1);
    }

    fn check(f: StackFlags) -> Result<(), String> {
        Params::from_flags(&f).validate()
    }

    #[test]
    fn network_checks_in_the_originals_order() {
        assert_eq!(
            check(StackFlags {
                azs: "a".into(),
                vpc: "v".into(),
                ..flags()
            })
            .unwrap_err(),
            "You can only specify '--vpc' or '--azs'"
        );
        assert!(check(StackFlags {
            azs: "a".into(),
            ..flags()
        })
        .unwrap_err()
        .starts_with("You must specify 2 comma-separated availability zones"));
        assert!(check(StackFlags {
            azs: "a,b".into(),
            ..flags()
        })
        .is_ok());
        assert!(check(StackFlags {
            instance_role: "r1,r2".into(),
            ..flags()
        })
        .unwrap_err()
        .contains("one instance role"));
        assert!(check(StackFlags {
            security_group: "sg".into(),
            ..flags()
        })
        .unwrap_err()
        .starts_with("You have selected a security group"));
        assert!(check(StackFlags {
            vpc: "v".into(),
            ..flags()
        })
        .unwrap_err()
        .starts_with("You have selected a VPC"));
        assert!(check(StackFlags {
            subnets: "a,b".into(),
            ..flags()
        })
        .unwrap_err()
        .starts_with("You have selected subnets"));
        assert!(check(StackFlags {
            vpc: "v".into(),
            subnets: "a,b".into(),
            security_group: "sg".into(),
            ..flags()
        })
        .is_ok());
    }

    #[test]
    fn empty_warning_order() {
        let names: Vec<&str> = flags().named().iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "size",
                "azs",
                "security-group",
                "cidr",
                "port",
                "subnets",
                "vpc",
                "instance-type",
                "instance-role",
                "image-id",
                "keypair",
                "spot-price"
            ]
        );
    }

    #[test]
    fn unsupported_type_lists_the_offers_like_go() {
        assert_eq!(
            unsupported_instance_type("x", "r", &["a".into(), "b".into()]),
            "instance type x not supported in region r: instance type x not found in list of supported instance types [a b]"
        );
    }
}
