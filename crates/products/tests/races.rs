#![expect(
    clippy::unwrap_used,
    reason = "test helpers that cannot set up must fail the test loudly"
)]

//! Invariants of products under real concurrency (multi-threaded runtime, one write
//! transaction per request, as the server runs them), on SQLite and, with
//! `TEST_DATABASE_URL`, PostgreSQL.

mod fixtures;

use futures_util::future::join_all;
use kernel::db::write;
use kernel::{Clock, DomainError};
use migrations::MigratorTrait;
use products::entity::certification::{self, CertificationState as State};
use products::entity::product::ProductStatus;
use products::entity::store::StoreKind;
use products::entity::{certification_event, listing};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use testkit::actors::platform;
use uuid::Uuid;

/// Runs `n` copies of a request at once, each in its own write transaction.
macro_rules! race {
    ($n:expr, |$db:ident, $i:ident| $body:expr) => {{
        let tasks = (0..$n).map(|$i: usize| {
            let $db: DatabaseConnection = $db.clone();
            tokio::spawn(async move { $body })
        });
        join_all(tasks)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect::<Vec<_>>()
    }};
}

fn code<T>(result: &Result<T, DomainError>) -> &str {
    match result {
        Ok(_) => "OK",
        Err(DomainError::Invalid(p)) => p[0].code,
        Err(_) => "OTHER",
    }
}

/// Ten applications for one product at once, in five rounds (a new product each round).
/// Before the fix several were stored (4 of 5 runs); now one is, and the others are told the
/// product has one already — a userError, never an internal error.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_applications_for_one_product_leave_one_open_application() {
    let w = fixtures::world().await;
    let db = w.db.clone();
    let supplier = w.product.supplier_id;
    for round in 0..5 {
        let product = fixtures::product(&db, supplier, &format!("平武高山绿茶{round}"))
            .await
            .id;
        let results = race!(10, |db, _i| {
            write(&db, async |txn| {
                products::certification::apply(
                    txn,
                    &testkit::actors::supplier(supplier),
                    &Clock::System,
                    product,
                )
                .await
            })
            .await
        });
        let mut codes: Vec<&str> = results.iter().map(code).collect();
        codes.sort_unstable();
        assert_eq!(
            codes,
            [["ALREADY_APPLIED"; 9].as_slice(), &["OK"]].concat(),
            "round {round}"
        );
        let stored = certification::Entity::find()
            .filter(certification::Column::ProductId.eq(product))
            .all(&db)
            .await
            .unwrap();
        assert_eq!(stored.len(), 1, "round {round}");
    }
}

/// An enterprise and a zone (专区) of it serving no project yet, plus six projects.
async fn zone(db: &DatabaseConnection) -> (Uuid, Vec<Uuid>) {
    let clock = Clock::System;
    let admin = testkit::actors::platform();
    let (enterprise, projects) = testkit::db::write(db, async |txn| {
        let enterprise =
            testkit::make::enterprise(txn, &clock, "徽润物业服务有限公司", None, None).await;
        let mut projects = Vec::new();
        for i in 0..6 {
            let name = format!("滨湖春晓{i}期");
            let p = testkit::make::project(txn, &clock, enterprise.id, "340100", &name, 800).await;
            projects.push(p.id);
        }
        (enterprise, projects)
    })
    .await;
    let store = write(db, async |txn| {
        products::store::create(
            txn,
            &admin,
            &clock,
            products::store::StoreInput {
                enterprise_id: Some(enterprise.id),
                kind: StoreKind::Zone,
                name: "带一斤回家专区".into(),
                project_ids: Vec::new(),
            },
        )
        .await
    })
    .await
    .unwrap();
    (store.id, projects)
}

/// Ten replacements of a store's projects at once, alternating two disjoint sets: the store
/// ends serving exactly one of the sets (the later one wins whole), never a mixture, and no
/// call fails on the (store, project) index.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_replacements_of_a_stores_projects_never_mix_the_sets() {
    let w = fixtures::world().await;
    let db = w.db.clone();
    let (store, projects) = zone(&db).await;
    let sets = [projects[..3].to_vec(), projects[3..].to_vec()];
    let tasks = (0..10).map(|i| {
        let (db, set) = (db.clone(), sets[i % 2].clone());
        tokio::spawn(async move {
            write(&db, async |txn| {
                products::store::set_projects(txn, &testkit::actors::platform(), store, &set).await
            })
            .await
        })
    });
    let results: Vec<_> = join_all(tasks)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let served = products::store::projects(&db, &platform(), store)
        .await
        .unwrap();
    let mut expected: Vec<Vec<Uuid>> = sets.to_vec();
    expected.iter_mut().for_each(|s| s.sort_unstable());
    assert!(expected.contains(&served), "{served:?} is one whole set");
}

