//! Splitting a `compose run` command the way the original's shell-word splitter did:
//! whitespace separates words, `"…"` groups with backslash escapes inside, `'…'` groups
//! literally, a backslash escapes the next character, `#` at the start of a word begins a
//! comment.

/// The words of `s`, or the splitter's error text.
pub fn split(s: &str) -> Result<Vec<String>, String> {
    #[derive(PartialEq)]
    enum St {
        Start,
        Word,
        Escape,
        Dq,
        DqEscape,
        Sq,
        Comment,
    }
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut st = St::Start;
    for c in s.chars() {
        st = match st {
            St::Start | St::Word => match c {
                c if c.is_whitespace() => {
                    if st == St::Word {
                        words.push(std::mem::take(&mut cur));
                    }
                    St::Start
                }
                '#' if st == St::Start => St::Comment,
                '\\' => St::Escape,
                '"' => St::Dq,
                '\'' => St::Sq,
                c => {
                    cur.push(c);
                    St::Word
                }
            },
            St::Escape => {
                cur.push(c);
                St::Word
            }
            St::Dq => match c {
                '"' => St::Word,
                '\\' => St::DqEscape,
                c => {
                    cur.push(c);
                    St::Dq
                }
            },
            St::DqEscape => {
                cur.push(c);
                St::Dq
            }
            St::Sq => match c {
                '\'' => St::Word,
                c => {
                    cur.push(c);
                    St::Sq
                }
            },
            St::Comment => {
                if c == '\n' {
                    St::Start
                } else {
                    St::Comment
                }
            }
        };
    }
    match st {
        St::Word => words.push(cur),
        St::Escape => return Err("EOF found after escape character".into()),
        St::Dq | St::DqEscape | St::Sq => {
            return Err("EOF found when expecting closing quote".into())
        }
        St::Start | St::Comment => {}
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(
            split("echo hello world").unwrap(),
            ["echo", "hello", "world"]
        );
        assert_eq!(split("sh -c 'a b'").unwrap(), ["sh", "-c", "a b"]);
        assert_eq!(
            split("a \"b \\\" c\" d\\ e").unwrap(),
            ["a", "b \" c", "d e"]
        );
        assert!(split("").unwrap().is_empty());
        assert!(split("'open").is_err());
    }
}
