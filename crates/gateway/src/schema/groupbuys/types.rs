//! GraphQL objects of group buys: the group buy with its progress, its items, the joins the
//! caller may see, and the organiser's pick list.

use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use procurement::groupbuy::access::organises;
use procurement::groupbuy::entity::{group_buy, item, join, join_line};

use super::loaders::{GroupBuyItemsKey, GroupBuyJoinsKey, JoinLinesKey};
use super::{ClubKind, GroupBuyJoinState, GroupBuyState};
use crate::schema::ids;
use crate::schema::loaders::{HouseholdKey, ProjectKey, StoreKey};
use crate::schema::participants::types::{Household, Project};
use crate::schema::products::stores::Store;
use crate::schema::products::types::Product;
use crate::schema::scalars::{Fen, Grams};
use crate::schema::{actor, load_children, load_one, state};

/// 社区团购: a group buy in one project, from one store's listings at group prices. Residents
/// join with quantities until `closesAt`; then it succeeds (every join becomes an order
/// awaiting payment, counted as GROUP_BUY when paid) or fails (every reservation released).
pub struct GroupBuy(pub group_buy::Model);

/// 团购进度: what a resident's APP shows.
#[derive(SimpleObject)]
pub struct GroupBuyProgress {
    /// 参团户数
    pub joined_households: i64,
    /// 参团件数
    pub joined_units: i64,
    /// 参团重量（克）
    pub joined_grams: Grams,
    /// 参团重量（斤）
    pub joined_jin: String,
    /// 参团金额（分）, at group prices.
    pub joined_fen: Fen,
    /// 是否已达成团门槛
    pub minimum_met: bool,
    /// 距成团还差: units or grams, as the minimum is set (0 once met).
    pub short_of_minimum: i64,
    /// 剩余可参团件数 under the cap (null without a cap).
    pub remaining_cap_units: Option<i64>,
}

/// 拣货单行: the units of one item to hand out at the pickup point.
pub struct PickListLine(pub item::Model, pub i64);

#[Object]
impl PickListLine {
    /// 团购商品
    async fn item(&self) -> GroupBuyItem {
        GroupBuyItem(self.0.clone())
    }
    /// 件数
    async fn units(&self) -> i64 {
        self.1
    }
    /// 重量（斤）
    async fn jin(&self) -> String {
        kernel::Grams(self.0.unit_grams.0 * self.1).jin()
    }
}

