//! Organisations, projects, households, suppliers and products made through the services, as
//! the platform (or the supplier) would, inside the caller's write transaction.

use kernel::Clock;
use participants::entity::association::AssociationKind;
use participants::entity::enterprise::AllianceRegion;
use participants::entity::{association, enterprise, household, project};
use products::certification::ListingDecision;
use products::entity::product::{self, Category};
use products::entity::supplier::{self, SupplierKind};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use crate::actors::{platform, supplier as supplier_actor};
use crate::time::{day, on};

/// A local association in `city`: `<name>物业管理协会`.
pub async fn association(
    txn: &DatabaseTransaction,
    clock: &Clock,
    name: &str,
    city: &str,
) -> association::Model {
    participants::association::create(
        txn,
        &platform(),
        clock,
        participants::association::AssociationInput {
            name: format!("{name}物业管理协会"),
            kind: Some(AssociationKind::Local),
            region_code: Some(city.into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

/// An enterprise of East China named `name`, a member of `association` (if any), in `city` (if
/// any).
pub async fn enterprise(
    txn: &DatabaseTransaction,
    clock: &Clock,
    name: &str,
    association: Option<Uuid>,
    city: Option<&str>,
) -> enterprise::Model {
    participants::enterprise::create(
        txn,
        &platform(),
        clock,
        participants::enterprise::EnterpriseInput {
            name: name.into(),
            association_id: association,
            alliance_region: AllianceRegion::EastChina,
            region_code: city.map(Into::into),
            address: None,
            wechat_official_account: None,
            website: None,
            lead_name: None,
            lead_phone: None,
            specialist_name: None,
            specialist_phone: None,
        },
    )
    .await
    .unwrap()
}

/// A local association `<name>物业管理协会` in `city` and its member `<name>物业服务有限公司`.
pub async fn organisation(
    txn: &DatabaseTransaction,
    clock: &Clock,
    name: &str,
    city: &str,
) -> (association::Model, enterprise::Model) {
    let association = association(txn, clock, name, city).await;
    let enterprise = enterprise(
        txn,
        clock,
        &format!("{name}物业服务有限公司"),
        Some(association.id),
        Some(city),
    )
    .await;
    (association, enterprise)
}

/// A residential project (住宅) of `enterprise` in `city` with `households` households.
pub async fn project(
    txn: &DatabaseTransaction,
    clock: &Clock,
    enterprise: Uuid,
    city: &str,
    name: &str,
    households: i32,
) -> project::Model {
    participants::project::create(
        txn,
        &platform(),
        clock,
        Some(enterprise),
        participants::project::ProjectInput {
            city_code: city.into(),
            name: name.into(),
            property_type: "住宅".into(),
            household_count: households,
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

/// A household of `project`, known to the company's APP as `external_user_id`.
pub async fn household(
    txn: &DatabaseTransaction,
    clock: &Clock,
    project: Uuid,
    external_user_id: &str,
) -> household::Model {
    participants::household::create(
        txn,
        &platform(),
        clock,
        participants::household::HouseholdInput {
            project_id: project,
            external_user_id: Some(external_user_id.into()),
            display_name: None,
            phone: None,
        },
    )
    .await
    .unwrap()
}

/// 平武县高山茶叶专业合作社, a cooperative in 平武县 (a poverty county), registered by the
/// platform.
pub async fn supplier(txn: &DatabaseTransaction, clock: &Clock) -> supplier::Model {
    products::supplier::create(
        txn,
        &platform(),
        clock,
        products::supplier::SupplierInput {
            name: "平武县高山茶叶专业合作社".into(),
            kind: SupplierKind::Cooperative,
            uscc: "91350100M000100Y43".into(),
            county_code: "510727".into(),
            contact_name: None,
            contact_phone: None,
            benefit_mechanisms: vec!["WAGE".into()],
            linked_poor_households: 36,
        },
    )
    .await
    .unwrap()
}

/// Tea in units (`spec`, `unit`) of `grams` at `price_fen`, from the supplier's county.
pub fn tea(
    name: &str,
    spec: &str,
    unit: &str,
    grams: i64,
    price_fen: i64,
) -> products::product::ProductInput {
    products::product::ProductInput {
        supplier_id: None,
        name: name.into(),
        category: Category::TeaAndDrinks,
        description: None,
        images: vec![],
        spec: Some(spec.into()),
        unit: unit.into(),
        net_weight_grams: kernel::Grams(grams),
        weight_is_equivalent: false,
        price_fen: kernel::Fen(price_fen),
        origin_county_code: None,
        custom_for_enterprise_id: products::product::Link::Keep,
        county_visit_id: products::product::Link::Keep,
    }
}

/// A 500 g bag (袋) of `name` at `price_fen`.
pub fn bag(name: &str, price_fen: i64) -> products::product::ProductInput {
    tea(name, "500g/袋", "袋", 500, price_fen)
}

/// A new DRAFT product of `supplier`, created by the supplier.
pub async fn product(
    txn: &DatabaseTransaction,
    clock: &Clock,
    supplier: Uuid,
    input: products::product::ProductInput,
) -> product::Model {
    products::product::create(
        txn,
        &supplier_actor(supplier),
        clock,
        &products::product::NoCountyVisits,
        input,
    )
    .await
    .unwrap()
}

/// Puts a product of `supplier` on sale (ACTIVE).
pub async fn activate(txn: &DatabaseTransaction, clock: &Clock, supplier: Uuid, product: Uuid) {
    products::product::set_status(
        txn,
        &supplier_actor(supplier),
        clock,
        product,
        product::ProductStatus::Active,
    )
    .await
    .unwrap();
}

/// Takes a product through 申请 → 认定 → 公示 (2019-05-20) → 入目录 (2019-05-28), valid from
/// 2019-05-28 to 2020-06-30 under `certificate_no`.
pub async fn certify(
    txn: &DatabaseTransaction,
    supplier: Uuid,
    product: Uuid,
    certificate_no: &str,
) {
    use products::certification as c;
    let applied = c::apply(txn, &supplier_actor(supplier), &on("2019-05-20"), product)
        .await
        .unwrap();
    c::decide(txn, &platform(), &on("2019-05-20"), applied.id, true, None)
        .await
        .unwrap();
    c::start_publicity(txn, &platform(), &on("2019-05-20"), applied.id, None)
        .await
        .unwrap();
    c::list(
        txn,
        &platform(),
        &on("2019-05-28"),
        applied.id,
        ListingDecision {
            catalogue_batch: "2019年第一批".into(),
            certificate_no: certificate_no.into(),
            valid_from: day("2019-05-28"),
            valid_to: day("2020-06-30"),
        },
    )
    .await
    .unwrap();
}
