//! Campaigns: the campaign calendar (campaigns, phases, targets), enlistment forms (参战书) with
//! their history, market fairs, community events and their closing reports, county visits with
//! the products they selected, employment of poor-household workers, and progress reports.
//!
//! Every tenant-owned row carries `association_id` and/or `enterprise_id`. Form bodies and short
//! lists (tasting products, photo URLs) are JSON text, as `product.images` is, so the same
//! migration runs on SQLite and PostgreSQL.
//!
//! The real campaign, 社区的力量 (2019-04 → 2020-10), with its phases and targets, is reference
//! data every installation needs, so it is inserted here under a fixed id.

use sea_orm_migration::sea_orm::prelude::{ChronoDateTimeUtc, Date, Uuid};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The id of 社区的力量 (a UUIDv7 whose time part is 2019-04-01T00:00:00Z); the campaigns crate
/// names it `COMMUNITY_POWER_CAMPAIGN_ID`.
pub const COMMUNITY_POWER_CAMPAIGN_ID: &str = "0169d632-1400-7000-8000-000000000001";

#[derive(DeriveIden)]
enum Association {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Enterprise {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Region {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Campaign {
    Table,
    Id,
    Name,
    Slogan,
    StartsOn,
    EndsOn,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CampaignPhase {
    Table,
    Id,
    CampaignId,
    Ordinal,
    Kind,
    Name,
    StartsOn,
    EndsOn,
}

#[derive(DeriveIden)]
enum CampaignTarget {
    Table,
    Id,
    CampaignId,
    Kind,
    Value,
    Unit,
    Description,
}

#[derive(DeriveIden)]
enum Enlistment {
    Table,
    Id,
    CampaignId,
    OrgKind,
    OrgId,
    AssociationId,
    EnterpriseId,
    State,
    Form,
    ReturnReason,
    SubmittedAt,
    DecidedAt,
    DecidedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EnlistmentEvent {
    Table,
    Id,
    EnlistmentId,
    AssociationId,
    EnterpriseId,
    FromState,
    ToState,
    Actor,
    Comment,
    At,
}

#[derive(DeriveIden)]
enum MarketFair {
    Table,
    Id,
    CampaignId,
    AssociationId,
    EnterpriseId,
    Name,
    ProjectId,
    Address,
    StartsOn,
    EndsOn,
    Status,
    VisitorCount,
    SalesFen,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CommunityEvent {
    Table,
    Id,
    CampaignId,
    AssociationId,
    EnterpriseId,
    Title,
    ProjectId,
    Address,
    StartsOn,
    EndsOn,
    TastingProducts,
    ExpectedAttendance,
    State,
    AppliedOn,
    DecisionReason,
    DecidedAt,
    HeldAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ClosingReport {
    Table,
    Id,
    EventId,
    AssociationId,
    EnterpriseId,
    Attendance,
    ProductsTasted,
    SalesFen,
    PhotoUrls,
    Summary,
    FiledBy,
    FiledAt,
}

#[derive(DeriveIden)]
enum CountyVisit {
    Table,
    Id,
    CampaignId,
    AssociationId,
    EnterpriseId,
    CountyCode,
    StartsOn,
    EndsOn,
    ParticipantCount,
    OwnerRepresentativeCount,
    Summary,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CountyVisitSelection {
    Table,
    Id,
    VisitId,
    AssociationId,
    EnterpriseId,
    Name,
    SupplierName,
    Ordinal,
}

#[derive(DeriveIden)]
enum Employment {
    Table,
    Id,
    CampaignId,
    AssociationId,
    EnterpriseId,
    CountyCode,
    Role,
    StartsOn,
    PersonRef,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ProgressReport {
    Table,
    Id,
    CampaignId,
    Kind,
    ReporterId,
    AssociationId,
    PeriodStart,
    PeriodEnd,
    Highlights,
    Problems,
    NextSteps,
    EnterprisesEnlisted,
    FairsHeld,
    EventsHeld,
    EventsClosed,
    CountyVisits,
    JobsCreated,
    SalesFen,
    WeightGrams,
    FiledBy,
    FiledAt,
}

fn fk(
    name: &str,
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

fn index(
    name: &str,
    table: impl IntoIden + 'static,
    cols: &[&str],
    unique: bool,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(Alias::new(*col));
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}

/// The tenant columns every activity carries, with their foreign keys.
fn tenant_fks(table: &str) -> [ForeignKeyCreateStatement; 2] {
    [
        fk(
            &format!("fk_{table}_association"),
            (Alias::new(table), Alias::new("association_id")),
            (Association::Table, Association::Id),
        ),
        fk(
            &format!("fk_{table}_enterprise"),
            (Alias::new(table), Alias::new("enterprise_id")),
            (Enterprise::Table, Enterprise::Id),
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_calendar(manager).await?;
        create_enlistments(manager).await?;
        create_activities(manager).await?;
        create_reports(manager).await?;
        seed_community_power(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ProgressReport::Table.into_iden(),
            Employment::Table.into_iden(),
            CountyVisitSelection::Table.into_iden(),
            CountyVisit::Table.into_iden(),
            ClosingReport::Table.into_iden(),
            CommunityEvent::Table.into_iden(),
            MarketFair::Table.into_iden(),
            EnlistmentEvent::Table.into_iden(),
            Enlistment::Table.into_iden(),
            CampaignTarget::Table.into_iden(),
            CampaignPhase::Table.into_iden(),
            Campaign::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

async fn create_calendar(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Campaign::Table)
                .col(pk_uuid(Campaign::Id))
                .col(string_len_uniq(Campaign::Name, 200))
                .col(string_len_null(Campaign::Slogan, 200))
                .col(date(Campaign::StartsOn))
                .col(date(Campaign::EndsOn))
                .col(timestamp_with_time_zone(Campaign::CreatedAt))
                .col(timestamp_with_time_zone(Campaign::UpdatedAt))
                .check(Expr::col(Campaign::EndsOn).gte(Expr::col(Campaign::StartsOn)))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(CampaignPhase::Table)
                .col(pk_uuid(CampaignPhase::Id))
                .col(uuid(CampaignPhase::CampaignId))
                .col(integer(CampaignPhase::Ordinal))
                .col(string_len(CampaignPhase::Kind, 16))
                .col(string_len(CampaignPhase::Name, 200))
                .col(date(CampaignPhase::StartsOn))
                .col(date(CampaignPhase::EndsOn))
                .check(Expr::col(CampaignPhase::EndsOn).gte(Expr::col(CampaignPhase::StartsOn)))
                .foreign_key(&mut fk(
                    "fk_campaign_phase_campaign",
                    (CampaignPhase::Table, CampaignPhase::CampaignId),
                    (Campaign::Table, Campaign::Id),
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "uq_campaign_phase_ordinal",
            CampaignPhase::Table,
            &["campaign_id", "ordinal"],
            true,
        ))
        .await?;
    manager
        .create_table(
            Table::create()
                .table(CampaignTarget::Table)
                .col(pk_uuid(CampaignTarget::Id))
                .col(uuid(CampaignTarget::CampaignId))
                .col(string_len(CampaignTarget::Kind, 40))
                .col(big_integer(CampaignTarget::Value))
                .col(string_len(CampaignTarget::Unit, 16))
                .col(string_len_null(CampaignTarget::Description, 200))
                .foreign_key(&mut fk(
                    "fk_campaign_target_campaign",
                    (CampaignTarget::Table, CampaignTarget::CampaignId),
                    (Campaign::Table, Campaign::Id),
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "uq_campaign_target_kind",
            CampaignTarget::Table,
            &["campaign_id", "kind"],
            true,
        ))
        .await
}

async fn create_enlistments(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let [mut fk_a, mut fk_e] = tenant_fks("enlistment");
    manager
        .create_table(
            Table::create()
                .table(Enlistment::Table)
                .col(pk_uuid(Enlistment::Id))
                .col(uuid(Enlistment::CampaignId))
                .col(string_len(Enlistment::OrgKind, 16))
                .col(uuid(Enlistment::OrgId))
                .col(uuid_null(Enlistment::AssociationId))
                .col(uuid_null(Enlistment::EnterpriseId))
                .col(string_len(Enlistment::State, 16))
                .col(text(Enlistment::Form))
                .col(text_null(Enlistment::ReturnReason))
                .col(timestamp_with_time_zone_null(Enlistment::SubmittedAt))
                .col(timestamp_with_time_zone_null(Enlistment::DecidedAt))
                .col(string_len_null(Enlistment::DecidedBy, 200))
                .col(timestamp_with_time_zone(Enlistment::CreatedAt))
                .col(timestamp_with_time_zone(Enlistment::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_enlistment_campaign",
                    (Enlistment::Table, Enlistment::CampaignId),
                    (Campaign::Table, Campaign::Id),
                ))
                .foreign_key(&mut fk_a)
                .foreign_key(&mut fk_e)
                .to_owned(),
        )
        .await?;
    // One form per organisation and campaign.
    manager
        .create_index(index(
            "uq_enlistment_campaign_org",
            Enlistment::Table,
            &["campaign_id", "org_id"],
            true,
        ))
        .await?;
    manager
        .create_index(index(
            "idx_enlistment_association",
            Enlistment::Table,
            &["association_id"],
            false,
        ))
        .await?;
    manager
        .create_table(
            Table::create()
                .table(EnlistmentEvent::Table)
                .col(pk_uuid(EnlistmentEvent::Id))
                .col(uuid(EnlistmentEvent::EnlistmentId))
                .col(uuid_null(EnlistmentEvent::AssociationId))
                .col(uuid_null(EnlistmentEvent::EnterpriseId))
                .col(string_len_null(EnlistmentEvent::FromState, 16))
                .col(string_len(EnlistmentEvent::ToState, 16))
                .col(string_len(EnlistmentEvent::Actor, 200))
                .col(text_null(EnlistmentEvent::Comment))
                .col(timestamp_with_time_zone(EnlistmentEvent::At))
                .foreign_key(&mut fk(
                    "fk_enlistment_event_enlistment",
                    (EnlistmentEvent::Table, EnlistmentEvent::EnlistmentId),
                    (Enlistment::Table, Enlistment::Id),
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "idx_enlistment_event_enlistment",
            EnlistmentEvent::Table,
            &["enlistment_id"],
            false,
        ))
        .await
}

async fn create_activities(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let [mut fk_a, mut fk_e] = tenant_fks("market_fair");
    manager
        .create_table(
            Table::create()
                .table(MarketFair::Table)
                .col(pk_uuid(MarketFair::Id))
                .col(uuid(MarketFair::CampaignId))
                .col(uuid(MarketFair::AssociationId))
                .col(uuid_null(MarketFair::EnterpriseId))
                .col(string_len(MarketFair::Name, 200))
                .col(uuid_null(MarketFair::ProjectId))
                .col(string_len_null(MarketFair::Address, 300))
                .col(date(MarketFair::StartsOn))
                .col(date(MarketFair::EndsOn))
                .col(string_len(MarketFair::Status, 16))
                .col(integer_null(MarketFair::VisitorCount))
                .col(big_integer_null(MarketFair::SalesFen))
                .col(timestamp_with_time_zone(MarketFair::CreatedAt))
                .col(timestamp_with_time_zone(MarketFair::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_market_fair_campaign",
                    (MarketFair::Table, MarketFair::CampaignId),
                    (Campaign::Table, Campaign::Id),
                ))
                .foreign_key(&mut fk_a)
                .foreign_key(&mut fk_e)
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "idx_market_fair_association_starts",
            MarketFair::Table,
            &["association_id", "starts_on"],
            false,
        ))
        .await?;

    let [mut fk_a, mut fk_e] = tenant_fks("community_event");
    manager
        .create_table(
            Table::create()
                .table(CommunityEvent::Table)
                .col(pk_uuid(CommunityEvent::Id))
                .col(uuid(CommunityEvent::CampaignId))
                .col(uuid_null(CommunityEvent::AssociationId))
                .col(uuid_null(CommunityEvent::EnterpriseId))
                .col(string_len(CommunityEvent::Title, 200))
                .col(uuid_null(CommunityEvent::ProjectId))
                .col(string_len_null(CommunityEvent::Address, 300))
                .col(date(CommunityEvent::StartsOn))
                .col(date(CommunityEvent::EndsOn))
                .col(text(CommunityEvent::TastingProducts))
                .col(integer(CommunityEvent::ExpectedAttendance))
                .col(string_len(CommunityEvent::State, 16))
                .col(date(CommunityEvent::AppliedOn))
                .col(text_null(CommunityEvent::DecisionReason))
                .col(timestamp_with_time_zone_null(CommunityEvent::DecidedAt))
                .col(timestamp_with_time_zone_null(CommunityEvent::HeldAt))
                .col(timestamp_with_time_zone(CommunityEvent::CreatedAt))
                .col(timestamp_with_time_zone(CommunityEvent::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_community_event_campaign",
                    (CommunityEvent::Table, CommunityEvent::CampaignId),
                    (Campaign::Table, Campaign::Id),
                ))
                .foreign_key(&mut fk_a)
                .foreign_key(&mut fk_e)
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "idx_community_event_state_ends",
            CommunityEvent::Table,
            &["state", "ends_on"],
            false,
        ))
        .await?;
    manager
        .create_table(
            Table::create()
                .table(ClosingReport::Table)
                .col(pk_uuid(ClosingReport::Id))
                .col(uuid_uniq(ClosingReport::EventId))
                .col(uuid_null(ClosingReport::AssociationId))
                .col(uuid_null(ClosingReport::EnterpriseId))
                .col(integer(ClosingReport::Attendance))
                .col(text(ClosingReport::ProductsTasted))
                .col(big_integer_null(ClosingReport::SalesFen))
                .col(text(ClosingReport::PhotoUrls))
                .col(text(ClosingReport::Summary))
                .col(string_len(ClosingReport::FiledBy, 200))
                .col(timestamp_with_time_zone(ClosingReport::FiledAt))
                .foreign_key(&mut fk(
                    "fk_closing_report_event",
                    (ClosingReport::Table, ClosingReport::EventId),
                    (CommunityEvent::Table, CommunityEvent::Id),
                ))
                .to_owned(),
        )
        .await?;

    let [mut fk_a, mut fk_e] = tenant_fks("county_visit");
    manager
        .create_table(
            Table::create()
                .table(CountyVisit::Table)
                .col(pk_uuid(CountyVisit::Id))
                .col(uuid(CountyVisit::CampaignId))
                .col(uuid_null(CountyVisit::AssociationId))
                .col(uuid_null(CountyVisit::EnterpriseId))
                .col(string_len(CountyVisit::CountyCode, 6))
                .col(date(CountyVisit::StartsOn))
                .col(date(CountyVisit::EndsOn))
                .col(integer(CountyVisit::ParticipantCount))
                .col(integer(CountyVisit::OwnerRepresentativeCount))
                .col(text_null(CountyVisit::Summary))
                .col(timestamp_with_time_zone(CountyVisit::CreatedAt))
                .col(timestamp_with_time_zone(CountyVisit::UpdatedAt))
                .check(
                    Expr::col(CountyVisit::OwnerRepresentativeCount)
                        .lte(Expr::col(CountyVisit::ParticipantCount)),
                )
                .foreign_key(&mut fk(
                    "fk_county_visit_campaign",
                    (CountyVisit::Table, CountyVisit::CampaignId),
                    (Campaign::Table, Campaign::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_county_visit_county",
                    (CountyVisit::Table, CountyVisit::CountyCode),
                    (Region::Table, Region::Code),
                ))
                .foreign_key(&mut fk_a)
                .foreign_key(&mut fk_e)
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(CountyVisitSelection::Table)
                .col(pk_uuid(CountyVisitSelection::Id))
                .col(uuid(CountyVisitSelection::VisitId))
                .col(uuid_null(CountyVisitSelection::AssociationId))
                .col(uuid_null(CountyVisitSelection::EnterpriseId))
                .col(string_len(CountyVisitSelection::Name, 200))
                .col(string_len_null(CountyVisitSelection::SupplierName, 200))
                .col(integer(CountyVisitSelection::Ordinal))
                .foreign_key(&mut fk(
                    "fk_county_visit_selection_visit",
                    (CountyVisitSelection::Table, CountyVisitSelection::VisitId),
                    (CountyVisit::Table, CountyVisit::Id),
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "idx_county_visit_selection_visit",
            CountyVisitSelection::Table,
            &["visit_id"],
            false,
        ))
        .await?;

    let [mut fk_a, mut fk_e] = tenant_fks("employment");
    manager
        .create_table(
            Table::create()
                .table(Employment::Table)
                .col(pk_uuid(Employment::Id))
                .col(uuid(Employment::CampaignId))
                .col(uuid_null(Employment::AssociationId))
                .col(uuid(Employment::EnterpriseId))
                .col(string_len(Employment::CountyCode, 6))
                .col(string_len(Employment::Role, 100))
                .col(date(Employment::StartsOn))
                .col(string_len(Employment::PersonRef, 64))
                .col(timestamp_with_time_zone(Employment::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_employment_campaign",
                    (Employment::Table, Employment::CampaignId),
                    (Campaign::Table, Campaign::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_employment_county",
                    (Employment::Table, Employment::CountyCode),
                    (Region::Table, Region::Code),
                ))
                .foreign_key(&mut fk_a)
                .foreign_key(&mut fk_e)
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "uq_employment_person",
            Employment::Table,
            &["enterprise_id", "person_ref", "starts_on"],
            true,
        ))
        .await
}

async fn create_reports(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(ProgressReport::Table)
                .col(pk_uuid(ProgressReport::Id))
                .col(uuid(ProgressReport::CampaignId))
                .col(string_len(ProgressReport::Kind, 16))
                // The association, or the nil uuid for the service team's weekly reports, so
                // that one unique index covers both.
                .col(uuid(ProgressReport::ReporterId))
                .col(uuid_null(ProgressReport::AssociationId))
                .col(date(ProgressReport::PeriodStart))
                .col(date(ProgressReport::PeriodEnd))
                .col(text(ProgressReport::Highlights))
                .col(text_null(ProgressReport::Problems))
                .col(text_null(ProgressReport::NextSteps))
                .col(integer(ProgressReport::EnterprisesEnlisted))
                .col(integer(ProgressReport::FairsHeld))
                .col(integer(ProgressReport::EventsHeld))
                .col(integer(ProgressReport::EventsClosed))
                .col(integer(ProgressReport::CountyVisits))
                .col(integer(ProgressReport::JobsCreated))
                .col(big_integer_null(ProgressReport::SalesFen))
                .col(big_integer_null(ProgressReport::WeightGrams))
                .col(string_len(ProgressReport::FiledBy, 200))
                .col(timestamp_with_time_zone(ProgressReport::FiledAt))
                .foreign_key(&mut fk(
                    "fk_progress_report_campaign",
                    (ProgressReport::Table, ProgressReport::CampaignId),
                    (Campaign::Table, Campaign::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_progress_report_association",
                    (ProgressReport::Table, ProgressReport::AssociationId),
                    (Association::Table, Association::Id),
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "uq_progress_report_period",
            ProgressReport::Table,
            &["campaign_id", "kind", "reporter_id", "period_start"],
            true,
        ))
        .await
}

/// (ordinal, kind, name, starts, ends) of 社区的力量's phases, DESIGN §1.
const PHASES: [(i32, &str, &str, &str, &str); 9] = [
    (1, "SIGN_UP", "地方协会报名", "2019-04-01", "2019-04-30"),
    (2, "RALLY", "誓师大会", "2019-05-01", "2019-05-10"),
    (3, "PILOT", "试点", "2019-05-01", "2019-05-31"),
    (4, "PHASE", "第一阶段：全面参与", "2019-05-01", "2019-08-31"),
    (5, "SUMMARY", "第一阶段总结", "2019-08-21", "2019-08-31"),
    (6, "PHASE", "第二阶段：重点推进", "2019-09-01", "2019-11-30"),
    (7, "SUMMARY", "第二阶段总结", "2019-12-01", "2019-12-31"),
    (8, "PHASE", "第三阶段：持续推进", "2020-01-01", "2020-09-30"),
    (
        9,
        "CLOSING",
        "总结大会与白皮书发布",
        "2020-10-01",
        "2020-10-31",
    ),
];

/// (kind, value, unit, description) of the 2020 targets, DESIGN §1.
const TARGETS: [(&str, i64, &str, &str); 6] = [
    ("COMMUNITIES_JOINED", 10_000, "个", "参与社区 1 万个"),
    (
        "HOUSEHOLDS_PARTICIPATING",
        1_000_000,
        "户",
        "参与家庭 100 万户",
    ),
    ("CUSTOM_PRODUCTS", 1_000, "款", "定制研发产品 1000 款"),
    (
        "POOR_HOUSEHOLDS_DIRECT",
        100_000,
        "户",
        "直接帮扶建档立卡贫困户 10 万户",
    ),
    (
        "POOR_HOUSEHOLDS_INDIRECT",
        1_000_000,
        "户",
        "间接帮扶建档立卡贫困户 100 万户",
    ),
    ("MARKET_FAIRS", 100, "场", "全国大型市集 100 场"),
];

fn day(s: &str) -> Result<Date, DbErr> {
    Date::parse_from_str(s, "%Y-%m-%d").map_err(|e| DbErr::Migration(format!("{s}: {e}")))
}

/// Deterministic ids for the seeded rows: the campaign's id with the last group replaced.
fn seeded_id(group: u64, n: i32) -> Result<Uuid, DbErr> {
    let text = format!("0169d632-1400-7000-8000-{group:06}{n:06}");
    Uuid::parse_str(&text).map_err(|e| DbErr::Migration(format!("{text}: {e}")))
}

async fn seed_community_power(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let id = Uuid::parse_str(COMMUNITY_POWER_CAMPAIGN_ID)
        .map_err(|e| DbErr::Migration(e.to_string()))?;
    let created: ChronoDateTimeUtc = day("2019-03-15")?
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or_default();
    let mut campaign = Query::insert();
    campaign
        .into_table(Campaign::Table)
        .columns([
            Campaign::Id,
            Campaign::Name,
            Campaign::Slogan,
            Campaign::StartsOn,
            Campaign::EndsOn,
            Campaign::CreatedAt,
            Campaign::UpdatedAt,
        ])
        .values_panic([
            id.into(),
            "社区的力量".into(),
            "带一斤回家".into(),
            day("2019-04-01")?.into(),
            day("2020-10-31")?.into(),
            created.into(),
            created.into(),
        ]);
    manager.exec_stmt(campaign).await?;

    let mut phases = Query::insert();
    phases.into_table(CampaignPhase::Table).columns([
        CampaignPhase::Id,
        CampaignPhase::CampaignId,
        CampaignPhase::Ordinal,
        CampaignPhase::Kind,
        CampaignPhase::Name,
        CampaignPhase::StartsOn,
        CampaignPhase::EndsOn,
    ]);
    for (ordinal, kind, name, starts, ends) in PHASES {
        phases.values_panic([
            seeded_id(1, ordinal)?.into(),
            id.into(),
            ordinal.into(),
            kind.into(),
            name.into(),
            day(starts)?.into(),
            day(ends)?.into(),
        ]);
    }
    manager.exec_stmt(phases).await?;

    let mut targets = Query::insert();
    targets.into_table(CampaignTarget::Table).columns([
        CampaignTarget::Id,
        CampaignTarget::CampaignId,
        CampaignTarget::Kind,
        CampaignTarget::Value,
        CampaignTarget::Unit,
        CampaignTarget::Description,
    ]);
    for (n, (kind, value, unit, description)) in (1..).zip(TARGETS) {
        targets.values_panic([
            seeded_id(2, n)?.into(),
            id.into(),
            kind.into(),
            value.into(),
            unit.into(),
            description.into(),
        ]);
    }
    manager.exec_stmt(targets).await
}
