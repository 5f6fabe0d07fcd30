//! The project's integration tests, as one test binary (one link of the crate and the SDK
//! instead of one per file). Each module runs the built `ecs-cli` as a user would; `support`
//! is the shared harness (sandboxed HOME, the emulator, output normalisation).

// The harness serves every module; no one module uses all of it.
#[allow(dead_code)]
mod support;

mod conformance;
mod emulator;
mod images;
mod logs;
mod offline;
mod ps;
mod reference;
mod registry_creds;
mod tasks_compose;
mod translate;
mod translate_emulator;
