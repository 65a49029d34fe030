//! GraphQL objects of the catalogue's supply side: poverty counties, pairings, suppliers and
//! products, built from the table models.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use products::access::sees_supplier;
use products::entity::{county_pairing, poverty_county, product, supplier};
use products::shelf::{Item, Shelf};

use super::certification::{Certification, CertificationBadge};
use crate::schema::ids;
use crate::schema::loaders::{
    BeneficiaryCountKey, CertifiedTodayKey, EnterpriseKey, PovertyCountyKey,
    ProductCertificationsKey, ProductKey, SupplierKey, VisibleEnterpriseKey,
};
use crate::schema::participants::types::Enterprise;
use crate::schema::regions::{Region, RegionCode, region_by_code};
use crate::schema::scalars::{Fen, Grams};
use crate::schema::{actor, load_one, state};

/// 商品类目
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "products::entity::product::Category")]
pub enum Category {
    /// 粮油 (grain and oil)
    GrainAndOil,
    /// 果蔬 (fruit and vegetables)
    FruitAndVegetables,
    /// 肉禽蛋 (meat, poultry, eggs)
    MeatPoultryEggs,
    /// 水产 (aquatic products)
    Aquatic,
    /// 茶叶饮品 (tea and drinks)
    TeaAndDrinks,
    /// 土特产干货 (dried local specialties)
    DriedSpecialties,
    /// 休闲食品 (snacks)
    Snacks,
    /// 手工艺品 (handicrafts)
    Handicrafts,
    /// 其他 (other)
    Other,
}

/// 产品状态
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "products::entity::product::ProductStatus")]
pub enum ProductStatus {
    /// 草稿: not on sale yet.
    Draft,
    /// 在售: may be listed in stores.
    Active,
    /// 停售: taken off sale by the supplier.
    Inactive,
}

/// 市场主体类型
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "products::entity::supplier::SupplierKind")]
pub enum SupplierKind {
    /// 企业 (company)
    Enterprise,
    /// 农民专业合作社 (farmers' cooperative)
    Cooperative,
    /// 家庭农场 (family farm)
    FamilyFarm,
    /// 村集体经济组织 (village collective)
    VillageCollective,
}

/// 利益联结机制: how a supplier's business benefits registered poor households.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum BenefitMechanism {
    /// 务工 (wages for work)
    Wage,
    /// 资产收益 (income from assets, e.g. shares)
    Asset,
    /// 经营收益 (operating income, e.g. purchase of their produce)
    OperatingIncome,
}

impl BenefitMechanism {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wage => "WAGE",
            Self::Asset => "ASSET",
            Self::OperatingIncome => "OPERATING_INCOME",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "WAGE" => Some(Self::Wage),
            "ASSET" => Some(Self::Asset),
            "OPERATING_INCOME" => Some(Self::OperatingIncome),
            _ => None,
        }
    }
}

/// 结对类型
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "products::entity::county_pairing::PairingKind")]
pub enum PairingKind {
    /// 定点扶贫 (designated assistance)
    Designated,
    /// 对口支援 (counterpart support)
    Counterpart,
}

/// 贫困县: a county-level region designated as a poverty county.
pub struct PovertyCounty(pub poverty_county::Model);

