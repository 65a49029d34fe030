//! Supply-side mutations: poverty counties and pairings, suppliers, products, stock and the
//! certification path. Each takes one `input` and returns a payload with the changed object and
//! `userErrors`; authentication and authorisation failures are top-level errors.

use crate::schema::payload::payload;
use async_graphql::MaybeUndefined;

use super::references::{VisibleVisits, link};
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use kernel::DomainError;
use products::county::PovertyCountyInput;
use products::entity::county_pairing::PairedOrg;
use products::product::ProductInput;
use products::supplier::{Pseudonymizer, SupplierInput};

use super::ProductUserError;
use super::types::{
    BenefitMechanism, Category, CountyPairing, PairingKind, PovertyCounty, Product, ProductStatus,
    Supplier, SupplierKind,
};
use crate::error::{lang, split};
use crate::schema::ids;
use crate::schema::payload::user_errors;
use crate::schema::scalars::{Fen, Grams};
use crate::schema::{actor, mutate, mutate_by_id, mutate_with, state};

payload!(PovertyCountyPayload, poverty_county: PovertyCounty, ProductUserError, "贫困县认定结果");
payload!(CountyPairingPayload, county_pairing: CountyPairing, ProductUserError, "结对结果");
payload!(SupplierPayload, supplier: Supplier, ProductUserError, "市场主体变更结果");
payload!(ProductPayload, product: Product, ProductUserError, "产品变更结果");

/// 标记贫困县 (the platform)
#[derive(InputObject)]
pub struct MarkPovertyCountyInput {
    /// A county-level region code, e.g. `510727` (平武县).
    pub region_code: String,
    /// 国家扶贫开发工作重点县
    #[graphql(default = true)]
    pub national_key: bool,
    /// 集中连片特困地区, e.g. 秦巴山区.
    pub contiguous_area: Option<String>,
    /// 脱贫摘帽年份
    pub exited_year: Option<i32>,
}

/// 结对帮扶: pair an enterprise or association with a county.
#[derive(InputObject)]
pub struct PairCountyInput {
    /// The global id of an Enterprise or an Association.
    pub organisation_id: ID,
    /// A county-level region code.
    pub region_code: String,
    pub kind: PairingKind,
}

/// 市场主体资料
#[derive(InputObject)]
pub struct SupplierFields {
    pub name: String,
    pub kind: SupplierKind,
    /// 统一社会信用代码: 18 characters; the check character is verified.
    pub uscc: String,
    /// The county-level region the supplier is in.
    pub county_code: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    #[graphql(default)]
    pub benefit_mechanisms: Vec<BenefitMechanism>,
    /// 带动建档立卡贫困户数
    #[graphql(default)]
    pub linked_poor_households: i32,
}

impl From<SupplierFields> for SupplierInput {
    fn from(f: SupplierFields) -> Self {
        SupplierInput {
            name: f.name,
            kind: f.kind.into(),
            uscc: f.uscc,
            county_code: f.county_code,
            contact_name: f.contact_name,
            contact_phone: f.contact_phone,
            benefit_mechanisms: f
                .benefit_mechanisms
                .into_iter()
                .map(|m| m.as_str().to_owned())
                .collect(),
            linked_poor_households: f.linked_poor_households,
        }
    }
}

/// 登记市场主体 (the platform)
#[derive(InputObject)]
pub struct CreateSupplierInput {
    #[graphql(flatten)]
    pub supplier: SupplierFields,
}

/// 修改市场主体: replaces the profile (the supplier itself or the platform).
#[derive(InputObject)]
pub struct UpdateSupplierInput {
    pub id: ID,
    #[graphql(flatten)]
    pub supplier: SupplierFields,
}

/// 登记帮扶贫困户: identifiers of registered poor households the supplier sources from. Only a
/// keyed hash of each is stored; the identifiers themselves are never kept or logged.
#[derive(InputObject)]
pub struct AddSupplierBeneficiariesInput {
    pub supplier_id: ID,
    /// At most 1000 per call; the same household added twice counts once.
    pub identifiers: Vec<String>,
}

/// 帮扶贫困户登记结果
#[derive(SimpleObject)]
pub struct SupplierBeneficiariesPayload {
    pub supplier: Option<Supplier>,
    /// How many households the supplier now has on record.
    pub beneficiary_count: Option<u64>,
    pub user_errors: Vec<ProductUserError>,
}

