//! `ecs-cli completion <bash|zsh|fish|powershell>` (hidden): prints a shell completion script
//! generated from the clap tree. The original had no such command, so `ecs-cli help` does not
//! list it (docs/differences.md); how to install the scripts is in docs/cli.md.

use std::ffi::OsStr;
use std::io::Write;

use clap::builder::{PossibleValue, TypedValueParser};
use clap_complete::Shell;

/// The shells a script can be generated for, by the name the command takes.
const SHELLS: [(&str, Shell); 4] = [
    ("bash", Shell::Bash),
    ("zsh", Shell::Zsh),
    ("fish", Shell::Fish),
    ("powershell", Shell::PowerShell),
];

/// Print a shell completion script (bash, zsh, fish or powershell) to stdout
#[derive(clap::Args, Debug, Clone)]
#[command(after_help = "Install (one line per shell):
  bash:        ecs-cli completion bash > ~/.local/share/bash-completion/completions/ecs-cli
  zsh:         ecs-cli completion zsh > ~/.zfunc/_ecs-cli   (with fpath+=~/.zfunc before compinit)
  fish:        ecs-cli completion fish > ~/.config/fish/completions/ecs-cli.fish
  powershell:  ecs-cli completion powershell | Out-String | Invoke-Expression   (in $PROFILE)")]
pub struct Args {
    /// The shell to print the script for
    #[arg(value_name = "SHELL", value_parser = ShellName)]
    pub shell: Option<String>,
}

/// Offers the shell names (help, completion of `ecs-cli completion <TAB>`) but accepts any
/// text, so that a wrong name gets [`exec`]'s message rather than clap's bare "invalid value".
#[derive(Clone)]
struct ShellName;

impl TypedValueParser for ShellName {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            SHELLS.iter().map(|(name, _)| PossibleValue::new(*name)),
        ))
    }
}

fn usage_error(what: String) -> anyhow::Error {
    let names: Vec<&str> = SHELLS.iter().map(|(n, _)| *n).collect();
    crate::error::Fatal::new(format!(
        "{what}: usage: ecs-cli completion <{}>",
        names.join("|")
    ))
    .into()
}

/// Writes the completion script of `args.shell` to stdout.
pub fn exec(args: &Args) -> anyhow::Result<()> {
    let Some(name) = args.shell.as_deref() else {
        return Err(usage_error("a shell is required".to_string()));
    };
    let Some((_, shell)) = SHELLS.iter().find(|(n, _)| *n == name) else {
        return Err(usage_error(format!("unknown shell {name:?}")));
    };
    let script = script(*shell);
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = out.write_all(&script).and_then(|()| out.flush());
    Ok(())
}

/// The completion script for `shell`, generated from [`crate::reference::completion_tree`].
pub fn script(shell: Shell) -> Vec<u8> {
    let mut tree = crate::reference::completion_tree();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut tree, "ecs-cli", &mut buf);
    if shell == Shell::Bash {
        return fix_bash_state_names(&String::from_utf8_lossy(&buf)).into_bytes();
    }
    buf
}

/// clap_complete's bash script (4.6.12) names the state of `ecs-cli compose` `ecs__cli__subcmd__compose`
/// in the loop that reads the words but `ecs__subcmd__cli__subcmd__compose` in the arms that
/// offer the options, so nothing past the first word would complete for a binary whose name
/// has a hyphen (clap-rs/clap#6421). Spell the arms the way the loop does; a no-op once fixed.
fn fix_bash_state_names(script: &str) -> String {
    script.replace("ecs__subcmd__cli", "ecs__cli")
}
