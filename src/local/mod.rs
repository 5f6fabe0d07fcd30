//! `ecs-cli local`: running a task definition on the local Docker engine. The conversion to
//! compose files ([`taskdef`], [`convert`], pure), reading the task definition and writing the
//! files ([`project`]), the local network and the endpoints container ([`network`]), the
//! secrets the containers reference ([`secrets`]), and `docker-compose` itself ([`compose`]).

pub mod compose;
pub mod convert;
pub mod network;
pub mod project;
pub mod secrets;
pub mod taskdef;

/// The default task definition file in the working directory.
pub const DEFAULT_INPUT: &str = "task-definition.json";
/// The default base compose file written by `local create` / `local up`.
pub const DEFAULT_OUTPUT: &str = "docker-compose.ecs-local.yml";
