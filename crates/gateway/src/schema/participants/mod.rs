//! The participants part of the schema: associations, enterprises, projects, households,
//! teams and API credentials.

pub mod mutations;
mod resolvers;
pub mod types;

use crate::schema::payload::user_error;
use async_graphql::{Context, ID, Object};
use participants::project::ProjectFilter;

pub use mutations::ParticipantsMutation;
use types::{ApiCredential, Association, Enterprise, Household, Project, Team};

use crate::schema::connection::connect;
use crate::schema::connection::{Conn, PageArgs, cost};
use crate::schema::ids;
use crate::schema::regions::RegionCode;
use crate::schema::{actor, by_id, state};

user_error!(
    ParticipantUserError,
    participants::ParticipantErrorCode,
    "参与方用户错误: a problem with the input the caller can fix."
);

pub(crate) async fn project_connection(
    ctx: &Context<'_>,
    filter: ProjectFilter,
    args: PageArgs,
) -> async_graphql::Result<Conn<Project>> {
    let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
    connect(
        ctx,
        args,
        |spec| participants::project::list(db, actor, &filter, spec),
        participants::project::count(db, actor, &filter),
        Project,
    )
    .await
}

pub(crate) async fn team_connection(
    ctx: &Context<'_>,
    project: Option<uuid::Uuid>,
    args: PageArgs,
) -> async_graphql::Result<Conn<Team>> {
    let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
    connect(
        ctx,
        args,
        |spec| participants::team::list(db, actor, project, spec),
        participants::team::count(db, actor, project),
        Team,
    )
    .await
}

#[derive(Default)]
pub struct ParticipantsQuery;

#[Object]
impl ParticipantsQuery {
    /// 协会列表: the associations the caller may see.
    #[graphql(complexity = "cost(first, last, child_complexity)")]
    async fn associations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Association>> {
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        connect(
            ctx,
            PageArgs::new(first, after, last, before),
            |spec| participants::association::list(db, actor, spec),
            participants::association::count(db, actor),
            Association,
        )
        .await
    }

    /// 协会: null when it does not exist or the caller may not see it.
    async fn association(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<Association>> {
        by_id::<ids::Association, _, _>(ctx, &id, participants::association::get, Association).await
    }

    /// 企业列表: the enterprises the caller may see (an association its members, an enterprise
    /// itself).
    #[graphql(complexity = "cost(first, last, child_complexity)")]
    async fn enterprises(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Enterprise>> {
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        connect(
            ctx,
            PageArgs::new(first, after, last, before),
            |spec| participants::enterprise::list(db, actor, spec),
            participants::enterprise::count(db, actor),
            Enterprise,
        )
        .await
    }

    /// 企业: null when it does not exist or the caller may not see it.
    async fn enterprise(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<Enterprise>> {
        by_id::<ids::Enterprise, _, _>(ctx, &id, participants::enterprise::get, Enterprise).await
    }

    /// 参战项目列表, optionally of one enterprise or in one city.
    #[graphql(complexity = "cost(first, last, child_complexity)")]
    #[expect(clippy::too_many_arguments, reason = "Relay arguments plus filters")]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        enterprise_id: Option<ID>,
        city_code: Option<RegionCode>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Project>> {
        let enterprise_id =
            ids::parse_opt::<ids::Enterprise>("enterpriseId", enterprise_id.as_ref())?;
        let filter = ProjectFilter {
            enterprise_id,
            city_code: city_code.map(|c| c.0),
        };
        project_connection(ctx, filter, PageArgs::new(first, after, last, before)).await
    }

    /// 参战项目: null when it does not exist or the caller may not see it.
    async fn project(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Project>> {
        by_id::<ids::Project, _, _>(ctx, &id, participants::project::get, Project).await
    }

    /// 住户列表, optionally of one project. A resident sees only itself.
    #[graphql(complexity = "cost(first, last, child_complexity)")]
    async fn households(
        &self,
        ctx: &Context<'_>,
        project_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Household>> {
        let project = ids::parse_opt::<ids::Project>("projectId", project_id.as_ref())?;
        let (db, actor) = (&state(ctx)?.db, actor(ctx)?);
        connect(
            ctx,
            PageArgs::new(first, after, last, before),
            |spec| participants::household::list(db, actor, project, spec),
            participants::household::count(db, actor, project),
            Household,
        )
        .await
    }

    /// 住户: null when it does not exist or the caller may not see it.
    async fn household(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<Household>> {
        by_id::<ids::Household, _, _>(ctx, &id, participants::household::get, Household).await
    }

    /// 战队列表, optionally of one project. A resident sees its own project's teams.
    #[graphql(complexity = "cost(first, last, child_complexity)")]
    async fn teams(
        &self,
        ctx: &Context<'_>,
        project_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Conn<Team>> {
        let project = ids::parse_opt::<ids::Project>("projectId", project_id.as_ref())?;
        team_connection(ctx, project, PageArgs::new(first, after, last, before)).await
    }

    /// 战队: null when it does not exist or the caller may not see it.
    async fn team(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Team>> {
        by_id::<ids::Team, _, _>(ctx, &id, participants::team::get, Team).await
    }

    /// API 凭证列表 of an enterprise (its admins, or the platform).
    async fn api_credentials(
        &self,
        ctx: &Context<'_>,
        enterprise_id: Option<ID>,
    ) -> async_graphql::Result<Vec<ApiCredential>> {
        let enterprise = ids::parse_opt::<ids::Enterprise>("enterpriseId", enterprise_id.as_ref())?;
        let rows = participants::credential::list(&state(ctx)?.db, actor(ctx)?, enterprise).await?;
        Ok(rows.into_iter().map(ApiCredential).collect())
    }
}