/// Ten managers listing one product in one store at once: one listing, no failure.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_listings_of_a_product_in_a_store_make_one_listing() {
    let w = fixtures::world().await;
    let db = w.db.clone();
    let (store, _) = zone(&db).await;
    let product = w.product.id;
    write(&db, async |txn| {
        products::product::set_status(
            txn,
            &testkit::actors::platform(),
            &Clock::System,
            product,
            ProductStatus::Active,
        )
        .await
    })
    .await
    .unwrap();
    let results = race!(10, |db, i| {
        write(&db, async |txn| {
            products::listing::put(
                txn,
                &testkit::actors::platform(),
                &Clock::System,
                products::listing::ListingInput {
                    store_id: store,
                    product_id: product,
                    store_price_fen: None,
                    sort_order: i32::try_from(i).unwrap_or_default(),
                    featured: false,
                    on_shelf: true,
                },
            )
            .await
        })
        .await
    });
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let stored = listing::Entity::find().all(&db).await.unwrap();
    assert_eq!(stored.len(), 1);
}

/// Two platform admins marking one county at once, ten times over: every call succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_markings_of_one_poverty_county_all_succeed() {
    let w = fixtures::world().await;
    let db = w.db.clone();
    let results = race!(10, |db, i| {
        write(&db, async |txn| {
            products::county::mark(
                txn,
                &testkit::actors::platform(),
                &Clock::System,
                products::county::PovertyCountyInput {
                    region_code: "510727".into(),
                    national_key: i.is_multiple_of(2),
                    contiguous_area: Some("秦巴山区".into()),
                    exited_year: Some(2019),
                },
            )
            .await
        })
        .await
    });
    assert!(results.iter().all(Result::is_ok), "{results:?}");
}

/// Overlapping lists of poor households added at once are each counted once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_beneficiary_lists_count_each_household_once() {
    let w = fixtures::world().await;
    let db = w.db.clone();
    let supplier = w.product.supplier_id;
    let results = race!(8, |db, i| {
        // Lists 0..10, 5..15, 10..20, … overlap their neighbours by half.
        let ids: Vec<String> = (i * 5..i * 5 + 10).map(|n| format!("贫困户-{n}")).collect();
        let pseudonymizer =
            products::supplier::Pseudonymizer::new(b"a-test-key-of-at-least-32-bytes!!");
        write(&db, async |txn| {
            products::supplier::add_beneficiaries(
                txn,
                &testkit::actors::platform(),
                &Clock::System,
                &pseudonymizer,
                supplier,
                &ids,
            )
            .await
        })
        .await
    });
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let count = products::supplier::beneficiary_count(&db, supplier)
        .await
        .unwrap();
    assert_eq!(count, 45, "households 0 to 44, each once");
}

/// A database that the old race left with two applications in progress for one product is
/// repaired by the migration that adds the index (the older one stays, the newer is rejected
/// with an event saying why), and the index then refuses another.
#[tokio::test]
async fn the_upgrade_rejects_duplicate_applications_and_then_refuses_them() {
    let database = testkit::db::empty().await.unwrap();
    let db = sea_orm::Database::connect(&database.url).await.unwrap();
    testkit::db::migrate_before(&db, "m20261202_000002_enforce_single_open_rows")
        .await
        .unwrap();
    let supplier = fixtures::supplier(&db).await;
    let product = fixtures::product(&db, supplier, "平武高山绿茶").await.id;
    let application = || {
        let now = chrono::Utc::now();
        certification::ActiveModel {
            id: Set(kernel::new_id()),
            product_id: Set(product),
            supplier_id: Set(supplier),
            state: Set(State::Submitted),
            publicity_ends_on: Set(None),
            catalogue_batch: Set(None),
            certificate_no: Set(None),
            valid_from: Set(None),
            valid_to: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
    };
    let older = application().insert(&db).await.unwrap();
    let newer = application().insert(&db).await.unwrap();

    migrations::Migrator::up(&db, None).await.unwrap();
    let state = |id| {
        let db = db.clone();
        async move {
            certification::Entity::find_by_id(id)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .state
        }
    };
    assert_eq!(state(older.id).await, State::Submitted);
    assert_eq!(state(newer.id).await, State::Rejected);
    let events = certification_event::Entity::find()
        .filter(certification_event::Column::CertificationId.eq(newer.id))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        events
            .iter()
            .map(|e| (e.from_state, e.to_state, e.actor.as_str()))
            .collect::<Vec<_>>(),
        [(Some(State::Submitted), State::Rejected, "migration")]
    );
    let refused = application().insert(&db).await.unwrap_err();
    assert!(matches!(DomainError::from(refused), DomainError::Conflict));
}
