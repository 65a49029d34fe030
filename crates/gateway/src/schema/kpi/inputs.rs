//! The inputs of KPI and ranking reads: the scope, the ranked dimension, the metric, and the
//! period with its key.

use async_graphql::{Enum, ID, InputObject};
use kernel::error::codes;
use kernel::{DomainError, Message};
use ledger::ranking::{Span, Within};
use ledger::rollup::Dimension;

use crate::schema::ids;
use crate::schema::ledger::RollupPeriod;
use crate::schema::regions::RegionCode;

/// 范围: narrows a scorecard or ranking to one association, enterprise, project, province or
/// city (at most one). For an association, enterprise or project that does not exist or that
/// the caller may not read, the scorecard or ranking is null; provinces and cities are public.
#[derive(InputObject, Default)]
pub struct KpiScope {
    /// 协会: entries attributed to this association.
    pub association_id: Option<ID>,
    /// 企业: entries of this buying enterprise.
    pub enterprise_id: Option<ID>,
    /// 项目/社区
    pub project_id: Option<ID>,
    /// 省: buyers in this province (its code, e.g. 340000).
    pub province_code: Option<RegionCode>,
    /// 市: buyers in this city (e.g. 340100).
    pub city_code: Option<RegionCode>,
}

fn problem(field: &str, zh: &str, en: &str) -> DomainError {
    DomainError::invalid(&[field], codes::INVALID, Message::new(zh, en))
}

impl KpiScope {
    pub fn within(self) -> Result<Within, DomainError> {
        let mut chosen = Vec::new();
        if let Some(id) =
            ids::parse_opt::<ids::Association>("scope.associationId", self.association_id.as_ref())?
        {
            chosen.push(Within::Association(id));
        }
        if let Some(id) =
            ids::parse_opt::<ids::Enterprise>("scope.enterpriseId", self.enterprise_id.as_ref())?
        {
            chosen.push(Within::Enterprise(id));
        }
        if let Some(id) =
            ids::parse_opt::<ids::Project>("scope.projectId", self.project_id.as_ref())?
        {
            chosen.push(Within::Project(id));
        }
        if let Some(code) = self.province_code {
            chosen.push(Within::Province(code.0));
        }
        if let Some(code) = self.city_code {
            chosen.push(Within::City(code.0));
        }
        match chosen.len() {
            0 => Ok(Within::Campaign),
            1 => Ok(chosen.remove(0)),
            _ => Err(problem(
                "scope",
                "范围只能指定一项",
                "name at most one scope",
            )),
        }
    }
}

/// 排名维度: what a ranking ranks.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankingDimension {
    /// 城市 (the buyer's), as in the campaign's 57-city ranking.
    City,
    /// 协会
    Association,
    /// 企业
    Enterprise,
    /// 项目/社区
    Project,
    /// 战队
    Team,
    /// 产地县
    County,
    /// 市场主体
    Supplier,
}

impl From<RankingDimension> for Dimension {
    fn from(d: RankingDimension) -> Self {
        match d {
            RankingDimension::City => Dimension::City,
            RankingDimension::Association => Dimension::Association,
            RankingDimension::Enterprise => Dimension::Enterprise,
            RankingDimension::Project => Dimension::Project,
            RankingDimension::Team => Dimension::Team,
            RankingDimension::County => Dimension::County,
            RankingDimension::Supplier => Dimension::Supplier,
        }
    }
}

/// 排名指标
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "ledger::ranking::Metric")]
pub enum RankingMetric {
    /// 斤数
    Jin,
    /// 金额（元）
    Yuan,
    /// 参与家庭: distinct households with a sale.
    Households,
}

/// The period and its key as one span; a key that does not fit the period is a user error.
pub fn span(period: RollupPeriod, key: &str) -> Result<Span, DomainError> {
    Span::parse(period.into(), key, "periodKey")
}
