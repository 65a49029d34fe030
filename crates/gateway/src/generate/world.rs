//! The organisations of a generated campaign: 57 cities, each with its local association, the
//! enterprises and their projects (communities), teams and households, and the suppliers with
//! their products. Written with multi-row INSERTs; ids are UUIDv7 whose random bits come from
//! the seeded generator, so a run with the same seed builds the same campaign.

use anyhow::Context;
use chrono::{DateTime, Utc};
use kernel::region::{self, RegionLevel};
use participants::entity::association::AssociationKind;
use participants::entity::enterprise::AllianceRegion;
use participants::entity::project::PropertyType;
use participants::entity::{association, enterprise, household, project, team};
use products::entity::product::{Category, ProductStatus};
use products::entity::supplier::SupplierKind;
use products::entity::{product, supplier};
use rand::Rng;
use rand::rngs::StdRng;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::skew::{apportion, zipf};
use super::{Options, Progress, Scenario, insert_chunked};

/// 合肥市: first of the 57 cities in the published ranking.
pub const HEFEI: &str = "340100";
/// Enterprises of 合肥's association that took part, as the report counted them.
pub const HEFEI_ENTERPRISES: usize = 45;

pub struct City {
    pub code: String,
    pub association: Uuid,
    /// Indices into `World::enterprises`.
    pub enterprises: Vec<usize>,
}

pub struct Enterprise {
    pub id: Uuid,
    pub city: usize,
    /// Indices into `World::projects`.
    pub projects: Vec<usize>,
}

pub struct Project {
    pub id: Uuid,
    pub enterprise: usize,
    /// `World::households[first..first + count]`.
    pub first_household: usize,
    pub household_count: usize,
}

pub struct Household {
    pub id: Uuid,
    pub team: Option<Uuid>,
}

pub struct Product {
    pub id: Uuid,
    pub supplier: Uuid,
    pub county: String,
    pub grams: i64,
    pub fen: i64,
    pub certified: bool,
}

pub struct World {
    pub cities: Vec<City>,
    /// How much of the sales each city makes (in proportion).
    pub city_weights: Vec<f64>,
    pub enterprises: Vec<Enterprise>,
    pub projects: Vec<Project>,
    pub households: Vec<Household>,
    pub products: Vec<Product>,
}

/// A UUIDv7 at `at` with random bits from the seeded generator.
pub fn id_at(rng: &mut StdRng, at: DateTime<Utc>) -> Uuid {
    let mut bytes = [0u8; 10];
    rng.fill(&mut bytes);
    let millis = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid()
}

/// 57 prefecture-level cities: 合肥 and 56 others spread evenly over the code list.
async fn pick_cities(db: &DatabaseConnection, n: usize) -> anyhow::Result<Vec<region::Model>> {
    let all = region::Entity::find()
        .filter(region::Column::Level.eq(RegionLevel::City))
        .filter(region::Column::Name.ne("市辖区"))
        .filter(region::Column::Name.ne("县"))
        .order_by_asc(region::Column::Code)
        .all(db)
        .await?;
    let hefei = all
        .iter()
        .find(|r| r.code == HEFEI)
        .cloned()
        .context("the region table has no 合肥市 (340100)")?;
    let others: Vec<&region::Model> = all.iter().filter(|r| r.code != HEFEI).collect();
    anyhow::ensure!(
        others.len() + 1 >= n,
        "only {} cities known",
        others.len() + 1
    );
    let step = others.len() as f64 / (n - 1).max(1) as f64;
    let mut cities = vec![hefei];
    cities.extend(
        (0..n - 1).filter_map(|i| others.get((i as f64 * step) as usize).map(|r| (*r).clone())),
    );
    Ok(cities)
}

/// Poor counties for the suppliers: county-level codes of the western and central provinces
/// the campaign bought from most.
async fn pick_counties(db: &DatabaseConnection, n: usize) -> anyhow::Result<Vec<String>> {
    let mut counties = Vec::new();
    for province in ["52", "53", "62", "63", "54", "65", "45", "43", "34"] {
        let codes: Vec<String> = region::Entity::find()
            .filter(region::Column::Level.eq(RegionLevel::County))
            .filter(region::Column::Code.starts_with(province))
            .order_by_asc(region::Column::Code)
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.code)
            .collect();
        counties.extend(codes);
    }
    anyhow::ensure!(!counties.is_empty(), "the region table has no counties");
    let step = (counties.len() / n.max(1)).max(1);
    Ok((0..n)
        .map(|i| counties[(i * step) % counties.len()].clone())
        .collect())
}

const REGIONS: [AllianceRegion; 5] = [
    AllianceRegion::EastChina,
    AllianceRegion::SouthChina,
    AllianceRegion::CentralChina,
    AllianceRegion::NorthAndNortheast,
    AllianceRegion::NorthwestAndSouthwest,
];