#[Object]
impl GroupBuy {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::GroupBuy>(self.0.id)
    }
    /// 标题, e.g. "三八节高山绿茶团".
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// 团类型
    async fn club_kind(&self) -> ClubKind {
        self.0.club_kind.into()
    }
    /// 团名: the club's own name (for NAMED clubs, or a name given to any club).
    async fn club_name(&self) -> Option<&str> {
        self.0.club_name.as_deref()
    }
    /// 项目/社区
    async fn project(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Project>> {
        Ok(load_one(ctx, ProjectKey(self.0.project_id))
            .await?
            .map(Project))
    }
    /// 店铺: whose listings it offers.
    async fn store(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Store>> {
        Ok(load_one(ctx, StoreKey(self.0.store_id)).await?.map(Store))
    }
    /// 团长: the resident who leads the club (shown to the organiser's side only).
    async fn leader(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Household>> {
        let Some(leader) = self.0.leader_household_id else {
            return Ok(None);
        };
        if !organises(actor(ctx)?, &self.0) {
            return Ok(None);
        }
        Ok(load_one(ctx, HouseholdKey(leader)).await?.map(Household))
    }
    /// 节点: the occasion it is for.
    async fn occasion(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<crate::schema::purchases::types::Occasion>> {
        let Some(id) = self.0.occasion_id else {
            return Ok(None);
        };
        Ok(procurement::occasion::get(&state(ctx)?.db, actor(ctx)?, id)
            .await
            .ok()
            .map(crate::schema::purchases::types::Occasion))
    }
    /// 状态
    async fn state(&self) -> GroupBuyState {
        self.0.state.into()
    }
    /// 开团时间
    async fn opens_at(&self) -> DateTime<Utc> {
        self.0.opens_at
    }
    /// 截团时间: it closes then, automatically.
    async fn closes_at(&self) -> DateTime<Utc> {
        self.0.closes_at
    }
    /// 结团时间
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }
    /// 自提点
    async fn pickup_point(&self) -> &str {
        &self.0.pickup_point
    }
    /// 说明
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// 成团门槛（件）: set when the minimum is in units.
    async fn minimum_units(&self) -> Option<i64> {
        self.0.minimum_units
    }
    /// 成团门槛（克）: set when the minimum is by weight.
    async fn minimum_grams(&self) -> Option<Grams> {
        self.0.minimum_grams.map(Grams)
    }
    /// 上限（件）: the most units all joins together may take.
    async fn cap_units(&self) -> Option<i64> {
        self.0.cap_units
    }
    /// 进度
    async fn progress(&self) -> GroupBuyProgress {
        let g = &self.0;
        GroupBuyProgress {
            joined_households: g.joined_households,
            joined_units: g.joined_units,
            joined_grams: g.joined_grams.into(),
            joined_jin: g.joined_grams.jin(),
            joined_fen: g.joined_fen.into(),
            minimum_met: g.minimum_met(),
            short_of_minimum: g.short_of_minimum(),
            remaining_cap_units: g.cap_units.map(|cap| (cap - g.joined_units).max(0)),
        }
    }
    /// 团购商品
    async fn items(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<GroupBuyItem>> {
        load_children(ctx, GroupBuyItemsKey(self.0.id), GroupBuyItem).await
    }
    /// 参团: the organiser's side sees every join (withdrawn ones left out), a resident only
    /// its own.
    async fn joins(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<GroupBuyJoin>> {
        load_children(ctx, GroupBuyJoinsKey(self.0.id), GroupBuyJoin).await
    }
    /// 我的参团: the caller's household's join (residents), null if none.
    async fn my_join(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<GroupBuyJoin>> {
        let Some(household) = actor(ctx)?.household else {
            return Ok(None);
        };
        let joins = load_one(ctx, GroupBuyJoinsKey(self.0.id)).await?;
        Ok(joins
            .unwrap_or_default()
            .into_iter()
            .find(|j| j.household_id == household)
            .map(GroupBuyJoin))
    }
    /// 拣货单: per item, the units to hand out (of the orders once it succeeded; of the active
    /// joins while open); for the organiser's side, null for others.
    async fn pick_list(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Vec<PickListLine>>> {
        if !organises(actor(ctx)?, &self.0) {
            return Ok(None);
        }
        let lines = procurement::groupbuy::query::pick_list(&state(ctx)?.db, &self.0).await?;
        Ok(Some(
            lines
                .into_iter()
                .map(|(it, units)| PickListLine(it, units))
                .collect(),
        ))
    }
}

/// 团购商品: a listing offered at the group price.
pub struct GroupBuyItem(pub item::Model);

#[Object]
impl GroupBuyItem {
    /// 全局 ID (what a join names)
    async fn id(&self) -> ID {
        ids::gid::<ids::GroupBuyItem>(self.0.id)
    }
    /// 上架商品
    async fn listing_id(&self) -> ID {
        ids::gid::<ids::Listing>(self.0.listing_id)
    }
    /// 产品
    async fn product(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Product>> {
        Product::load(ctx, self.0.product_id).await
    }
    /// 团购价（分）: never above the store's price when opened.
    async fn group_price_fen(&self) -> Fen {
        self.0.group_price_fen.into()
    }
    /// 团购价（元）
    async fn group_price_yuan(&self) -> String {
        self.0.group_price_fen.yuan()
    }
    /// 每件重量（克）
    async fn unit_grams(&self) -> Grams {
        self.0.unit_grams.into()
    }
}

/// 参团: one household's quantities in a group buy.
pub struct GroupBuyJoin(pub join::Model);

#[Object]
impl GroupBuyJoin {
    /// 全局 ID
    async fn id(&self) -> ID {
        ids::gid::<ids::GroupBuyJoin>(self.0.id)
    }
    /// 团购
    async fn group_buy_id(&self) -> ID {
        ids::gid::<ids::GroupBuy>(self.0.group_buy_id)
    }
    /// 住户 (the organiser's side and the household itself)
    async fn household(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Household>> {
        Ok(load_one(ctx, HouseholdKey(self.0.household_id))
            .await?
            .map(Household))
    }
    /// 状态
    async fn state(&self) -> GroupBuyJoinState {
        self.0.state.into()
    }
    /// 件数
    async fn units(&self) -> i64 {
        self.0.units
    }
    /// 重量（克）
    async fn grams(&self) -> Grams {
        self.0.grams.into()
    }
    /// 重量（斤）
    async fn jin(&self) -> String {
        self.0.grams.jin()
    }
    /// 金额（分）, at group prices.
    async fn fen(&self) -> Fen {
        self.0.fen.into()
    }
    /// 订单: the order this join became when the group buy succeeded (pay it with
    /// `confirmPayment`).
    async fn order_id(&self) -> Option<ID> {
        self.0.order_id.map(ids::gid::<ids::Order>)
    }
    /// 参团明细
    async fn lines(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<GroupBuyJoinLine>> {
        load_children(ctx, JoinLinesKey(self.0.id), GroupBuyJoinLine).await
    }
    /// 参团时间
    async fn joined_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// 参团明细: units of one item.
pub struct GroupBuyJoinLine(pub join_line::Model);

#[Object]
impl GroupBuyJoinLine {
    /// 团购商品
    async fn item_id(&self) -> ID {
        ids::gid::<ids::GroupBuyItem>(self.0.item_id)
    }
    /// 件数
    async fn quantity(&self) -> i64 {
        self.0.quantity
    }
}
