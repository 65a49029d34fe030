//! The demo's supply side: real poverty counties, a dozen fictional suppliers in them, products
//! with certifications in every state, a zone, a hosted store and a community counter. The
//! certification path is walked with the campaign-era clock (spring 2020), so histories read as
//! they would have.

use anyhow::Context;
use chrono::{NaiveDate, TimeZone, Utc};
use kernel::{Actor, Clock};
use participants::entity::project;
use products::certification::ListingDecision;
use products::entity::product::{Category, ProductStatus};
use products::entity::store::StoreKind;
use products::entity::supplier;
use products::uscc::Uscc;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

use crate::catalogue_data::{COUNTIES, CUSTOM, Cert, PRODUCTS, STORES, SUPPLIERS};
use crate::{domain, enterprise_named};

fn at(y: i32, m: u32, d: u32) -> anyhow::Result<Clock> {
    Utc.with_ymd_and_hms(y, m, d, 2, 0, 0)
        .single()
        .map(Clock::Fixed)
        .context("a valid demo date")
}

fn day(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).context("a valid demo date")
}

/// `visit` is the county visit the custom product came from, when the activity seed made one.
pub async fn demo(
    db: &DatabaseTransaction,
    admin: &Actor,
    visit: Option<uuid::Uuid>,
) -> anyhow::Result<bool> {
    let first = uscc(0)?;
    if supplier::Entity::find()
        .filter(supplier::Column::Uscc.eq(first.as_str()))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let applied = at(2020, 3, 2)?;
    let listed = at(2020, 3, 16)?;
    for (code, area, year) in COUNTIES {
        products::county::mark(
            db,
            admin,
            &applied,
            products::county::PovertyCountyInput {
                region_code: code.into(),
                national_key: true,
                contiguous_area: Some(area.into()),
                exited_year: Some(year),
            },
        )
        .await
        .map_err(domain)?;
    }
    let mut suppliers = Vec::new();
    for (i, (name, kind, county, linked)) in SUPPLIERS.iter().enumerate() {
        let created = products::supplier::create(
            db,
            admin,
            &applied,
            products::supplier::SupplierInput {
                name: (*name).into(),
                kind: *kind,
                uscc: uscc(i)?.as_str().into(),
                county_code: (*county).into(),
                contact_name: Some("合作社办公室".into()),
                contact_phone: Some(format!("1370013{:04}", 7001 + i)),
                benefit_mechanisms: vec!["WAGE".into(), "OPERATING_INCOME".into()],
                linked_poor_households: *linked,
            },
        )
        .await
        .map_err(domain)?;
        suppliers.push(created.id);
    }
    let custom_for = enterprise_named(db, CUSTOM.1).await?;
    let mut sellable = Vec::new();
    // Products whose certification lapsed stay listed in the zone: the catalogue hides them
    // without anyone editing the listings, which the demo shows.
    let mut lapsed = Vec::new();
    for (i, demo) in PRODUCTS.iter().enumerate() {
        let created = products::product::create(
            db,
            admin,
            &applied,
            &VisibleVisits { db, actor: admin },
            products::product::ProductInput {
                supplier_id: suppliers.get(demo.supplier).copied(),
                name: demo.name.into(),
                category: demo.category,
                description: Some(format!("{}，产自国家扶贫开发工作重点县。", demo.name)),
                images: vec![format!("https://img.yijin.example/demo/{}.jpg", i + 1)],
                spec: Some(demo.spec.into()),
                unit: demo.unit.into(),
                net_weight_grams: kernel::Grams(demo.grams),
                weight_is_equivalent: demo.category == Category::Handicrafts,
                price_fen: kernel::Fen(demo.price_fen),
                origin_county_code: None,
                custom_for_enterprise_id: (demo.name == CUSTOM.0).then_some(custom_for.id).into(),
                county_visit_id: visit.filter(|_| demo.name == CUSTOM.0).into(),
            },
        )
        .await
        .map_err(domain)?;
        if demo.cert != Cert::None {
            products::stock::adjust(db, admin, &applied, created.id, 200, "首批入库")
                .await
                .map_err(domain)?;
            products::product::set_status(db, admin, &applied, created.id, ProductStatus::Active)
                .await
                .map_err(domain)?;
            certify(db, admin, (&applied, &listed), created.id, demo.cert, i).await?;
        }
        match demo.cert {
            Cert::Listed => sellable.push(created.id),
            Cert::Suspended | Cert::Expired | Cert::Revoked => lapsed.push(created.id),
            _ => {}
        }
    }
    for (enterprise_name, kind, name, projects, count) in STORES {
        let owner = enterprise_named(db, enterprise_name).await?;
        let served = project::Entity::find()
            .filter(project::Column::EnterpriseId.eq(owner.id))
            .filter(project::Column::Name.is_in(projects.iter().copied()))
            .all(db)
            .await?;
        let store = products::store::create(
            db,
            admin,
            &Clock::System,
            products::store::StoreInput {
                enterprise_id: Some(owner.id),
                kind,
                name: name.into(),
                project_ids: served.iter().map(|p| p.id).collect(),
            },
        )
        .await
        .map_err(domain)?;
        let shelf = sellable.iter().copied().take(count);
        let shelf: Vec<_> = match kind {
            StoreKind::Zone => shelf.chain(lapsed.iter().copied()).collect(),
            _ => shelf.collect(),
        };
        for (n, product) in shelf.into_iter().enumerate() {
            let put = products::listing::put(
                db,
                admin,
                &Clock::System,
                products::listing::ListingInput {
                    store_id: store.id,
                    product_id: product,
                    store_price_fen: None,
                    sort_order: i32::try_from(n).unwrap_or(0),
                    featured: n < 3,
                    on_shelf: n % 7 != 6,
                },
            )
            .await;
            match put {
                Ok(_) => {}
                // The custom product sells only in its own enterprise's stores: skip it elsewhere.
                Err(kernel::DomainError::Invalid(_)) => {}
                Err(e) => return Err(domain(e)),
            }
        }
    }
    Ok(true)
}

