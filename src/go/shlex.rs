//! `github.com/flynn/go-shlex` (the 2015 revision the original pins), the one shell-word
//! splitter the original used: libcompose splits `command:`/`entrypoint:` strings with it, and
//! `compose run` splits each CONTAINER "COMMAND" argument with it (cli/compose/app.go
//! `ProjectRun`). Its rules are narrower than a shell's: a word is built from ASCII letters,
//! digits and `._-,/@$*()+=><:;&^%~|!?[]{}`, any other rune outside quotes is an error
//! (`Unknown rune: 233`, and `Uknown rune` once inside a word, typo included), `#` starts a
//! comment only at the start of a word, and the quote errors end with a full stop.

#[derive(Clone, Copy, PartialEq)]
enum RuneClass {
    Unknown,
    Char,
    Space,
    EscapingQuote,
    NonEscapingQuote,
    Escape,
    Comment,
    Eof,
}

fn classify(c: Option<char>) -> RuneClass {
    match c {
        None => RuneClass::Eof,
        Some(c) => {
            if c.is_ascii_alphanumeric() || "._-,/@$*()+=><:;&^%~|!?[]{}".contains(c) {
                RuneClass::Char
            } else if " \t\r\n".contains(c) {
                RuneClass::Space
            } else if c == '"' {
                RuneClass::EscapingQuote
            } else if c == '\'' {
                RuneClass::NonEscapingQuote
            } else if c == '\\' {
                RuneClass::Escape
            } else if c == '#' {
                RuneClass::Comment
            } else {
                RuneClass::Unknown
            }
        }
    }
}

/// go-shlex `Split`: the words of `s`, or go-shlex's error text.
pub fn split(s: &str) -> Result<Vec<String>, String> {
    #[derive(Clone, Copy, PartialEq)]
    enum St {
        Start,
        InWord,
        Escaping,
        EscapingQuoted,
        QuotedEscaping,
        Quoted,
        Comment,
    }
    let chars: Vec<char> = s.chars().collect();
    let mut pos = 0;
    let mut words = Vec::new();
    loop {
        // scan one token
        let mut state = St::Start;
        let mut value = String::new();
        let mut is_word = false;
        let mut err: Option<String> = None;
        loop {
            let c = chars.get(pos).copied();
            pos += 1;
            let class = classify(c);
            let unknown = |c: Option<char>, typo: bool| {
                format!(
                    "{}: {}",
                    if typo { "Uknown rune" } else { "Unknown rune" },
                    c.map(|c| c as u32).unwrap_or(0)
                )
            };
            match state {
                St::Start => match class {
                    RuneClass::Eof => return Ok(words),
                    RuneClass::Char => {
                        is_word = true;
                        value.push(c.unwrap_or_default());
                        state = St::InWord;
                    }
                    RuneClass::Space => {}
                    RuneClass::EscapingQuote => {
                        is_word = true;
                        state = St::QuotedEscaping;
                    }
                    RuneClass::NonEscapingQuote => {
                        is_word = true;
                        state = St::Quoted;
                    }
                    RuneClass::Escape => {
                        is_word = true;
                        state = St::Escaping;
                    }
                    RuneClass::Comment => {
                        is_word = false;
                        state = St::Comment;
                    }
                    RuneClass::Unknown => return Err(unknown(c, false)),
                },
                St::InWord => match class {
                    RuneClass::Eof => break,
                    RuneClass::Char | RuneClass::Comment => value.push(c.unwrap_or_default()),
                    RuneClass::Space => {
                        pos -= 1;
                        break;
                    }
                    RuneClass::EscapingQuote => state = St::QuotedEscaping,
                    RuneClass::NonEscapingQuote => state = St::Quoted,
                    RuneClass::Escape => state = St::Escaping,
                    RuneClass::Unknown => return Err(unknown(c, true)),
                },
                St::Escaping => match class {
                    RuneClass::Eof => {
                        err = Some("EOF found after escape character".into());
                        break;
                    }
                    RuneClass::Unknown => return Err(unknown(c, true)),
                    _ => {
                        state = St::InWord;
                        value.push(c.unwrap_or_default());
                    }
                },
                St::EscapingQuoted => match class {
                    RuneClass::Eof => {
                        err = Some("EOF found after escape character".into());
                        break;
                    }
                    RuneClass::Unknown => return Err(unknown(c, true)),
                    _ => {
                        state = St::QuotedEscaping;
                        value.push(c.unwrap_or_default());
                    }
                },
                St::QuotedEscaping => match class {
                    RuneClass::Eof => {
                        err = Some("EOF found when expecting closing quote.".into());
                        break;
                    }
                    RuneClass::EscapingQuote => state = St::InWord,
                    RuneClass::Escape => state = St::EscapingQuoted,
                    _ => value.push(c.unwrap_or_default()),
                },
                St::Quoted => match class {
                    RuneClass::Eof => {
                        err = Some("EOF found when expecting closing quote.".into());
                        break;
                    }
                    RuneClass::NonEscapingQuote => state = St::InWord,
                    _ => value.push(c.unwrap_or_default()),
                },
                St::Comment => match class {
                    RuneClass::Eof => break,
                    RuneClass::Space => {
                        if c == Some('\n') {
                            break;
                        }
                        value.push(c.unwrap_or_default());
                    }
                    _ => value.push(c.unwrap_or_default()),
                },
            }
        }
        if let Some(e) = err {
            return Err(e);
        }
        if is_word {
            words.push(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shlex() {
        assert_eq!(
            split("echo \"hello v3\" done").unwrap(),
            vec!["echo", "hello v3", "done"]
        );
        assert_eq!(split("sleep 1000").unwrap(), vec!["sleep", "1000"]);
        assert_eq!(split("a 'b c' d\\ e").unwrap(), vec!["a", "b c", "d e"]);
        assert_eq!(split("a # comment\nb").unwrap(), vec!["a", "b"]);
        assert_eq!(split("").unwrap(), Vec::<String>::new());
        assert!(split("a \"b").is_err());
        assert_eq!(split("`x`").unwrap_err(), "Unknown rune: 96");
    }

    /// `compose run` used a second, hand-written splitter until both were found to model the
    /// same library. These are the inputs where the two disagreed; go-shlex is what the
    /// original ran.
    #[test]
    fn where_the_compose_run_splitter_differed() {
        // non-ASCII letters and other runes outside go-shlex's word characters
        assert_eq!(split("echo \u{e9}").unwrap_err(), "Unknown rune: 233");
        assert_eq!(split("echo a\u{e9}").unwrap_err(), "Uknown rune: 233");
        assert_eq!(split("echo `date`").unwrap_err(), "Unknown rune: 96");
        // inside quotes any rune is fine
        assert_eq!(split("echo '\u{e9}'").unwrap(), vec!["echo", "\u{e9}"]);
        // whitespace is only space, tab, CR and LF
        assert_eq!(split("a\u{b}b").unwrap_err(), "Uknown rune: 11");
        // error texts end with a full stop
        assert_eq!(
            split("sh -c 'open").unwrap_err(),
            "EOF found when expecting closing quote."
        );
        assert_eq!(
            split("trailing\\").unwrap_err(),
            "EOF found after escape character"
        );
        // `#` inside a word is part of it; at the start of one it comments to end of line
        assert_eq!(split("a#b #c d\ne").unwrap(), vec!["a#b", "e"]);
    }
}
