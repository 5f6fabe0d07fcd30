//! The recommended ECS-optimized Amazon Linux 2 AMI, from the public SSM parameters the
//! original read (`/aws/service/ecs/optimized-ami/amazon-linux-2[/arm64|/gpu]/recommended`,
//! a JSON document), chosen by instance type.

use crate::logging::{log, LogLevel};

const X86: &str = "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended";
const ARM64: &str = "/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended";
const GPU: &str = "/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended";

/// What the recommended parameter says about its AMI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AmiMetadata {
    pub image_id: String,
    pub os_name: String,
    pub agent_version: String,
    pub runtime_version: String,
}

/// Whether `instance_type` is an arm64 (Graviton) type: `a1`, or a family whose generation
/// digit is followed by `g` (`m6g`, `c7gn`, `t4g`, `x2gd`, ...).
pub fn is_arm64(instance_type: &str) -> bool {
    let family = instance_type.split('.').next().unwrap_or("");
    if family == "a1" {
        return true;
    }
    let bytes = family.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_lowercase()).count();
    let digits = bytes[letters..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    letters > 0 && digits > 0 && bytes.get(letters + digits) == Some(&b'g')
}

/// Whether `instance_type` is an NVIDIA GPU type, for which the GPU AMI is recommended.
pub fn is_gpu(instance_type: &str) -> bool {
    const FAMILIES: [&str; 14] = [
        "p2", "p3", "p3dn", "p4d", "p4de", "p5", "p5e", "p5en", "g3", "g3s", "g4dn", "g5", "g6",
        "g6e",
    ];
    let family = instance_type.split('.').next().unwrap_or("");
    FAMILIES.contains(&family)
}

/// The SSM parameter for `instance_type`, logging the original's line when it is not the
/// plain x86 one.
fn parameter_for(instance_type: &str) -> &'static str {
    if is_arm64(instance_type) {
        log(
            LogLevel::Info,
            &format!("Using Arm ecs-optimized AMI because instance type was {instance_type}"),
            &[],
        );
        ARM64
    } else if is_gpu(instance_type) {
        log(
            LogLevel::Info,
            &format!("Using GPU ecs-optimized AMI because instance type was {instance_type}"),
            &[],
        );
        GPU
    } else {
        X86
    }
}

/// Reads the recommended AMI for `instance_type` in `region`.
pub async fn recommended_ami(
    ssm: &aws_sdk_ssm::Client,
    region: &str,
    instance_type: &str,
) -> anyhow::Result<AmiMetadata> {
    let name = parameter_for(instance_type);
    let out = match ssm.get_parameter().name(name).send().await {
        Ok(out) => out,
        Err(e) => {
            let text = super::error_text(&e);
            let not_found = e
                .as_service_error()
                .is_some_and(|se| se.is_parameter_not_found());
            if not_found {
                anyhow::bail!("Could not find Recommended Amazon Linux 2 AMI {name} in {region}; the AMI may not be supported in this region: {text}");
            }
            anyhow::bail!(text);
        }
    };
    let value = out
        .parameter()
        .and_then(|p| p.value())
        .unwrap_or_default()
        .to_string();
    parse_metadata(&value)
}

/// The parameter's JSON value.
fn parse_metadata(value: &str) -> anyhow::Result<AmiMetadata> {
    let v: serde_json::Value = serde_json::from_str(value)?;
    let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
    Ok(AmiMetadata {
        image_id: field("image_id"),
        os_name: field("os"),
        agent_version: field("ecs_agent_version"),
        runtime_version: field("ecs_runtime_version"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arm_types() {
        for t in [
            "a1.medium",
            "m6g.large",
            "c7gn.xlarge",
            "t4g.micro",
            "x2gd.large",
            "g5g.xlarge",
        ] {
            assert!(is_arm64(t), "{t}");
        }
        for t in [
            "t2.micro",
            "m5.large",
            "g4dn.xlarge",
            "p3.2xlarge",
            "c5n.large",
        ] {
            assert!(!is_arm64(t), "{t}");
        }
    }

    #[test]
    fn gpu_types() {
        assert!(is_gpu("g4dn.xlarge"));
        assert!(is_gpu("p3dn.24xlarge"));
        assert!(!is_gpu("t2.micro"));
        assert!(!is_gpu("g4ad.xlarge"));
    }

    #[test]
    fn metadata_from_json() {
        let m = parse_metadata(r#"{"ecs_agent_version":"1.1","ecs_runtime_version":"Docker version 1","image_id":"ami-1","os":"Amazon Linux 2"}"#).unwrap();
        assert_eq!(m.image_id, "ami-1");
        assert_eq!(m.os_name, "Amazon Linux 2");
        assert_eq!(m.runtime_version, "Docker version 1");
    }
}
