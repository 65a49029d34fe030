//! Relay connections: `edges { cursor node }`, a `nodes` shortcut, `pageInfo`, and
//! `totalCount`, counted only when a client selects it.

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, Object, OutputType};
use kernel::page::PageSpec;
use kernel::{Actor, DomainResult, Page, PageRequest};
use sea_orm::DatabaseConnection;

/// `totalCount` is computed before the connection is built, and only if selected.
pub struct TotalCount(pub u64);

#[Object]
impl TotalCount {
    /// 总数: the number of items in the whole list (all pages).
    async fn total_count(&self) -> u64 {
        self.0
    }
}

pub type Conn<T> = Connection<String, T, TotalCount, EmptyFields>;

/// The Relay arguments every list takes.
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

impl PageArgs {
    pub fn new(
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Self {
        Self {
            first,
            after,
            last,
            before,
        }
    }

    pub fn request(self) -> PageRequest {
        PageRequest {
            first: self.first,
            after: self.after,
            last: self.last,
            before: self.before,
        }
    }
}

/// The one way a list becomes a connection: check the Relay arguments, run the page query,
/// count only when the client selected `totalCount` (the count future is never polled
/// otherwise), wrap each row.
pub async fn connect<M, T, P>(
    ctx: &Context<'_>,
    args: PageArgs,
    page: impl FnOnce(PageSpec) -> P,
    count: impl Future<Output = DomainResult<u64>>,
    wrap: impl Fn(M) -> T,
) -> async_graphql::Result<Conn<T>>
where
    T: OutputType,
    P: Future<Output = DomainResult<Page<M>>>,
{
    let spec = args.request().check()?;
    let rows = page(spec).await?;
    let total = if wants_total(ctx) {
        Some(count.await?)
    } else {
        None
    };
    Ok(build(rows, total, wrap))
}

/// [`connect`] for a list the caller sees through its scope: `list` and `count` run on the
/// pool with the caller and the same `filter` (an id, a `&Filter`, …).
pub async fn connect_scoped<F: Copy, M, T: OutputType>(
    ctx: &Context<'_>,
    args: PageArgs,
    filter: F,
    list: impl AsyncFnOnce(&DatabaseConnection, &Actor, F, PageSpec) -> DomainResult<Page<M>>,
    count: impl AsyncFnOnce(&DatabaseConnection, &Actor, F) -> DomainResult<u64>,
    wrap: impl Fn(M) -> T,
) -> async_graphql::Result<Conn<T>> {
    let (db, actor) = (&super::state(ctx)?.db, super::actor(ctx)?);
    let page = |spec| list(db, actor, filter, spec);
    connect(ctx, args, page, count(db, actor, filter), wrap).await
}

/// A list's filter input as GraphQL reads it, and how it becomes the domain's filter (a
/// malformed id in it is `INVALID_ID` on its field). Left out, it is the default: no filter.
pub trait ListFilter: Default {
    type Domain;
    fn domain(self) -> DomainResult<Self::Domain>;
}

/// [`connect_scoped`] for a list with a filter input: the caller must be signed in (before the
/// filter is read), the filter narrows what it may see anyway.
pub async fn connect_filtered<F: ListFilter, M, T: OutputType>(
    ctx: &Context<'_>,
    args: PageArgs,
    filter: Option<F>,
    list: impl AsyncFnOnce(&DatabaseConnection, &Actor, &F::Domain, PageSpec) -> DomainResult<Page<M>>,
    count: impl AsyncFnOnce(&DatabaseConnection, &Actor, &F::Domain) -> DomainResult<u64>,
    wrap: impl Fn(M) -> T,
) -> async_graphql::Result<Conn<T>> {
    super::actor(ctx)?;
    let filter = filter.unwrap_or_default().domain()?;
    connect_scoped(ctx, args, &filter, list, count, wrap).await
}

/// [`connect_scoped`] for a list without a filter.
pub async fn connect_all<M, T: OutputType>(
    ctx: &Context<'_>,
    args: PageArgs,
    list: impl AsyncFnOnce(&DatabaseConnection, &Actor, PageSpec) -> DomainResult<Page<M>>,
    count: impl AsyncFnOnce(&DatabaseConnection, &Actor) -> DomainResult<u64>,
    wrap: impl Fn(M) -> T,
) -> async_graphql::Result<Conn<T>> {
    let (db, actor) = (&super::state(ctx)?.db, super::actor(ctx)?);
    connect(
        ctx,
        args,
        |spec| list(db, actor, spec),
        count(db, actor),
        wrap,
    )
    .await
}

pub fn wants_total(ctx: &Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}

pub fn build<M, T: OutputType>(page: Page<M>, total: Option<u64>, f: impl Fn(M) -> T) -> Conn<T> {
    let mut conn = Connection::with_additional_fields(
        page.has_previous_page,
        page.has_next_page,
        TotalCount(total.unwrap_or_default()),
    );
    conn.edges.extend(
        page.edges
            .into_iter()
            .map(|(cursor, m)| Edge::new(cursor.encode(), f(m))),
    );
    conn
}

/// A connection's cost: `first` (or `last`, or the default page) times its selection.
pub fn cost(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let n = first
        .or(last)
        .unwrap_or(kernel::page::DEFAULT_PAGE_SIZE)
        .clamp(1, kernel::page::MAX_PAGE_SIZE);
    usize::try_from(n).unwrap_or(1) * child_complexity.max(1) + 1
}
