//! 社区的力量's three campaign phases carry the names the campaign notice gives them (§五:
//! 广泛参与, 重点攻坚, 持续攻坚); the first seed paraphrased them. A phase an administrator has
//! renamed since keeps its name: only the seeded wording is replaced, and `down` puts it back
//! the same way.

use sea_orm_migration::prelude::*;

use crate::m20261123_000003_create_campaigns::COMMUNITY_POWER_CAMPAIGN_ID;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CampaignPhase {
    Table,
    CampaignId,
    Ordinal,
    Name,
}

/// (ordinal, seeded name, the notice's name).
const RENAMES: [(i32, &str, &str); 3] = [
    (4, "第一阶段：全面参与", "第一阶段：广泛参与"),
    (6, "第二阶段：重点推进", "第二阶段：重点攻坚"),
    (8, "第三阶段：持续推进", "第三阶段：持续攻坚"),
];

async fn rename(manager: &SchemaManager<'_>, to_notice: bool) -> Result<(), DbErr> {
    let campaign =
        sea_orm_migration::sea_orm::prelude::Uuid::parse_str(COMMUNITY_POWER_CAMPAIGN_ID)
            .map_err(|e| DbErr::Migration(e.to_string()))?;
    for (ordinal, seeded, notice) in RENAMES {
        let (from, to) = if to_notice {
            (seeded, notice)
        } else {
            (notice, seeded)
        };
        manager
            .exec_stmt(
                Query::update()
                    .table(CampaignPhase::Table)
                    .value(CampaignPhase::Name, to)
                    .and_where(Expr::col(CampaignPhase::CampaignId).eq(campaign))
                    .and_where(Expr::col(CampaignPhase::Ordinal).eq(ordinal))
                    .and_where(Expr::col(CampaignPhase::Name).eq(from))
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rename(manager, true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rename(manager, false).await
    }
}
