//! The project's integration tests, as one test binary (one link of the crate and the SDK
//! instead of one per file). Each module runs the built `ecs-cli` as a user would; `support`
//! is the shared harness (sandboxed HOME, the emulator, output normalisation).

// The harness offers more than today's tests call (Sandbox::root/normalise, Run::cwd,
// Moto::log/reset); clippy -D warnings fails on that otherwise.
#[allow(dead_code)]
mod support;

mod emulator;
mod logs;
mod offline;
mod ps;
mod tasks_compose;
mod translate;
mod translate_emulator;
