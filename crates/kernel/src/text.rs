//! The one rule for control characters in text a caller sends.
//!
//! A NUL byte makes PostgreSQL refuse the statement (a fault the caller cannot read) and is
//! stored silently by SQLite; other control characters corrupt CSV exports, logs and the
//! screens of everyone who later reads the value. So no text input may carry a control
//! character: none of C0 (U+0000–U+001F), DEL (U+007F) or C1 (U+0080–U+009F), exactly the
//! characters `char::is_control` names. Tab, line feed and carriage return are the exception,
//! and only in text that has lines (a description, a summary, a reason, a CSV file).
//!
//! Two layers apply the rule, so that no input can forget it: the gateway walks every string
//! of every request before it runs, with [`Lines::Many`] because it does not know which field
//! has lines; the domain's text parsers (`kernel::error::required_text` and friends) know, and
//! refuse tab and line breaks in single-line fields too. Both report [`CONTROL_CHARACTER`].

use crate::error::{Message, Problem};

/// The code of a problem with a control character, shared by every domain's code enum.
pub const CONTROL_CHARACTER: &str = "CONTROL_CHARACTER";

/// Whether a text may span lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A name, a code, an address: no tab and no line break either.
    One,
    /// A description, a summary, a CSV file: tab, line feed and carriage return are text.
    Many,
}

/// Whether `c` is refused in a text of this kind.
pub fn refused(c: char, lines: Lines) -> bool {
    match c {
        '\t' | '\n' | '\r' => lines == Lines::One,
        c => c.is_control(),
    }
}

/// The first refused character of `text` with its 1-based line and column, if any.
pub fn first_refused(text: &str, lines: Lines) -> Option<Refused> {
    let (mut line, mut column) = (1, 0);
    for c in text.chars() {
        column += 1;
        if refused(c, lines) {
            return Some(Refused {
                character: c,
                line,
                column,
            });
        }
        if c == '\n' {
            line += 1;
            column = 0;
        }
    }
    None
}

/// A refused character and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub character: char,
    pub line: usize,
    pub column: usize,
}

impl Refused {
    /// The problem to report on `field`; the message names the character and, for text with
    /// several lines, where it is.
    pub fn problem(&self, field: &[&str]) -> Problem {
        Problem::new(field, CONTROL_CHARACTER, self.message())
    }

    pub fn message(&self) -> Message {
        let code = format!("U+{:04X}", u32::from(self.character));
        let (line, column) = (self.line, self.column);
        if line > 1 {
            Message::new(
                format!("第 {line} 行第 {column} 个字符是不允许的控制字符 {code}"),
                format!(
                    "line {line}, character {column} is a control character ({code}), which is not allowed"
                ),
            )
        } else {
            Message::new(
                format!("第 {column} 个字符是不允许的控制字符 {code}"),
                format!("character {column} is a control character ({code}), which is not allowed"),
            )
        }
    }
}

/// `Ok` unless `text` holds a refused character, which is a problem on `field`.
pub fn check(field: &[&str], text: &str, lines: Lines) -> Result<(), Problem> {
    match first_refused(text, lines) {
        Some(refused) => Err(refused.problem(field)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c0_del_and_c1_are_refused_everywhere() {
        for c in [
            '\0', '\u{1}', '\u{b}', '\u{c}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{80}', '\u{85}',
            '\u{9f}',
        ] {
            assert!(refused(c, Lines::Many), "{:?}", c);
            assert!(refused(c, Lines::One), "{:?}", c);
        }
    }

    #[test]
    fn tab_and_line_breaks_are_text_only_where_lines_make_sense() {
        for c in ['\t', '\n', '\r'] {
            assert!(!refused(c, Lines::Many));
            assert!(refused(c, Lines::One));
        }
    }

    #[test]
    fn ordinary_text_is_accepted() {
        for text in [
            "合肥滨湖花园 3 栋",
            "Café ñ 🍵",
            "100%_纯",
            "\u{a0}\u{2028}",
        ] {
            assert_eq!(first_refused(text, Lines::One), None, "{text}");
        }
    }

    #[test]
    fn the_position_of_the_first_refused_character_is_reported() {
        let found = first_refused("城市代码,项目名称\n340100,滨\0湖", Lines::Many);
        assert_eq!(
            found,
            Some(Refused {
                character: '\0',
                line: 2,
                column: 9
            })
        );
        let problem = check(&["csv"], "a\u{7f}", Lines::Many).unwrap_err();
        assert_eq!(problem.code, CONTROL_CHARACTER);
        assert_eq!(problem.field, vec!["csv".to_owned()]);
        assert!(
            problem.message.en.contains("U+007F"),
            "{}",
            problem.message.en
        );
    }
}
