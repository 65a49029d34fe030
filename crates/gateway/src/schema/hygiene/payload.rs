//! The payload a mutation answers when its input holds a control character, built without
//! running the mutation: `userErrors` with one `CONTROL_CHARACTER` per refused string, every
//! other field empty (null, or `[]`, `0`, `false` where the schema promises a value).
//!
//! The payload is shaped by the caller's selection set, read from the document (aliases, inline
//! fragments and fragment spreads, `@skip` and `@include`) and typed by the schema's registry,
//! so a new mutation gets this answer without any code of its own.

use std::collections::HashMap;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Directive, FragmentDefinition, Selection, SelectionSet};
use async_graphql::registry::{MetaTypeName, Registry};
use async_graphql::{Name, Positioned, Variables};
use async_graphql_value::{ConstValue, Value};

/// One user error to show: its path into the input and its message.
pub struct UserError {
    pub field: Vec<String>,
    pub message: String,
}

/// What shaping a payload needs besides the selection.
pub struct Shape<'a> {
    pub registry: &'a Registry,
    pub fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    pub variables: &'a Variables,
}

/// The payload of type `type_name` for `selection`, or `None` when the type has no
/// `userErrors` list to carry the problems (or promises a value this cannot make up).
pub fn payload(
    shape: &Shape<'_>,
    type_name: &str,
    selection: &Positioned<SelectionSet>,
    errors: &[UserError],
) -> Option<ConstValue> {
    let fields = shape.registry.types.get(type_name)?.fields()?;
    fields.get("userErrors")?;
    let mut out = IndexMap::new();
    for (key, field) in shape.selected(type_name, selection) {
        let value = match field.name.node.as_str() {
            "__typename" => ConstValue::String(type_name.to_owned()),
            "userErrors" => {
                let ty = MetaTypeName::concrete_typename(&fields.get("userErrors")?.ty);
                ConstValue::List(
                    errors
                        .iter()
                        .map(|e| shape.user_error(ty, &field.selection_set, e))
                        .collect(),
                )
            }
            name => empty(&fields.get(name)?.ty)?,
        };
        out.insert(key, value);
    }
    Some(ConstValue::Object(out))
}

/// The value of a field that has nothing to show: null where the schema allows it.
fn empty(ty: &str) -> Option<ConstValue> {
    let Some(inner) = ty.strip_suffix('!') else {
        return Some(ConstValue::Null);
    };
    match inner {
        _ if inner.starts_with('[') => Some(ConstValue::List(Vec::new())),
        "Int" | "Float" => Some(ConstValue::Number(0.into())),
        "Boolean" => Some(ConstValue::Boolean(false)),
        _ => None,
    }
}

impl Shape<'_> {
    fn user_error(
        &self,
        type_name: &str,
        selection: &Positioned<SelectionSet>,
        error: &UserError,
    ) -> ConstValue {
        let mut out = IndexMap::new();
        for (key, field) in self.selected(type_name, selection) {
            let value = match field.name.node.as_str() {
                "__typename" => ConstValue::String(type_name.to_owned()),
                "field" => ConstValue::List(
                    error
                        .field
                        .iter()
                        .map(|s| ConstValue::String(s.clone()))
                        .collect(),
                ),
                "code" => ConstValue::Enum(Name::new(kernel::text::CONTROL_CHARACTER)),
                "message" => ConstValue::String(error.message.clone()),
                _ => ConstValue::Null,
            };
            out.insert(key, value);
        }
        ConstValue::Object(out)
    }

    /// The fields selected on an object of `type_name`, by response key, in order.
    fn selected<'s>(
        &'s self,
        type_name: &str,
        selection: &'s Positioned<SelectionSet>,
    ) -> Vec<(Name, &'s async_graphql::parser::types::Field)> {
        let mut out = Vec::new();
        self.collect(type_name, selection, &mut out, 0);
        let mut seen = std::collections::HashSet::new();
        out.retain(|(key, _)| seen.insert(key.clone()));
        out
    }

    fn collect<'s>(
        &'s self,
        type_name: &str,
        selection: &'s Positioned<SelectionSet>,
        out: &mut Vec<(Name, &'s async_graphql::parser::types::Field)>,
        depth: usize,
    ) {
        // Fragments on a payload type cannot nest deeper than validation allows; the bound only
        // keeps a cyclic document (refused by validation anyway) from looping here.
        if depth > 16 {
            return;
        }
        for item in &selection.node.items {
            match &item.node {
                Selection::Field(field) if self.included(&field.node.directives) => {
                    out.push((field.node.response_key().node.clone(), &field.node));
                }
                Selection::Field(_) => {}
                Selection::InlineFragment(fragment) => {
                    let applies = fragment
                        .node
                        .type_condition
                        .as_ref()
                        .is_none_or(|t| t.node.on.node.as_str() == type_name);
                    if applies && self.included(&fragment.node.directives) {
                        self.collect(type_name, &fragment.node.selection_set, out, depth + 1);
                    }
                }
                Selection::FragmentSpread(spread) => {
                    let Some(fragment) = self.fragments.get(&spread.node.fragment_name.node) else {
                        continue;
                    };
                    if fragment.node.type_condition.node.on.node.as_str() == type_name
                        && self.included(&spread.node.directives)
                    {
                        self.collect(type_name, &fragment.node.selection_set, out, depth + 1);
                    }
                }
            }
        }
    }

    /// `@skip(if:)` and `@include(if:)`, with literal or variable conditions.
    fn included(&self, directives: &[Positioned<Directive>]) -> bool {
        directives.iter().all(|d| {
            let condition = d
                .node
                .get_argument("if")
                .map(|v| match &v.node {
                    Value::Boolean(b) => *b,
                    Value::Variable(name) => {
                        matches!(self.variables.get(name), Some(ConstValue::Boolean(true)))
                    }
                    _ => false,
                })
                .unwrap_or(false);
            match d.node.name.node.as_str() {
                "skip" => !condition,
                "include" => condition,
                _ => true,
            }
        })
    }
}
