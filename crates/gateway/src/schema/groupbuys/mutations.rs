//! The group-buy mutations: each is one use case of `procurement::groupbuy::commands` (one
//! write transaction, idempotency key first; a due group buy is closed before a join is tried).

use async_graphql::{Context, Object, SimpleObject};
use kernel::DomainResult;
use procurement::groupbuy::commands::Outcome;

use super::ProcurementUserError;
use super::inputs::*;
use super::types::{GroupBuy, GroupBuyJoin};
use crate::schema::command;
use crate::schema::payload::{Payload, respond_parts};
use crate::state::AppState;

/// 团购变更结果
#[derive(SimpleObject)]
pub struct GroupBuyPayload {
    /// 团购: as it is now (with its progress); null when the input had errors.
    pub group_buy: Option<GroupBuy>,
    /// 参团: the join that was made, changed or withdrawn.
    pub join: Option<GroupBuyJoin>,
    /// 重放: true when this answers an earlier request with the same idempotency key.
    pub replayed: bool,
    /// 用户错误
    pub user_errors: Vec<ProcurementUserError>,
}

impl Payload for GroupBuyPayload {
    type Object = Outcome;

    fn from_result<M>(
        ctx: &Context<'_>,
        result: DomainResult<M>,
        wrap: impl FnOnce(M) -> Outcome,
    ) -> async_graphql::Result<Self> {
        let parts = |m| {
            let o = wrap(m);
            let group_buy = Some(GroupBuy(o.group_buy));
            (group_buy, o.join.map(GroupBuyJoin), o.replayed)
        };
        let ((group_buy, join, replayed), user_errors) = respond_parts(ctx, result, parts)?;
        Ok(GroupBuyPayload {
            group_buy,
            join,
            replayed,
            user_errors,
        })
    }
}

#[derive(Default)]
pub struct GroupBuyMutation;

#[Object]
impl GroupBuyMutation {
    /// 开团 (the enterprise's admins, or its APP for a resident who leads a club): listings of
    /// a store serving the project at group prices (never above the store's), a minimum in
    /// units or grams, an optional cap, a window and a pickup point.
    async fn open_group_buy(
        &self,
        ctx: &Context<'_>,
        input: OpenGroupBuyInput,
    ) -> async_graphql::Result<GroupBuyPayload> {
        let open = async |s: &AppState, who: &_, (key, input): (Option<String>, _)| {
            procurement::groupbuy::commands::open(&s.db, who, &s.clock, key.as_deref(), input).await
        };
        command(ctx, input.domain(), open, std::convert::identity).await
    }

    /// 参团或改量 (a resident of the project; the company's APP or admins for one): the
    /// household's quantities from now on. Stock is reserved (or released) by the difference at
    /// once; the cap is never exceeded (CAP_EXCEEDED says what is left). Until closing.
    async fn join_group_buy(
        &self,
        ctx: &Context<'_>,
        input: JoinGroupBuyInput,
    ) -> async_graphql::Result<GroupBuyPayload> {
        let join = async |s: &AppState, who: &_, (key, input): (String, _)| {
            let window = procurement::groupbuy::close::PAYMENT_WINDOW;
            procurement::groupbuy::commands::join(&s.db, who, &s.clock, window, &key, input).await
        };
        command(ctx, input.domain(), join, std::convert::identity).await
    }

    /// 退团: the household leaves the group buy before closing; its reservation is released.
    async fn withdraw_from_group_buy(
        &self,
        ctx: &Context<'_>,
        input: WithdrawFromGroupBuyInput,
    ) -> async_graphql::Result<GroupBuyPayload> {
        let withdraw = async |s: &AppState, who: &_, (key, input): (Option<String>, _)| {
            let window = procurement::groupbuy::close::PAYMENT_WINDOW;
            let key = key.as_deref();
            procurement::groupbuy::commands::withdraw(&s.db, who, &s.clock, window, key, input)
                .await
        };
        command(ctx, input.domain(), withdraw, std::convert::identity).await
    }
}
