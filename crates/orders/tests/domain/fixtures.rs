#![expect(
    clippy::unwrap_used,
    reason = "a fixture that cannot be built must fail the test loudly"
)]

//! Two tenants (合肥, 深圳), each with a project, households and a zone serving the project;
//! one supplier with two certified products, both listed in both zones, with `units` in stock.

use chrono::{DateTime, TimeDelta, Utc};
use kernel::{Actor, Clock, DomainError, OrgKind, OrgRef, Role};
use migrations::testing::TestDatabase;
use orders::commands::{self, Outcome};
use orders::place::{Delivery, LineInput, PlaceOrder};
use participants::entity::association::AssociationKind;
use participants::entity::enterprise::AllianceRegion;
use products::certification::ListingDecision;
use products::entity::product::{Category, ProductStatus};
use products::entity::store::StoreKind;
use products::entity::supplier::SupplierKind;
use sea_orm::{DatabaseConnection, DatabaseTransaction, EntityTrait};
use uuid::Uuid;

pub fn platform() -> Actor {
    Actor::new("platform", Role::PlatformAdmin, None, None).unwrap()
}

pub fn org(role: Role, kind: OrgKind, id: Uuid) -> Actor {
    Actor::new(
        format!("test-{}-{id}", role.as_str()),
        role,
        Some(OrgRef { kind, id }),
        None,
    )
    .unwrap()
}

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The tests' "now": certification is valid then.
pub fn now() -> DateTime<Utc> {
    at("2019-06-10T10:00:00+08:00")
}

pub fn clock() -> Clock {
    Clock::Fixed(now())
}

/// The clock `minutes` later.
pub fn later(minutes: i64) -> Clock {
    Clock::Fixed(now() + TimeDelta::minutes(minutes))
}

pub const WINDOW: TimeDelta = TimeDelta::minutes(30);

pub struct Tenant {
    pub enterprise: Uuid,
    pub households: Vec<Uuid>,
    pub zone: Uuid,
    /// The zone's listings of the world's two products.
    pub listings: [Uuid; 2],
}

impl Tenant {
    pub fn resident(&self, n: usize) -> Actor {
        Actor::new(
            format!("household-{}", self.households[n]),
            Role::Household,
            Some(OrgRef {
                kind: OrgKind::Enterprise,
                id: self.enterprise,
            }),
            Some(self.households[n]),
        )
        .unwrap()
    }

    pub fn app(&self) -> Actor {
        org(Role::EnterpriseApp, OrgKind::Enterprise, self.enterprise)
    }

    pub fn admin(&self) -> Actor {
        org(Role::EnterpriseAdmin, OrgKind::Enterprise, self.enterprise)
    }
}

pub struct World {
    pub db: DatabaseConnection,
    pub a: Tenant,
    pub b: Tenant,
    pub supplier: Uuid,
    /// Sorted: `products[0] < products[1]`.
    pub products: [Uuid; 2],
    pub units: i64,
    _database: TestDatabase,
}

impl World {
    pub fn supplier(&self) -> Actor {
        org(Role::Supplier, OrgKind::Supplier, self.supplier)
    }

    /// (on hand, reserved) of a product.
    pub async fn stock(&self, product: Uuid) -> (i64, i64) {
        let p = products::entity::product::Entity::find_by_id(product)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap();
        (p.on_hand, p.reserved)
    }
}

