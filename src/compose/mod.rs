//! Compose project loading and translation to an ECS task definition.
pub mod dockercli;
pub mod envfile;
pub mod interp;
pub mod libcompose;
pub mod schema;
pub mod units;
pub mod value;
pub mod yaml;
