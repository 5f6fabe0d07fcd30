//! ecs-cli: a single-binary Rust clone of the Amazon ECS CLI v1.
//!
//! Layout: `cli` turns the command line into a parsed clap tree (with the original's
//! urfave/cli argument rules) and dispatches into `commands/`, which mirrors the command
//! tree one module per command. Commands share the `context` (flags of every level,
//! resolved configuration, AWS clients), the `config` files, the `compose` translator and
//! the thin `aws` wrappers. `logging` prints logrus-compatible lines through `tracing`.

pub mod aws;
pub mod cli;
#[allow(clippy::large_enum_variant)] // parsed once; boxing the variants buys nothing
pub mod commands;
pub mod compose;
pub mod config;
pub mod context;
pub mod docker;
pub mod error;
pub mod fsutil;
pub mod go;
pub mod logging;
pub mod tasks;
pub mod yaml;
