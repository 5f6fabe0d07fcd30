//! `ecs-cli man [DIR]` (hidden): the man pages, generated from the clap tree. Without DIR it
//! prints `ecs-cli(1)` to stdout (`ecs-cli man | man -l -`); with DIR it writes one page per
//! command there (`ecs-cli.1`, `ecs-cli-compose-service-up.1`, ...). The original had no such
//! command, so `ecs-cli help` does not list it (docs/differences.md).

use std::io::Write;
use std::path::PathBuf;

/// Print the ecs-cli(1) man page, or write one man page per command into DIR
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Directory to write ecs-cli.1 and one page per command into (created if missing)
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Prints the root page, or writes every page into `args.dir` and lists the files written.
pub fn exec(args: &Args) -> anyhow::Result<()> {
    let fatal = |what: String| -> anyhow::Error { crate::error::Fatal::new(what).into() };
    let pages = crate::reference::man_pages()
        .map_err(|e| fatal(format!("could not render the man pages: {e}")))?;
    let Some(dir) = &args.dir else {
        let root = pages
            .into_iter()
            .next()
            .ok_or_else(|| fatal("no man page was generated".to_string()))?;
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(&root.1).and_then(|()| out.flush());
        return Ok(());
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| fatal(format!("could not create {}: {e}", dir.display())))?;
    let mut out = std::io::stdout().lock();
    for (name, roff) in pages {
        let path = dir.join(&name);
        std::fs::write(&path, roff)
            .map_err(|e| fatal(format!("could not write {}: {e}", path.display())))?;
        let _ = writeln!(out, "{}", path.display());
    }
    Ok(())
}
