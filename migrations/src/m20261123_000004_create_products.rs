//! Products: poverty counties and pairings, suppliers and their pseudonymous beneficiaries,
//! products with stock and its movements, certifications with their history, stores, the
//! projects they serve, and listings.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Region {
    Table,
    Code,
}
#[derive(DeriveIden)]
enum Enterprise {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Project {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PovertyCounty {
    Table,
    RegionCode,
    NationalKey,
    ContiguousArea,
    ExitedYear,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CountyPairing {
    Table,
    Id,
    OrgKind,
    OrgId,
    RegionCode,
    Kind,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Supplier {
    Table,
    Id,
    Name,
    Kind,
    Uscc,
    CountyCode,
    ContactName,
    ContactPhone,
    BenefitMechanisms,
    LinkedPoorHouseholds,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SupplierBeneficiary {
    Table,
    Id,
    SupplierId,
    HouseholdRef,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Product {
    Table,
    Id,
    SupplierId,
    Name,
    Category,
    Description,
    Images,
    Spec,
    Unit,
    NetWeightGrams,
    WeightIsEquivalent,
    PriceFen,
    OnHand,
    Reserved,
    OriginCountyCode,
    Status,
    CustomForEnterpriseId,
    CountyVisitId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum StockMovement {
    Table,
    Id,
    ProductId,
    SupplierId,
    Kind,
    Quantity,
    Reason,
    Actor,
    At,
}

#[derive(DeriveIden)]
enum Certification {
    Table,
    Id,
    ProductId,
    SupplierId,
    State,
    PublicityEndsOn,
    CatalogueBatch,
    CertificateNo,
    ValidFrom,
    ValidTo,
    CreatedAt,
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
enum Store {
    Table,
    Id,
    EnterpriseId,
    Kind,
    Name,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum StoreProject {
    Table,
    Id,
    StoreId,
    ProjectId,
    EnterpriseId,
}

#[derive(DeriveIden)]
enum Listing {
    Table,
    Id,
    StoreId,
    EnterpriseId,
    ProductId,
    StorePriceFen,
    SortOrder,
    Featured,
    OnShelf,
    CreatedAt,
    UpdatedAt,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PovertyCounty::Table)
                    .col(string_len(PovertyCounty::RegionCode, 6).primary_key())
                    .col(boolean(PovertyCounty::NationalKey))
                    .col(string_len_null(PovertyCounty::ContiguousArea, 64))
                    .col(integer_null(PovertyCounty::ExitedYear))
                    .col(string_len(PovertyCounty::UpdatedBy, 200))
                    .col(timestamp_with_time_zone(PovertyCounty::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_poverty_county_region",
                        (PovertyCounty::Table, PovertyCounty::RegionCode),
                        (Region::Table, Region::Code),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CountyPairing::Table)
                    .col(pk_uuid(CountyPairing::Id))
                    .col(string_len(CountyPairing::OrgKind, 16))
                    .col(uuid(CountyPairing::OrgId))
                    .col(string_len(CountyPairing::RegionCode, 6))
                    .col(string_len(CountyPairing::Kind, 16))
                    .col(timestamp_with_time_zone(CountyPairing::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_county_pairing_region",
                        (CountyPairing::Table, CountyPairing::RegionCode),
                        (Region::Table, Region::Code),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "uq_county_pairing",
                CountyPairing::Table,
                &["org_id", "region_code", "kind"],
                true,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Supplier::Table)
                    .col(pk_uuid(Supplier::Id))
                    .col(string_len(Supplier::Name, 200))
                    .col(string_len(Supplier::Kind, 32))
                    .col(string_len_uniq(Supplier::Uscc, 18))
                    .col(string_len(Supplier::CountyCode, 6))
                    .col(string_len_null(Supplier::ContactName, 64))
                    .col(string_len_null(Supplier::ContactPhone, 16))
                    .col(string_len(Supplier::BenefitMechanisms, 100))
                    .col(integer(Supplier::LinkedPoorHouseholds))
                    .col(timestamp_with_time_zone(Supplier::CreatedAt))
                    .col(timestamp_with_time_zone(Supplier::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_supplier_county",
                        (Supplier::Table, Supplier::CountyCode),
                        (Region::Table, Region::Code),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SupplierBeneficiary::Table)
                    .col(pk_uuid(SupplierBeneficiary::Id))
                    .col(uuid(SupplierBeneficiary::SupplierId))
                    .col(string_len(SupplierBeneficiary::HouseholdRef, 64))
                    .col(timestamp_with_time_zone(SupplierBeneficiary::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_supplier_beneficiary_supplier",
                        (SupplierBeneficiary::Table, SupplierBeneficiary::SupplierId),
                        (Supplier::Table, Supplier::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "uq_supplier_beneficiary",
                SupplierBeneficiary::Table,
                &["supplier_id", "household_ref"],
                true,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Product::Table)
                    .col(pk_uuid(Product::Id))
                    .col(uuid(Product::SupplierId))
                    .col(string_len(Product::Name, 200))
                    .col(string_len(Product::Category, 32))
                    .col(text_null(Product::Description))
                    .col(text(Product::Images))
                    .col(string_len_null(Product::Spec, 100))
                    .col(string_len(Product::Unit, 16))
                    .col(big_integer(Product::NetWeightGrams))
                    .col(boolean(Product::WeightIsEquivalent))
                    .col(big_integer(Product::PriceFen))
                    .col(big_integer(Product::OnHand).default(0))
                    .col(big_integer(Product::Reserved).default(0))
                    .col(string_len(Product::OriginCountyCode, 6))
                    .col(string_len(Product::Status, 16))
                    .col(uuid_null(Product::CustomForEnterpriseId))
                    .col(uuid_null(Product::CountyVisitId))
                    .col(timestamp_with_time_zone(Product::CreatedAt))
                    .col(timestamp_with_time_zone(Product::UpdatedAt))
                    .check(Expr::col(Product::Reserved).gte(0))
                    .check(Expr::col(Product::OnHand).gte(Expr::col(Product::Reserved)))
                    .foreign_key(&mut fk(
                        "fk_product_supplier",
                        (Product::Table, Product::SupplierId),
                        (Supplier::Table, Supplier::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_product_origin_county",
                        (Product::Table, Product::OriginCountyCode),
                        (Region::Table, Region::Code),
                    ))
                    .foreign_key(&mut fk(
                        "fk_product_custom_for",
                        (Product::Table, Product::CustomForEnterpriseId),
                        (Enterprise::Table, Enterprise::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_product_supplier",
                Product::Table,
                &["supplier_id"],
                false,
            ))
            .await?;
        manager
            .create_index(index(
                "idx_product_status",
                Product::Table,
                &["status"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StockMovement::Table)
                    .col(pk_uuid(StockMovement::Id))
                    .col(uuid(StockMovement::ProductId))
                    .col(uuid(StockMovement::SupplierId))
                    .col(string_len(StockMovement::Kind, 16))
                    .col(big_integer(StockMovement::Quantity))
                    .col(string_len_null(StockMovement::Reason, 200))
                    .col(string_len(StockMovement::Actor, 200))
                    .col(timestamp_with_time_zone(StockMovement::At))
                    .foreign_key(&mut fk(
                        "fk_stock_movement_product",
                        (StockMovement::Table, StockMovement::ProductId),
                        (Product::Table, Product::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_stock_movement_product",
                StockMovement::Table,
                &["product_id"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Certification::Table)
                    .col(pk_uuid(Certification::Id))
                    .col(uuid(Certification::ProductId))
                    .col(uuid(Certification::SupplierId))
                    .col(string_len(Certification::State, 24))
                    .col(date_null(Certification::PublicityEndsOn))
                    .col(string_len_null(Certification::CatalogueBatch, 64))
                    .col(string_len_null(Certification::CertificateNo, 64))
                    .col(date_null(Certification::ValidFrom))
                    .col(date_null(Certification::ValidTo))
                    .col(timestamp_with_time_zone(Certification::CreatedAt))
                    .col(timestamp_with_time_zone(Certification::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_certification_product",
                        (Certification::Table, Certification::ProductId),
                        (Product::Table, Product::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_certification_product",
                Certification::Table,
                &["product_id", "state"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CertificationEvent::Table)
                    .col(pk_uuid(CertificationEvent::Id))
                    .col(uuid(CertificationEvent::CertificationId))
                    .col(string_len_null(CertificationEvent::FromState, 24))
                    .col(string_len(CertificationEvent::ToState, 24))
                    .col(string_len(CertificationEvent::Actor, 200))
                    .col(text_null(CertificationEvent::Comment))
                    .col(timestamp_with_time_zone(CertificationEvent::At))
                    .foreign_key(&mut fk(
                        "fk_certification_event_certification",
                        (
                            CertificationEvent::Table,
                            CertificationEvent::CertificationId,
                        ),
                        (Certification::Table, Certification::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_certification_event_certification",
                CertificationEvent::Table,
                &["certification_id"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Store::Table)
                    .col(pk_uuid(Store::Id))
                    .col(uuid(Store::EnterpriseId))
                    .col(string_len(Store::Kind, 16))
                    .col(string_len(Store::Name, 100))
                    .col(timestamp_with_time_zone(Store::CreatedAt))
                    .col(timestamp_with_time_zone(Store::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_store_enterprise",
                        (Store::Table, Store::EnterpriseId),
                        (Enterprise::Table, Enterprise::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "uq_store_enterprise_name",
                Store::Table,
                &["enterprise_id", "name"],
                true,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StoreProject::Table)
                    .col(pk_uuid(StoreProject::Id))
                    .col(uuid(StoreProject::StoreId))
                    .col(uuid(StoreProject::ProjectId))
                    .col(uuid(StoreProject::EnterpriseId))
                    .foreign_key(&mut fk(
                        "fk_store_project_store",
                        (StoreProject::Table, StoreProject::StoreId),
                        (Store::Table, Store::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_store_project_project",
                        (StoreProject::Table, StoreProject::ProjectId),
                        (Project::Table, Project::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "uq_store_project",
                StoreProject::Table,
                &["store_id", "project_id"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "idx_store_project_project",
                StoreProject::Table,
                &["project_id"],
                false,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Listing::Table)
                    .col(pk_uuid(Listing::Id))
                    .col(uuid(Listing::StoreId))
                    .col(uuid(Listing::EnterpriseId))
                    .col(uuid(Listing::ProductId))
                    .col(big_integer_null(Listing::StorePriceFen))
                    .col(integer(Listing::SortOrder))
                    .col(boolean(Listing::Featured))
                    .col(boolean(Listing::OnShelf))
                    .col(timestamp_with_time_zone(Listing::CreatedAt))
                    .col(timestamp_with_time_zone(Listing::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_listing_store",
                        (Listing::Table, Listing::StoreId),
                        (Store::Table, Store::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_listing_product",
                        (Listing::Table, Listing::ProductId),
                        (Product::Table, Product::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "uq_listing_store_product",
                Listing::Table,
                &["store_id", "product_id"],
                true,
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Listing::Table.into_iden(),
            StoreProject::Table.into_iden(),
            Store::Table.into_iden(),
            CertificationEvent::Table.into_iden(),
            Certification::Table.into_iden(),
            StockMovement::Table.into_iden(),
            Product::Table.into_iden(),
            SupplierBeneficiary::Table.into_iden(),
            Supplier::Table.into_iden(),
            CountyPairing::Table.into_iden(),
            PovertyCounty::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
