//! GraphQL objects of the participants domain, built from the table models.

use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use gateway_macros::connections;
use kernel::{OrgKind, OrgRef};
use participants::entity::{api_credential, association, enterprise, household, project, team};
use participants::privacy::{self, Disclosure};

use crate::schema::connection::connect_scoped;
use crate::schema::connection::{Conn, PageArgs};
use crate::schema::ids;
use crate::schema::loaders::{
    AssociationKey, EnterpriseKey, HouseholdKey, ProjectKey, TeamKey, TeamMembersKey,
};
use crate::schema::regions::{Region, region_by_code};
use crate::schema::{actor, load_children, load_one, state};

/// 协会类型
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "participants::entity::association::AssociationKind")]
pub enum AssociationKind {
    /// 全国性协会 (national)
    National,
    /// 地方协会 (local)
    Local,
}

/// 联盟区域: the alliance's five service regions.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "participants::entity::enterprise::AllianceRegion")]
pub enum AllianceRegion {
    /// 华南
    SouthChina,
    /// 华北东北
    NorthAndNortheast,
    /// 华中
    CentralChina,
    /// 华东
    EastChina,
    /// 西北西南
    NorthwestAndSouthwest,
}

/// 物业类型
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "participants::entity::project::PropertyType")]
pub enum PropertyType {
    /// 住宅
    Residential,
    /// 商业
    Commercial,
    /// 写字楼
    Office,
    /// 产业园区
    IndustrialPark,
    /// 公共建筑
    Public,
    /// 其他
    Other,
}

/// How much of the contacts of an organisation the caller sees (`participants::privacy`).
fn contacts(ctx: &Context<'_>, kind: OrgKind, id: uuid::Uuid) -> async_graphql::Result<Disclosure> {
    Ok(privacy::contacts(actor(ctx)?, OrgRef { kind, id }))
}

/// 协会: a national or local property-management association.
pub struct Association(pub association::Model);

#[connections]
#[Object]
impl Association {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Association>(self.0.id)
    }
    /// 名称
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 类型: national or local.
    async fn kind(&self) -> AssociationKind {
        self.0.kind.into()
    }
    /// 所在地区
    async fn region(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Region>> {
        region_by_code(ctx, self.0.region_code.as_deref()).await
    }
    /// 上级协会
    async fn parent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Association>> {
        let Some(parent) = self.0.parent_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, AssociationKey(parent))
            .await?
            .map(Association))
    }
    /// 联系人
    async fn contact_name(&self) -> Option<&str> {
        self.0.contact_name.as_deref()
    }
    /// 联系电话 (masked except for the association's own admins)
    async fn contact_phone(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(contacts(ctx, OrgKind::Association, self.0.id)?.phone(self.0.contact_phone.as_deref()))
    }
    /// 会员企业: the member enterprises the caller may see.
    async fn enterprises(
        &self,
        ctx: &Context<'_>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<Enterprise>> {
        let (list, count) = (
            participants::enterprise::list_members,
            participants::enterprise::count_members,
        );
        connect_scoped(ctx, args, self.0.id, list, count, Enterprise).await
    }
    /// 创建时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// 更新时间
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// 物业服务企业: a property-service enterprise.
pub struct Enterprise(pub enterprise::Model);

#[connections]
#[Object]
impl Enterprise {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Enterprise>(self.0.id)
    }
    /// 企业名称
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 所属协会
    async fn association(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Association>> {
        let Some(id) = self.0.association_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, AssociationKey(id)).await?.map(Association))
    }
    /// 联盟区域
    async fn alliance_region(&self) -> AllianceRegion {
        self.0.alliance_region.into()
    }
    /// 所在城市
    async fn region(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Region>> {
        region_by_code(ctx, self.0.region_code.as_deref()).await
    }
    /// 地址
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }
    /// 微信公众号
    async fn wechat_official_account(&self) -> Option<&str> {
        self.0.wechat_official_account.as_deref()
    }
    /// 网站
    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }
    /// 扶贫工作负责人
    async fn lead_name(&self) -> Option<&str> {
        self.0.lead_name.as_deref()
    }
    /// 负责人电话 (masked except for the enterprise's own admins)
    async fn lead_phone(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        self.phone(ctx, self.0.lead_phone.as_deref())
    }
    /// 扶贫工作专员
    async fn specialist_name(&self) -> Option<&str> {
        self.0.specialist_name.as_deref()
    }
    /// 专员电话 (masked except for the enterprise's own admins)
    async fn specialist_phone(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        self.phone(ctx, self.0.specialist_phone.as_deref())
    }
    /// 参战项目: the enterprise's projects.
    async fn projects(
        &self,
        ctx: &Context<'_>,
        args: PageArgs,
    ) -> async_graphql::Result<Conn<Project>> {
        let filter = participants::project::ProjectFilter {
            enterprise_id: Some(self.0.id),
            city_code: None,
        };
        super::project_connection(ctx, filter, args).await
    }
    /// 创建时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// 更新时间
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

