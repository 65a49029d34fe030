//! 行政区划: China's administrative divisions (GB/T 2260 codes, 2023 revision).

use async_graphql::{
    Context, Enum, InputValueError, InputValueResult, Object, Scalar, ScalarType, Value,
};
use kernel::region;

use super::state;

/// 行政区划代码: a 6-digit administrative region code (GB/T 2260), e.g. `340100` for 合肥市.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionCode(pub String);

impl RegionCode {
    /// The scalar checked the form on input, so this parse cannot fail for client values.
    pub fn kernel(&self) -> Option<kernel::RegionCode> {
        kernel::RegionCode::parse(&[], &self.0).ok()
    }
}

#[Scalar(name = "RegionCode")]
impl ScalarType for RegionCode {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => kernel::RegionCode::parse(&[], s)
                .map(|c| RegionCode(c.to_string()))
                .map_err(|_| InputValueError::custom("a RegionCode is 6 digits, e.g. \"340100\"")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}

/// 区划级别: province, city or county level.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "kernel::RegionLevel")]
pub enum RegionLevel {
    /// 省级 (province, autonomous region, municipality)
    Province,
    /// 地级 (prefecture-level city)
    City,
    /// 县级 (county, county-level city, district)
    County,
}

/// 行政区划: one province, city or county.
pub struct Region(pub region::Region);

#[Object]
impl Region {
    /// 代码: the 6-digit code.
    async fn code(&self) -> RegionCode {
        RegionCode(self.0.code.clone())
    }

    /// 名称: the official name, e.g. 合肥市; for municipalities' placeholder city 市辖区.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// 显示名称: the name people use (a municipality's 市辖区 shows as the municipality).
    async fn display_name(&self) -> &str {
        self.0.display_name()
    }

    /// 级别: province, city or county.
    async fn level(&self) -> RegionLevel {
        self.0.level.into()
    }

    /// 所属省份名称: the province the region lies in.
    async fn province_name(&self) -> &str {
        &self.0.province
    }

    /// 上级区划: the parent region (none for provinces).
    async fn parent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Region>> {
        region_by_code(ctx, self.0.parent_code.as_deref()).await
    }

    /// 版本: the revision of the division table the code comes from, e.g. "2023".
    async fn revision(&self) -> &str {
        &self.0.revision
    }
}

pub(crate) async fn region_by_code(
    ctx: &Context<'_>,
    code: Option<&str>,
) -> async_graphql::Result<Option<Region>> {
    let Some(code) = code else { return Ok(None) };
    let all = state(ctx)?
        .regions()
        .await
        .map_err(|e| crate::error::internal(ctx, &e))?;
    Ok(all.get(code).cloned().map(Region))
}

#[derive(Default)]
pub struct RegionQuery;

#[Object]
impl RegionQuery {
    /// 行政区划列表: regions under `parentCode` and/or at `level`, in code order. With neither,
    /// the 31 provinces. Public reference data: no token needed.
    async fn regions(
        &self,
        ctx: &Context<'_>,
        parent_code: Option<RegionCode>,
        level: Option<RegionLevel>,
    ) -> async_graphql::Result<Vec<Region>> {
        let db = &state(ctx)?.db;
        let parent = parent_code.as_ref().and_then(RegionCode::kernel);
        if parent_code.is_some() && parent.is_none() {
            return Ok(Vec::new());
        }
        Ok(region::list(db, parent, level.map(Into::into))
            .await
            .map(|rows| rows.into_iter().map(Region).collect())?)
    }

    /// 行政区划: one region by code, or null if the code is not in the table.
    async fn region(
        &self,
        ctx: &Context<'_>,
        code: RegionCode,
    ) -> async_graphql::Result<Option<Region>> {
        let db = &state(ctx)?.db;
        let Some(code) = code.kernel() else {
            return Ok(None);
        };
        Ok(region::find(db, code).await.map(|r| r.map(Region))?)
    }
}
