//! The Go behaviour the original's output depends on, one file per Go package imitated
//! (see docs/go-compat.md for why each is hand-written rather than a crate). Pure code: no
//! clap, tokio or AWS, so the compose translator (and its fuzz target) can use it.

pub mod ecs_utils;
pub mod nat;
pub mod os;
pub mod path;
pub mod shlex;
pub mod strconv;
pub mod tabwriter;
pub mod time;
pub mod units;
