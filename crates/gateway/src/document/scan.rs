//! A lexical pass over a GraphQL document before anything parses it: counts tokens and the
//! deepest nesting of `{`, `[` and `(`. One pass over the bytes, no allocation, so that a hostile
//! document is refused before the recursive-descent parser sees it (the parser recurses once per
//! nesting level and would exhaust the stack on a few hundred kilobytes of `{`).

/// What the lexical pass found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    /// Names, numbers, strings, variables and punctuators (`...` counts once).
    pub tokens: usize,
    /// The deepest nesting of braces, brackets and parentheses.
    pub nesting: usize,
}

/// Scans `source` and stops early (returning what it saw so far) once either bound is passed,
/// so the cost of refusing a huge document is the cost of reading its first `max_tokens` tokens.
pub fn scan(source: &str, max_tokens: usize, max_nesting: usize) -> Shape {
    let bytes = source.as_bytes();
    let mut shape = Shape::default();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        if shape.tokens > max_tokens || shape.nesting > max_nesting {
            break;
        }
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            // A byte-order mark is ignored whitespace in GraphQL.
            0xEF if bytes[i..].starts_with(&[0xEF, 0xBB, 0xBF]) => i += 3,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                shape.tokens += 1;
                i = skip_block_string(bytes, i + 3);
            }
            b'"' => {
                shape.tokens += 1;
                i = skip_string(bytes, i + 1);
            }
            b'{' | b'[' | b'(' => {
                shape.tokens += 1;
                depth += 1;
                shape.nesting = shape.nesting.max(depth);
                i += 1;
            }
            b'}' | b']' | b')' => {
                shape.tokens += 1;
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'.' if bytes[i..].starts_with(b"...") => {
                shape.tokens += 1;
                i += 3;
            }
            b if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' => {
                shape.tokens += 1;
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric()
                        || matches!(bytes[i], b'_' | b'.' | b'+' | b'-'))
                {
                    i += 1;
                }
            }
            _ => {
                // `!`, `$`, `&`, `:`, `=`, `@`, `|` and anything the parser will refuse.
                shape.tokens += 1;
                i += 1;
            }
        }
    }
    shape
}

/// The index after the closing quote of a `"…"` string (or the end of input).
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            // A line break ends an unterminated string; the parser reports it.
            b'\n' | b'\r' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index after the closing `"""` of a block string (or the end of input).
fn skip_block_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\\\"\"\"") {
            i += 4;
        } else if bytes[i..].starts_with(b"\"\"\"") {
            return i + 3;
        } else {
            i += 1;
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_tokens_and_nesting() {
        let shape = scan(
            "query Q($id: ID!) { node(id: $id) { ...on Product { name } } }",
            1000,
            100,
        );
        assert_eq!(shape.nesting, 3);
        // query Q ( $ id : ID ! ) { node ( id : $ id ) { ... on Product { name } } }
        assert_eq!(shape.tokens, 26);
    }

    #[test]
    fn strings_and_comments_do_not_nest() {
        let shape = scan(
            "# {{{{\n{ a(s: \"{[(\", t: \"\"\"{{ \\\"\"\" }}\"\"\") }",
            1000,
            100,
        );
        assert_eq!(shape.nesting, 2);
    }

    #[test]
    fn stops_reading_once_a_bound_is_passed() {
        let deep = "{".repeat(1_000_000);
        let shape = scan(&deep, usize::MAX, 64);
        assert_eq!(shape.nesting, 65, "stops right after the bound");
        let long = "a ".repeat(1_000_000);
        let shape = scan(&long, 100, 64);
        assert_eq!(shape.tokens, 101);
    }
}