impl Enterprise {
    fn phone(
        &self,
        ctx: &Context<'_>,
        phone: Option<&str>,
    ) -> async_graphql::Result<Option<String>> {
        Ok(contacts(ctx, OrgKind::Enterprise, self.0.id)?.phone(phone))
    }
}

/// 参战项目: a community (小区) or other property an enterprise manages.
pub struct Project(pub project::Model);

#[connections]
#[Object]
impl Project {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Project>(self.0.id)
    }
    /// 项目名称
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 所属企业
    async fn enterprise(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Enterprise>> {
        Ok(load_one(ctx, EnterpriseKey(self.0.enterprise_id))
            .await?
            .map(Enterprise))
    }
    /// 所在城市
    async fn city(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Region>> {
        region_by_code(ctx, Some(&self.0.city_code)).await
    }
    /// 物业类型
    async fn property_type(&self) -> PropertyType {
        self.0.property_type.into()
    }
    /// 地址
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }
    /// 户数: households the project manages.
    async fn household_count(&self) -> i32 {
        self.0.household_count
    }
    /// 联系人
    async fn contact_name(&self) -> Option<&str> {
        self.0.contact_name.as_deref()
    }
    /// 联系人手机 (masked except for the enterprise's own admins)
    async fn contact_phone(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(contacts(ctx, OrgKind::Enterprise, self.0.enterprise_id)?
            .phone(self.0.contact_phone.as_deref()))
    }
    /// 战队: the project's teams.
    async fn teams(&self, ctx: &Context<'_>, args: PageArgs) -> async_graphql::Result<Conn<Team>> {
        super::team_connection(ctx, Some(self.0.id), args).await
    }
    /// 创建时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// 更新时间
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// 业主/住户: a resident household.
pub struct Household(pub household::Model);

#[Object]
impl Household {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Household>(self.0.id)
    }
    /// 所在项目
    async fn project(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Project>> {
        Ok(load_one(ctx, ProjectKey(self.0.project_id))
            .await?
            .map(Project))
    }
    /// APP 用户 ID: the company APP's own id for this resident; shown to its enterprise (admins
    /// and APP) and to the resident itself, null for everyone else (teammates included).
    async fn external_user_id(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(privacy::resident(actor(ctx)?, &self.0).external_user_id)
    }
    /// 称呼 (masked, e.g. 张*, except for the enterprise's own admins)
    async fn display_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(privacy::resident(actor(ctx)?, &self.0).display_name)
    }
    /// 手机 (masked, e.g. 138****8000, except for the enterprise's own admins)
    async fn phone(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(privacy::resident(actor(ctx)?, &self.0).phone)
    }
    /// 所在战队: the team the household is in now.
    async fn team(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Team>> {
        let Some(team) = self.0.team_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, TeamKey(team)).await?.map(Team))
    }
    /// 登记时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// 战队: residents of one project who buy and rank together.
pub struct Team(pub team::Model);

#[Object]
impl Team {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::Team>(self.0.id)
    }
    /// 战队名称
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 所在项目
    async fn project(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Project>> {
        Ok(load_one(ctx, ProjectKey(self.0.project_id))
            .await?
            .map(Project))
    }
    /// 队长
    async fn captain(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Household>> {
        let Some(captain) = self.0.captain_id else {
            return Ok(None);
        };
        Ok(load_one(ctx, HouseholdKey(captain)).await?.map(Household))
    }
    /// 队员: current members, longest-standing first.
    async fn members(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Household>> {
        load_children(ctx, TeamMembersKey(self.0.id), Household).await
    }
    /// 队员人数
    async fn member_count(&self, ctx: &Context<'_>) -> async_graphql::Result<usize> {
        Ok(load_one(ctx, TeamMembersKey(self.0.id))
            .await?
            .map_or(0, |m| m.len()))
    }
    /// 成立时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// API 凭证: a long-lived credential of a company's APP backend. The secret is shown once, at
/// creation; afterwards only its last four characters.
pub struct ApiCredential(pub api_credential::Model);

#[Object]
impl ApiCredential {
    /// 全局 ID
    pub async fn id(&self) -> ID {
        ids::gid::<ids::ApiCredential>(self.0.id)
    }
    /// 名称, e.g. "住这儿 APP 生产环境"
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// 密钥末四位: to recognise the secret without revealing it.
    async fn last_four(&self) -> &str {
        &self.0.last_four
    }
    /// 所属企业
    async fn enterprise(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Enterprise>> {
        Ok(load_one(ctx, EnterpriseKey(self.0.enterprise_id))
            .await?
            .map(Enterprise))
    }
    /// 创建人 (token subject)
    async fn created_by(&self) -> &str {
        &self.0.created_by
    }
    /// 创建时间
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// 过期时间 (null: never)
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }
    /// 最近使用时间 (to the minute)
    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at
    }
    /// 吊销时间
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
    /// 是否有效: not revoked and not expired.
    async fn active(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(participants::credential::is_active(
            &self.0,
            state(ctx)?.clock.now(),
        ))
    }
}
