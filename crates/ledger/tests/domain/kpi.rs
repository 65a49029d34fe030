#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot set up its world must fail loudly"
)]

//! Rankings and the scorecard against a fresh GROUP BY over the raw sealed entries, written out
//! in SQL here, independently of `ledger::ranking`: every dimension × metric × period × scope,
//! ties, and each scorecard figure.

use std::collections::BTreeMap;

use campaigns::COMMUNITY_POWER_CAMPAIGN_ID;
use campaigns::entity::enlistment::{self, EnlistmentKind, EnlistmentState};
use campaigns::entity::{campaign_phase, employment, market_fair};
use chrono::Utc;
use kernel::{DomainError, Fen, Grams, OrgKind, Role};
use ledger::ranking::{self, Metric, Span, Within};
use ledger::rollup::Dimension;
use ledger::types::EntryKind;
use ledger::{Amounts, NewEntry, Source};
use products::entity::{product, supplier_beneficiary};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, Set, Statement, Value,
};
use uuid::Uuid;

use crate::fixtures::*;

pub(crate) fn campaign() -> Uuid {
    COMMUNITY_POWER_CAMPAIGN_ID
}

/// Phase 1 (第一阶段：广泛参与, 2019-05-01 .. 2019-08-31).
pub(crate) async fn phase_one(db: &DatabaseConnection) -> campaign_phase::Model {
    campaign_phase::Entity::find()
        .filter(campaign_phase::Column::CampaignId.eq(campaign()))
        .filter(campaign_phase::Column::Ordinal.eq(4))
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

fn column(d: Dimension) -> &'static str {
    match d {
        Dimension::City => "city_code",
        Dimension::Association => "association_id",
        Dimension::Enterprise => "enterprise_id",
        Dimension::Project => "project_id",
        Dimension::Team => "team_id",
        Dimension::County => "county_code",
        Dimension::Supplier => "supplier_id",
        Dimension::Product => "product_id",
        _ => unreachable!("not ranked"),
    }
}

fn is_uuid(d: Dimension) -> bool {
    !matches!(d, Dimension::City | Dimension::County)
}

fn metric_sql(m: Metric) -> &'static str {
    match m {
        Metric::Jin => "CAST(SUM(grams) AS BIGINT)",
        Metric::Yuan => "CAST(SUM(fen) AS BIGINT)",
        Metric::Households => {
            "CAST(COUNT(DISTINCT CASE WHEN kind = 'SALE' THEN household_id END) AS BIGINT)"
        }
    }
}

