//! The demo's supply side: real poverty counties, a dozen fictional suppliers in them, products
//! with certifications in every state, a zone, a hosted store and a community counter. The
//! certification path is walked with the campaign-era clock (spring 2020), so histories read as
//! they would have.

use anyhow::Context;
use chrono::{NaiveDate, TimeZone, Utc};
use kernel::{Actor, Clock};
use participants::entity::{enterprise, project};
use products::certification::ListingDecision;
use products::entity::product::{Category, ProductStatus};
use products::entity::store::StoreKind;
use products::entity::supplier::{self, SupplierKind};
use products::uscc::Uscc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::domain;

/// (code, contiguous poor area, year it exited poverty): national key counties of 2019.
const COUNTIES: [(&str, &str, i32); 6] = [
    ("510727", "秦巴山区", 2019),
    ("340828", "大别山区", 2018),
    ("522732", "滇黔桂石漠化区", 2020),
    ("433130", "武陵山区", 2020),
    ("360735", "罗霄山区", 2019),
    ("411523", "大别山区", 2017),
];

/// (name, kind, county, linked poor households)
const SUPPLIERS: [(&str, SupplierKind, &str, i32); 12] = [
    (
        "平武县高山茶叶专业合作社",
        SupplierKind::Cooperative,
        "510727",
        126,
    ),
    (
        "平武县绿源农产品有限公司",
        SupplierKind::Enterprise,
        "510727",
        310,
    ),
    (
        "岳西县翠兰茶业有限公司",
        SupplierKind::Enterprise,
        "340828",
        208,
    ),
    (
        "岳西县石关村股份经济合作社",
        SupplierKind::VillageCollective,
        "340828",
        64,
    ),
    (
        "三都水族自治县九阡米酒厂",
        SupplierKind::Enterprise,
        "522732",
        85,
    ),
    (
        "三都县都江镇丰收家庭农场",
        SupplierKind::FamilyFarm,
        "522732",
        12,
    ),
    (
        "龙山县百合产业专业合作社",
        SupplierKind::Cooperative,
        "433130",
        420,
    ),
    (
        "龙山县里耶腊味食品有限公司",
        SupplierKind::Enterprise,
        "433130",
        150,
    ),
    (
        "石城县白莲专业合作社",
        SupplierKind::Cooperative,
        "360735",
        233,
    ),
    ("石城县琴江家庭农场", SupplierKind::FamilyFarm, "360735", 9),
    (
        "新县山茶油有限公司",
        SupplierKind::Enterprise,
        "411523",
        275,
    ),
    (
        "新县八里畈村集体经济合作社",
        SupplierKind::VillageCollective,
        "411523",
        58,
    ),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cert {
    /// No application: the product stays a draft.
    None,
    Submitted,
    Rejected,
    Publicizing,
    Listed,
    Suspended,
    Revoked,
    Expired,
}

struct DemoProduct {
    supplier: usize,
    name: &'static str,
    category: Category,
    unit: &'static str,
    spec: &'static str,
    grams: i64,
    price_fen: i64,
    cert: Cert,
}

macro_rules! p {
    ($s:expr, $name:expr, $cat:ident, $unit:expr, $spec:expr, $g:expr, $fen:expr, $cert:ident) => {
        DemoProduct {
            supplier: $s,
            name: $name,
            category: Category::$cat,
            unit: $unit,
            spec: $spec,
            grams: $g,
            price_fen: $fen,
            cert: Cert::$cert,
        }
    };
}

const PRODUCTS: [DemoProduct; 36] = [
    p!(
        0,
        "平武高山绿茶",
        TeaAndDrinks,
        "罐",
        "250g/罐",
        250,
        8800,
        Listed
    ),
    p!(
        0,
        "平武红茶",
        TeaAndDrinks,
        "罐",
        "200g/罐",
        200,
        6800,
        Listed
    ),
    p!(
        0,
        "平武老鹰茶",
        TeaAndDrinks,
        "袋",
        "500g/袋",
        500,
        4500,
        Submitted
    ),
    p!(
        1,
        "平武中蜂蜂蜜",
        DriedSpecialties,
        "瓶",
        "500g/瓶",
        500,
        6800,
        Listed
    ),
    p!(
        1,
        "平武核桃",
        DriedSpecialties,
        "袋",
        "1kg/袋",
        1000,
        3990,
        Listed
    ),
    p!(
        1,
        "平武天麻",
        DriedSpecialties,
        "盒",
        "250g/盒",
        250,
        12800,
        Publicizing
    ),
    p!(
        2,
        "岳西翠兰",
        TeaAndDrinks,
        "罐",
        "250g/罐",
        250,
        12800,
        Listed
    ),
    p!(
        2,
        "徽润物业优选·岳西翠兰礼盒",
        TeaAndDrinks,
        "盒",
        "2×125g/盒",
        250,
        16800,
        Listed
    ),
    p!(
        2,
        "岳西高山茭白",
        FruitAndVegetables,
        "箱",
        "5kg/箱",
        5000,
        4990,
        Listed
    ),
    p!(
        3,
        "岳西土鸡蛋",
        MeatPoultryEggs,
        "盒",
        "30枚/盒",
        1500,
        4500,
        Listed
    ),
    p!(
        3,
        "岳西黑猪腊肉",
        MeatPoultryEggs,
        "袋",
        "1kg/袋",
        1000,
        8800,
        Suspended
    ),
    p!(
        3,
        "岳西手工挂面",
        GrainAndOil,
        "袋",
        "2kg/袋",
        2000,
        2600,
        Listed
    ),
    p!(
        4,
        "九阡米酒",
        TeaAndDrinks,
        "瓶",
        "500ml/瓶",
        500,
        3800,
        Listed
    ),
    p!(
        4,
        "三都水族马尾绣香囊",
        Handicrafts,
        "个",
        "每个折合 0.5 斤",
        250,
        6800,
        Listed
    ),
    p!(
        5,
        "三都都江糯米",
        GrainAndOil,
        "袋",
        "5kg/袋",
        5000,
        5990,
        Listed
    ),
    p!(
        5,
        "三都高山蓝莓",
        FruitAndVegetables,
        "盒",
        "125g×4盒",
        500,
        5800,
        Expired
    ),
    p!(
        6,
        "龙山百合干",
        DriedSpecialties,
        "袋",
        "500g/袋",
        500,
        5990,
        Listed
    ),
    p!(
        6,
        "龙山鲜百合",
        FruitAndVegetables,
        "箱",
        "2.5kg/箱",
        2500,
        7990,
        Listed
    ),
    p!(
        6,
        "龙山百合粉",
        DriedSpecialties,
        "罐",
        "400g/罐",
        400,
        4800,
        Rejected
    ),
    p!(
        7,
        "湘西腊肉",
        MeatPoultryEggs,
        "袋",
        "1kg/袋",
        1000,
        9800,
        Listed
    ),
    p!(
        7,
        "湘西腊香肠",
        MeatPoultryEggs,
        "袋",
        "500g/袋",
        500,
        4900,
        Listed
    ),
    p!(7, "湘西萝卜干", Snacks, "袋", "300g/袋", 300, 1800, Revoked),
    p!(
        8,
        "石城通心白莲",
        DriedSpecialties,
        "袋",
        "500g/袋",
        500,
        6900,
        Listed
    ),
    p!(
        8,
        "石城莲子芯茶",
        TeaAndDrinks,
        "罐",
        "100g/罐",
        100,
        3600,
        Listed
    ),
    p!(
        8,
        "石城白莲礼盒",
        DriedSpecialties,
        "盒",
        "1kg/盒",
        1000,
        12800,
        Submitted
    ),
    p!(
        9,
        "石城赣南脐橙",
        FruitAndVegetables,
        "箱",
        "5kg/箱",
        5000,
        5980,
        Listed
    ),
    p!(
        9,
        "石城红薯粉丝",
        GrainAndOil,
        "袋",
        "1kg/袋",
        1000,
        2500,
        Listed
    ),
    p!(
        10,
        "新县山茶油",
        GrainAndOil,
        "桶",
        "2.5L/桶",
        2300,
        25800,
        Listed
    ),
    p!(
        10,
        "新县山茶油礼盒",
        GrainAndOil,
        "盒",
        "500ml×2/盒",
        920,
        12800,
        Listed
    ),
    p!(
        10,
        "新县葛根粉",
        DriedSpecialties,
        "袋",
        "500g/袋",
        500,
        3900,
        None
    ),
    p!(
        11,
        "新县板栗",
        DriedSpecialties,
        "袋",
        "2kg/袋",
        2000,
        4800,
        Listed
    ),
    p!(
        11,
        "新县信阳毛尖",
        TeaAndDrinks,
        "罐",
        "250g/罐",
        250,
        15800,
        Listed
    ),
    p!(
        11,
        "新县手工红薯粉条",
        GrainAndOil,
        "袋",
        "1kg/袋",
        1000,
        2200,
        Listed
    ),
    p!(
        11,
        "新县土蜂蜜",
        DriedSpecialties,
        "瓶",
        "1kg/瓶",
        1000,
        9800,
        Listed
    ),
    p!(
        1,
        "平武竹编果篮",
        Handicrafts,
        "个",
        "每个折合 1 斤",
        500,
        5800,
        Listed
    ),
    p!(
        4,
        "三都水族剪纸",
        Handicrafts,
        "套",
        "每套折合 0.5 斤",
        250,
        3800,
        None
    ),
];

/// The custom product (定制研发) and the enterprise it was developed for.
const CUSTOM: (&str, &str) = ("徽润物业优选·岳西翠兰礼盒", "徽润物业服务有限公司");

/// (enterprise, kind, store name, projects served, how many listed products)
const STORES: [(&str, StoreKind, &str, &[&str], usize); 3] = [
    (
        "徽润物业服务有限公司",
        StoreKind::Zone,
        "徽润生活 APP·带一斤回家专区",
        &["滨湖春晓花园", "天鹅湖畔小区"],
        20,
    ),
    (
        "锦城物业服务有限公司",
        StoreKind::Hosted,
        "锦城·一斤扶贫馆（联盟托管）",
        &["锦江瑞景小区"],
        12,
    ),
    (
        "庐州家园物业管理有限公司",
        StoreKind::Counter,
        "蜀山翠苑扶贫专柜",
        &["蜀山翠苑"],
        8,
    ),
];

fn at(y: i32, m: u32, d: u32) -> anyhow::Result<Clock> {
    Utc.with_ymd_and_hms(y, m, d, 2, 0, 0)
        .single()
        .map(Clock::Fixed)
        .context("a valid demo date")
}

fn day(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).context("a valid demo date")
}

pub async fn demo(db: &DatabaseConnection, admin: &Actor) -> anyhow::Result<bool> {
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
            products::product::ProductInput {
                supplier_id: suppliers.get(demo.supplier).copied(),
                name: demo.name.into(),
                category: demo.category,
                description: Some(format!("{}，产自国家扶贫开发工作重点县。", demo.name)),
                images: vec![format!("https://img.yijin.example/demo/{}.jpg", i + 1)],
                spec: Some(demo.spec.into()),
                unit: demo.unit.into(),
                net_weight_grams: demo.grams,
                weight_is_equivalent: demo.category == Category::Handicrafts,
                price_fen: demo.price_fen,
                origin_county_code: None,
                custom_for_enterprise_id: (demo.name == CUSTOM.0).then_some(custom_for.id),
                county_visit_id: None,
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
    db: &DatabaseConnection,
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

async fn enterprise_named(
    db: &DatabaseConnection,
    name: &str,
) -> anyhow::Result<enterprise::Model> {
    enterprise::Entity::find()
        .filter(enterprise::Column::Name.eq(name))
        .one(db)
        .await?
        .with_context(|| format!("the demo enterprise {name}"))
}