/// 产品资料
#[derive(InputObject)]
pub struct ProductFields {
    pub name: String,
    pub category: Category,
    pub description: Option<String>,
    /// Image URLs (http or https), at most 10.
    #[graphql(default)]
    pub images: Vec<String>,
    /// 规格, e.g. "5kg/袋".
    pub spec: Option<String>,
    /// 单位, e.g. 袋.
    pub unit: String,
    /// 每单位净重 in grams (1 to 50,000): the campaign counts jin, so it is required.
    pub net_weight: Grams,
    /// True when `netWeight` is an agreed jin equivalent of a per-piece good.
    #[graphql(default)]
    pub weight_is_equivalent: bool,
    /// 价格 in fen.
    pub price: Fen,
    /// 产地县: defaults to the supplier's county.
    pub origin_county_code: Option<String>,
    /// 定制企业: the enterprise a custom product (xx物业优选) was developed for; only one the
    /// caller may see (`enterprise(id:)`) can be named. Left out, an update keeps it; null
    /// clears it.
    pub custom_for_enterprise_id: MaybeUndefined<ID>,
    /// 来源考察: the county visit (县域考察) the product came from; only one the caller may see.
    /// Left out, an update keeps it; null clears it.
    pub county_visit_id: MaybeUndefined<ID>,
}

impl ProductFields {
    fn into_input(self, supplier_id: Option<uuid::Uuid>) -> Result<ProductInput, DomainError> {
        Ok(ProductInput {
            supplier_id,
            custom_for_enterprise_id: link::<ids::Enterprise>(
                "customForEnterpriseId",
                self.custom_for_enterprise_id,
            )?,
            county_visit_id: link::<ids::CountyVisit>("countyVisitId", self.county_visit_id)?,
            name: self.name,
            category: self.category.into(),
            description: self.description,
            images: self.images,
            spec: self.spec,
            unit: self.unit,
            net_weight_grams: self.net_weight.into(),
            weight_is_equivalent: self.weight_is_equivalent,
            price_fen: self.price.into(),
            origin_county_code: self.origin_county_code,
        })
    }
}

/// 新建产品 (as a DRAFT, with no stock)
#[derive(InputObject)]
pub struct CreateProductInput {
    /// The supplier; a supplier's token may leave it out (its own).
    pub supplier_id: Option<ID>,
    #[graphql(flatten)]
    pub product: ProductFields,
}

/// 修改产品: replaces the description (not stock or status).
#[derive(InputObject)]
pub struct UpdateProductInput {
    pub id: ID,
    #[graphql(flatten)]
    pub product: ProductFields,
}

/// 上下架产品: ACTIVE puts it on sale; INACTIVE or DRAFT takes it off.
#[derive(InputObject)]
pub struct SetProductStatusInput {
    pub id: ID,
    pub status: ProductStatus,
}

/// 调整库存: a delivery (+), a count or breakage (−), with a reason.
#[derive(InputObject)]
pub struct AdjustStockInput {
    pub product_id: ID,
    /// Units to add (positive) or remove (negative); never below what is reserved.
    pub delta: i64,
    pub reason: String,
}

pub(crate) fn paired_org(id: &ID) -> Result<(PairedOrg, uuid::Uuid), DomainError> {
    match ids::parse_any("organisationId", id)? {
        (ids::Kind::Enterprise, id) => Ok((PairedOrg::Enterprise, id)),
        (ids::Kind::Association, id) => Ok((PairedOrg::Association, id)),
        _ => Err(ids::not_of("organisationId", "Enterprise | Association")),
    }
}

#[derive(Default)]
pub struct ProductsMutation;

#[Object]
impl ProductsMutation {
    /// 标记贫困县 (or change the designation). The platform only.
    async fn mark_poverty_county(
        &self,
        ctx: &Context<'_>,
        input: MarkPovertyCountyInput,
    ) -> async_graphql::Result<PovertyCountyPayload> {
        let county = PovertyCountyInput {
            region_code: input.region_code,
            national_key: input.national_key,
            contiguous_area: input.contiguous_area,
            exited_year: input.exited_year,
        };
        mutate(ctx, Ok(county), products::county::mark, PovertyCounty).await
    }

    /// 结对帮扶 (定点扶贫 / 对口支援). The platform pairs anyone; an enterprise or association
    /// admin its own organisation.
    async fn pair_county(
        &self,
        ctx: &Context<'_>,
        input: PairCountyInput,
    ) -> async_graphql::Result<CountyPairingPayload> {
        let (code, kind) = (&input.region_code, input.kind.into());
        let pair = async |txn: &_, actor: &_, clock: &_, org| {
            products::county::pair(txn, actor, clock, org, code, kind).await
        };
        mutate(ctx, paired_org(&input.organisation_id), pair, CountyPairing).await
    }

