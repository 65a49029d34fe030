//! The `node`/`nodes` root fields: any object by its global id. Which types are nodes, and how
//! a batch of each is read, is one table, [`super::registry`]; the ids themselves are in
//! [`super::ids`].

use std::collections::HashMap;

use async_graphql::{Context, ID, Interface, Object};
use chrono::NaiveDate;
use kernel::{Actor, DomainResult};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::ids::{self, Kind};
use super::registry::registry;
use super::{actor, state, visible};
use crate::error::to_graphql;

/// The most ids one `nodes` call may name.
pub const MAX_NODES: usize = 100;

/// What the registry's loaders read with: the pool, the caller (each loader answers only what
/// it may see), and the request's day on the campaign calendar (a listing is visible on the
/// days its product's certification is valid).
pub struct At<'a> {
    pub db: &'a DatabaseConnection,
    pub actor: &'a Actor,
    pub today: NaiveDate,
}

impl<'a> At<'a> {
    fn of(ctx: &'a Context<'_>) -> async_graphql::Result<Self> {
        let state = state(ctx)?;
        Ok(At {
            db: &state.db,
            actor: actor(ctx)?,
            today: state.clock.today(),
        })
    }
}

/// Builds the `Node` interface and [`load_kind`] from the [`registry`] table.
macro_rules! nodes {
    // The GraphQL types are taken as raw tokens, not as `path` fragments: the `Interface`
    // derive accepts only a plain type path, not a fragment's invisible group.
    (
        nodes {
            $($name:ident($($ty:tt)+) = |$at:ident, $ids:ident| $load:expr $(, via $via:path)?;)*
        }
        parts { $($part:ident),* $(,)? }
    ) => {
        /// 节点: anything with a global id.
        #[derive(Interface)]
        #[graphql(field(name = "id", ty = "ID", desc = "全局 ID: `gid://yijin/Type/<uuid>`."))]
        pub enum Node {
            $($name($($ty)+)),*
        }

        /// The objects of `kind` at the ids `asked` (in that order, repeats allowed), each if
        /// the caller may see it: one statement for the lot. The match is over every [`Kind`],
        /// so the registry cannot name a kind this does not read.
        async fn load_kind(
            at: &At<'_>,
            kind: Kind,
            asked: &[Uuid],
        ) -> DomainResult<Vec<Option<Node>>> {
            let mut unique = asked.to_vec();
            unique.sort_unstable();
            unique.dedup();
            match kind {
                $(Kind::$name => {
                    let $at = at;
                    let $ids = unique.as_slice();
                    let found: HashMap<Uuid, _> =
                        $load.await?.into_iter().map(|m| (m.id, m)).collect();
                    Ok(asked
                        .iter()
                        .map(|id| {
                            let m = found.get(id).cloned()?;
                            Some(Node::$name(nodes!(@wrap m, $($ty)+ $(, $via)?)))
                        })
                        .collect())
                })*
                // Parts are read through their whole, never on their own.
                $(Kind::$part)|* => Ok(asked.iter().map(|_| None).collect()),
            }
        }
    };
    (@wrap $m:ident, $ty:path) => { $ty($m) };
    (@wrap $m:ident, $ty:path, $via:path) => { $via($m) };
}

registry!(nodes);

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// 按全局 ID 取对象: any object by its global id. One that does not exist, or that the
    /// caller may not see, is null without an error; an id that is not a global id of this
    /// API is a `BAD_USER_INPUT` error (`INVALID_ID`).
    async fn node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Node>> {
        let (kind, uuid) = ids::parse_any("id", &id).map_err(|e| to_graphql(ctx, e))?;
        let at = At::of(ctx)?;
        let found = visible(load_kind(&at, kind, &[uuid]).await).map_err(|e| to_graphql(ctx, e))?;
        Ok(found.and_then(|mut nodes| nodes.pop().flatten()))
    }

    /// 批量取对象: up to 100 objects by global id, in the order asked, each answered as `node`
    /// answers it: null without an error where an object does not exist or may not be seen;
    /// null with a `BAD_USER_INPUT` error (`INVALID_ID`, path `["nodes", i]`) where the id is
    /// not a global id of this API. The other places are answered all the same.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(validator(max_items = 100))] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<async_graphql::Result<Node>>>> {
        let at = At::of(ctx)?;
        let parsed: Vec<_> = ids
            .iter()
            .take(MAX_NODES)
            .map(|id| ids::parse_any("ids", id))
            .collect();
        // The ids of each kind, in the order asked: one statement per kind, all kinds at once.
        let mut asked: HashMap<Kind, Vec<Uuid>> = HashMap::new();
        for (kind, uuid) in parsed.iter().flatten() {
            asked.entry(*kind).or_default().push(*uuid);
        }
        let loads = asked.into_iter().map(|(kind, asked)| {
            let at = &at;
            async move { (kind, visible(load_kind(at, kind, &asked).await)) }
        });
        let mut answers: HashMap<Kind, Answers> = futures_util::future::join_all(loads)
            .await
            .into_iter()
            .map(|(kind, loaded)| (kind, Answers::new(ctx, loaded)))
            .collect();
        Ok(parsed
            .into_iter()
            .enumerate()
            .map(|(i, parsed)| match parsed {
                Ok((kind, _)) => answers.get_mut(&kind).and_then(Answers::next),
                Err(e) => Some(Err(to_graphql(ctx, ids::at_index(e, i)))),
            })
            .collect())
    }
}

/// One kind's answers to `nodes`, taken in the order its ids were asked; a kind whose read
/// failed answers that error at each of its places.
enum Answers {
    Found(std::vec::IntoIter<Option<Node>>),
    Failed(async_graphql::Error),
}

impl Answers {
    fn new(ctx: &Context<'_>, loaded: DomainResult<Option<Vec<Option<Node>>>>) -> Self {
        match loaded {
            Ok(found) => Answers::Found(found.unwrap_or_default().into_iter()),
            Err(e) => Answers::Failed(to_graphql(ctx, e)),
        }
    }

    fn next(&mut self) -> Option<async_graphql::Result<Node>> {
        match self {
            Answers::Found(found) => found.next().flatten().map(Ok),
            Answers::Failed(e) => Some(Err(e.clone())),
        }
    }
}
