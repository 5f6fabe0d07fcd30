//! `images`: every image of the chosen repositories (else of every repository of the
//! registry) as the original's table: one row per tag (`<none>` for an untagged image), the
//! header repeated after a blank line every [`PAGE_SIZE`] rows, each block of rows laid out on
//! its own (the original flushed its tabwriter before each header). Blocks are printed as they
//! fill, while the next pages are fetched.

use std::io::Write;

use aws_sdk_ecr::types::{ImageDetail, TagStatus};

use crate::aws;
use crate::config::resolve::CommandConfig;

/// Rows per block; each block starts with a blank line and the header.
pub const PAGE_SIZE: usize = 100;
const HEADER: [&str; 5] = [
    "REPOSITORY NAME",
    "TAG",
    "IMAGE DIGEST",
    "PUSHED AT",
    "SIZE",
];
const MIN_WIDTH: usize = 20;
const PADDING: usize = 3;

/// What to list.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Repository names; empty: every repository of the registry.
    pub repositories: Vec<String>,
    pub tagged: bool,
    pub untagged: bool,
    pub registry_id: Option<String>,
}

impl Options {
    /// The DescribeImages filter: both or neither flag lists everything.
    fn tag_status(&self) -> Option<TagStatus> {
        match (self.tagged, self.untagged) {
            (true, false) => Some(TagStatus::Tagged),
            (false, true) => Some(TagStatus::Untagged),
            _ => None,
        }
    }
}

/// Accumulates rows and writes each full block to `out`.
pub struct Table<W: Write> {
    out: W,
    block: String,
    rows: usize,
    now: f64,
}

impl<W: Write> Table<W> {
    /// `now`: seconds since the epoch, against which push times are told.
    pub fn new(out: W, now: f64) -> Self {
        Table {
            out,
            block: String::new(),
            rows: 0,
            now,
        }
    }

    fn row(&mut self, cells: [&str; 5]) -> std::io::Result<()> {
        if self.rows.is_multiple_of(PAGE_SIZE) {
            self.flush()?;
            self.out.write_all(b"\n")?;
            self.push_line(HEADER);
        }
        self.push_line(cells);
        self.rows += 1;
        Ok(())
    }

    fn push_line(&mut self, cells: [&str; 5]) {
        for c in cells {
            self.block.push_str(c);
            self.block.push('\t');
        }
        self.block.push('\n');
    }

    /// One image: a row per tag, or one `<none>` row.
    pub fn image(&mut self, image: &ImageDetail) -> std::io::Result<()> {
        let pushed = image.image_pushed_at().map(|t| t.secs()).unwrap_or(0);
        let ago = format!(
            "{} ago",
            crate::go::units::human_duration(self.now - pushed as f64)
        );
        let size = crate::go::units::human_size_with_precision(
            image.image_size_in_bytes().unwrap_or(0) as f64,
            3,
        );
        let repo = image.repository_name().unwrap_or_default();
        let digest = image.image_digest().unwrap_or_default();
        let tags = image.image_tags();
        if tags.is_empty() {
            return self.row([repo, "<none>", digest, &ago, &size]);
        }
        for tag in tags {
            self.row([repo, tag, digest, &ago, &size])?;
        }
        Ok(())
    }

    /// Writes the rows not yet written.
    pub fn flush(&mut self) -> std::io::Result<()> {
        if !self.block.is_empty() {
            let text = crate::go::tabwriter::format(&self.block, MIN_WIDTH, PADDING);
            self.out.write_all(text.as_bytes())?;
            self.block.clear();
        }
        self.out.flush()
    }
}

/// Lists the images to stdout. The rows printed before an error stay printed.
pub async fn run(cfg: &CommandConfig, opts: &Options) -> Result<(), String> {
    tracing::debug!("Getting images from ECR...");
    let client = aws::ecr::client(cfg, false);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    let table = std::cell::RefCell::new(Table::new(std::io::stdout().lock(), now));
    let registry = opts.registry_id.as_deref();
    let status = opts.tag_status();
    let describe = |repos: Vec<String>| {
        let client = &client;
        let table = &table;
        let status = status.clone();
        async move {
            for repo in repos {
                let mut failed = None;
                aws::ecr::for_each_image_page(client, registry, &repo, status.clone(), |images| {
                    let mut t = table.borrow_mut();
                    for image in images {
                        if let Err(e) = t.image(image) {
                            failed.get_or_insert(e.to_string());
                        }
                    }
                })
                .await?;
                if let Some(e) = failed {
                    return Err(e);
                }
            }
            Ok(())
        }
    };
    let result = if opts.repositories.is_empty() {
        aws::ecr::for_each_repository_page(&client, registry, describe).await
    } else {
        describe(opts.repositories.clone()).await
    };
    let flushed = table.borrow_mut().flush();
    result?;
    flushed.map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_types::DateTime;

    fn image(repo: &str, tags: &[&str], size: i64) -> ImageDetail {
        ImageDetail::builder()
            .repository_name(repo)
            .image_digest("sha256:abc")
            .set_image_tags(Some(tags.iter().map(|t| t.to_string()).collect()))
            .image_size_in_bytes(size)
            .image_pushed_at(DateTime::from_secs(1000))
            .build()
    }

    #[test]
    fn rows_per_tag_and_none() {
        let mut out = Vec::new();
        let mut t = Table::new(&mut out, 1000.0 + 3.0 * 3600.0);
        t.image(&image("web", &["1.0", "latest"], 1500)).unwrap();
        t.image(&image("web", &[], 2048)).unwrap();
        t.flush().unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "");
        assert!(lines[1].starts_with("REPOSITORY NAME     TAG                 IMAGE DIGEST"));
        assert_eq!(
            lines[2],
            "web                 1.0                 sha256:abc          3 hours ago         1.5kB               "
        );
        assert!(lines[4].contains("<none>"));
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn header_every_hundred_rows() {
        let mut out = Vec::new();
        let mut t = Table::new(&mut out, 1000.0);
        for _ in 0..150 {
            t.image(&image("r", &["t"], 1)).unwrap();
        }
        t.flush().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("REPOSITORY NAME").count(), 2);
        assert_eq!(text.lines().count(), 150 + 4);
    }

    #[test]
    fn nothing_for_no_images() {
        let mut out = Vec::new();
        let mut t = Table::new(&mut out, 1000.0);
        t.flush().unwrap();
        assert!(out.is_empty());
    }

    #[test]
    fn tag_filter() {
        let o = |tagged, untagged| Options {
            tagged,
            untagged,
            ..Default::default()
        };
        assert_eq!(o(true, false).tag_status(), Some(TagStatus::Tagged));
        assert_eq!(o(false, true).tag_status(), Some(TagStatus::Untagged));
        assert_eq!(o(true, true).tag_status(), None);
        assert_eq!(o(false, false).tag_status(), None);
    }
}
