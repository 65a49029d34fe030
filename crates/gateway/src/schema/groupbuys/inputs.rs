//! The inputs of the group-buy mutations and their translation into the domain's inputs.

use async_graphql::{ID, InputObject};
use chrono::{DateTime, Utc};
use kernel::{DomainError, DomainResult, Message};
use procurement::groupbuy::join::{JoinGroupBuy, JoinLineInput, Withdraw};
use procurement::groupbuy::open::{ItemInput, Minimum, OpenGroupBuy};

use super::ClubKind;
use crate::schema::ids;
use crate::schema::scalars::{Fen, Grams};

/// 团购商品: a listing of the store at the group price.
#[derive(InputObject)]
pub struct GroupBuyItemInput {
    /// 上架商品 (a Listing of the store)
    pub listing_id: ID,
    /// 团购价（分）: not above the store's price.
    pub group_price: Fen,
}

/// 开团 (the enterprise's admins, or its APP for a resident who leads a club): give the
/// minimum in units or by weight, not both.
#[derive(InputObject)]
pub struct OpenGroupBuyInput {
    /// 项目/社区 (of the caller's enterprise)
    pub project_id: ID,
    /// 店铺: a store of the enterprise serving the project.
    pub store_id: ID,
    /// 标题
    pub title: String,
    /// 团类型
    pub club_kind: ClubKind,
    /// 团名 (required for NAMED)
    pub club_name: Option<String>,
    /// 团长: a household of the project.
    pub leader_household_id: Option<ID>,
    /// 节点: the occasion it is for (a festival, a 业主节, a campaign fair).
    pub occasion_id: Option<ID>,
    /// 团购商品: 1 to 20, each listing once.
    #[graphql(validator(max_items = 20))]
    pub items: Vec<GroupBuyItemInput>,
    /// 成团门槛（件）
    pub minimum_units: Option<i32>,
    /// 成团门槛（克）, e.g. 50000 for 100 jin.
    pub minimum_grams: Option<Grams>,
    /// 上限（件）
    pub cap_units: Option<i32>,
    /// 开团时间; now when left out.
    pub opens_at: Option<DateTime<Utc>>,
    /// 截团时间
    pub closes_at: DateTime<Utc>,
    /// 自提点; the project's service centre (物业服务中心) when left out.
    pub pickup_point: Option<String>,
    /// 说明
    pub note: Option<String>,
    /// 幂等键 (optional): the same key with the same input returns the first group buy.
    pub idempotency_key: Option<String>,
}

impl OpenGroupBuyInput {
    pub fn domain(self) -> DomainResult<(Option<String>, OpenGroupBuy)> {
        let minimum = match (self.minimum_units, self.minimum_grams) {
            (Some(units), None) => Minimum::Units(i64::from(units)),
            (None, Some(grams)) => Minimum::Grams(grams.0),
            _ => {
                return Err(DomainError::invalid(
                    &["minimumUnits"],
                    kernel::error::codes::INVALID,
                    Message::new(
                        "请给出成团门槛：件数或克数，二选一",
                        "give the minimum in units or in grams, one of the two",
                    ),
                ));
            }
        };
        let mut items = Vec::with_capacity(self.items.len());
        for (i, it) in self.items.iter().enumerate() {
            items.push(ItemInput {
                listing_id: ids::parse_in::<ids::Listing>("items", i, "listingId", &it.listing_id)?,
                group_price: it.group_price.0,
            });
        }
        Ok((
            self.idempotency_key,
            OpenGroupBuy {
                project_id: ids::parse::<ids::Project>("projectId", &self.project_id)?,
                store_id: ids::parse::<ids::Store>("storeId", &self.store_id)?,
                title: self.title,
                club_kind: self.club_kind.into(),
                club_name: self.club_name,
                leader_household_id: ids::parse_opt::<ids::Household>(
                    "leaderHouseholdId",
                    self.leader_household_id.as_ref(),
                )?,
                occasion_id: ids::parse_opt::<ids::Occasion>(
                    "occasionId",
                    self.occasion_id.as_ref(),
                )?,
                items,
                minimum,
                cap_units: self.cap_units.map(i64::from),
                opens_at: self.opens_at,
                closes_at: self.closes_at,
                pickup_point: self.pickup_point,
                note: self.note,
            },
        ))
    }
}

/// 参团明细
#[derive(InputObject)]
pub struct GroupBuyJoinLineInput {
    /// 团购商品 (a GroupBuyItem of the group buy)
    pub item_id: ID,
    /// 件数: 1 to 999.
    pub quantity: i32,
}

/// 参团或改量: the household's quantities from now on (a second call changes the join).
#[derive(InputObject)]
pub struct JoinGroupBuyInput {
    /// 团购
    pub group_buy_id: ID,
    /// 住户: required unless the caller is the resident itself.
    pub household_id: Option<ID>,
    /// 参团明细
    #[graphql(validator(max_items = 20))]
    pub lines: Vec<GroupBuyJoinLineInput>,
    /// 幂等键: the same key with the same input returns the first result (`replayed: true`).
    pub idempotency_key: String,
}

impl JoinGroupBuyInput {
    pub fn domain(self) -> DomainResult<(String, JoinGroupBuy)> {
        let mut lines = Vec::with_capacity(self.lines.len());
        for (i, l) in self.lines.iter().enumerate() {
            lines.push(JoinLineInput {
                item_id: ids::parse_in::<ids::GroupBuyItem>("lines", i, "itemId", &l.item_id)?,
                quantity: i64::from(l.quantity),
            });
        }
        Ok((
            self.idempotency_key,
            JoinGroupBuy {
                group_buy_id: ids::parse::<ids::GroupBuy>("groupBuyId", &self.group_buy_id)?,
                household_id: ids::parse_opt::<ids::Household>(
                    "householdId",
                    self.household_id.as_ref(),
                )?,
                lines,
            },
        ))
    }
}

/// 退团: the household's reservation is released.
#[derive(InputObject)]
pub struct WithdrawFromGroupBuyInput {
    /// 团购
    pub group_buy_id: ID,
    /// 住户: required unless the caller is the resident itself.
    pub household_id: Option<ID>,
    /// 幂等键 (optional)
    pub idempotency_key: Option<String>,
}

impl WithdrawFromGroupBuyInput {
    pub fn domain(self) -> DomainResult<(Option<String>, Withdraw)> {
        Ok((
            self.idempotency_key,
            Withdraw {
                group_buy_id: ids::parse::<ids::GroupBuy>("groupBuyId", &self.group_buy_id)?,
                household_id: ids::parse_opt::<ids::Household>(
                    "householdId",
                    self.household_id.as_ref(),
                )?,
            },
        ))
    }
}
