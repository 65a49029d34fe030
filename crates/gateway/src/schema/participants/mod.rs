//! The participants part of the schema: associations, enterprises, projects, households,
//! teams and API credentials.

pub mod mutations;
mod resolvers;
pub mod types;

use crate::schema::payload::user_error;
use async_graphql::{Context, ID, Object};
use gateway_macros::connections;
use participants::project::ProjectFilter;

pub use mutations::ParticipantsMutation;
use types::{ApiCredential, Association, Enterprise, Household, Project, Team};

use crate::schema::connection::connect_all;
use crate::schema::connection::connect_scoped;
use crate::schema::connection::{Conn, PageArgs};
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
    let (list, count) = (participants::project::list, participants::project::count);
    connect_scoped(ctx, args, &filter, list, count, Project).await
}

pub(crate) async fn team_connection(
    ctx: &Context<'_>,
    project: Option<uuid::Uuid>,
    args: PageArgs,
) -> async_graphql::Result<Conn<Team>> {
    let (list, count) = (participants::team::list, participants::team::count);
    connect_scoped(ctx, args, project, list, count, Team).await
}

#[derive(Default)]
pub struct ParticipantsQuery;

#[connections]
#[Object]
impl ParticipantsQuery {
    /// 协会列表: the associations the caller may see.
    async fn associations(
        &self,
        ctx: &Context<'_>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<Association>> {
        let (list, count) = (
            participants::association::list,
            participants::association::count,
        );
        connect_all(ctx, args, list, count, Association).await
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
    async fn enterprises(
        &self,
        ctx: &Context<'_>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<Enterprise>> {
        let (list, count) = (
            participants::enterprise::list,
            participants::enterprise::count,
        );
        connect_all(ctx, args, list, count, Enterprise).await
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
    async fn projects(
        &self,
        ctx: &Context<'_>,
        enterprise_id: Option<ID>,
        city_code: Option<RegionCode>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<Project>> {
        let enterprise_id =
            ids::parse_opt::<ids::Enterprise>("enterpriseId", enterprise_id.as_ref())?;
        let filter = ProjectFilter {
            enterprise_id,
            city_code: city_code.map(|c| c.0),
        };
        project_connection(ctx, filter, args).await
    }

    /// 参战项目: null when it does not exist or the caller may not see it.
    async fn project(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Project>> {
        by_id::<ids::Project, _, _>(ctx, &id, participants::project::get, Project).await
    }

    /// 住户列表, optionally of one project. A resident sees only itself.
    async fn households(
        &self,
        ctx: &Context<'_>,
        project_id: Option<ID>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<Household>> {
        let project = ids::parse_opt::<ids::Project>("projectId", project_id.as_ref())?;
        let (list, count) = (
            participants::household::list,
            participants::household::count,
        );
        connect_scoped(ctx, args, project, list, count, Household).await
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
    async fn teams(
        &self,
        ctx: &Context<'_>,
        project_id: Option<ID>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<Team>> {
        let project = ids::parse_opt::<ids::Project>("projectId", project_id.as_ref())?;
        team_connection(ctx, project, args).await
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
