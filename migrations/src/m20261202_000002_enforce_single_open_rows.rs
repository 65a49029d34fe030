//! Invariants that were checked in code and then written in a separate statement, so that
//! concurrent requests could both pass the check (issue 13): the database now refuses a second
//! row.
//!
//! - At most one certification application in progress (SUBMITTED, COUNTY_APPROVED,
//!   PUBLICIZING) per product.
//! - At most one open team stay (`left_at` unset) per household.
//!
//! Rows that the races already produced would make the indexes fail to build, so they are
//! resolved first: of several applications in progress the oldest stays and the others are
//! REJECTED (with an event saying why); of several open stays the newest stays open.

use sea_orm_migration::sea_orm::prelude::Uuid;
use sea_orm_migration::{prelude::*, sea_orm::ConnectionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Certification {
    Table,
    Id,
    ProductId,
    State,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CertificationEvent {
    Table,
    Id,
    CertificationId,
    FromState,
    ToState,
    Actor,
    Comment,
    At,
}

#[derive(DeriveIden)]
enum TeamMembership {
    Table,
    Id,
    HouseholdId,
    LeftAt,
}

/// The states of an application still in progress.
const IN_PROGRESS: [&str; 3] = ["SUBMITTED", "COUNTY_APPROVED", "PUBLICIZING"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let now = chrono::Utc::now();
        reject_duplicate_applications(manager, now).await?;
        close_duplicate_stays(manager, now).await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_certification_in_progress_product")
                    .table(Certification::Table)
                    .col(Certification::ProductId)
                    .and_where(Expr::col(Certification::State).is_in(IN_PROGRESS))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_team_membership_open_household")
                    .table(TeamMembership::Table)
                    .col(TeamMembership::HouseholdId)
                    .and_where(Expr::col(TeamMembership::LeftAt).is_null())
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("uq_team_membership_open_household")
                    .table(TeamMembership::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("uq_certification_in_progress_product")
                    .table(Certification::Table)
                    .to_owned(),
            )
            .await
    }
}

/// Rejects every application in progress that has an older one in progress for its product.
async fn reject_duplicate_applications(
    manager: &SchemaManager<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    let older = Alias::new("older");
    let duplicates = Query::select()
        .columns([Certification::Id, Certification::State])
        .from(Certification::Table)
        .and_where(Expr::col((Certification::Table, Certification::State)).is_in(IN_PROGRESS))
        .and_where(Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from_as(Certification::Table, older.clone())
                .and_where(
                    Expr::col((older.clone(), Certification::ProductId))
                        .equals((Certification::Table, Certification::ProductId)),
                )
                .and_where(Expr::col((older.clone(), Certification::State)).is_in(IN_PROGRESS))
                .and_where(
                    Expr::col((older.clone(), Certification::Id))
                        .lt(Expr::col((Certification::Table, Certification::Id))),
                )
                .to_owned(),
        ))
        .to_owned();
    let rows = manager.get_connection().query_all(&duplicates).await?;
    for row in rows {
        let id: Uuid = row.try_get("", "id")?;
        let state: String = row.try_get("", "state")?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Certification::Table)
                    .value(Certification::State, "REJECTED")
                    .value(Certification::UpdatedAt, now)
                    .and_where(Expr::col(Certification::Id).eq(id))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(CertificationEvent::Table)
                    .columns([
                        CertificationEvent::Id,
                        CertificationEvent::CertificationId,
                        CertificationEvent::FromState,
                        CertificationEvent::ToState,
                        CertificationEvent::Actor,
                        CertificationEvent::Comment,
                        CertificationEvent::At,
                    ])
                    .values_panic([
                        Uuid::now_v7().into(),
                        id.into(),
                        state.into(),
                        "REJECTED".into(),
                        "migration".into(),
                        "重复申请：同一产品已有在办的认定申请 / duplicate: the product had an earlier application in progress".into(),
                        now.into(),
                    ])
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

/// Closes every open stay of a household that has a newer open stay.
async fn close_duplicate_stays(
    manager: &SchemaManager<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    let newer = Alias::new("newer");
    manager
        .exec_stmt(
            Query::update()
                .table(TeamMembership::Table)
                .value(TeamMembership::LeftAt, now)
                .and_where(Expr::col((TeamMembership::Table, TeamMembership::LeftAt)).is_null())
                .and_where(Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from_as(TeamMembership::Table, newer.clone())
                        .and_where(
                            Expr::col((newer.clone(), TeamMembership::HouseholdId))
                                .equals((TeamMembership::Table, TeamMembership::HouseholdId)),
                        )
                        .and_where(Expr::col((newer.clone(), TeamMembership::LeftAt)).is_null())
                        .and_where(
                            Expr::col((newer.clone(), TeamMembership::Id))
                                .gt(Expr::col((TeamMembership::Table, TeamMembership::Id))),
                        )
                        .to_owned(),
                ))
                .to_owned(),
        )
        .await
}