const CATEGORIES: [(Category, &str, i64, i64); 6] = [
    (Category::GrainAndOil, "高山香米", 5_000, 6_500),
    (Category::FruitAndVegetables, "高原土豆", 2_500, 1_990),
    (Category::DriedSpecialties, "野生木耳", 500, 5_800),
    (Category::TeaAndDrinks, "高山云雾茶", 250, 8_800),
    (Category::MeatPoultryEggs, "土鸡蛋", 1_500, 4_500),
    (Category::Other, "手工红糖", 1_000, 3_200),
];

pub async fn build(
    db: &DatabaseConnection,
    options: &Options,
    rng: &mut StdRng,
    at: DateTime<Utc>,
    progress: &mut impl Progress,
) -> anyhow::Result<World> {
    let regions = pick_cities(db, options.cities).await?;
    let n_cities = regions.len();
    // Sales weight and enterprises per city: a Zipf over the cities in a seeded order; in the
    // 合肥 scenario 合肥 is first with a quarter of the sales and its 45 enterprises.
    let mut order: Vec<usize> = (0..n_cities).collect();
    for i in (1..n_cities).rev() {
        order.swap(i, rng.random_range(0..=i));
    }
    let z = zipf(n_cities, 1.0);
    let mut city_weights = vec![0.0; n_cities];
    for (rank, city) in order.iter().enumerate() {
        city_weights[*city] = z[rank];
    }
    let per_city = match options.scenario {
        Scenario::General => apportion(options.enterprises, &city_weights, 1),
        Scenario::Hefei => {
            let others: f64 = city_weights[1..].iter().sum();
            // 合肥 a quarter of all sales: the next city (a Zipf head of the other 56) has
            // about 16 %.
            city_weights[0] = others / 3.0;
            let rest = options.enterprises.saturating_sub(HEFEI_ENTERPRISES);
            let mut shares = vec![HEFEI_ENTERPRISES];
            shares.extend(apportion(rest, &city_weights[1..], 1));
            shares
        }
    };

    let national = id_at(rng, at);
    let mut associations = vec![association::ActiveModel {
        id: Set(national),
        name: Set("中国物业管理协会".into()),
        kind: Set(AssociationKind::National),
        region_code: Set(None),
        parent_id: Set(None),
        contact_name: Set(None),
        contact_phone: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
    }];
    let mut cities = Vec::with_capacity(n_cities);
    let mut enterprises = Vec::new();
    let mut enterprise_rows = Vec::new();
    for (c, r) in regions.iter().enumerate() {
        let id = id_at(rng, at);
        associations.push(association::ActiveModel {
            id: Set(id),
            name: Set(format!("{}物业管理协会", r.display_name())),
            kind: Set(AssociationKind::Local),
            region_code: Set(Some(r.code.clone())),
            parent_id: Set(Some(national)),
            contact_name: Set(None),
            contact_phone: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
        });
        let mut members = Vec::new();
        for k in 0..per_city[c] {
            let eid = id_at(rng, at);
            members.push(enterprises.len());
            enterprises.push(Enterprise {
                id: eid,
                city: c,
                projects: Vec::new(),
            });
            enterprise_rows.push(enterprise::ActiveModel {
                id: Set(eid),
                name: Set(format!("{}第{}物业服务有限公司", r.display_name(), k + 1)),
                association_id: Set(Some(id)),
                alliance_region: Set(REGIONS[c % REGIONS.len()]),
                region_code: Set(Some(r.code.clone())),
                address: Set(None),
                wechat_official_account: Set(None),
                website: Set(None),
                lead_name: Set(None),
                lead_phone: Set(None),
                specialist_name: Set(None),
                specialist_phone: Set(None),
                created_at: Set(at),
                updated_at: Set(at),
            });
        }
        cities.push(City {
            code: r.code.clone(),
            association: id,
            enterprises: members,
        });
    }
    insert_chunked(db, associations, 1_000).await?;
    insert_chunked(db, enterprise_rows, 1_000).await?;
    progress.stage(
        "organisations",
        enterprises.len() as u64,
        enterprises.len() as u64,
    );

    // Projects: each enterprise's share follows its weight in its city (a Zipf within the city).
    let enterprise_weights: Vec<f64> = cities
        .iter()
        .flat_map(|c| {
            let z = zipf(c.enterprises.len(), 1.0);
            let w = city_weights[c.enterprises.first().map_or(0, |e| enterprises[*e].city)];
            let sum: f64 = z.iter().sum();
            z.into_iter().map(move |x| w * x / sum)
        })
        .collect();
    let per_enterprise = apportion(
        options.communities.max(enterprises.len()),
        &enterprise_weights,
        1,
    );
    let project_weights: Vec<f64> = per_enterprise
        .iter()
        .zip(&enterprise_weights)
        .flat_map(|(n, w)| std::iter::repeat_n(w / *n.max(&1) as f64, *n))
        .collect();
    let per_project = apportion(options.households, &project_weights, 1);
    let mut projects = Vec::new();
    let mut project_rows = Vec::new();
    let mut team_rows = Vec::new();
    let mut household_rows = Vec::new();
    let mut households = Vec::with_capacity(options.households);
    for (e, n) in per_enterprise.iter().enumerate() {
        let city = &cities[enterprises[e].city];
        for k in 0..*n {
            let pid = id_at(rng, at);
            let count = per_project.get(projects.len()).copied().unwrap_or(0);
            enterprises[e].projects.push(projects.len());
            project_rows.push(project::ActiveModel {
                id: Set(pid),
                enterprise_id: Set(enterprises[e].id),
                city_code: Set(city.code.clone()),
                name: Set(format!("第{}小区", k + 1)),
                property_type: Set(PropertyType::Residential),
                address: Set(None),
                household_count: Set(i32::try_from(count).unwrap_or(i32::MAX)),
                contact_name: Set(None),
                contact_phone: Set(None),
                created_at: Set(at),
                updated_at: Set(at),
            });
            // Two teams per community; three households in five join one.
            let teams: Vec<Uuid> = (0..2).map(|_| id_at(rng, at)).collect();
            for (t, tid) in teams.iter().enumerate() {
                team_rows.push(team::ActiveModel {
                    id: Set(*tid),
                    enterprise_id: Set(enterprises[e].id),
                    project_id: Set(pid),
                    name: Set(format!("第{}战队", t + 1)),
                    captain_id: Set(None),
                    created_at: Set(at),
                });
            }
            projects.push(Project {
                id: pid,
                enterprise: e,
                first_household: households.len(),
                household_count: count,
            });
            for h in 0..count {
                let hid = id_at(rng, at);
                let team = (h % 5 < 3).then(|| teams[h % 2]);
                households.push(Household { id: hid, team });
                household_rows.push(household::ActiveModel {
                    id: Set(hid),
                    enterprise_id: Set(enterprises[e].id),
                    project_id: Set(pid),
                    external_user_id: Set(None),
                    display_name: Set(None),
                    phone: Set(None),
                    team_id: Set(team),
                    created_at: Set(at),
                });
            }
        }
    }
    let total = household_rows.len() as u64;
    insert_chunked(db, project_rows, 1_000).await?;
    insert_chunked(db, team_rows, 2_000).await?;
    let mut done = 0u64;
    let mut rows = household_rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<household::ActiveModel> = rows.by_ref().take(50_000).collect();
        done += chunk.len() as u64;
        insert_chunked(db, chunk, 2_000).await?;
        progress.stage("households", done, total);
    }

    // Suppliers in poor counties, three products each.
    let counties = pick_counties(db, options.suppliers).await?;
    let mut supplier_rows = Vec::new();
    let mut product_rows = Vec::new();
    let mut products = Vec::new();
    for (i, county) in counties.iter().enumerate() {
        let sid = id_at(rng, at);
        let uscc = products::uscc::Uscc::complete(&format!("93{county}MA7G{:05}", i % 100_000))
            .context("a generated credit code")?;
        supplier_rows.push(supplier::ActiveModel {
            id: Set(sid),
            name: Set(format!("{county}扶贫农产品专业合作社{}", i + 1)),
            kind: Set(SupplierKind::Cooperative),
            uscc: Set(uscc.as_str().to_owned()),
            county_code: Set(county.clone()),
            contact_name: Set(None),
            contact_phone: Set(None),
            benefit_mechanisms: Set("[]".into()),
            linked_poor_households: Set(rng.random_range(20..400)),
            created_at: Set(at),
            updated_at: Set(at),
        });
        for k in 0..3 {
            let (category, name, grams, fen) = CATEGORIES[(i + k * 2) % CATEGORIES.len()];
            let pid = id_at(rng, at);
            let certified = rng.random_range(0..100) < 85;
            products.push(Product {
                id: pid,
                supplier: sid,
                county: county.clone(),
                grams,
                fen,
                certified,
            });
            product_rows.push(product::ActiveModel {
                id: Set(pid),
                supplier_id: Set(sid),
                name: Set(format!("{name}{}", i + 1)),
                category: Set(category),
                description: Set(None),
                images: Set("[]".into()),
                spec: Set(None),
                unit: Set("份".into()),
                net_weight_grams: Set(kernel::Grams(grams)),
                weight_is_equivalent: Set(false),
                price_fen: Set(kernel::Fen(fen)),
                on_hand: Set(1_000_000),
                reserved: Set(0),
                origin_county_code: Set(county.clone()),
                status: Set(ProductStatus::Active),
                // One product in twenty is custom-made for an enterprise (定制研发).
                custom_for_enterprise_id: Set(
                    (k == 0 && i % 20 == 0).then(|| enterprises[i % enterprises.len()].id)
                ),
                county_visit_id: Set(None),
                created_at: Set(at),
                updated_at: Set(at),
            });
        }
    }
    insert_chunked(db, supplier_rows, 1_000).await?;
    insert_chunked(db, product_rows, 1_000).await?;
    Ok(World {
        cities,
        city_weights,
        enterprises,
        projects,
        households,
        products,
    })
}