#[Object]
impl PovertyCounty {
    /// 区划代码
    async fn code(&self) -> RegionCode {
        RegionCode(self.0.region_code.clone())
    }
    /// 行政区划: the county with its city and province.
    async fn region(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Region>> {
        region_by_code(ctx, Some(&self.0.region_code)).await
    }
    /// 国家扶贫开发工作重点县 (national key county)
    async fn national_key(&self) -> bool {
        self.0.national_key
    }
    /// 集中连片特困地区: the contiguous poor area it belongs to, e.g. 秦巴山区.
    async fn contiguous_area(&self) -> Option<&str> {
        self.0.contiguous_area.as_deref()
    }
    /// 脱贫摘帽年份: the year it exited poverty, if it has.
    async fn exited_year(&self) -> Option<i32> {
        self.0.exited_year
    }
    /// 更新时间
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// 结对帮扶: an enterprise or association paired with a county it supports.
pub struct CountyPairing(pub county_pairing::Model);

#[Object]
impl CountyPairing {
    /// 全局 ID
    async fn id(&self) -> ID {
        ids::gid::<ids::CountyPairing>(self.0.id)
    }
    /// 帮扶方: the global id of the enterprise or association.
    async fn organisation_id(&self) -> ID {
        match self.0.org_kind {
            county_pairing::PairedOrg::Enterprise => ids::gid::<ids::Enterprise>(self.0.org_id),
            county_pairing::PairedOrg::Association => ids::gid::<ids::Association>(self.0.org_id),
        }
    }
    /// 结对县
    async fn county(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Region>> {
        region_by_code(ctx, Some(&self.0.region_code)).await
    }
    /// 结对类型
    async fn kind(&self) -> PairingKind {
        self.0.kind.into()
    }
    /// 创建时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// 市场主体: the producer behind poverty-alleviation products.
pub struct Supplier(pub supplier::Model);

#[Object]
impl Supplier {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Supplier>(self.0.id)
    }
    /// 名称
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 主体类型
    async fn kind(&self) -> SupplierKind {
        self.0.kind.into()
    }
    /// 统一社会信用代码 (unified social credit code)
    async fn uscc(&self) -> &str {
        &self.0.uscc
    }
    /// 所在县
    async fn county(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Region>> {
        region_by_code(ctx, Some(&self.0.county_code)).await
    }
    /// 贫困县认定: the county's designation, null if it is not a poverty county.
    async fn poverty_county(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<PovertyCounty>> {
        Ok(load_one(ctx, PovertyCountyKey(self.0.county_code.clone()))
            .await?
            .map(PovertyCounty))
    }
    /// 联系人
    async fn contact_name(&self) -> Option<&str> {
        self.0.contact_name.as_deref()
    }
    /// 联系电话 (masked except for the supplier itself, the platform and operators)
    async fn contact_phone(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(products::supplier::contact(actor(ctx)?, self.0.id)
            .phone(self.0.contact_phone.as_deref()))
    }
    /// 利益联结机制
    async fn benefit_mechanisms(&self) -> Vec<BenefitMechanism> {
        self.0
            .benefit_mechanisms
            .split(',')
            .filter_map(BenefitMechanism::parse)
            .collect()
    }
    /// 带动建档立卡贫困户数: registered poor households linked to the supplier, as declared.
    async fn linked_poor_households(&self) -> i32 {
        self.0.linked_poor_households
    }
    /// 直接帮扶贫困户数: households recorded by pseudonymous reference (no names or ID
    /// numbers are stored), the count "directly helped households" is taken from.
    async fn beneficiary_count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        Ok(load_one(ctx, BeneficiaryCountKey(self.0.id))
            .await?
            .unwrap_or(0))
    }
    /// 创建时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// 库存: a product's stock. Only its supplier, the platform and operators see it.
#[derive(SimpleObject)]
pub struct Stock {
    /// 在库: units on hand.
    pub on_hand: i64,
    /// 已预留: units promised to open orders.
    pub reserved: i64,
    /// 可售: on hand minus reserved.
    pub available: i64,
}

/// 扶贫产品: a poverty-alleviation product as its supplier describes it.
pub struct Product(pub ProductRow);

/// A product as a resolver holds it: its row, or an item of a project's shelf, which brings the
/// product's supplier and certifications along (read with the shelf, so they cost nothing).
#[derive(Clone)]
#[expect(
    clippy::large_enum_variant,
    reason = "a row is held inline as it always was; boxing it would cost every product list an allocation per product"
)]
pub enum ProductRow {
    Row(product::Model),
    /// An item of a shelf, by position (always a position the shelf has: see [`Self::shelved`]).
    Shelved(Arc<Shelf>, usize),
}

impl ProductRow {
    /// The product of a shelf's item, or `None` when the shelf has no such item.
    pub fn shelved(shelf: &Arc<Shelf>, index: usize) -> Option<Self> {
        (index < shelf.items.len()).then(|| Self::Shelved(Arc::clone(shelf), index))
    }

    pub fn model(&self) -> &product::Model {
        match self {
            Self::Row(m) => m,
            Self::Shelved(shelf, i) => &shelf.items[*i].product,
        }
    }

    fn item(&self) -> Option<&Item> {
        match self {
            Self::Row(_) => None,
            Self::Shelved(shelf, i) => shelf.items.get(*i),
        }
    }
}

impl From<product::Model> for Product {
    fn from(m: product::Model) -> Self {
        Product(ProductRow::Row(m))
    }
}

impl Product {
    /// The product `id` through the request's DataLoader: what every object that names a
    /// product (a line, an entry, a certification) answers for its `product` field.
    pub async fn load(ctx: &Context<'_>, id: uuid::Uuid) -> async_graphql::Result<Option<Self>> {
        Ok(load_one(ctx, ProductKey(id)).await?.map(Product::from))
    }
}

#[Object]
impl Product {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Product>(self.0.model().id)
    }
    /// 品名
    async fn name(&self) -> &str {
        &self.0.model().name
    }
    /// 类目
    async fn category(&self) -> Category {
        self.0.model().category.into()
    }
    /// 描述
    async fn description(&self) -> Option<&str> {
        self.0.model().description.as_deref()
    }
    /// 图片 (URLs)
    async fn images(&self) -> Vec<String> {
        products::product::images(self.0.model())
    }
    /// 规格, e.g. "5kg/袋".
    async fn spec(&self) -> Option<&str> {
        self.0.model().spec.as_deref()
    }
    /// 单位, e.g. 袋, 箱.
    async fn unit(&self) -> &str {
        &self.0.model().unit
    }
    /// 每单位净重 (grams): what the ledger counts per unit sold.
    async fn net_weight(&self) -> Grams {
        self.0.model().net_weight_grams.into()
    }
    /// 折算重量: true when the weight is an agreed jin equivalent of a per-piece good.
    async fn weight_is_equivalent(&self) -> bool {
        self.0.model().weight_is_equivalent
    }
    /// 每单位斤数, as a decimal string ("10.000" for a 5 kg bag).
    async fn jin_per_unit(&self) -> String {
        self.0.model().net_weight_grams.jin()
    }
    /// 价格 (fen)
    async fn price(&self) -> Fen {
        self.0.model().price_fen.into()
    }
    /// 价格 (yuan, decimal string)
    async fn price_yuan(&self) -> String {
        self.0.model().price_fen.yuan()
    }
    /// 每斤价格 (yuan per jin, decimal string): compares products of different sizes.
    async fn price_per_jin(&self) -> Option<String> {
        products::product::price_per_jin(self.0.model().price_fen, self.0.model().net_weight_grams)
    }
    /// 产地: the origin county.
    async fn origin(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Region>> {
        region_by_code(ctx, Some(&self.0.model().origin_county_code)).await
    }
    /// 产地贫困县认定: null when the origin is not a designated poverty county.
    async fn origin_poverty_county(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<PovertyCounty>> {
        Ok(load_one(
            ctx,
            PovertyCountyKey(self.0.model().origin_county_code.clone()),
        )
        .await?
        .map(PovertyCounty))
    }
    /// 供应商 (市场主体)
    async fn supplier(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Supplier>> {
        if let Some(item) = self.0.item() {
            return Ok(item.supplier.as_deref().cloned().map(Supplier));
        }
        Ok(load_one(ctx, SupplierKey(self.0.model().supplier_id))
            .await?
            .map(Supplier))
    }
    /// 状态
    async fn status(&self) -> ProductStatus {
        self.0.model().status.into()
    }
    /// 定制企业: the enterprise a custom product (定制研发) was developed for, for those who may
    /// see that enterprise (as `enterprise(id:)` would); null for everyone else, who see its
    /// label in `customLabel`.
    async fn custom_for(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Enterprise>> {
        let Some(id) = self.0.model().custom_for_enterprise_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, VisibleEnterpriseKey(id))
            .await?
            .map(Enterprise))
    }
    /// 定制标签: "xx物业优选" for a custom product, null otherwise.
    async fn custom_label(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let Some(id) = self.0.model().custom_for_enterprise_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, EnterpriseKey(id))
            .await?
            .map(|e| products::product::custom_label(&e.name)))
    }
    /// 来源考察: the global id of the county visit (县域考察) the product came from.
    async fn county_visit_id(&self) -> Option<ID> {
        self.0
            .model()
            .county_visit_id
            .map(ids::gid::<ids::CountyVisit>)
    }
    /// 认定徽章: the certification valid today, or null when the product is not certified today.
    async fn certification(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<CertificationBadge>> {
        if let Some(item) = self.0.item() {
            let today = state(ctx)?.clock.today();
            return Ok(item.badge_on(today).cloned().map(CertificationBadge));
        }
        Ok(load_one(ctx, CertifiedTodayKey(self.0.model().id))
            .await?
            .map(CertificationBadge))
    }
    /// 认定申请记录: every application, newest first (the supplier, platform and operators only;
    /// null for others).
    async fn certifications(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Vec<Certification>>> {
        if !sees_supplier(actor(ctx)?, self.0.model().supplier_id) {
            return Ok(None);
        }
        let rows = load_one(ctx, ProductCertificationsKey(self.0.model().id))
            .await?
            .unwrap_or_default();
        Ok(Some(rows.into_iter().map(Certification).collect()))
    }
    /// 有货: whether any unit is available to order (what a shop shows as 有货 / 售罄).
    async fn in_stock(&self) -> bool {
        self.0.model().on_hand > self.0.model().reserved
    }
    /// 库存 (the supplier, platform and operators only; null for others)
    async fn stock(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Stock>> {
        if !sees_supplier(actor(ctx)?, self.0.model().supplier_id) {
            return Ok(None);
        }
        // A shelf follows stock only across zero (in stock or not); the figures are read now.
        let fresh = match self.0.item() {
            Some(_) => match load_one(ctx, ProductKey(self.0.model().id)).await? {
                Some(row) => row,
                None => return Ok(None),
            },
            None => self.0.model().clone(),
        };
        Ok(Some(Stock {
            on_hand: fresh.on_hand,
            reserved: fresh.reserved,
            available: fresh.on_hand - fresh.reserved,
        }))
    }
    /// 库存变动: the latest stock movements, newest first (those who see the stock only).
    async fn stock_movements(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20, validator(minimum = 1, maximum = 100))] limit: u64,
    ) -> async_graphql::Result<Option<Vec<StockMovement>>> {
        if !sees_supplier(actor(ctx)?, self.0.model().supplier_id) {
            return Ok(None);
        }
        let rows =
            products::stock::movements(&state(ctx)?.db, actor(ctx)?, self.0.model().id, limit)
                .await?;
        Ok(Some(rows.into_iter().map(StockMovement::from).collect()))
    }
    /// 创建时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.model().created_at
    }
    /// 更新时间
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.model().updated_at
    }
}

/// 库存变动类型
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "products::entity::stock_movement::MovementKind")]
pub enum StockMovementKind {
    /// 预留: held for an order.
    Reserve,
    /// 释放: a hold given back.
    Release,
    /// 出库: a hold shipped.
    Commit,
    /// 调整: a correction with a reason (delivery, count, breakage).
    Adjust,
}

/// 库存变动: one recorded change of stock.
#[derive(SimpleObject)]
pub struct StockMovement {
    /// 类型
    pub kind: StockMovementKind,
    /// 数量 (negative for an adjustment downwards)
    pub quantity: i64,
    /// 原因
    pub reason: Option<String>,
    /// 时间
    pub at: DateTime<Utc>,
}

impl From<products::entity::stock_movement::Model> for StockMovement {
    fn from(m: products::entity::stock_movement::Model) -> Self {
        Self {
            kind: m.kind.into(),
            quantity: m.quantity,
            reason: m.reason,
            at: m.at,
        }
    }
}
