//! Community group buys (社区团购): the group buy with its running totals (changed only by
//! conditional UPDATEs, which also enforce the cap and the open window), the listings it offers
//! at a group price, each household's join and its lines. An order made from a join names its
//! group buy (`customer_order.group_buy_id`), which makes its ledger channel GROUP_BUY.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CustomerOrder {
    Table,
    GroupBuyId,
}

#[derive(DeriveIden)]
enum GroupBuy {
    Table,
    Id,
    EnterpriseId,
    ProjectId,
    StoreId,
    LeaderHouseholdId,
    ClubKind,
    ClubName,
    Title,
    OccasionId,
    MinimumUnits,
    MinimumGrams,
    CapUnits,
    OpensAt,
    ClosesAt,
    PickupPoint,
    Note,
    State,
    JoinedHouseholds,
    JoinedUnits,
    JoinedGrams,
    JoinedFen,
    ClosedAt,
    OpenedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupBuyItem {
    Table,
    Id,
    GroupBuyId,
    EnterpriseId,
    LineIndex,
    ListingId,
    ProductId,
    SupplierId,
    GroupPriceFen,
    UnitGrams,
}

#[derive(DeriveIden)]
enum GroupBuyJoin {
    Table,
    Id,
    GroupBuyId,
    EnterpriseId,
    ProjectId,
    HouseholdId,
    State,
    Units,
    Grams,
    Fen,
    OrderId,
    JoinedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupBuyJoinLine {
    Table,
    Id,
    JoinId,
    GroupBuyId,
    ItemId,
    ProductId,
    Quantity,
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden + 'static,
    cols: Vec<DynIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col);
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CustomerOrder::Table)
                    .add_column(uuid_null(CustomerOrder::GroupBuyId))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_customer_order_group_buy",
            CustomerOrder::Table,
            vec![CustomerOrder::GroupBuyId.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(GroupBuy::Table)
                    .col(pk_uuid(GroupBuy::Id))
                    .col(uuid(GroupBuy::EnterpriseId))
                    .col(uuid(GroupBuy::ProjectId))
                    .col(uuid(GroupBuy::StoreId))
                    .col(uuid_null(GroupBuy::LeaderHouseholdId))
                    .col(string_len(GroupBuy::ClubKind, 16))
                    .col(string_len_null(GroupBuy::ClubName, 50))
                    .col(string_len(GroupBuy::Title, 100))
                    .col(uuid_null(GroupBuy::OccasionId))
                    .col(big_integer_null(GroupBuy::MinimumUnits))
                    .col(big_integer_null(GroupBuy::MinimumGrams))
                    .col(big_integer_null(GroupBuy::CapUnits))
                    .col(timestamp_with_time_zone(GroupBuy::OpensAt))
                    .col(timestamp_with_time_zone(GroupBuy::ClosesAt))
                    .col(string_len(GroupBuy::PickupPoint, 200))
                    .col(string_len_null(GroupBuy::Note, 500))
                    .col(string_len(GroupBuy::State, 16))
                    .col(big_integer(GroupBuy::JoinedHouseholds))
                    .col(big_integer(GroupBuy::JoinedUnits))
                    .col(big_integer(GroupBuy::JoinedGrams))
                    .col(big_integer(GroupBuy::JoinedFen))
                    .col(timestamp_with_time_zone_null(GroupBuy::ClosedAt))
                    .col(string_len(GroupBuy::OpenedBy, 200))
                    .col(timestamp_with_time_zone(GroupBuy::CreatedAt))
                    .col(timestamp_with_time_zone(GroupBuy::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_group_buy_due",
            GroupBuy::Table,
            vec![GroupBuy::State.into_iden(), GroupBuy::ClosesAt.into_iden()],
            false,
        )
        .await?;
        index(
            manager,
            "idx_group_buy_enterprise",
            GroupBuy::Table,
            vec![GroupBuy::EnterpriseId.into_iden()],
            false,
        )
        .await?;
        index(
            manager,
            "idx_group_buy_project",
            GroupBuy::Table,
            vec![GroupBuy::ProjectId.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(GroupBuyItem::Table)
                    .col(pk_uuid(GroupBuyItem::Id))
                    .col(uuid(GroupBuyItem::GroupBuyId))
                    .col(uuid(GroupBuyItem::EnterpriseId))
                    .col(integer(GroupBuyItem::LineIndex))
                    .col(uuid(GroupBuyItem::ListingId))
                    .col(uuid(GroupBuyItem::ProductId))
                    .col(uuid(GroupBuyItem::SupplierId))
                    .col(big_integer(GroupBuyItem::GroupPriceFen))
                    .col(big_integer(GroupBuyItem::UnitGrams))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_group_buy_item_group_buy")
                            .from(GroupBuyItem::Table, GroupBuyItem::GroupBuyId)
                            .to(GroupBuy::Table, GroupBuy::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_group_buy_item_group_buy",
            GroupBuyItem::Table,
            vec![GroupBuyItem::GroupBuyId.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(GroupBuyJoin::Table)
                    .col(pk_uuid(GroupBuyJoin::Id))
                    .col(uuid(GroupBuyJoin::GroupBuyId))
                    .col(uuid(GroupBuyJoin::EnterpriseId))
                    .col(uuid(GroupBuyJoin::ProjectId))
                    .col(uuid(GroupBuyJoin::HouseholdId))
                    .col(string_len(GroupBuyJoin::State, 16))
                    .col(big_integer(GroupBuyJoin::Units))
                    .col(big_integer(GroupBuyJoin::Grams))
                    .col(big_integer(GroupBuyJoin::Fen))
                    .col(uuid_null(GroupBuyJoin::OrderId))
                    .col(string_len(GroupBuyJoin::JoinedBy, 200))
                    .col(timestamp_with_time_zone(GroupBuyJoin::CreatedAt))
                    .col(timestamp_with_time_zone(GroupBuyJoin::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_group_buy_join_group_buy")
                            .from(GroupBuyJoin::Table, GroupBuyJoin::GroupBuyId)
                            .to(GroupBuy::Table, GroupBuy::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One join per household and group buy: a change edits it, a withdrawal marks it.
        index(
            manager,
            "uq_group_buy_join_household",
            GroupBuyJoin::Table,
            vec![
                GroupBuyJoin::GroupBuyId.into_iden(),
                GroupBuyJoin::HouseholdId.into_iden(),
            ],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(GroupBuyJoinLine::Table)
                    .col(pk_uuid(GroupBuyJoinLine::Id))
                    .col(uuid(GroupBuyJoinLine::JoinId))
                    .col(uuid(GroupBuyJoinLine::GroupBuyId))
                    .col(uuid(GroupBuyJoinLine::ItemId))
                    .col(uuid(GroupBuyJoinLine::ProductId))
                    .col(big_integer(GroupBuyJoinLine::Quantity))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_group_buy_join_line_join")
                            .from(GroupBuyJoinLine::Table, GroupBuyJoinLine::JoinId)
                            .to(GroupBuyJoin::Table, GroupBuyJoin::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_group_buy_join_line_join",
            GroupBuyJoinLine::Table,
            vec![GroupBuyJoinLine::JoinId.into_iden()],
            false,
        )
        .await?;
        index(
            manager,
            "idx_group_buy_join_line_group_buy",
            GroupBuyJoinLine::Table,
            vec![GroupBuyJoinLine::GroupBuyId.into_iden()],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            GroupBuyJoinLine::Table.into_iden(),
            GroupBuyJoin::Table.into_iden(),
            GroupBuyItem::Table.into_iden(),
            GroupBuy::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("idx_customer_order_group_buy")
                    .table(CustomerOrder::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CustomerOrder::Table)
                    .drop_column(CustomerOrder::GroupBuyId)
                    .to_owned(),
            )
            .await
    }
}
