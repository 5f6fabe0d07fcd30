//! `ecs-cli license`: Print the licence of this program.

/// Print the licence of this program
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Extra arguments (this command takes none)
    #[arg(value_name = "ARGS", num_args = 0.., allow_hyphen_values = true, hide = true)]
    pub args: Vec<String>,
}

/// Prints this project's LICENSE and NOTICE (embedded at build time).
pub async fn exec(_args: &Args) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(LICENSE.as_bytes());
    let _ = out.write_all(b"\n");
    let _ = out.write_all(NOTICE.as_bytes());
    Ok(())
}

const LICENSE: &str = include_str!("../../LICENSE");
const NOTICE: &str = include_str!("../../NOTICE");
