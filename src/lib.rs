//! ecs-cli: a single-binary Rust clone of the Amazon ECS CLI v1.
//!
//! Layers, each using only the ones below it (docs/architecture.md):
//! - `cli` turns the command line into a parsed clap tree (with the original's urfave/cli
//!   argument rules) and hands it to `commands/`, which mirrors the command tree one module
//!   per command; each command resolves its flags once (`commands::flags`) into a `context`.
//! - The machinery the commands call: `project` (the compose project: open, translate,
//!   register), `ecs_tasks` (run, stop, wait for and list tasks), `cluster` (`up`/`down`/
//!   `scale`), `stacks` (CloudFormation stacks and their waits), `output` (tables).
//! - `aws` (SDK clients, the shared reads, task-definition registration) and `config` (the
//!   `~/.ecs` files and the resolver).
//! - The compatibility layer: `compose` (the translator, pure), the Go imitations (`go`: strconv,
//!   time, tabwriter, shlex, `--tags`) and go-yaml v2 (`yaml`), `logging` (logrus lines), `error`, `fsutil`, `docker`.
//!
//! Only `compose` (with the `go` and `yaml` layers it stands on) and `reference` are public:
//! the translator tests, benches and fuzz target use the first, the reference drift test the
//! second. Everything
//! else is crate-private, so that code without a caller shows as dead.

pub(crate) mod aws;
pub(crate) mod cli;
pub(crate) mod cluster;
pub(crate) mod commands;
pub mod compose;
pub(crate) mod config;
pub(crate) mod context;
pub(crate) mod docker;
pub(crate) mod ecs_services;
pub(crate) mod ecs_tasks;
pub(crate) mod error;
pub(crate) mod fsutil;
pub mod go;
pub(crate) mod images;
pub(crate) mod local;
pub(crate) mod logging;
pub(crate) mod output;
pub(crate) mod project;
pub mod reference;
pub(crate) mod registry_creds;
pub(crate) mod stacks;
pub(crate) mod waiters;
pub mod yaml;

/// The process entry point (`src/main.rs`): runs the command line, returns the exit status.
pub fn main() -> i32 {
    cli::main()
}
