//! Measures of a parsed document in time linear in its size.
//!
//! A fragment may be spread many times, and fragments may spread fragments: a document of a
//! kilobyte can stand for billions of fields once every spread is inlined. Walking it inline (as
//! a naive depth or alias count does) is exponential. Here every fragment's selection set is
//! walked exactly once, in dependency order, and its measures are memoised; a spread adds the
//! fragment's memoised figures (with saturating arithmetic, since multiplicities explode).

use std::collections::HashMap;

use async_graphql::Positioned;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// What a document costs once every fragment spread is inlined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Measures {
    /// The deepest nesting of fields (a root field is depth 1).
    pub depth: usize,
    /// Field selections, fragments inlined, over all operations.
    pub fields: u64,
    /// Aliased field selections, fragments inlined, over all operations.
    pub aliases: u64,
    /// Fields at the root of the largest operation, fragments inlined.
    pub root_fields: u64,
    /// The most directives on any one field, spread, fragment or operation.
    pub directives: usize,
    /// Selections the measurement walked: the work it did, at most the document's own size.
    pub visited: usize,
    /// Whether some field, in an operation or a fragment, asks about the schema itself:
    /// introspection's `__schema` and `__type`, or federation's `_service` and `_entities`.
    pub reaches_schema: bool,
}

/// Root fields that answer with the schema rather than with data (`__typename` is not one).
const SCHEMA_FIELDS: [&str; 4] = ["__schema", "__type", "_service", "_entities"];

/// Why a document cannot be measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unmeasurable {
    /// A fragment spreads itself, directly or through others.
    FragmentCycle(String),
}

/// The figures of one selection set (or fragment) with its spreads inlined.
#[derive(Debug, Clone, Copy, Default)]
struct Summary {
    depth: usize,
    fields: u64,
    aliases: u64,
    /// Fields at this set's own level (through spreads and inline fragments, not into fields).
    level: u64,
    directives: usize,
}

impl Summary {
    /// Adds a fragment's or inline fragment's figures at the same level.
    fn absorb(&mut self, other: Summary) {
        self.depth = self.depth.max(other.depth);
        self.fields = self.fields.saturating_add(other.fields);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.level = self.level.saturating_add(other.level);
        self.directives = self.directives.max(other.directives);
    }
}

/// Measures `doc`. Unknown fragments count as empty (validation reports them).
pub fn measure(doc: &ExecutableDocument) -> Result<Measures, Unmeasurable> {
    let order = dependency_order(doc)?;
    let mut walker = Walker {
        done: HashMap::with_capacity(order.len()),
        visited: 0,
        reaches_schema: false,
    };
    for name in order {
        if let Some(fragment) = doc.fragments.get(name) {
            let mut summary = walker.set(&fragment.node.selection_set);
            summary.directives = summary.directives.max(fragment.node.directives.len());
            walker.done.insert(name, summary);
        }
    }
    let mut measures = Measures::default();
    for (_, operation) in doc.operations.iter() {
        let summary = walker.set(&operation.node.selection_set);
        measures.depth = measures.depth.max(summary.depth);
        measures.fields = measures.fields.saturating_add(summary.fields);
        measures.aliases = measures.aliases.saturating_add(summary.aliases);
        measures.root_fields = measures.root_fields.max(summary.level);
        measures.directives = measures
            .directives
            .max(summary.directives)
            .max(operation.node.directives.len());
    }
    measures.visited = walker.visited;
    measures.reaches_schema = walker.reaches_schema;
    Ok(measures)
}

struct Walker<'a> {
    done: HashMap<&'a str, Summary>,
    visited: usize,
    reaches_schema: bool,
}

impl Walker<'_> {
    /// Recurses only along field nesting, which the lexical pass has already bounded; spreads
    /// are looked up, never walked again.
    fn set(&mut self, set: &Positioned<SelectionSet>) -> Summary {
        let mut summary = Summary::default();
        for item in &set.node.items {
            self.visited += 1;
            match &item.node {
                Selection::Field(field) => {
                    self.reaches_schema |= SCHEMA_FIELDS.contains(&field.node.name.node.as_str());
                    let child = self.set(&field.node.selection_set);
                    summary.depth = summary.depth.max(child.depth + 1);
                    summary.fields = summary
                        .fields
                        .saturating_add(child.fields.saturating_add(1));
                    summary.aliases = summary
                        .aliases
                        .saturating_add(child.aliases)
                        .saturating_add(u64::from(field.node.alias.is_some()));
                    summary.level = summary.level.saturating_add(1);
                    summary.directives = summary
                        .directives
                        .max(child.directives)
                        .max(field.node.directives.len());
                }
                Selection::InlineFragment(inline) => {
                    let child = self.set(&inline.node.selection_set);
                    summary.absorb(child);
                    summary.directives = summary.directives.max(inline.node.directives.len());
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    if let Some(child) = self.done.get(name).copied() {
                        summary.absorb(child);
                    }
                    summary.directives = summary.directives.max(spread.node.directives.len());
                }
            }
        }
        summary
    }
}

