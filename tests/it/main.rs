//! The project's integration tests, as one test binary (one link of the crate and the SDK
//! instead of one per file). Each module runs the built `ecs-cli` as a user would; `support`
//! is the shared harness (sandboxed HOME, the emulator, output normalisation).

// The harness serves every module; no one module uses all of it.
#[allow(dead_code)]
mod support;

mod cluster;
mod conformance;
mod emulator;
mod faults;
mod images;
mod local;
mod logs;
mod offline;
mod ps;
mod reference;
mod registry_creds;
mod services;
mod tasks_compose;
mod translate;
mod translate_emulator;
