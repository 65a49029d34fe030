//! `yijin seed --demo` gives a newcomer something to query in every area, and a second run
//! changes nothing (on SQLite and, with TEST_DATABASE_URL, PostgreSQL).

#![expect(
    clippy::unwrap_used,
    reason = "a seed that fails must fail the test loudly"
)]

use sea_orm::{EntityTrait, PaginatorTrait};

async fn counts(db: &sea_orm::DatabaseConnection) -> [u64; 10] {
    use campaigns::entity::{community_event, enlistment, market_fair};
    use procurement::groupbuy::entity::{group_buy, join};
    use procurement::occasion::entity as occasion;
    use products::entity::{listing, product, store, supplier};
    [
        supplier::Entity::find().count(db).await.unwrap(),
        product::Entity::find().count(db).await.unwrap(),
        store::Entity::find().count(db).await.unwrap(),
        listing::Entity::find().count(db).await.unwrap(),
        enlistment::Entity::find().count(db).await.unwrap(),
        market_fair::Entity::find().count(db).await.unwrap(),
        community_event::Entity::find().count(db).await.unwrap(),
        occasion::Entity::find().count(db).await.unwrap(),
        group_buy::Entity::find().count(db).await.unwrap(),
        join::Entity::find().count(db).await.unwrap(),
    ]
}

#[tokio::test]
async fn the_demo_loads_every_area_once() {
    let (db, _guard) = testkit::db::migrated().await.unwrap();
    let first = demo::demo(&db).await.unwrap();
    assert!(!first.already && first.catalogue);
    assert_eq!(first.enterprise_ids.len(), 4);
    let loaded = counts(&db).await;
    assert_eq!(loaded[..3], [12, 36, 3], "suppliers, products, stores");
    assert!(loaded[3] >= 30, "listings: {loaded:?}");
    assert_eq!(loaded[4..7], [2, 4, 2], "enlistments, fairs, events");
    assert_eq!(
        loaded[7..],
        [7, 1, 3],
        "occasions, the 三八 group buy and its joins"
    );

    let again = demo::demo(&db).await.unwrap();
    assert!(again.already && !again.catalogue);
    assert_eq!(counts(&db).await, loaded, "a second run adds nothing");
}
