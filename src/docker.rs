//! The Docker engine (bollard), for `local`, `push` and `pull`: connection from the
//! environment (`DOCKER_HOST`, else the default socket) and the Docker CLI's wording of
//! connection failures.

use bollard::Docker;

/// Where the engine is expected, for messages.
pub fn host() -> String {
    std::env::var("DOCKER_HOST")
        .ok()
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unix:///var/run/docker.sock".to_string())
}

/// A client for the engine named by the environment.
pub fn connect() -> Result<Docker, String> {
    Docker::connect_with_defaults().map_err(|e| describe(&e))
}

/// The Docker CLI's message for an unreachable engine, else the error itself.
pub fn describe(err: &bollard::errors::Error) -> String {
    use bollard::errors::Error as E;
    match err {
        E::HyperResponseError { .. }
        | E::IOError { .. }
        | E::SocketNotFoundError(_)
        | E::HyperLegacyError { .. } => {
            format!(
                "Cannot connect to the Docker daemon at {}. Is the docker daemon running?",
                host()
            )
        }
        other => other.to_string(),
    }
}
