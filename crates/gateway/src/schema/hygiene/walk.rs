//! Finds the control characters in a request: every string literal of every argument (of fields
//! and directives, in operations and fragments) and every string in the variables, each with
//! its path. The work is linear in the document and the variables: each variable is walked
//! once, each fragment definition once (spreads are not followed), and the number of findings
//! is capped.

use std::collections::HashMap;

use async_graphql::parser::types::{
    Directive, ExecutableDocument, OperationType, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, Variables};
use async_graphql_value::{ConstValue, Value};
use kernel::text::{Lines, Refused, first_refused};

/// Enough to show a caller what to fix without letting a hostile request build a huge answer.
pub const MAX_FINDINGS: usize = 20;

/// One refused string: the path to it (from the argument name down) and the character.
#[derive(Debug, Clone)]
pub struct Finding {
    pub path: Vec<String>,
    pub refused: Refused,
}

/// Where the refused strings are.
#[derive(Debug, Default)]
pub struct Findings {
    /// In the arguments of a root mutation field, by the field's response key: these are
    /// reported in that field's payload, as `userErrors`.
    pub mutation_fields: HashMap<String, Vec<Finding>>,
    /// Anywhere else (a query's arguments, a nested field's, a directive's), with the field's
    /// name in front of the path: these refuse the whole request.
    pub elsewhere: Vec<Finding>,
}

impl Findings {
    fn count(&self) -> usize {
        self.elsewhere.len() + self.mutation_fields.values().map(Vec::len).sum::<usize>()
    }
}

/// Walks `doc` with its `variables`; `mutation_type` is the schema's root mutation type name.
pub fn find(doc: &ExecutableDocument, variables: &Variables, mutation_type: &str) -> Findings {
    let mut walk = Walk {
        in_variables: HashMap::new(),
        mutation_type,
        findings: Findings::default(),
    };
    for (name, value) in variables.iter() {
        let mut found = Vec::new();
        walk_const(value, &mut Vec::new(), &mut found);
        if !found.is_empty() {
            walk.in_variables.insert(name.clone(), found);
        }
    }
    // A variable left out takes its default, which is a string the caller sent too.
    for (_, op) in doc.operations.iter() {
        for definition in &op.node.variable_definitions {
            let name = &definition.node.name.node;
            if let (false, Some(default)) = (
                variables.contains_key(name),
                definition.node.default_value.as_ref(),
            ) {
                let mut found = Vec::new();
                walk_const(&default.node, &mut Vec::new(), &mut found);
                if !found.is_empty() {
                    walk.in_variables.entry(name.clone()).or_insert(found);
                }
            }
        }
    }
    for (_, op) in doc.operations.iter() {
        let root = op.node.ty == OperationType::Mutation;
        walk.directives(&op.node.directives, "");
        walk.selection_set(&op.node.selection_set, root);
    }
    for fragment in doc.fragments.values() {
        // A fragment on the mutation type can only be spread at an operation's root.
        let root = fragment.node.type_condition.node.on.node.as_str() == mutation_type;
        walk.directives(&fragment.node.directives, "");
        walk.selection_set(&fragment.node.selection_set, root);
    }
    walk.findings
}

struct Walk<'a> {
    /// The refused strings inside each variable, with paths from the variable down.
    in_variables: HashMap<Name, Vec<(Vec<String>, Refused)>>,
    mutation_type: &'a str,
    findings: Findings,
}