async fn tenant(db: &DatabaseTransaction, name: &str, city: &str, products: [Uuid; 2]) -> Tenant {
    let clock = at("2019-05-01T10:00:00+08:00");
    let clock = Clock::Fixed(clock);
    let association = participants::association::create(
        db,
        &platform(),
        &clock,
        participants::association::AssociationInput {
            name: format!("{name}物业管理协会"),
            kind: Some(AssociationKind::Local),
            region_code: Some(city.into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let enterprise = participants::enterprise::create(
        db,
        &platform(),
        &clock,
        participants::enterprise::EnterpriseInput {
            name: format!("{name}物业服务有限公司"),
            association_id: Some(association.id),
            alliance_region: AllianceRegion::EastChina,
            region_code: Some(city.into()),
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
    .unwrap();
    let project = participants::project::create(
        db,
        &platform(),
        &clock,
        Some(enterprise.id),
        participants::project::ProjectInput {
            city_code: city.into(),
            name: format!("{name}花园"),
            property_type: "住宅".into(),
            household_count: 500,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut households = Vec::new();
    for n in 0..4 {
        let h = participants::household::create(
            db,
            &platform(),
            &clock,
            participants::household::HouseholdInput {
                project_id: project.id,
                external_user_id: Some(format!("{name}-{n}")),
                display_name: None,
                phone: None,
            },
        )
        .await
        .unwrap();
        households.push(h.id);
    }
    let admin = org(Role::EnterpriseAdmin, OrgKind::Enterprise, enterprise.id);
    let zone = products::store::create(
        db,
        &admin,
        &clock,
        products::store::StoreInput {
            enterprise_id: None,
            kind: StoreKind::Zone,
            name: format!("{name}带一斤回家专区"),
            project_ids: vec![project.id],
        },
    )
    .await
    .unwrap();
    let mut listings = [Uuid::nil(); 2];
    for (i, product) in products.iter().enumerate() {
        listings[i] = products::listing::put(
            db,
            &admin,
            &clock,
            products::listing::ListingInput {
                store_id: zone.id,
                product_id: *product,
                store_price_fen: None,
                sort_order: i32::try_from(i).unwrap(),
                featured: false,
                on_shelf: true,
            },
        )
        .await
        .unwrap()
        .id;
    }
    Tenant {
        enterprise: enterprise.id,
        households,
        zone: zone.id,
        listings,
    }
}

async fn product(db: &DatabaseTransaction, supplier: Uuid, name: &str, price: i64) -> Uuid {
    let actor = org(Role::Supplier, OrgKind::Supplier, supplier);
    let clock = Clock::Fixed(at("2019-05-01T10:00:00+08:00"));
    let id = products::product::create(
        db,
        &actor,
        &clock,
        &products::product::NoCountyVisits,
        products::product::ProductInput {
            supplier_id: None,
            name: name.into(),
            category: Category::TeaAndDrinks,
            description: None,
            images: vec![],
            spec: Some("500g/袋".into()),
            unit: "袋".into(),
            net_weight_grams: 500,
            weight_is_equivalent: false,
            price_fen: price,
            origin_county_code: None,
            custom_for_enterprise_id: products::product::Link::Keep,
            county_visit_id: products::product::Link::Keep,
        },
    )
    .await
    .unwrap()
    .id;
    products::product::set_status(db, &actor, &clock, id, ProductStatus::Active)
        .await
        .unwrap();
    use products::certification as c;
    let on = |s: &str| Clock::Fixed(at(&format!("{s}T10:00:00+08:00")));
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let applied = c::apply(db, &actor, &on("2019-05-20"), id).await.unwrap();
    c::decide(db, &platform(), &on("2019-05-20"), applied.id, true, None)
        .await
        .unwrap();
    c::start_publicity(db, &platform(), &on("2019-05-20"), applied.id, None)
        .await
        .unwrap();
    c::list(
        db,
        &platform(),
        &on("2019-05-28"),
        applied.id,
        ListingDecision {
            catalogue_batch: "2019年第一批".into(),
            certificate_no: format!("FP-510727-{}", &id.simple().to_string()[24..]),
            valid_from: day("2019-05-28"),
            valid_to: day("2020-06-30"),
        },
    )
    .await
    .unwrap();
    id
}

/// A world whose two products have `units` on hand each.
pub async fn world(units: i64) -> World {
    let (db, database) = migrations::testing::migrated().await.unwrap();
    let txn = kernel::db::begin_write(&db).await.unwrap();
    let supplier = products::supplier::create(
        &txn,
        &platform(),
        &Clock::Fixed(at("2019-05-01T10:00:00+08:00")),
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
    .id;
    let mut products = [
        product(&txn, supplier, "平武高山绿茶", 3000).await,
        product(&txn, supplier, "平武蜂蜜", 4500).await,
    ];
    products.sort();
    for p in products {
        products::stock::adjust(&txn, &platform(), &clock(), p, units, "入库")
            .await
            .unwrap();
    }
    let a = tenant(&txn, "合肥", "340100", products).await;
    let b = tenant(&txn, "深圳", "440300", products).await;
    txn.commit().await.unwrap();
    World {
        db,
        a,
        b,
        supplier,
        products,
        units,
        _database: database,
    }
}

/// A pickup order of `lines` (listing, quantity).
pub fn pickup(store: Uuid, lines: &[(Uuid, i64)]) -> PlaceOrder {
    PlaceOrder {
        store_id: store,
        household_id: None,
        lines: lines
            .iter()
            .map(|&(listing_id, quantity)| LineInput {
                listing_id,
                quantity,
            })
            .collect(),
        delivery: Delivery::Pickup { point: None },
        note: None,
    }
}

pub async fn place(
    w: &World,
    actor: &Actor,
    key: &str,
    input: PlaceOrder,
) -> Result<Outcome, DomainError> {
    commands::place(&w.db, actor, &clock(), WINDOW, key, input).await
}

pub async fn confirm(
    db: &DatabaseConnection,
    actor: &Actor,
    clock: &Clock,
    key: &str,
    order: &orders::entity::order::Model,
) -> Result<Outcome, DomainError> {
    commands::confirm_payment(
        db,
        &ledger::Signal::new(),
        actor,
        clock,
        key,
        orders::payment::ConfirmPayment {
            order_id: order.id,
            reference: format!("wx-{}", order.id),
            amount: order.total_fen,
            paid_at: clock.now(),
        },
    )
    .await
}

/// The codes of an `Invalid` error.
pub fn codes(err: &DomainError) -> Vec<&'static str> {
    match err {
        DomainError::Invalid(problems) => problems.iter().map(|p| p.code).collect(),
        _ => Vec::new(),
    }
}

/// Counts rows of a table (optionally with a WHERE clause).
pub async fn rows(db: &DatabaseConnection, table: &str, filter: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) FROM {table} {filter}");
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

/// A sum over a table, as BIGINT (0 when no rows).
pub async fn sum(db: &DatabaseConnection, table: &str, expr: &str, filter: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let sql = format!("SELECT CAST(COALESCE(SUM({expr}), 0) AS BIGINT) FROM {table} {filter}");
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}
