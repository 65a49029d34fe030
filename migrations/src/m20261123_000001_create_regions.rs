//! The national division table (GB/T 2260 codes, NBS 2023 revision), shipped as
//! `migrations/data/regions-2023.csv` and loaded here so every database has the same regions.

use sea_orm_migration::{prelude::*, schema::*};

const REGIONS_2023: &str = include_str!("../data/regions-2023.csv");
const REVISION: &str = "2023";
/// Rows per INSERT: well under SQLite's 32,766 bound-parameter limit (7 columns per row).
const BATCH: usize = 500;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Region {
    Table,
    Code,
    Name,
    Level,
    ParentCode,
    Province,
    City,
    Revision,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Region::Table)
                    .col(string_len(Region::Code, 6).primary_key())
                    .col(string_len(Region::Name, 64))
                    .col(string_len(Region::Level, 16))
                    .col(string_len_null(Region::ParentCode, 6))
                    .col(string_len(Region::Province, 64))
                    .col(string_len_null(Region::City, 64))
                    .col(string_len(Region::Revision, 8))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_region_parent_code")
                    .table(Region::Table)
                    .col(Region::ParentCode)
                    .to_owned(),
            )
            .await?;

        let rows = parse_rows()?;
        for chunk in rows.chunks(BATCH) {
            let mut insert = Query::insert();
            insert.into_table(Region::Table).columns([
                Region::Code,
                Region::Name,
                Region::Level,
                Region::ParentCode,
                Region::Province,
                Region::City,
                Region::Revision,
            ]);
            for row in chunk {
                insert.values_panic([
                    row[0].into(),
                    row[1].into(),
                    row[2].into(),
                    non_empty(row[3]).into(),
                    row[4].into(),
                    non_empty(row[5]).into(),
                    REVISION.into(),
                ]);
            }
            manager.exec_stmt(insert).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Region::Table).to_owned())
            .await
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// The file has no quoted fields (checked here), so a plain split is exact.
///
/// Three prefecture-level cities without districts (东莞 441900, 中山 442000, 儋州 460400) are
/// listed twice, as CITY and as COUNTY under the same code; the CITY row is kept, since a code
/// names one region.
fn parse_rows() -> Result<Vec<[&'static str; 6]>, DbErr> {
    let mut seen = std::collections::HashSet::new();
    let mut lines = REGIONS_2023.lines();
    let header = lines.next().unwrap_or_default();
    if header != "code,name,level,parent_code,province,city" {
        return Err(DbErr::Migration(format!(
            "unexpected regions header: {header}"
        )));
    }
    lines
        .filter(|l| !l.is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            <[&str; 6]>::try_from(fields)
                .ok()
                .filter(|f| !line.contains('"') && f[0].len() == 6)
                .ok_or_else(|| DbErr::Migration(format!("bad regions row: {line}")))
        })
        .filter(|row| row.as_ref().map_or(true, |r| seen.insert(r[0])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_has_every_level() {
        let rows = parse_rows().unwrap();
        assert_eq!(rows.len(), 3348);
        let count = |level: &str| rows.iter().filter(|r| r[2] == level).count();
        assert_eq!(
            (count("PROVINCE"), count("CITY"), count("COUNTY")),
            (31, 342, 2975)
        );
    }
}
