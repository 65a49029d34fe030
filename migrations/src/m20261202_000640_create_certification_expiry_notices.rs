//! `certification.expiring` is sent once per certification and valid-to date: the scan that
//! sends it inserts a notice row keyed by both in the same transaction as the outbox row, so a
//! restart or a second instance finds the key taken and sends nothing again, and a renewed
//! certification (a new valid-to) is announced once more.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CertificationExpiryNotice {
    Table,
    CertificationId,
    ValidTo,
    SupplierId,
    NotifiedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CertificationExpiryNotice::Table)
                    .col(uuid(CertificationExpiryNotice::CertificationId))
                    .col(date(CertificationExpiryNotice::ValidTo))
                    .col(uuid(CertificationExpiryNotice::SupplierId))
                    .col(timestamp_with_time_zone(
                        CertificationExpiryNotice::NotifiedAt,
                    ))
                    .primary_key(
                        Index::create()
                            .col(CertificationExpiryNotice::CertificationId)
                            .col(CertificationExpiryNotice::ValidTo),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(CertificationExpiryNotice::Table)
                    .to_owned(),
            )
            .await
    }
}
