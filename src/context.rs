//! What every command that talks to AWS runs with: its shared flags, resolved once from the
//! command levels (`commands::flags::Levels`), and the configuration built from them, files
//! and environment, resolved only when the command asks for it.

use crate::config::resolve::{self, CommandConfig, Flags};

pub struct Context {
    flags: Flags,
    config: Option<CommandConfig>,
}

impl Context {
    pub fn new(flags: Flags) -> Self {
        Context {
            flags,
            config: None,
        }
    }

    /// The resolved configuration (config files + flags + environment), built once.
    pub async fn command_config(&mut self) -> anyhow::Result<&CommandConfig> {
        let cfg = match self.config.take() {
            Some(c) => c,
            None => resolve::command_config(&self.flags).await?,
        };
        Ok(self.config.insert(cfg))
    }
}
