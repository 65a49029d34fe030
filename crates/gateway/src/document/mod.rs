//! The cost of a GraphQL document, judged before the GraphQL engine touches it.
//!
//! async-graphql checks depth, directives and complexity by walking the document with every
//! fragment spread inlined, which is exponential in the size of a document whose fragments
//! spread other fragments (a 1 KiB anonymous request once held a core for 15 s). So every
//! document is first read lexically ([`scan`]: token count and bracket nesting, before the
//! recursive parser), then parsed once, then measured with memoised fragments ([`measure`]);
//! only a document within its caller's limits reaches the engine, already parsed, and whatever
//! the engine then walks is bounded by those limits. Anonymous callers get tighter limits.

pub mod cache;
pub mod measure;
pub mod scan;

use async_graphql::parser::parse_query;
use async_graphql::parser::types::ExecutableDocument;
use kernel::Message;

/// Limits on one document. Two sets exist: for anonymous callers and for authenticated ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLimits {
    /// Bytes of the query text.
    pub max_query_bytes: usize,
    /// Lexical tokens of the query text.
    pub max_tokens: usize,
    /// Field nesting.
    pub max_depth: usize,
    /// Field selections once fragments are inlined: bounds every later walk of the document.
    pub max_fields: u64,
    /// Aliased fields once fragments are inlined.
    pub max_aliases: u64,
    /// Fields at the root of an operation once fragments are inlined.
    pub max_root_fields: u64,
    /// async-graphql's cost (connections cost `first` × their selection).
    pub max_complexity: usize,
    /// Directives on one field, spread or operation.
    pub max_directives: usize,
}

impl DocumentLimits {
    /// Limits for authenticated callers.
    pub fn authenticated() -> Self {
        Self {
            max_query_bytes: 64 * 1024,
            max_tokens: 12_000,
            max_depth: 12,
            max_fields: 4_000,
            max_aliases: 30,
            max_root_fields: 20,
            max_complexity: 10_000,
            max_directives: 10,
        }
    }

    /// Limits for callers without a token: public reference data and (in development)
    /// GraphiQL's introspection fit; anything larger is somebody else's problem.
    pub fn anonymous() -> Self {
        Self {
            max_query_bytes: 8 * 1024,
            max_tokens: 2_000,
            max_depth: 12,
            max_fields: 400,
            max_aliases: 10,
            max_root_fields: 10,
            max_complexity: 1_000,
            max_directives: 4,
        }
    }

    /// Bracket nesting the lexical pass allows: every field level opens a brace, and arguments
    /// add brackets and parentheses of their own, so a document within `max_depth` fields never
    /// comes near this.
    pub fn max_nesting(&self) -> usize {
        self.max_depth.saturating_mul(4).max(32)
    }
}

/// Why a document was refused, with a stable code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: Message,
}

impl Refusal {
    fn new(code: &'static str, zh: String, en: String) -> Self {
        Self {
            code,
            message: Message::new(zh, en),
        }
    }

    fn over(code: &'static str, what_zh: &str, what_en: &str, seen: u64, limit: u64) -> Self {
        Self::new(
            code,
            format!("{what_zh}超出限制：{seen}，上限 {limit}"),
            format!("the document has {seen} {what_en}; the limit is {limit}"),
        )
    }
}

/// A document that passed: parsed once, with what it measured.
pub struct Checked {
    pub document: ExecutableDocument,
    pub measures: measure::Measures,
    /// Whether some operation of the document declares variables: the engine's validation
    /// then also checks the values each request sends.
    pub declares_variables: bool,
    /// The engine's full validation passed for this document, which declares no variables.
    /// Validation is then a function of the text alone (the schema does not change while the
    /// server runs; variables a request sends are never read), so it cannot fail later, and
    /// the plain schema's fast mode, which keeps the limits and skips the rules, can run it
    /// ([`crate::schema::Schemas`]).
    validated: std::sync::atomic::AtomicBool,
}