/// Fragment names so that each comes after every fragment it spreads; a cycle is refused.
/// Iterative, so a long chain of fragments cannot exhaust the stack.
fn dependency_order(doc: &ExecutableDocument) -> Result<Vec<&str>, Unmeasurable> {
    let spreads: HashMap<&str, Vec<&str>> = doc
        .fragments
        .iter()
        .map(|(name, fragment)| {
            let mut out = Vec::new();
            spreads_in(&fragment.node.selection_set, &mut out);
            (name.as_str(), out)
        })
        .collect();
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Closed,
    }
    let mut marks: HashMap<&str, Mark> = HashMap::with_capacity(spreads.len());
    let mut order = Vec::with_capacity(spreads.len());
    let mut roots: Vec<&str> = spreads.keys().copied().collect();
    roots.sort_unstable();
    for root in roots {
        if marks.contains_key(root) {
            continue;
        }
        // (fragment, index of the next dependency to look at)
        let mut stack = vec![(root, 0usize)];
        marks.insert(root, Mark::Open);
        while let Some(&mut (name, ref mut next)) = stack.last_mut() {
            let deps = spreads.get(name).map(Vec::as_slice).unwrap_or_default();
            if let Some(&dep) = deps.get(*next) {
                *next += 1;
                if !spreads.contains_key(dep) {
                    continue;
                }
                match marks.get(dep) {
                    Some(Mark::Open) => return Err(Unmeasurable::FragmentCycle(dep.to_owned())),
                    Some(Mark::Closed) => {}
                    None => {
                        marks.insert(dep, Mark::Open);
                        stack.push((dep, 0));
                    }
                }
            } else {
                marks.insert(name, Mark::Closed);
                order.push(name);
                stack.pop();
            }
        }
    }
    Ok(order)
}

/// The fragment names spread anywhere inside `set` (nested fields included).
fn spreads_in<'a>(set: &'a Positioned<SelectionSet>, out: &mut Vec<&'a str>) {
    for item in &set.node.items {
        match &item.node {
            Selection::Field(field) => spreads_in(&field.node.selection_set, out),
            Selection::InlineFragment(inline) => spreads_in(&inline.node.selection_set, out),
            Selection::FragmentSpread(spread) => out.push(spread.node.fragment_name.node.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn measured(source: &str) -> Measures {
        measure(&parse_query(source).unwrap()).unwrap()
    }

    /// `levels` fragments, each spreading the next one `fan_out` times: the document grows
    /// linearly with `levels`, its inlined size as `fan_out ^ levels`.
    fn fan_out(levels: usize, fan_out: usize) -> String {
        let mut doc = String::from("query { ...F0 }\n");
        for i in 0..levels {
            let spreads = format!("...F{} ", i + 1).repeat(fan_out);
            doc.push_str(&format!("fragment F{i} on Query {{ {spreads} }}\n"));
        }
        doc.push_str(&format!(
            "fragment F{levels} on Query {{ viewer {{ role a: role }} }}\n"
        ));
        doc
    }

    #[test]
    fn counts_fields_aliases_depth_and_roots() {
        let m = measured("{ viewer { role r: role } regions { code } }");
        assert_eq!(m.fields, 5);
        assert_eq!(m.aliases, 1);
        assert_eq!(m.depth, 2);
        assert_eq!(m.root_fields, 2);
    }

    #[test]
    fn spreads_count_as_often_as_they_are_used() {
        let m = measured(
            "{ ...A ...A viewer { ...B } } fragment A on Query { regions { code } } \
             fragment B on Viewer { role x: role }",
        );
        assert_eq!(m.fields, 2 * 2 + 1 + 2);
        assert_eq!(m.aliases, 1);
        assert_eq!(m.root_fields, 3);
        assert_eq!(m.depth, 2);
    }

    #[test]
    fn exponential_documents_are_measured_in_linear_work() {
        for levels in [10, 40, 200] {
            let source = fan_out(levels, 3);
            let doc = parse_query(&source).unwrap();
            let m = measure(&doc).unwrap();
            // Every selection in the document, walked once: 3 spreads per level, the two
            // leaf fields and their parent, the operation's one spread.
            assert_eq!(m.visited, 3 * levels + 3 + 1, "levels {levels}");
            assert!(
                m.fields >= 3u64.saturating_pow(u32::try_from(levels).unwrap()),
                "the inlined size is still known: {m:?}"
            );
        }
    }

    #[test]
    fn fields_about_the_schema_are_seen_wherever_they_stand() {
        assert!(!measured("{ __typename viewer { __typename role } }").reaches_schema);
        assert!(
            !measured("{ viewer { role } } fragment U on Query { regions { code } }")
                .reaches_schema
        );
        for doc in [
            "{ __schema { queryType { name } } }",
            "{ __type(name: \"Query\") { name } }",
            "{ _service { sdl } }",
            "{ _entities(representations: []) { __typename } }",
            "{ ...A } fragment A on Query { ... on Query { _service { sdl } } }",
            "{ viewer { role } } fragment Unused on Query { __schema { types { name } } }",
        ] {
            assert!(measured(doc).reaches_schema, "{doc}");
        }
    }

    #[test]
    fn cycles_are_refused_without_recursing() {
        let doc = parse_query(
            "{ ...A } fragment A on Query { ...B } fragment B on Query { viewer { ...C } } \
             fragment C on Viewer { ...A }",
        )
        .unwrap();
        assert!(matches!(measure(&doc), Err(Unmeasurable::FragmentCycle(_))));
    }

    #[test]
    fn a_long_chain_of_fragments_does_not_exhaust_the_stack() {
        let m = measured(&fan_out(20_000, 1));
        assert_eq!(m.fields, 3);
        assert_eq!(m.root_fields, 1);
    }
}