    /// 登记市场主体. The platform only.
    async fn create_supplier(
        &self,
        ctx: &Context<'_>,
        input: CreateSupplierInput,
    ) -> async_graphql::Result<SupplierPayload> {
        let supplier = Ok(input.supplier.into());
        mutate(ctx, supplier, products::supplier::create, Supplier).await
    }

    /// 修改市场主体. The supplier itself or the platform.
    async fn update_supplier(
        &self,
        ctx: &Context<'_>,
        input: UpdateSupplierInput,
    ) -> async_graphql::Result<SupplierPayload> {
        let (id, update) = (("id", &input.id), products::supplier::update);
        let supplier = input.supplier.into();
        mutate_with::<ids::Supplier, _, _, _>(ctx, id, supplier, update, Supplier).await
    }

    /// 登记帮扶贫困户 by pseudonymous reference. The supplier itself or the platform.
    async fn add_supplier_beneficiaries(
        &self,
        ctx: &Context<'_>,
        input: AddSupplierBeneficiariesInput,
    ) -> async_graphql::Result<SupplierBeneficiariesPayload> {
        let s = state(ctx)?;
        let actor = actor(ctx)?;
        let pseudonymizer =
            Pseudonymizer::new(crate::config::secret_bytes(&s.config.pseudonym_key));
        let result = match ids::parse::<ids::Supplier>("supplierId", &input.supplier_id) {
            Ok(id) => kernel::db::write(&s.db, async move |txn| {
                products::supplier::add_beneficiaries(
                    txn,
                    actor,
                    &s.clock,
                    &pseudonymizer,
                    id,
                    &input.identifiers,
                )
                .await
            })
            .await
            .map(|n| (id, n)),
            Err(e) => Err(e),
        };
        Ok(match split(ctx, result)? {
            Ok((id, n)) => SupplierBeneficiariesPayload {
                supplier: Some(Supplier(products::supplier::get(&s.db, actor, id).await?)),
                beneficiary_count: Some(n),
                user_errors: Vec::new(),
            },
            Err(problems) => SupplierBeneficiariesPayload {
                supplier: None,
                beneficiary_count: None,
                user_errors: user_errors(lang(ctx), problems),
            },
        })
    }

    /// 新建产品 (a DRAFT). A supplier for itself, or the platform or an operator naming one.
    async fn create_product(
        &self,
        ctx: &Context<'_>,
        input: CreateProductInput,
    ) -> async_graphql::Result<ProductPayload> {
        let supplier = ids::parse_opt::<ids::Supplier>("supplierId", input.supplier_id.as_ref());
        let product = supplier.and_then(|id| input.product.into_input(id));
        let create = async |txn: &_, actor: &_, clock: &_, product| {
            let visits = VisibleVisits { db: txn, actor };
            products::product::create(txn, actor, clock, &visits, product).await
        };
        mutate(ctx, product, create, Product::from).await
    }

    /// 修改产品
    async fn update_product(
        &self,
        ctx: &Context<'_>,
        input: UpdateProductInput,
    ) -> async_graphql::Result<ProductPayload> {
        let parsed = ids::parse::<ids::Product>("id", &input.id)
            .and_then(|id| input.product.into_input(None).map(|p| (id, p)));
        let update = async |txn: &_, actor: &_, clock: &_, (id, product)| {
            let visits = VisibleVisits { db: txn, actor };
            products::product::update(txn, actor, clock, &visits, id, product).await
        };
        mutate(ctx, parsed, update, Product::from).await
    }

    /// 上下架产品
    async fn set_product_status(
        &self,
        ctx: &Context<'_>,
        input: SetProductStatusInput,
    ) -> async_graphql::Result<ProductPayload> {
        let (id, set) = (("id", &input.id), products::product::set_status);
        let status = input.status.into();
        mutate_with::<ids::Product, _, _, _>(ctx, id, status, set, Product::from).await
    }

    /// 调整库存: one atomic change, recorded as a stock movement.
    async fn adjust_stock(
        &self,
        ctx: &Context<'_>,
        input: AdjustStockInput,
    ) -> async_graphql::Result<ProductPayload> {
        let (delta, reason) = (input.delta, &input.reason);
        let adjust = async |txn: &_, actor: &_, clock: &_, id| {
            products::stock::adjust(txn, actor, clock, id, delta, reason).await
        };
        let id = &input.product_id;
        mutate_by_id::<ids::Product, _, _>(ctx, "productId", id, adjust, Product::from).await
    }
}
