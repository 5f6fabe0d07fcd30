//! Go-compatibility pieces of the task commands that are moving to `src/go/`: the `--tags`
//! parser and the `compose run` command splitter.

pub mod shlex;
pub mod tags;