/// `?` placeholders, numbered for PostgreSQL.
fn statement(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DatabaseBackend::Postgres {
        let mut out = String::new();
        let mut n = 0;
        for ch in sql.chars() {
            if ch == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(ch);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// The fresh GROUP BY: key → metric over the sealed entries of the campaign, span and scope.
pub(crate) async fn fresh(
    db: &DatabaseConnection,
    d: Dimension,
    m: Metric,
    span: Span,
    within: &Within,
) -> BTreeMap<String, i64> {
    fresh_sql(db, d, metric_sql(m), span, within).await
}

/// The keys of `d` with at least one sealed SALE in the campaign, span and scope.
async fn with_a_sale(
    db: &DatabaseConnection,
    d: Dimension,
    span: Span,
    within: &Within,
) -> Vec<String> {
    fresh_sql(
        db,
        d,
        "CAST(SUM(CASE WHEN kind = 'SALE' THEN 1 ELSE 0 END) AS BIGINT)",
        span,
        within,
    )
    .await
    .into_iter()
    .filter(|(_, sales)| *sales > 0)
    .map(|(k, _)| k)
    .collect()
}

async fn fresh_sql(
    db: &DatabaseConnection,
    d: Dimension,
    metric: &str,
    span: Span,
    within: &Within,
) -> BTreeMap<String, i64> {
    let col = column(d);
    let mut filters = vec![
        "campaign_id = ?".to_owned(),
        "id IN (SELECT entry_id FROM ledger_seal)".to_owned(),
        format!("{col} IS NOT NULL"),
    ];
    let mut values: Vec<Value> = vec![campaign().into()];
    match span {
        Span::All => {}
        Span::Phase(p) => {
            filters.push("phase_id = ?".into());
            values.push(p.into());
        }
        Span::Month(first) => {
            filters.push("counted_on >= ? AND counted_on <= ?".into());
            values.push(first.into());
            values.push((first + chrono::Months::new(1) - chrono::Days::new(1)).into());
        }
        Span::Day(d) => {
            filters.push("counted_on = ?".into());
            values.push(d.into());
        }
    }
    match within {
        Within::Campaign => {}
        Within::Association(a) => {
            filters.push("association_id = ?".into());
            values.push((*a).into());
        }
        Within::Enterprise(e) => {
            filters.push("enterprise_id = ?".into());
            values.push((*e).into());
        }
        Within::Project(p) => {
            filters.push("project_id = ?".into());
            values.push((*p).into());
        }
        Within::City(c) => {
            filters.push("city_code = ?".into());
            values.push(c.clone().into());
        }
        Within::Province(p) => {
            filters.push("substr(city_code, 1, 2) = ?".into());
            values.push(p[..2].to_owned().into());
        }
    }
    let sql = format!(
        "SELECT {col} AS k, {metric} AS v FROM ledger_entry WHERE {} GROUP BY {col}",
        filters.join(" AND ")
    );
    let rows = db
        .query_all_raw(statement(db.get_database_backend(), &sql, values))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            let k = if is_uuid(d) {
                r.try_get_by::<Uuid, _>("k").unwrap().to_string()
            } else {
                r.try_get_by::<String, _>("k").unwrap()
            };
            (k, r.try_get_by::<i64, _>("v").unwrap())
        })
        .collect()
}

/// Sales in both tenants over two phases and months, with ties (合肥 and 深圳 sell the same
/// jin in June) and a refund; everything sealed.
async fn sold_world() -> World {
    let w = world().await;
    let sales = vec![
        sale(w.certified, w.a.household, "2019-06-03T10:00:00+08:00", 2),
        sale(w.plain, w.a.loner, "2019-06-03T11:00:00+08:00", 1),
        sale(w.certified, w.b.household, "2019-06-04T10:00:00+08:00", 4),
        sale(w.certified, w.a.household, "2019-10-08T10:00:00+08:00", 4),
        sale(w.plain, w.b.loner, "2019-10-09T10:00:00+08:00", 1),
    ];
    let recorded = record_sales(&w.db, sales).await;
    // 深圳's June sale loses one bag: both cities end June at 3 bags (a tie).
    record_entries(
        &w.db,
        vec![NewEntry::reversal(
            EntryKind::Refund,
            recorded[2].id,
            Source::OrderLine,
            "refund-1",
            at("2019-06-10T10:00:00+08:00"),
            Amounts::new(1, Grams(500), Fen(3000)),
            "test",
        )],
    )
    .await
    .unwrap();
    seal_and_audit(&w.db).await;
    w
}

#[tokio::test]
async fn every_ranking_equals_a_fresh_group_by() {
    let w = sold_world().await;
    let p1 = phase_one(&w.db).await;
    let spans = [
        Span::All,
        Span::Phase(p1.id),
        Span::Month(day("2019-06-01")),
        Span::Day(day("2019-06-03")),
    ];
    let scopes = [
        Within::Campaign,
        Within::Association(w.a.association),
        Within::Province("340000".into()),
        Within::City("440300".into()),
        Within::Project(w.a.project),
    ];
    let dimensions = [
        Dimension::City,
        Dimension::Association,
        Dimension::Enterprise,
        Dimension::Project,
        Dimension::Team,
        Dimension::County,
        Dimension::Supplier,
    ];
    let mut compared = 0;
    for d in dimensions {
        for m in [Metric::Jin, Metric::Yuan, Metric::Households] {
            for span in spans {
                for within in &scopes {
                    let expected = fresh(&w.db, d, m, span, within).await;
                    let ranked = ranking::order(
                        ranking::standings(&w.db, Some(campaign()), d, span, within)
                            .await
                            .unwrap(),
                        m,
                    );
                    let got: BTreeMap<String, i64> = ranked
                        .iter()
                        .map(|r| (r.standing.key.clone(), r.value))
                        .collect();
                    assert_eq!(got, expected, "{d:?} {m:?} {span:?} {within:?}");
                    for r in &ranked {
                        let larger = expected.values().filter(|v| **v > r.value).count();
                        assert_eq!(r.rank as usize, larger + 1, "{d:?} {m:?} {span:?}");
                    }
                    compared += expected.len();
                }
            }
        }
    }
    assert!(
        compared > 100,
        "the world must give rankings something to rank"
    );
}

/// The top N and a place read with aggregates over the rollups give what ranking everyone
/// gives: every dimension, metric, period and scope, cuts on and off a tie, every key ranked and
/// one never ranked.
#[tokio::test]
async fn top_and_place_from_the_rollups_equal_ranking_everyone() {
    let w = sold_world().await;
    let p1 = phase_one(&w.db).await;
    let scopes = [
        Within::Campaign,
        Within::Association(w.a.association),
        Within::Province("340000".into()),
        Within::City("340100".into()),
        Within::City("440300".into()),
        Within::Project(w.a.project),
    ];
    let mut compared = 0;
    for d in [
        Dimension::City,
        Dimension::Enterprise,
        Dimension::Project,
        Dimension::Team,
        Dimension::County,
    ] {
        for m in [Metric::Jin, Metric::Yuan, Metric::Households] {
            for span in [
                Span::All,
                Span::Phase(p1.id),
                Span::Month(day("2019-06-01")),
            ] {
                for within in &scopes {
                    let all = ranking::order(
                        ranking::standings(&w.db, Some(campaign()), d, span, within)
                            .await
                            .unwrap(),
                        m,
                    );
                    for n in [0, 1, 2, 3, 10] {
                        let (total, top) =
                            ranking::cut::top(&w.db, Some(campaign()), d, m, span, within, n)
                                .await
                                .unwrap();
                        assert_eq!(total, all.len(), "{d:?} {m:?} {span:?} {within:?}");
                        assert_eq!(
                            top,
                            ranking::top(all.clone(), n),
                            "{d:?} {m:?} {span:?} {within:?} {n}"
                        );
                    }
                    let nobody = Uuid::now_v7().to_string();
                    let keys = all.iter().map(|r| r.standing.key.clone()).chain([nobody]);
                    for key in keys {
                        let place = ranking::cut::place(
                            &w.db,
                            Some(campaign()),
                            (d, &key),
                            m,
                            span,
                            within,
                        )
                        .await
                        .unwrap();
                        assert_eq!(
                            place,
                            ranking::position(&all, &key),
                            "{d:?} {m:?} {span:?} {within:?} {key}"
                        );
                        compared += 1;
                    }
                }
            }
        }
    }
    assert!(compared > 200, "{compared}");
}

/// Every rollup row, by key, without its id.
async fn rollup_rows(
    db: &DatabaseConnection,
) -> BTreeMap<(String, String, String, String), (i64, i64, i64, i64)> {
    ledger::entity::rollup::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                (r.dimension, r.period, r.period_key, r.dim_key),
                (r.grams.0, r.fen.0, r.entries, r.households),
            )
        })
        .collect()
}

