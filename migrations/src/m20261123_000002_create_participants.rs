//! Participants: associations, enterprises, projects (communities), households, teams and the
//! API credentials of companies' APP backends. Every tenant-owned row carries `enterprise_id` so
//! that the data can later be distributed by enterprise.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Region {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Association {
    Table,
    Id,
    Name,
    Kind,
    RegionCode,
    ParentId,
    ContactName,
    ContactPhone,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Enterprise {
    Table,
    Id,
    Name,
    AssociationId,
    AllianceRegion,
    RegionCode,
    Address,
    WechatOfficialAccount,
    Website,
    LeadName,
    LeadPhone,
    SpecialistName,
    SpecialistPhone,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Project {
    Table,
    Id,
    EnterpriseId,
    CityCode,
    Name,
    PropertyType,
    Address,
    HouseholdCount,
    ContactName,
    ContactPhone,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Household {
    Table,
    Id,
    EnterpriseId,
    ProjectId,
    ExternalUserId,
    DisplayName,
    Phone,
    TeamId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Team {
    Table,
    Id,
    EnterpriseId,
    ProjectId,
    Name,
    CaptainId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TeamMembership {
    Table,
    Id,
    EnterpriseId,
    TeamId,
    HouseholdId,
    JoinedAt,
    LeftAt,
}

#[derive(DeriveIden)]
enum ApiCredential {
    Table,
    Id,
    EnterpriseId,
    Name,
    SecretHash,
    LastFour,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    LastUsedAt,
    RevokedAt,
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

fn index(name: &str, table: impl IntoIden + 'static, cols: Vec<Alias>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Association::Table)
                    .col(pk_uuid(Association::Id))
                    .col(string_len_uniq(Association::Name, 200))
                    .col(string_len(Association::Kind, 16))
                    .col(string_len_null(Association::RegionCode, 6))
                    .col(uuid_null(Association::ParentId))
                    .col(string_len_null(Association::ContactName, 64))
                    .col(string_len_null(Association::ContactPhone, 16))
                    .col(timestamp_with_time_zone(Association::CreatedAt))
                    .col(timestamp_with_time_zone(Association::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_association_region",
                        (Association::Table, Association::RegionCode),
                        (Region::Table, Region::Code),
                    ))
                    .foreign_key(&mut fk(
                        "fk_association_parent",
                        (Association::Table, Association::ParentId),
                        (Association::Table, Association::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Enterprise::Table)
                    .col(pk_uuid(Enterprise::Id))
                    .col(string_len_uniq(Enterprise::Name, 200))
                    .col(uuid_null(Enterprise::AssociationId))
                    .col(string_len(Enterprise::AllianceRegion, 32))
                    .col(string_len_null(Enterprise::RegionCode, 6))
                    .col(string_len_null(Enterprise::Address, 300))
                    .col(string_len_null(Enterprise::WechatOfficialAccount, 100))
                    .col(string_len_null(Enterprise::Website, 300))
                    .col(string_len_null(Enterprise::LeadName, 64))
                    .col(string_len_null(Enterprise::LeadPhone, 16))
                    .col(string_len_null(Enterprise::SpecialistName, 64))
                    .col(string_len_null(Enterprise::SpecialistPhone, 16))
                    .col(timestamp_with_time_zone(Enterprise::CreatedAt))
                    .col(timestamp_with_time_zone(Enterprise::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_enterprise_association",
                        (Enterprise::Table, Enterprise::AssociationId),
                        (Association::Table, Association::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_enterprise_region",
                        (Enterprise::Table, Enterprise::RegionCode),
                        (Region::Table, Region::Code),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_enterprise_association",
                Enterprise::Table,
                vec![Alias::new("association_id")],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Project::Table)
                    .col(pk_uuid(Project::Id))
                    .col(uuid(Project::EnterpriseId))
                    .col(string_len(Project::CityCode, 6))
                    .col(string_len(Project::Name, 200))
                    .col(string_len(Project::PropertyType, 32))
                    .col(string_len_null(Project::Address, 300))
                    .col(integer(Project::HouseholdCount))
                    .col(string_len_null(Project::ContactName, 64))
                    .col(string_len_null(Project::ContactPhone, 16))
                    .col(timestamp_with_time_zone(Project::CreatedAt))
                    .col(timestamp_with_time_zone(Project::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_project_enterprise",
                        (Project::Table, Project::EnterpriseId),
                        (Enterprise::Table, Enterprise::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_project_city",
                        (Project::Table, Project::CityCode),
                        (Region::Table, Region::Code),
                    ))
                    .to_owned(),
            )
            .await?;
        // A project is known by its enterprise, city and name: the key a re-imported
        // 参战项目列表 row is matched on.
        manager
            .create_index(
                index(
                    "uq_project_enterprise_city_name",
                    Project::Table,
                    vec![
                        Alias::new("enterprise_id"),
                        Alias::new("city_code"),
                        Alias::new("name"),
                    ],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Team::Table)
                    .col(pk_uuid(Team::Id))
                    .col(uuid(Team::EnterpriseId))
                    .col(uuid(Team::ProjectId))
                    .col(string_len(Team::Name, 100))
                    .col(uuid_null(Team::CaptainId))
                    .col(timestamp_with_time_zone(Team::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_team_enterprise",
                        (Team::Table, Team::EnterpriseId),
                        (Enterprise::Table, Enterprise::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_team_project",
                        (Team::Table, Team::ProjectId),
                        (Project::Table, Project::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_team_project_name",
                    Team::Table,
                    vec![Alias::new("project_id"), Alias::new("name")],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Household::Table)
                    .col(pk_uuid(Household::Id))
                    .col(uuid(Household::EnterpriseId))
                    .col(uuid(Household::ProjectId))
                    .col(string_len_null(Household::ExternalUserId, 128))
                    .col(string_len_null(Household::DisplayName, 64))
                    .col(string_len_null(Household::Phone, 16))
                    .col(uuid_null(Household::TeamId))
                    .col(timestamp_with_time_zone(Household::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_household_enterprise",
                        (Household::Table, Household::EnterpriseId),
                        (Enterprise::Table, Enterprise::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_household_project",
                        (Household::Table, Household::ProjectId),
                        (Project::Table, Project::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_household_team",
                        (Household::Table, Household::TeamId),
                        (Team::Table, Team::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // The same APP user always maps to the same household (issueHouseholdToken is
        // idempotent because of this index, also under concurrent first logins).
        manager
            .create_index(
                index(
                    "uq_household_enterprise_external_user",
                    Household::Table,
                    vec![Alias::new("enterprise_id"), Alias::new("external_user_id")],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_household_project",
                Household::Table,
                vec![Alias::new("project_id")],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_household_team",
                Household::Table,
                vec![Alias::new("team_id")],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TeamMembership::Table)
                    .col(pk_uuid(TeamMembership::Id))
                    .col(uuid(TeamMembership::EnterpriseId))
                    .col(uuid(TeamMembership::TeamId))
                    .col(uuid(TeamMembership::HouseholdId))
                    .col(timestamp_with_time_zone(TeamMembership::JoinedAt))
                    .col(timestamp_with_time_zone_null(TeamMembership::LeftAt))
                    .foreign_key(&mut fk(
                        "fk_team_membership_team",
                        (TeamMembership::Table, TeamMembership::TeamId),
                        (Team::Table, Team::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_team_membership_household",
                        (TeamMembership::Table, TeamMembership::HouseholdId),
                        (Household::Table, Household::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_team_membership_team",
                TeamMembership::Table,
                vec![Alias::new("team_id")],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiCredential::Table)
                    .col(pk_uuid(ApiCredential::Id))
                    .col(uuid(ApiCredential::EnterpriseId))
                    .col(string_len(ApiCredential::Name, 100))
                    .col(string_len_uniq(ApiCredential::SecretHash, 64))
                    .col(string_len(ApiCredential::LastFour, 4))
                    .col(string_len(ApiCredential::CreatedBy, 200))
                    .col(timestamp_with_time_zone(ApiCredential::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiCredential::ExpiresAt))
                    .col(timestamp_with_time_zone_null(ApiCredential::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiCredential::RevokedAt))
                    .foreign_key(&mut fk(
                        "fk_api_credential_enterprise",
                        (ApiCredential::Table, ApiCredential::EnterpriseId),
                        (Enterprise::Table, Enterprise::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ApiCredential::Table.into_iden(),
            TeamMembership::Table.into_iden(),
            Household::Table.into_iden(),
            Team::Table.into_iden(),
            Project::Table.into_iden(),
            Enterprise::Table.into_iden(),
            Association::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