/// Walks a product's certification to `target` with the platform as reviewer.
async fn certify(
    db: &DatabaseTransaction,
    admin: &Actor,
    (applied, listed): (&Clock, &Clock),
    product_id: uuid::Uuid,
    target: Cert,
    n: usize,
) -> anyhow::Result<()> {
    let c = products::certification::apply(db, admin, applied, product_id)
        .await
        .map_err(domain)?;
    if target == Cert::Submitted {
        return Ok(());
    }
    if target == Cert::Rejected {
        products::certification::decide(db, admin, applied, c.id, false, Some("检测报告缺失"))
            .await
            .map_err(domain)?;
        return Ok(());
    }
    products::certification::decide(db, admin, applied, c.id, true, Some("县扶贫办审核通过"))
        .await
        .map_err(domain)?;
    // A notice still running today is started today, so the demo shows one in progress.
    if target == Cert::Publicizing {
        products::certification::start_publicity(db, admin, &Clock::System, c.id, None)
            .await
            .map_err(domain)?;
        return Ok(());
    }
    products::certification::start_publicity(db, admin, applied, c.id, None)
        .await
        .map_err(domain)?;
    let valid_to = if target == Cert::Expired {
        day(2021, 3, 15)?
    } else {
        day(2027, 12, 31)?
    };
    products::certification::list(
        db,
        admin,
        listed,
        c.id,
        ListingDecision {
            catalogue_batch: "2020年第一批".into(),
            certificate_no: format!("FP2020{:05}", n + 1),
            valid_from: day(2020, 3, 16)?,
            valid_to,
        },
    )
    .await
    .map_err(domain)?;
    match target {
        Cert::Suspended => {
            products::certification::suspend(db, admin, &Clock::System, c.id, Some("抽检不合格"))
                .await
                .map_err(domain)?;
        }
        Cert::Revoked => {
            products::certification::revoke(db, admin, &Clock::System, c.id, Some("供应商退出"))
                .await
                .map_err(domain)?;
        }
        _ => {}
    }
    Ok(())
}

/// A demo credit code: 93 (cooperative-style prefix) + the county + a serial.
fn uscc(i: usize) -> anyhow::Result<Uscc> {
    let (_, _, county, _) = SUPPLIERS.get(i).context("a demo supplier")?;
    Uscc::complete(&format!("93{county}MA6Y{:05}", 1000 + i)).context("a demo credit code")
}

/// County visits as the seeding platform admin sees them: the products domain asks before a
/// product names one (the gateway's resolvers ask the same way for their caller).
struct VisibleVisits<'a, C> {
    db: &'a C,
    actor: &'a Actor,
}

impl<C: sea_orm::ConnectionTrait> products::product::CountyVisits for VisibleVisits<'_, C> {
    async fn visible(&self, id: uuid::Uuid) -> kernel::DomainResult<bool> {
        match campaigns::visit::get(self.db, self.actor, id).await {
            Ok(_) => Ok(true),
            Err(kernel::DomainError::NotFound) => Ok(false),
            Err(e) => Err(e),
        }
    }
}
