//! ECR calls: repositories and their images (`images`), authorization tokens and repository
//! creation (`push`, `pull`).

use aws_sdk_ecr::types::{DescribeImagesFilter, ImageDetail, TagStatus};

use crate::config::resolve::CommandConfig;

/// The ECR client; `fips` selects the FIPS endpoint of the region. An endpoint URL set in the
/// environment or the AWS config wins, as for every client (the SDK refuses FIPS with one).
pub fn client(cfg: &CommandConfig, fips: bool) -> aws_sdk_ecr::Client {
    let mut b = aws_sdk_ecr::config::Builder::from(&cfg.sdk);
    if fips && cfg.sdk.endpoint_url().is_none() {
        b = b.use_fips(true);
    }
    aws_sdk_ecr::Client::from_conf(b.build())
}

/// The endpoint the client of [`client`] calls, for the debug log.
pub async fn endpoint(cfg: &CommandConfig, fips: bool) -> String {
    use aws_sdk_ecr::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
    let mut params = Params::builder()
        .region(cfg.region.clone())
        .use_dual_stack(false);
    match cfg.sdk.endpoint_url() {
        Some(url) => params = params.endpoint(url).use_fips(false),
        None => params = params.use_fips(fips),
    }
    let Ok(params) = params.build() else {
        return String::new();
    };
    match DefaultResolver::new().resolve_endpoint(&params).await {
        Ok(e) => e.url().to_string(),
        Err(e) => e.to_string(),
    }
}

/// Every repository name of the registry (`registry_id`, else the caller's), page by page:
/// `each_page` gets each page's names as it arrives.
pub async fn for_each_repository_page<F, Fut>(
    client: &aws_sdk_ecr::Client,
    registry_id: Option<&str>,
    mut each_page: F,
) -> Result<(), String>
where
    F: FnMut(Vec<String>) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let mut pages = client
        .describe_repositories()
        .set_registry_id(registry_id.map(str::to_string))
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| super::error_text(&e))?;
        let names = page
            .repositories()
            .iter()
            .filter_map(|r| r.repository_name().map(str::to_string))
            .collect();
        each_page(names).await?;
    }
    Ok(())
}

/// The images of one repository, page by page, filtered on `tag_status` when given.
pub async fn for_each_image_page<F>(
    client: &aws_sdk_ecr::Client,
    registry_id: Option<&str>,
    repository: &str,
    tag_status: Option<TagStatus>,
    mut each_page: F,
) -> Result<(), String>
where
    F: FnMut(&[ImageDetail]),
{
    let filter = DescribeImagesFilter::builder()
        .set_tag_status(tag_status)
        .build();
    let mut pages = client
        .describe_images()
        .set_registry_id(registry_id.map(str::to_string))
        .repository_name(repository)
        .filter(filter)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| super::error_text(&e))?;
        each_page(page.image_details());
    }
    Ok(())
}

