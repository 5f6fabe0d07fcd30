//! The one context every command gets: the parsed flags of every level of the command line
//! (for the original's "first non-empty value from the leaf up" lookup), the `--endpoint`
//! override, and the resolved configuration, built only when a command asks for it.

use clap::ArgMatches;

use crate::config::resolve::{self, CommandConfig};

pub struct Context {
    /// Matches from the root to the leaf command.
    levels: Vec<ArgMatches>,
    /// Names of the commands from the root, e.g. `["compose", "service", "up"]`.
    pub path: Vec<String>,
    endpoint: Option<String>,
    config: Option<CommandConfig>,
}

impl Context {
    pub fn new(matches: ArgMatches, path: Vec<String>) -> Self {
        let mut levels = vec![matches.clone()];
        let mut cur = matches;
        while let Some((_, sub)) = cur.subcommand() {
            let sub = sub.clone();
            levels.push(sub.clone());
            cur = sub;
        }
        Context {
            levels,
            path,
            endpoint: None,
            config: None,
        }
    }

    /// A context with no flags at all (tests, internal use).
    pub fn empty() -> Self {
        Context {
            levels: Vec::new(),
            path: Vec::new(),
            endpoint: None,
            config: None,
        }
    }

    pub fn set_endpoint(&mut self, endpoint: Option<String>) {
        self.endpoint = endpoint.filter(|e| !e.is_empty());
    }

    /// `--endpoint` (ECS only).
    pub fn endpoint(&self) -> Option<&str> {
        self.endpoint.as_deref()
    }

    fn id(name: &str) -> String {
        name.replace('-', "_")
    }

    /// A string flag: the first non-empty value from the leaf command up to the root
    /// (the original's `RecursiveFlagSearch`); environment-variable defaults count.
    pub fn string(&self, name: &str) -> Option<String> {
        let id = Self::id(name);
        self.levels.iter().rev().find_map(|m| {
            m.try_get_one::<String>(&id)
                .ok()
                .flatten()
                .filter(|v| !v.is_empty())
                .cloned()
        })
    }

    /// A repeatable flag: the values of the nearest level that has any.
    pub fn strings(&self, name: &str) -> Vec<String> {
        let id = Self::id(name);
        self.levels
            .iter()
            .rev()
            .find_map(|m| {
                m.try_get_many::<String>(&id)
                    .ok()
                    .flatten()
                    .map(|v| v.cloned().collect::<Vec<_>>())
                    .filter(|v| !v.is_empty())
            })
            .unwrap_or_default()
    }

    /// A bool flag set on the leaf or any ancestor.
    pub fn bool(&self, name: &str) -> bool {
        let id = Self::id(name);
        self.levels.iter().any(|m| {
            m.try_get_one::<bool>(&id)
                .ok()
                .flatten()
                .copied()
                .unwrap_or(false)
        })
    }

    /// The resolved configuration (config files + flags + environment), built once.
    pub async fn command_config(&mut self) -> anyhow::Result<&CommandConfig> {
        let cfg = match self.config.take() {
            Some(c) => c,
            None => resolve::command_config(self).await?,
        };
        Ok(self.config.insert(cfg))
    }
}