impl Checked {
    /// Whether a request with this document may skip the engine's validation rules.
    pub fn validated(&self) -> bool {
        self.validated.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Records that the engine's full validation passed for this document.
    pub fn passed_validation(&self) {
        if !self.declares_variables {
            self.validated
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

/// Reads, parses and measures `query` against `limits`. The work done is linear in the
/// length of `query` whatever it holds, and stops early on the first bound passed.
pub fn check(query: &str, limits: &DocumentLimits) -> Result<Checked, (Refusal, usize)> {
    let bytes = query.len();
    if bytes > limits.max_query_bytes {
        let limit = limits.max_query_bytes as u64;
        return Err((
            Refusal::over(
                "QUERY_TOO_LARGE",
                "查询文本字节数",
                "bytes",
                bytes as u64,
                limit,
            ),
            0,
        ));
    }
    let shape = scan::scan(query, limits.max_tokens, limits.max_nesting());
    if shape.tokens > limits.max_tokens {
        let refusal = Refusal::new(
            "TOO_MANY_TOKENS",
            format!("查询的词法单元超过 {} 个", limits.max_tokens),
            format!("the document has more than {} tokens", limits.max_tokens),
        );
        return Err((refusal, 0));
    }
    if shape.nesting > limits.max_nesting() {
        let refusal = Refusal::new(
            "NESTED_TOO_DEEP",
            format!("括号嵌套超过 {} 层", limits.max_nesting()),
            format!(
                "brackets are nested more than {} levels deep",
                limits.max_nesting()
            ),
        );
        return Err((refusal, 0));
    }
    let document = parse_query(query).map_err(|e| {
        let refusal = Refusal::new(
            "GRAPHQL_PARSE_FAILED",
            format!("查询无法解析：{e}"),
            format!("the document does not parse: {e}"),
        );
        (refusal, 0)
    })?;
    let measures =
        measure::measure(&document).map_err(|measure::Unmeasurable::FragmentCycle(name)| {
            let refusal = Refusal::new(
                "FRAGMENT_CYCLE",
                format!("片段 {name} 直接或间接引用了自身"),
                format!("fragment {name} spreads itself, directly or through other fragments"),
            );
            (refusal, 0)
        })?;
    let visited = measures.visited;
    let refuse = |r: Refusal| Err((r, visited));
    if measures.depth > limits.max_depth {
        return refuse(Refusal::over(
            "NESTED_TOO_DEEP",
            "字段嵌套层数",
            "levels of nested fields",
            measures.depth as u64,
            limits.max_depth as u64,
        ));
    }
    if measures.fields > limits.max_fields {
        return refuse(Refusal::over(
            "TOO_MANY_FIELDS",
            "展开片段后的字段数",
            "fields once fragments are inlined",
            measures.fields,
            limits.max_fields,
        ));
    }
    if measures.aliases > limits.max_aliases {
        return refuse(Refusal::over(
            "TOO_MANY_ALIASES",
            "别名数",
            "aliases",
            measures.aliases,
            limits.max_aliases,
        ));
    }
    if measures.root_fields > limits.max_root_fields {
        return refuse(Refusal::over(
            "TOO_MANY_ROOT_FIELDS",
            "一个操作的根字段数",
            "root fields in one operation",
            measures.root_fields,
            limits.max_root_fields,
        ));
    }
    if measures.directives > limits.max_directives {
        return refuse(Refusal::over(
            "TOO_MANY_DIRECTIVES",
            "同一位置的指令数",
            "directives in one place",
            measures.directives as u64,
            limits.max_directives as u64,
        ));
    }
    let declares_variables = document
        .operations
        .iter()
        .any(|(_, op)| !op.node.variable_definitions.is_empty());
    Ok(Checked {
        document,
        measures,
        declares_variables,
        validated: std::sync::atomic::AtomicBool::new(false),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(query: &str, limits: &DocumentLimits) -> Option<&'static str> {
        check(query, limits).err().map(|(r, _)| r.code)
    }

    #[test]
    fn each_limit_has_its_code() {
        let l = DocumentLimits::anonymous();
        assert_eq!(code("{ regions { code } }", &l), None);
        assert_eq!(code(&" ".repeat(9000), &l), Some("QUERY_TOO_LARGE"));
        assert_eq!(code(&"a ".repeat(2100), &l), Some("TOO_MANY_TOKENS"));
        assert_eq!(code(&"{".repeat(100), &l), Some("NESTED_TOO_DEEP"));
        assert_eq!(code("{ regions { code ", &l), Some("GRAPHQL_PARSE_FAILED"));
        let deep = format!("{}x{}", "{ a ".repeat(13), "}".repeat(13));
        assert_eq!(code(&deep, &l), Some("NESTED_TOO_DEEP"));
        let aliases: String = (0..11).map(|i| format!("a{i}: code ")).collect();
        assert_eq!(
            code(&format!("{{ regions {{ {aliases} }} }}"), &l),
            Some("TOO_MANY_ALIASES")
        );
        let roots = "regions { code } ".repeat(11);
        assert_eq!(
            code(&format!("{{ {roots} }}"), &l),
            Some("TOO_MANY_ROOT_FIELDS")
        );
        assert_eq!(
            code("{ regions @a @b @c @d @e { code } }", &l),
            Some("TOO_MANY_DIRECTIVES")
        );
        assert_eq!(
            code("{ ...A } fragment A on Query { ...A }", &l),
            Some("FRAGMENT_CYCLE")
        );
    }

    #[test]
    fn a_kilobyte_of_fragments_spreading_fragments_is_refused_after_linear_work() {
        let mut doc = String::from("{ ...F0 }");
        for i in 0..30 {
            doc.push_str(&format!(
                " fragment F{i} on Query {{ ...F{} ...F{} }}",
                i + 1,
                i + 1
            ));
        }
        doc.push_str(" fragment F30 on Query { regions { code } }");
        let (refusal, visited) = check(&doc, &DocumentLimits::anonymous())
            .err()
            .expect("refused");
        assert_eq!(refusal.code, "TOO_MANY_FIELDS");
        assert!(visited <= 64, "walked {visited} selections");
    }
}
