//! The cluster stack's template (`templates/cluster.json`, this project's own), with the
//! original's parameter, condition and resource names, so that stacks made by either tool can
//! be scaled and deleted by the other. `--tags` are written into the template as literal tags
//! of the taggable network resources and of the Auto Scaling group, which also names its
//! instances `ECS Instance - <stack>` unless the user gave a `Name` tag.

use serde_json::{json, Value};

/// The template as stored.
pub const TEMPLATE: &str = include_str!("../../templates/cluster.json");

pub const VPC: &str = "Vpc";
pub const SECURITY_GROUP: &str = "EcsSecurityGroup";
pub const SUBNET_1: &str = "PubSubnetAz1";
pub const SUBNET_2: &str = "PubSubnetAz2";
pub const ASG: &str = "EcsInstanceAsg";

/// Resources that take the user's tags as they are.
const TAGGED: [&str; 6] = [
    VPC,
    SUBNET_1,
    SUBNET_2,
    "InternetGateway",
    "RouteViaIgw",
    SECURITY_GROUP,
];

/// The template text sent for stack `stack_name` with the user's `tags`.
pub fn render(stack_name: &str, tags: &[(String, String)]) -> String {
    let mut template: Value =
        serde_json::from_str(TEMPLATE).expect("templates/cluster.json is JSON");
    let resources = &mut template["Resources"];
    if !tags.is_empty() {
        let plain: Vec<Value> = tags
            .iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect();
        for id in TAGGED {
            resources[id]["Properties"]["Tags"] = Value::Array(plain.clone());
        }
    }
    let mut asg_tags: Vec<Value> = tags
        .iter()
        .map(|(k, v)| json!({"Key": k, "Value": v, "PropagateAtLaunch": "true"}))
        .collect();
    if !tags.iter().any(|(k, _)| k == "Name") {
        asg_tags.push(json!({
            "Key": "Name",
            "Value": format!("ECS Instance - {stack_name}"),
            "PropagateAtLaunch": "true"
        }));
    }
    resources[ASG]["Properties"]["Tags"] = Value::Array(asg_tags);
    serde_json::to_string_pretty(&template).expect("a JSON value serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tests/fixtures/cluster-template-names.txt`: the original template's sections and names.
    fn reference() -> Vec<(String, Vec<String>)> {
        let text = include_str!("../../tests/fixtures/cluster-template-names.txt");
        let mut sections: Vec<(String, Vec<String>)> = Vec::new();
        for line in text.lines() {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                sections.push((name.to_string(), Vec::new()));
            } else if !line.trim().is_empty() {
                if let Some(last) = sections.last_mut() {
                    last.1.push(line.trim().to_string());
                }
            }
        }
        sections
    }

    fn quoted(key: &str, v: &Value) -> String {
        format!("{key}=\"{}\"", v.as_str().unwrap_or_default())
    }

    #[test]
    fn names_are_the_originals() {
        let t: Value = serde_json::from_str(TEMPLATE).unwrap();
        let top: Vec<&String> = t.as_object().unwrap().keys().collect();
        for (section, entries) in reference() {
            assert!(top.contains(&&section), "section {section}");
            let ours = &t[&section];
            let mut expected: Vec<String> = entries.clone();
            let mut got: Vec<String> = match section.as_str() {
                "Parameters" => ours
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{k} {} {}",
                            quoted("Type", &v["Type"]),
                            quoted("Default", &v["Default"])
                        )
                    })
                    .collect(),
                "Resources" => ours
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{k} {} {}",
                            quoted("Condition", &v["Condition"]),
                            quoted("Type", &v["Type"])
                        )
                    })
                    .collect(),
                "Conditions" | "Mappings" => match ours.as_object() {
                    Some(m) => m.keys().cloned().collect(),
                    None => Vec::new(),
                },
                _ => Vec::new(),
            };
            if !matches!(
                section.as_str(),
                "Parameters" | "Resources" | "Conditions" | "Mappings"
            ) {
                continue;
            }
            expected.sort();
            got.sort();
            assert_eq!(got, expected, "section {section}");
        }
        assert!(t.get("Outputs").is_none());
    }

    #[test]
    fn asg_is_sized_by_asg_max_size() {
        let t: Value = serde_json::from_str(TEMPLATE).unwrap();
        let p = &t["Resources"][ASG]["Properties"];
        assert_eq!(p["MaxSize"], json!({"Ref": "AsgMaxSize"}));
        assert_eq!(p["DesiredCapacity"], json!({"Ref": "AsgMaxSize"}));
        assert_eq!(p["MinSize"], json!("0"));
    }

    #[test]
    fn without_tags_only_the_asg_name() {
        let t: Value = serde_json::from_str(&render("s1", &[])).unwrap();
        assert_eq!(
            t["Resources"][ASG]["Properties"]["Tags"],
            json!([{"Key": "Name", "Value": "ECS Instance - s1", "PropagateAtLaunch": "true"}])
        );
        assert!(t["Resources"][VPC]["Properties"].get("Tags").is_none());
    }

    #[test]
    fn user_tags_go_everywhere_and_a_user_name_wins() {
        let tags = vec![("a".to_string(), "1".to_string())];
        let t: Value = serde_json::from_str(&render("s1", &tags)).unwrap();
        for id in TAGGED {
            assert_eq!(
                t["Resources"][id]["Properties"]["Tags"],
                json!([{"Key": "a", "Value": "1"}]),
                "{id}"
            );
        }
        assert_eq!(
            t["Resources"][ASG]["Properties"]["Tags"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        let named = vec![("Name".to_string(), "mine".to_string())];
        let t: Value = serde_json::from_str(&render("s1", &named)).unwrap();
        assert_eq!(
            t["Resources"][ASG]["Properties"]["Tags"],
            json!([{"Key": "Name", "Value": "mine", "PropagateAtLaunch": "true"}])
        );
    }
}