/// What GetAuthorizationToken gives to log a Docker engine in to a registry. `Debug` leaves
/// the password out.
#[derive(Clone)]
pub struct Auth {
    /// `https://<host>` as ECR returned it.
    pub proxy_endpoint: String,
    /// The host part, what image names start with.
    pub registry: String,
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("proxy_endpoint", &self.proxy_endpoint)
            .field("registry", &self.registry)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// GetAuthorizationToken for one registry id; the token is `user:password` in base64.
pub async fn authorization(
    client: &aws_sdk_ecr::Client,
    registry_id: &str,
) -> Result<Auth, String> {
    use base64::Engine as _;
    tracing::debug!("Getting authorization token...");
    // Deprecated in the API (a token works for every registry the caller may use), but the
    // original sent it, and it names the registry whose endpoint the token comes with.
    #[allow(deprecated)]
    let out = client
        .get_authorization_token()
        .registry_ids(registry_id)
        .send()
        .await
        .map_err(|e| super::error_text(&e))?;
    let data = out
        .authorization_data()
        .first()
        .ok_or_else(|| "no authorization data returned by ECR".to_string())?;
    let token = data.authorization_token().unwrap_or_default();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(token)
        .map_err(|_| "the ECR authorization token is not valid base64".to_string())?;
    let decoded = String::from_utf8_lossy(&decoded).into_owned();
    let (username, password) = decoded.split_once(':').ok_or_else(|| {
        "the ECR authorization token is not of the form user:password".to_string()
    })?;
    let proxy_endpoint = data.proxy_endpoint().unwrap_or_default().to_string();
    Ok(Auth {
        registry: proxy_endpoint.replace("https://", ""),
        proxy_endpoint,
        username: username.to_string(),
        password: password.to_string(),
    })
}

/// Whether the repository exists (DescribeRepositories on its name; any error reads as no).
pub async fn repository_exists(client: &aws_sdk_ecr::Client, name: &str) -> bool {
    let found = client
        .describe_repositories()
        .repository_names(name)
        .send()
        .await
        .is_ok();
    crate::logging::log(
        crate::logging::LogLevel::Debug,
        "Check if repository exists",
        &[("repository", name.to_string())],
    );
    found
}

/// CreateRepository with tags.
pub async fn create_repository(
    client: &aws_sdk_ecr::Client,
    name: &str,
    tags: &[(String, String)],
) -> Result<(), String> {
    crate::logging::log(
        crate::logging::LogLevel::Info,
        "Creating repository",
        &[("repository", name.to_string())],
    );
    let mut req = client.create_repository().repository_name(name);
    for (k, v) in tags {
        req = req.tags(
            aws_sdk_ecr::types::Tag::builder()
                .key(k)
                .value(v)
                .build()
                .map_err(|e| e.to_string())?,
        );
    }
    req.send()
        .await
        .map_err(|e| format!("unable to create repository: {}", super::error_text(&e)))?;
    tracing::info!("Repository created");
    Ok(())
}

/// The registry id and region of an ECR registry host name
/// (`<12 digits>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`).
pub fn parse_registry_host(host: &str) -> Option<(String, String)> {
    let re = regex::Regex::new(
        r"^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-zA-Z0-9][a-zA-Z0-9_-]*)\.amazonaws\.com(?:\.cn)?$",
    )
    .ok()?;
    let c = re.captures(host)?;
    Some((c[1].to_string(), c[2].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_hosts() {
        assert_eq!(
            parse_registry_host("123456789012.dkr.ecr.us-east-1.amazonaws.com"),
            Some(("123456789012".into(), "us-east-1".into()))
        );
        assert_eq!(
            parse_registry_host("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com"),
            Some(("123456789012".into(), "us-gov-west-1".into()))
        );
        assert_eq!(parse_registry_host("quay.io"), None);
    }

    #[tokio::test]
    async fn fips_selects_the_fips_endpoint() {
        let cfg = CommandConfig {
            cluster: String::new(),
            region: "us-east-1".into(),
            launch_type: String::new(),
            cfn_stack_name: String::new(),
            compose_project_name_prefix: String::new(),
            compose_service_name_prefix: String::new(),
            ecs_endpoint: None,
            sdk: aws_config::SdkConfig::builder()
                .region(aws_config::Region::new("us-east-1"))
                .build(),
        };
        assert_eq!(
            endpoint(&cfg, true).await,
            "https://api.ecr-fips.us-east-1.amazonaws.com"
        );
        assert_eq!(
            endpoint(&cfg, false).await,
            "https://api.ecr.us-east-1.amazonaws.com"
        );
    }

    #[test]
    fn auth_debug_hides_the_password() {
        let a = Auth {
            proxy_endpoint: "https://r".into(),
            registry: "r".into(),
            username: "AWS".into(),
            password: "s3cret".into(),
        };
        assert!(!format!("{a:?}").contains("s3cret"));
    }
}
