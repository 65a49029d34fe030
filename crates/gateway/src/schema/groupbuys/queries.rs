//! The group-buy root queries: a list (a resident those of its project, an enterprise its own,
//! the platform all) and one group buy by id — which closes it first if it is due, so a
//! resident's APP never shows a group buy as open after its closing time.

use async_graphql::{Context, ID, InputObject, Object};
use gateway_macros::connections;
use kernel::{Actor, DomainResult};
use procurement::groupbuy::query::GroupBuyFilter as Filter;
use sea_orm::DatabaseConnection;

use super::GroupBuyState;
use super::types::GroupBuy;
use crate::schema::connection::{Conn, PageArgs};
use crate::schema::connection::{ListFilter, connect_filtered};
use crate::schema::ids;
use crate::schema::{by_id, state};

/// 团购筛选
#[derive(InputObject, Default)]
pub struct GroupBuyFilter {
    /// 项目/社区
    pub project_id: Option<ID>,
    /// 状态
    pub state: Option<GroupBuyState>,
}

impl ListFilter for GroupBuyFilter {
    type Domain = Filter;
    fn domain(self) -> DomainResult<Filter> {
        Ok(Filter {
            project_id: ids::parse_opt::<ids::Project>("projectId", self.project_id.as_ref())?,
            state: self.state.map(Into::into),
        })
    }
}

#[derive(Default)]
pub struct GroupBuyQuery;

#[connections]
#[Object]
impl GroupBuyQuery {
    /// 社区团购: the group buys the caller may see, oldest first — a resident those of its
    /// project, an enterprise (admins, APP) its own, the platform all.
    async fn group_buys(
        &self,
        ctx: &Context<'_>,
        filter: Option<GroupBuyFilter>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<GroupBuy>> {
        let (list, count) = (
            procurement::groupbuy::query::list,
            procurement::groupbuy::query::count,
        );
        connect_filtered(ctx, args, filter, list, count, GroupBuy).await
    }

    /// 社区团购: one group buy with its progress; null when it does not exist or the caller
    /// may not see it. One past its closing time is closed first.
    async fn group_buy(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<GroupBuy>> {
        let s = state(ctx)?;
        let get = async |db: &DatabaseConnection, who: &Actor, id| {
            // Seen first, so a group buy the caller may not see is not closed on its behalf.
            procurement::groupbuy::query::get(db, who, id).await?;
            let window = procurement::groupbuy::close::PAYMENT_WINDOW;
            procurement::groupbuy::commands::touch(db, &s.clock, window, id).await?;
            procurement::groupbuy::query::get(db, who, id).await
        };
        by_id::<ids::GroupBuy, _, _>(ctx, &id, get, GroupBuy).await
    }
}
