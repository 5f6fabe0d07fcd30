//! The instance types offered in a region (DescribeInstanceTypeOfferings, every page), used to
//! check `up --instance-type` before anything is created.

/// The instance types offered in `region`, sorted.
pub async fn instance_types(
    ec2: &aws_sdk_ec2::Client,
    region: &str,
) -> anyhow::Result<Vec<String>> {
    use aws_sdk_ec2::types::{Filter, LocationType};
    let mut types = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = ec2
            .describe_instance_type_offerings()
            .location_type(LocationType::Region)
            .filters(Filter::builder().name("location").values(region).build())
            .set_next_token(token.take())
            .send()
            .await
            .map_err(|e| anyhow::anyhow!(super::error_text(&e)))?;
        for o in out.instance_type_offerings() {
            if let Some(t) = o.instance_type() {
                types.push(t.as_str().to_string());
            }
        }
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    types.sort();
    types.dedup();
    Ok(types)
}
