use kernel::{Fen, Grams};
use sea_orm::entity::prelude::*;

/// 团购状态
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum GroupBuyState {
    /// 进行中: open for joins until `closes_at` (or not yet open, before `opens_at`).
    #[sea_orm(string_value = "OPEN")]
    Open,
    /// 结团中: claimed by one closer; only ever seen inside the closing transaction.
    #[sea_orm(string_value = "CLOSING")]
    Closing,
    /// 成团: the minimum was met; every join became an order.
    #[sea_orm(string_value = "SUCCEEDED")]
    Succeeded,
    /// 未成团: the minimum was missed; every reservation was released.
    #[sea_orm(string_value = "FAILED")]
    Failed,
}

/// 团类型: the club a group buy belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, serde::Serialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum ClubKind {
    /// 妈妈团
    #[sea_orm(string_value = "MOTHERS")]
    Mothers,
    /// 白领团
    #[sea_orm(string_value = "WHITE_COLLAR")]
    WhiteCollar,
    /// 业主团
    #[sea_orm(string_value = "OWNERS")]
    Owners,
    /// 其他: a club with a name of its own (`club_name`).
    #[sea_orm(string_value = "NAMED")]
    Named,
}

/// 社区团购: one group buy in one project, from one store's listings at group prices.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_buy")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub project_id: Uuid,
    pub store_id: Uuid,
    /// 团长: the resident who leads the club, if named.
    pub leader_household_id: Option<Uuid>,
    pub club_kind: ClubKind,
    pub club_name: Option<String>,
    pub title: String,
    pub occasion_id: Option<Uuid>,
    /// 成团门槛: in units or in grams (exactly one is set).
    pub minimum_units: Option<i64>,
    pub minimum_grams: Option<i64>,
    /// 上限: the most units all joins together may take.
    pub cap_units: Option<i64>,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub pickup_point: String,
    pub note: Option<String>,
    pub state: GroupBuyState,
    /// Running totals of the active joins, changed only with the join that changes them.
    pub joined_households: i64,
    pub joined_units: i64,
    pub joined_grams: Grams,
    pub joined_fen: Fen,
    pub closed_at: Option<DateTimeUtc>,
    pub opened_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl Model {
    /// Whether the active joins reach the minimum.
    pub fn minimum_met(&self) -> bool {
        match (self.minimum_units, self.minimum_grams) {
            (Some(units), _) => self.joined_units >= units,
            (None, Some(grams)) => self.joined_grams.0 >= grams,
            (None, None) => self.joined_units > 0,
        }
    }

    /// How far the joins are from the minimum (units or grams, as the minimum is set); 0 once
    /// it is met.
    pub fn short_of_minimum(&self) -> i64 {
        match (self.minimum_units, self.minimum_grams) {
            (Some(units), _) => (units - self.joined_units).max(0),
            (None, Some(grams)) => (grams - self.joined_grams.0).max(0),
            (None, None) => i64::from(self.joined_units == 0),
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
