//! Operation limits async-graphql does not enforce by itself: aliases per document and fields
//! at the root of an operation (both multiply work without adding depth), and no mutations over
//! GET. Also records whether a request got past validation, which decides its HTTP status under
//! `application/graphql-response+json`.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
use async_graphql::{Positioned, ServerError, ServerResult, ValidationResult, Variables};

/// Marks a request that arrived by GET: only queries may run.
#[derive(Debug, Clone, Copy)]
pub struct ReadOnlyRequest;

/// How far a request got: parsed, then validated (execution started). A request that stopped
/// before execution is a request error: no `data` in the response, and HTTP 400 under
/// `application/graphql-response+json`.
#[derive(Debug, Default)]
pub struct Progress {
    parsed: AtomicBool,
    validated: AtomicBool,
}

impl Progress {
    pub fn parsed(&self) -> bool {
        self.parsed.load(Ordering::Relaxed)
    }

    pub fn started(&self) -> bool {
        self.validated.load(Ordering::Relaxed)
    }
}

pub struct OperationLimits {
    max_aliases: usize,
    max_root_fields: usize,
}

impl OperationLimits {
    pub fn new(max_aliases: usize, max_root_fields: usize) -> Self {
        Self {
            max_aliases,
            max_root_fields,
        }
    }
}

impl ExtensionFactory for OperationLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Self::new(self.max_aliases, self.max_root_fields))
    }
}

fn limit_error(code: &str, message: String) -> ServerError {
    let mut err = ServerError::new(message, None);
    let mut ext = async_graphql::ErrorExtensionValues::default();
    ext.set("code", code);
    err.extensions = Some(ext);
    err
}

#[async_graphql::async_trait::async_trait]
impl Extension for OperationLimits {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        if let Some(progress) = ctx.data_opt::<Arc<Progress>>() {
            progress.parsed.store(true, Ordering::Relaxed);
        }
        if ctx.data_opt::<ReadOnlyRequest>().is_some()
            && doc
                .operations
                .iter()
                .any(|(_, op)| op.node.ty != OperationType::Query)
        {
            return Err(limit_error(
                "METHOD_NOT_ALLOWED",
                "mutations and subscriptions must be sent with POST".into(),
            ));
        }
        let counter = Counter { doc: &doc };
        let aliases = counter.aliases();
        if aliases > self.max_aliases {
            return Err(limit_error(
                "TOO_MANY_ALIASES",
                format!(
                    "the document uses {aliases} aliases; the limit is {}",
                    self.max_aliases
                ),
            ));
        }
        for (_, op) in doc.operations.iter() {
            let roots = counter.fields(&op.node.selection_set, &mut HashSet::new(), 0, false);
            if roots > self.max_root_fields {
                return Err(limit_error(
                    "TOO_MANY_ROOT_FIELDS",
                    format!(
                        "an operation selects {roots} root fields; the limit is {}",
                        self.max_root_fields
                    ),
                ));
            }
        }
        Ok(doc)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await;
        if result.is_ok()
            && let Some(progress) = ctx.data_opt::<Arc<Progress>>()
        {
            progress.validated.store(true, Ordering::Relaxed);
        }
        result
    }
}

/// Fragment spreads are followed (each fragment at most once per path, so cycles end);
/// depth is capped so a hostile document cannot make counting itself expensive.
struct Counter<'a> {
    doc: &'a ExecutableDocument,
}

const MAX_WALK_DEPTH: usize = 64;

impl Counter<'_> {
    fn aliases(&self) -> usize {
        self.doc
            .operations
            .iter()
            .map(|(_, op)| self.fields(&op.node.selection_set, &mut HashSet::new(), 0, true))
            .sum()
    }

    /// Counts fields in `set` (only aliased ones, and recursively, when `aliases`; only the
    /// first level otherwise).
    fn fields(
        &self,
        set: &Positioned<SelectionSet>,
        seen: &mut HashSet<String>,
        depth: usize,
        aliases: bool,
    ) -> usize {
        if depth > MAX_WALK_DEPTH {
            return 0;
        }
        let mut n = 0;
        for item in &set.node.items {
            match &item.node {
                Selection::Field(field) => {
                    if aliases {
                        n += usize::from(field.node.alias.is_some());
                        n += self.fields(&field.node.selection_set, seen, depth + 1, true);
                    } else {
                        n += 1;
                    }
                }
                Selection::InlineFragment(fragment) => {
                    n += self.fields(&fragment.node.selection_set, seen, depth + 1, aliases);
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.to_string();
                    if let Some(fragment) = self.doc.fragments.get(&spread.node.fragment_name.node)
                        && seen.insert(name.clone())
                    {
                        n += self.fields(&fragment.node.selection_set, seen, depth + 1, aliases);
                        seen.remove(&name);
                    }
                }
            }
        }
        n
    }
}