impl Walk<'_> {
    fn selection_set(&mut self, set: &Positioned<SelectionSet>, root: bool) {
        for item in &set.node.items {
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let mut found = Vec::new();
                    for (name, value) in &field.arguments {
                        let mut path = vec![name.node.to_string()];
                        self.value(&value.node, &mut path, &mut found);
                    }
                    if root {
                        if !found.is_empty() {
                            let key = field.response_key().node.to_string();
                            let room = MAX_FINDINGS.saturating_sub(self.findings.count());
                            self.findings
                                .mutation_fields
                                .entry(key)
                                .or_default()
                                .extend(found.into_iter().take(room));
                        }
                    } else {
                        self.elsewhere(field.name.node.as_str(), found);
                    }
                    self.directives(&field.directives, field.name.node.as_str());
                    self.selection_set(&field.selection_set, false);
                }
                Selection::InlineFragment(fragment) => {
                    let fragment = &fragment.node;
                    let same_type = fragment
                        .type_condition
                        .as_ref()
                        .is_none_or(|t| t.node.on.node.as_str() == self.mutation_type);
                    self.directives(&fragment.directives, "");
                    self.selection_set(&fragment.selection_set, root && same_type);
                }
                Selection::FragmentSpread(spread) => {
                    self.directives(&spread.node.directives, "");
                }
            }
        }
    }

    fn directives(&mut self, directives: &[Positioned<Directive>], on: &str) {
        for directive in directives {
            let mut found = Vec::new();
            for (name, value) in &directive.node.arguments {
                let mut path = vec![
                    format!("@{}", directive.node.name.node),
                    name.node.to_string(),
                ];
                self.value(&value.node, &mut path, &mut found);
            }
            self.elsewhere(on, found);
        }
    }

    fn elsewhere(&mut self, field: &str, found: Vec<Finding>) {
        let room = MAX_FINDINGS.saturating_sub(self.findings.count());
        self.findings
            .elsewhere
            .extend(found.into_iter().take(room).map(|mut f| {
                if !field.is_empty() {
                    f.path.insert(0, field.to_owned());
                }
                f
            }));
    }

    fn value(&self, value: &Value, path: &mut Vec<String>, found: &mut Vec<Finding>) {
        if found.len() >= MAX_FINDINGS {
            return;
        }
        match value {
            Value::Variable(name) => {
                for (inner, refused) in self.in_variables.get(name).into_iter().flatten() {
                    let mut full = path.clone();
                    full.extend(inner.iter().cloned());
                    found.push(Finding {
                        path: full,
                        refused: *refused,
                    });
                }
            }
            Value::String(s) => check(s, path, found),
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    self.value(item, path, found);
                    path.pop();
                }
            }
            Value::Object(fields) => {
                for (key, item) in fields {
                    path.push(key.to_string());
                    self.value(item, path, found);
                    path.pop();
                }
            }
            _ => {}
        }
    }
}

fn check(text: &str, path: &[String], found: &mut Vec<Finding>) {
    if let Some(refused) = first_refused(text, Lines::Many) {
        found.push(Finding {
            path: path.to_vec(),
            refused,
        });
    }
}

fn walk_const(value: &ConstValue, path: &mut Vec<String>, found: &mut Vec<(Vec<String>, Refused)>) {
    if found.len() >= MAX_FINDINGS {
        return;
    }
    match value {
        ConstValue::String(s) => {
            if let Some(refused) = first_refused(s, Lines::Many) {
                found.push((path.clone(), refused));
            }
        }
        ConstValue::List(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                walk_const(item, path, found);
                path.pop();
            }
        }
        ConstValue::Object(fields) => {
            for (key, item) in fields {
                path.push(key.to_string());
                walk_const(item, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(query: &str, variables: serde_json::Value) -> Findings {
        let doc = async_graphql::parser::parse_query(query).expect("a valid document");
        find(&doc, &Variables::from_json(variables), "Mutation")
    }

    fn paths(list: &[Finding]) -> Vec<String> {
        list.iter().map(|f| f.path.join(".")).collect()
    }

    #[test]
    fn a_root_mutation_argument_is_reported_for_its_payload_by_response_key() {
        let found = findings(
            r#"mutation($i: CreateProductInput!) { made: createProduct(input: $i) { product { id } } }"#,
            serde_json::json!({ "i": { "name": "茶\u{0}叶", "images": ["ok", "\u{1b}[2J"] } }),
        );
        assert!(found.elsewhere.is_empty());
        let mut got = paths(&found.mutation_fields["made"]);
        got.sort();
        assert_eq!(got, vec!["input.images.1", "input.name"]);
    }

    #[test]
    fn query_arguments_nested_fields_and_defaults_are_reported_for_the_request() {
        let found = findings(
            r#"query($t: String = "a\u0000") { catalogue(filter: { text: $t }) { nodes { id } } }"#,
            serde_json::json!({}),
        );
        assert_eq!(paths(&found.elsewhere), vec!["catalogue.filter.text"]);
        let found = findings(
            r#"mutation { a: createTeam(input: { name: "ok" }) { team { teams(name: "x\u007f") } } }"#,
            serde_json::json!({}),
        );
        assert!(found.mutation_fields.is_empty());
        assert_eq!(paths(&found.elsewhere), vec!["teams.name"]);
    }

    #[test]
    fn fragments_on_the_mutation_type_are_root_fields_and_tabs_are_text() {
        let found = findings(
            "mutation { ...M } fragment M on Mutation { createTeam(input: { name: \"x\\u0085\", summary: \"a\\tb\\nc\" }) { team { id } } }",
            serde_json::json!({}),
        );
        assert_eq!(
            paths(&found.mutation_fields["createTeam"]),
            vec!["input.name"]
        );
    }

    #[test]
    fn a_hostile_request_gets_a_bounded_answer() {
        let many: Vec<String> = (0..1000).map(|_| "\u{0}".to_owned()).collect();
        let found = findings(
            "query($l: [String!]) { a: products(ids: $l) { id } b: products(ids: $l) { id } }",
            serde_json::json!({ "l": many }),
        );
        assert!(found.count() <= MAX_FINDINGS);
        assert!(!found.elsewhere.is_empty());
    }
}