/// Every first sale and every sold count.
async fn first_sales(
    db: &DatabaseConnection,
) -> (
    Vec<ledger::entity::first_sale::Model>,
    Vec<ledger::entity::sold_count::Model>,
) {
    let mut first = ledger::entity::first_sale::Entity::find()
        .all(db)
        .await
        .unwrap();
    first.sort_by_key(|f| {
        (
            f.period.clone(),
            f.period_key.clone(),
            f.scope.clone(),
            f.scope_key.clone(),
            f.kind.clone(),
            f.thing_id,
        )
    });
    let mut counts = ledger::entity::sold_count::Entity::find()
        .all(db)
        .await
        .unwrap();
    counts.sort_by_key(|c| {
        (
            c.period.clone(),
            c.period_key.clone(),
            c.scope.clone(),
            c.scope_key.clone(),
            c.kind.clone(),
        )
    });
    (first, counts)
}

#[tokio::test]
async fn rebuilding_the_rollups_in_sql_gives_what_the_sealer_added() {
    let w = sold_world().await;
    let sealed = rollup_rows(&w.db).await;
    let sealed_first = first_sales(&w.db).await;
    // Each count is its first sales, counted once however many sales and batches.
    for c in &sealed_first.1 {
        let n = sealed_first
            .0
            .iter()
            .filter(|f| {
                (&f.period, &f.period_key, &f.scope, &f.scope_key, &f.kind)
                    == (&c.period, &c.period_key, &c.scope, &c.scope_key, &c.kind)
            })
            .count();
        assert_eq!(c.things, n as i64, "{c:?}");
    }
    assert!(
        sealed_first
            .1
            .iter()
            .any(|c| c.scope == "CITY" && c.period == "PHASE" && c.kind == "PROJECT"),
        "the sealer keeps first sales per city and phase"
    );
    assert!(
        sealed.keys().any(|(d, ..)| d == "CITY_PROJECT")
            && sealed.keys().any(|(d, ..)| d == "PROJECT_TEAM"),
        "the sealer keeps the scoped dimensions"
    );
    let seen = ledger::entity::household_seen::Entity::find()
        .count(&w.db)
        .await
        .unwrap();
    let txn = kernel::db::begin_write(&w.db).await.unwrap();
    let rows = ledger::rollup::rebuild::rebuild(
        &txn,
        ledger::rollup::rebuild::Rebuild { seen: true },
        |_, _| {},
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(rows as usize, sealed.len());
    assert_eq!(rollup_rows(&w.db).await, sealed);
    assert_eq!(first_sales(&w.db).await, sealed_first);
    assert_eq!(
        ledger::entity::household_seen::Entity::find()
            .count(&w.db)
            .await
            .unwrap(),
        seen
    );
    // A sale sealed after the rebuild by a household already counted does not count it again.
    record_sales(
        &w.db,
        vec![sale(
            w.certified,
            w.a.household,
            "2019-06-03T12:00:00+08:00",
            1,
        )],
    )
    .await;
    seal_and_audit(&w.db).await;
    // … and, a product, community and supplier that sold before, adds no first sale.
    assert_eq!(first_sales(&w.db).await, sealed_first);
}

#[tokio::test]
async fn equal_jin_share_a_rank() {
    let w = sold_world().await;
    let ranked = ranking::order(
        ranking::standings(
            &w.db,
            Some(campaign()),
            Dimension::City,
            Span::Month(day("2019-06-01")),
            &Within::Campaign,
        )
        .await
        .unwrap(),
        Metric::Jin,
    );
    let ranks: Vec<(u32, &str, i64)> = ranked
        .iter()
        .map(|r| (r.rank, r.standing.key.as_str(), r.value))
        .collect();
    assert_eq!(ranks, vec![(1, "340100", 1500), (1, "440300", 1500)]);
    let labels = ranking::labels::names(&w.db, Dimension::City, &["340100".into()])
        .await
        .unwrap();
    assert_eq!(labels.get("340100").map(String::as_str), Some("合肥市"));
}

#[tokio::test]
async fn where_am_i_matches_the_group_by() {
    let w = sold_world().await;
    let resident = kernel::Actor::new(
        "resident",
        Role::Household,
        Some(kernel::OrgRef {
            kind: OrgKind::Enterprise,
            id: w.a.enterprise,
        }),
        Some(w.a.household),
    )
    .unwrap();
    let mine = ranking::mine::my_ranks(&w.db, &resident, Some(campaign()), Metric::Jin, Span::All)
        .await
        .unwrap();
    assert_eq!(mine.len(), 2, "{mine:?}");
    assert_eq!(mine[0].dimension, Dimension::Team);
    assert_eq!(mine[0].key, w.a.team.to_string());
    let teams = fresh(
        &w.db,
        Dimension::Team,
        Metric::Jin,
        Span::All,
        &Within::Project(w.a.project),
    )
    .await;
    assert_eq!(mine[0].position.value, teams[&w.a.team.to_string()]);
    assert_eq!(
        (mine[0].position.rank, mine[0].position.gap_to_above),
        (1, None)
    );
    assert_eq!(mine[1].within, Within::City("340100".into()));
    assert_eq!(mine[1].position.value, 3500);

    // 深圳: first of one in its city and in its association.
    let admin = enterprise_admin(w.b.enterprise);
    let mine = ranking::mine::my_ranks(&w.db, &admin, Some(campaign()), Metric::Jin, Span::All)
        .await
        .unwrap();
    assert_eq!(mine.len(), 2);
    assert_eq!(mine[0].within, Within::City("440300".into()));
    assert_eq!((mine[0].position.rank, mine[0].position.of), (1, 1));
    assert_eq!(mine[1].within, Within::Association(w.b.association));
    assert_eq!(mine[1].position.value, 2000);
}

#[tokio::test]
async fn a_scope_of_another_tenant_is_not_found() {
    let w = world().await;
    let b = enterprise_admin(w.b.enterprise);
    let check = |within: Within, actor: kernel::Actor| {
        let db = w.db.clone();
        async move { ranking::access::check(&db, &actor, &within).await }
    };
    assert!(matches!(
        check(Within::Association(w.a.association), b.clone()).await,
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        check(Within::Enterprise(w.a.enterprise), b.clone()).await,
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        check(
            Within::Project(w.a.project),
            association_admin(w.b.association)
        )
        .await,
        Err(DomainError::NotFound)
    ));
    check(Within::Association(w.b.association), b.clone())
        .await
        .unwrap();
    check(Within::Enterprise(w.b.enterprise), b.clone())
        .await
        .unwrap();
    check(Within::City("340100".into()), b).await.unwrap();
    check(Within::Association(w.a.association), platform())
        .await
        .unwrap();
    let supplier = org(Role::Supplier, OrgKind::Supplier, w.supplier);
    assert!(matches!(
        check(Within::Association(w.a.association), supplier).await,
        Err(DomainError::NotFound)
    ));
}

/// The campaign's own records the scorecard counts: 合肥's enterprise enlisted, a custom
/// product, two beneficiaries (one shared by name with nobody), a job and a held fair.
async fn records(w: &World) {
    let now = Utc::now();
    enlistment::ActiveModel {
        id: Set(Uuid::now_v7()),
        campaign_id: Set(campaign()),
        org_kind: Set(EnlistmentKind::Enterprise),
        org_id: Set(w.a.enterprise),
        association_id: Set(Some(w.a.association)),
        enterprise_id: Set(Some(w.a.enterprise)),
        state: Set(EnlistmentState::Confirmed),
        form: Set("{}".into()),
        return_reason: Set(None),
        submitted_at: Set(Some(now)),
        decided_at: Set(Some(now)),
        decided_by: Set(Some("test".into())),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&w.db)
    .await
    .unwrap();
    let mut custom: product::ActiveModel = product::Entity::find_by_id(w.certified)
        .one(&w.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    custom.custom_for_enterprise_id = Set(Some(w.a.enterprise));
    custom.update(&w.db).await.unwrap();
    for r in ["PH-0001", "PH-0002"] {
        supplier_beneficiary::ActiveModel {
            id: Set(Uuid::now_v7()),
            supplier_id: Set(w.supplier),
            household_ref: Set(r.into()),
            created_at: Set(now),
        }
        .insert(&w.db)
        .await
        .unwrap();
    }
    employment::ActiveModel {
        id: Set(Uuid::now_v7()),
        campaign_id: Set(campaign()),
        association_id: Set(Some(w.a.association)),
        enterprise_id: Set(w.a.enterprise),
        county_code: Set("510727".into()),
        role: Set("保洁".into()),
        starts_on: Set(day("2019-06-15")),
        person_ref: Set("P-1".into()),
        created_at: Set(now),
    }
    .insert(&w.db)
    .await
    .unwrap();
    market_fair::ActiveModel {
        id: Set(Uuid::now_v7()),
        campaign_id: Set(campaign()),
        association_id: Set(w.a.association),
        enterprise_id: Set(Some(w.a.enterprise)),
        name: Set("合肥消费扶贫市集".into()),
        project_id: Set(Some(w.a.project)),
        address: Set(None),
        starts_on: Set(day("2019-10-12")),
        ends_on: Set(day("2019-10-13")),
        status: Set(market_fair::FairStatus::Held),
        visitor_count: Set(None),
        sales_fen: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&w.db)
    .await
    .unwrap();
}

async fn count(db: &DatabaseConnection, sql: &str, values: Vec<Value>) -> i64 {
    let row = db
        .query_one_raw(statement(db.get_database_backend(), sql, values))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by::<i64, _>("n").unwrap()
}

#[tokio::test]
async fn every_scorecard_figure_equals_a_fresh_count() {
    let w = sold_world().await;
    records(&w).await;
    // 深圳's October sale (the plain product, bought by its loner) refunded in full: what sold
    // stays sold, as a household that bought stays counted.
    let october = ledger::entity::entry::Entity::find()
        .filter(ledger::entity::entry::Column::HouseholdId.eq(w.b.loner))
        .one(&w.db)
        .await
        .unwrap()
        .unwrap();
    record_entries(
        &w.db,
        vec![NewEntry::reversal(
            EntryKind::Refund,
            october.id,
            Source::OrderLine,
            "refund-all",
            at("2019-10-10T10:00:00+08:00"),
            Amounts::new(1, Grams(500), Fen(3000)),
            "test",
        )],
    )
    .await
    .unwrap();
    seal_and_audit(&w.db).await;
    let mut refunded_to_zero = 0;
    for within in [
        Within::Campaign,
        Within::Association(w.a.association),
        Within::Enterprise(w.b.enterprise),
        Within::City("340100".into()),
        Within::Project(w.a.project),
    ] {
        let card = ledger::scorecard::scorecard(&w.db, campaign(), within.clone())
            .await
            .unwrap();
        for (phase, c) in std::iter::once((None, &card.whole))
            .chain(card.phases.iter().map(|(p, c)| (Some(p), c)))
        {
            let span = phase.map_or(Span::All, |p| Span::Phase(p.id));
            let dates = phase.map(|p| (p.starts_on, p.ends_on));
            let at = format!("{within:?} {:?}", phase.map(|p| &p.name));
            let sum = |m| {
                let db = w.db.clone();
                let within = within.clone();
                async move {
                    fresh(&db, Dimension::City, m, span, &within)
                        .await
                        .values()
                        .sum::<i64>()
                }
            };
            assert_eq!(c.grams.0, sum(Metric::Jin).await, "grams {at}");
            assert_eq!(c.fen.0, sum(Metric::Yuan).await, "fen {at}");
            // Distinct households over the whole scope (not summed per city: a household buys in
            // one city, so the sum is the distinct count here).
            assert_eq!(
                c.households.value,
                sum(Metric::Households).await,
                "households {at}"
            );
            // Sold = at least one sealed SALE (a refund does not un-count it).
            let positive = |d| {
                let db = w.db.clone();
                let within = within.clone();
                async move { with_a_sale(&db, d, span, &within).await }
            };
            let communities = positive(Dimension::Project).await;
            assert_eq!(
                c.communities_with_sales.value,
                communities.len() as i64,
                "{at}"
            );
            let products = positive(Dimension::Product).await;
            let sums = fresh(&w.db, Dimension::Product, Metric::Yuan, span, &within).await;
            refunded_to_zero += products.iter().filter(|p| sums[*p] <= 0).count();
            let custom = products.contains(&w.certified.to_string()) as i64;
            assert_eq!(c.custom_products_sold.value, custom, "custom {at}");
            let supplier_sold = !positive(Dimension::Supplier).await.is_empty();
            let beneficiaries = if supplier_sold {
                count(
                    &w.db,
                    "SELECT CAST(COUNT(DISTINCT household_ref) AS BIGINT) AS n \
                     FROM supplier_beneficiary WHERE supplier_id = ?",
                    vec![w.supplier.into()],
                )
                .await
            } else {
                0
            };
            let jobs_scope = matches!(within, Within::Campaign)
                || within == Within::Association(w.a.association);
            let job_in_span =
                dates.is_none_or(|(f, t)| f <= day("2019-06-15") && day("2019-06-15") <= t);
            let jobs = i64::from(jobs_scope && job_in_span);
            assert_eq!(
                c.poor_households_direct.value,
                beneficiaries + jobs,
                "direct {at}"
            );
            assert_eq!(
                c.poor_households_indirect.value,
                if supplier_sold { 36 } else { 0 },
                "indirect {at}"
            );
            let fair_scope = within != Within::Enterprise(w.b.enterprise);
            let fair_in_span =
                dates.is_none_or(|(f, t)| f <= day("2019-10-12") && day("2019-10-12") <= t);
            assert_eq!(
                c.fairs_held.value,
                i64::from(fair_scope && fair_in_span),
                "fairs {at}"
            );
            let enlisted = count(
                &w.db,
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM project WHERE enterprise_id IN \
                 (SELECT org_id FROM enlistment WHERE state = 'CONFIRMED' AND org_kind = 'ENTERPRISE')",
                vec![],
            )
            .await;
            let enlisted = if within == Within::Enterprise(w.b.enterprise) {
                0
            } else {
                enlisted
            };
            assert_eq!(c.communities_enlisted.value, enlisted, "enlisted {at}");
        }
    }
    assert!(
        refunded_to_zero > 0,
        "a product refunded to zero is still sold"
    );
    // Targets come from the campaign (10,000 communities, 1,000,000 households …).
    let card = ledger::scorecard::scorecard(&w.db, campaign(), Within::Campaign)
        .await
        .unwrap();
    assert_eq!(card.whole.communities_enlisted.target, Some(10_000));
    assert_eq!(card.whole.communities_enlisted.percent(), Some(0.0));
    assert_eq!(card.whole.fairs_held.target, Some(100));
    assert_eq!(card.whole.fairs_held.percent(), Some(1.0));
}
