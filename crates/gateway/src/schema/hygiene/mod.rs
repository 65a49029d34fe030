//! Input hygiene at the edge: no string a caller sends may hold a control character (the rule
//! is `kernel::text`). Checked once per request, after parsing and before anything runs, over
//! every argument literal and every variable, so no field, old or new, can forget it:
//!
//! - in the arguments of a root mutation field, the mutation does not run and its payload
//!   answers `userErrors` with code `CONTROL_CHARACTER` and the path into the input
//!   (`["input", "rows", "3", "name"]`), like any other input problem;
//! - anywhere else (a query's arguments, where no payload exists), the request is refused
//!   with a top-level `BAD_USER_INPUT` error that lists the paths.
//!
//! Tab, line feed and carriage return pass here, since the gateway does not know which fields
//! have lines; the domain's text parsers refuse them in one-line fields with the same code.

mod payload;
mod walk;

use std::sync::OnceLock;

use async_graphql::extensions::{ExtensionContext, NextResolve, ResolveInfo};
use async_graphql::parser::types::{ExecutableDocument, FragmentDefinition};
use async_graphql::registry::MetaTypeName;
use async_graphql::{Name, Positioned, ServerError, ServerResult, Value, Variables};
use std::collections::HashMap;

use crate::error::{Lang, RequestInfo};
use payload::{Shape, UserError};
use walk::{Finding, Findings};

/// One request's check: what the walk found, and what shaping the payloads needs. It runs
/// inside the document guard's extension rather than as an extension of its own: every
/// extension adds a link, a boxed future, to the resolution of every field of every request.
#[derive(Default)]
pub(crate) struct Checker {
    refused: OnceLock<Refusals>,
}

struct Refusals {
    mutation_type: String,
    by_field: HashMap<String, Vec<Finding>>,
    fragments: HashMap<Name, Positioned<FragmentDefinition>>,
    variables: Variables,
}

fn lang(ctx: &ExtensionContext<'_>) -> Lang {
    ctx.data_opt::<RequestInfo>()
        .map(|r| r.lang)
        .unwrap_or_default()
}

/// The request-wide error for strings outside a mutation's input.
fn request_error(lang: Lang, found: &[Finding]) -> ServerError {
    let problems: Vec<Value> = found
        .iter()
        .map(|f| {
            async_graphql::value!({
                "field": f.path.clone(),
                "code": kernel::text::CONTROL_CHARACTER,
                "message": lang.pick(&f.refused.message()),
            })
        })
        .collect();
    let first = found
        .first()
        .map(|f| format!("{}: {}", f.path.join("."), lang.pick(&f.refused.message())))
        .unwrap_or_default();
    let mut err = ServerError::new(first, None);
    let mut ext = async_graphql::ErrorExtensionValues::default();
    ext.set("code", "BAD_USER_INPUT");
    ext.set("problems", Value::List(problems));
    err.extensions = Some(ext);
    err
}

/// The same walk for an operation run without the extension: an error refuses the request;
/// `Ok(true)` means some mutation's payload must answer for its input, which only the
/// extension can shape (the transport then runs the operation with it).
pub(crate) fn screen(
    doc: &ExecutableDocument,
    variables: &Variables,
    mutation_type: &str,
    lang: Lang,
) -> ServerResult<bool> {
    Ok(!mutation_findings(doc, variables, mutation_type, lang)?.is_empty())
}

/// The refused strings in mutations' inputs, by field; an error for those anywhere else.
fn mutation_findings(
    doc: &ExecutableDocument,
    variables: &Variables,
    mutation_type: &str,
    lang: Lang,
) -> ServerResult<HashMap<String, Vec<Finding>>> {
    let Findings {
        mutation_fields,
        elsewhere,
    } = walk::find(doc, variables, mutation_type);
    if !elsewhere.is_empty() {
        return Err(request_error(lang, &elsewhere));
    }
    Ok(mutation_fields)
}

impl Checker {
    /// Walks a parsed document: strings outside a mutation's input refuse the request; the
    /// mutation fields whose input holds one are remembered, to be answered without running.
    pub(crate) fn inspect(
        &self,
        ctx: &ExtensionContext<'_>,
        doc: &ExecutableDocument,
        variables: &Variables,
    ) -> ServerResult<()> {
        let mutation_type = ctx
            .schema_env
            .registry
            .mutation_type
            .clone()
            .unwrap_or_else(|| "Mutation".to_owned());
        let mutation_fields = mutation_findings(doc, variables, &mutation_type, lang(ctx))?;
        if !mutation_fields.is_empty() {
            // Kept only when some payload must be shaped: the common request copies nothing.
            let _ = self.refused.set(Refusals {
                mutation_type,
                by_field: mutation_fields,
                fragments: doc.fragments.clone(),
                variables: variables.clone(),
            });
        }
        Ok(())
    }

    /// Resolves a field: as usual, unless it is a mutation whose input was refused.
    pub(crate) async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let Some(refused) = self.refused.get() else {
            return next.run(ctx, info).await;
        };
        let key = info.alias.unwrap_or(info.name);
        let found = match refused.by_field.get(key) {
            Some(found)
                if info.path_node.parent.is_none() && info.parent_type == refused.mutation_type =>
            {
                found
            }
            _ => return next.run(ctx, info).await,
        };
        let lang = lang(ctx);
        if ctx.data_opt::<kernel::Actor>().is_none() {
            // An anonymous caller learns it must sign in, as from any mutation.
            let err = crate::error::unauthenticated(lang);
            let mut server = ServerError::new(err.message, None);
            server.extensions = err.extensions;
            return Err(server);
        }
        let errors: Vec<UserError> = found
            .iter()
            .map(|f| UserError {
                field: f.path.clone(),
                message: lang.pick(&f.refused.message()),
            })
            .collect();
        let shape = Shape {
            registry: &ctx.schema_env.registry,
            fragments: &refused.fragments,
            variables: &refused.variables,
        };
        let type_name = MetaTypeName::concrete_typename(info.return_type);
        // The mutation never runs: its payload carries the problems, or, for a mutation without
        // `userErrors`, the field fails with them.
        match payload::payload(&shape, type_name, &info.field.selection_set, &errors) {
            Some(value) => Ok(Some(value)),
            None => Err(request_error(lang, found)),
        }
    }
}
