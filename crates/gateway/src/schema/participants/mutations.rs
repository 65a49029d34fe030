//! Participants mutations. Each takes one `input` and returns a payload with the changed object
//! and `userErrors`; authentication and authorisation failures are top-level errors.

use crate::schema::payload::payload;
use async_graphql::{Enum, ID, InputObject, MaybeUndefined, SimpleObject};
use chrono::{DateTime, Utc};
use participants::project::ProjectInput;

use super::ParticipantUserError;
use super::types::{
    AllianceRegion, ApiCredential, Association, AssociationKind, Enterprise, Household, Project,
    PropertyType, Team,
};

payload!(AssociationPayload, association: Association, ParticipantUserError, "协会变更结果");
payload!(EnterprisePayload, enterprise: Enterprise, ParticipantUserError, "企业变更结果");
payload!(ProjectPayload, project: Project, ParticipantUserError, "项目变更结果");
payload!(HouseholdPayload, household: Household, ParticipantUserError, "住户变更结果");
payload!(TeamPayload, team: Team, ParticipantUserError, "战队变更结果 (join and leave also return the household)");
payload!(ApiCredentialPayload, api_credential: ApiCredential, ParticipantUserError, "API 凭证变更结果");

/// 新建协会
#[derive(InputObject)]
pub struct CreateAssociationInput {
    pub name: String,
    #[graphql(default_with = "AssociationKind::Local")]
    pub kind: AssociationKind,
    /// 6-digit region code of the association's area.
    pub region_code: Option<String>,
    pub parent_id: Option<ID>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
}

/// 修改协会: omitted fields stay, null clears.
#[derive(InputObject)]
pub struct UpdateAssociationInput {
    pub id: ID,
    pub name: Option<String>,
    pub region_code: MaybeUndefined<String>,
    pub contact_name: MaybeUndefined<String>,
    pub contact_phone: MaybeUndefined<String>,
}

/// 新建企业 (the enterprise form's profile)
#[derive(InputObject)]
pub struct CreateEnterpriseInput {
    pub name: String,
    /// The member association; an association admin may leave it out (its own).
    pub association_id: Option<ID>,
    pub alliance_region: AllianceRegion,
    /// City (or county) code of the head office.
    pub region_code: Option<String>,
    pub address: Option<String>,
    pub wechat_official_account: Option<String>,
    pub website: Option<String>,
    pub lead_name: Option<String>,
    pub lead_phone: Option<String>,
    pub specialist_name: Option<String>,
    pub specialist_phone: Option<String>,
}

/// 修改企业: omitted fields stay, null clears.
#[derive(InputObject)]
pub struct UpdateEnterpriseInput {
    pub id: ID,
    pub name: Option<String>,
    pub alliance_region: Option<AllianceRegion>,
    pub region_code: MaybeUndefined<String>,
    pub address: MaybeUndefined<String>,
    pub wechat_official_account: MaybeUndefined<String>,
    pub website: MaybeUndefined<String>,
    pub lead_name: MaybeUndefined<String>,
    pub lead_phone: MaybeUndefined<String>,
    pub specialist_name: MaybeUndefined<String>,
    pub specialist_phone: MaybeUndefined<String>,
}

/// 参战项目 as on the project list: city, name, type, address, households, contact.
#[derive(InputObject, Clone)]
pub struct ProjectRowInput {
    /// City-level region code (a municipality's 市辖区 code, e.g. 110100, for Beijing).
    pub city_code: String,
    pub name: String,
    pub property_type: PropertyType,
    pub address: Option<String>,
    pub household_count: i32,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
}

impl From<ProjectRowInput> for ProjectInput {
    fn from(row: ProjectRowInput) -> Self {
        let kind: participants::entity::project::PropertyType = row.property_type.into();
        ProjectInput {
            city_code: row.city_code,
            name: row.name,
            property_type: sea_orm::ActiveEnum::to_value(&kind),
            address: row.address,
            household_count: row.household_count,
            contact_name: row.contact_name,
            contact_phone: row.contact_phone,
        }
    }
}

/// 新建参战项目
#[derive(InputObject)]
pub struct CreateProjectInput {
    /// Platform admins name the enterprise; enterprise admins act for their own.
    pub enterprise_id: Option<ID>,
    pub project: ProjectRowInput,
}

/// 修改参战项目: omitted fields stay, null clears.
#[derive(InputObject)]
pub struct UpdateProjectInput {
    pub id: ID,
    pub name: Option<String>,
    pub property_type: Option<PropertyType>,
    pub address: MaybeUndefined<String>,
    pub household_count: Option<i32>,
    pub contact_name: MaybeUndefined<String>,
    pub contact_phone: MaybeUndefined<String>,
}

/// 批量写入的错误策略
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorPolicy {
    /// Write nothing unless every row is good.
    #[default]
    RejectEverything,
    /// Write the good rows and report the bad ones.
    RejectFailedRows,
}

/// 导入参战项目列表: give `rows` (JSON) or `csv` (the form's table, Chinese or English
/// headers), not both. Rows are matched on (city, name): re-importing the same list changes
/// nothing.
#[derive(InputObject)]
pub struct ImportProjectsInput {
    pub enterprise_id: Option<ID>,
    #[graphql(validator(max_items = 2000))]
    pub rows: Option<Vec<ProjectRowInput>>,
    pub csv: Option<String>,
    #[graphql(default)]
    pub error_policy: ErrorPolicy,
}

/// 导入行状态
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportRowStatus {
    /// A new project was created.
    Created,
    /// An existing project (same city and name) was updated.
    Updated,
    /// An existing project already had these values.
    Unchanged,
    /// Good, but not written because another row failed (REJECT_EVERYTHING).
    Skipped,
    /// The row has errors; see its userErrors.
    Failed,
}

/// 导入行结果
#[derive(SimpleObject)]
pub struct ProjectImportRow {
    /// 0-based row index (for CSV: the data row after the header).
    pub index: usize,
    pub status: ImportRowStatus,
    pub project: Option<Project>,
    pub user_errors: Vec<ParticipantUserError>,
}

/// 导入结果
#[derive(SimpleObject)]
pub struct ImportProjectsPayload {
    pub rows: Vec<ProjectImportRow>,
    pub created_count: usize,
    pub updated_count: usize,
    pub unchanged_count: usize,
    pub failed_count: usize,
    /// Problems with the input as a whole (both or neither of rows/csv, unreadable CSV, a bad
    /// enterprise id); row problems are on the rows.
    pub user_errors: Vec<ParticipantUserError>,
}

/// 登记住户
#[derive(InputObject)]
pub struct CreateHouseholdInput {
    pub project_id: ID,
    pub external_user_id: Option<String>,
    pub display_name: Option<String>,
    pub phone: Option<String>,
}

/// 组建战队
#[derive(InputObject)]
pub struct CreateTeamInput {
    pub project_id: ID,
    pub name: String,
    /// Admins and APPs may name a captain (who joins); a resident creating a team captains it.
    pub captain_id: Option<ID>,
}

/// 加入战队: residents join for themselves; admins and APPs name the household.
#[derive(InputObject)]
pub struct JoinTeamInput {
    pub team_id: ID,
    pub household_id: Option<ID>,
}

/// 退出战队: residents leave for themselves; admins and APPs name the household.
#[derive(InputObject)]
pub struct LeaveTeamInput {
    pub household_id: Option<ID>,
}

/// 新建 API 凭证
#[derive(InputObject)]
pub struct CreateApiCredentialInput {
    pub enterprise_id: Option<ID>,
    /// A name to tell credentials apart, e.g. "住这儿 APP 生产环境".
    pub name: String,
    pub expires_at: Option<DateTime<Utc>>,
}

/// 新建凭证结果: the secret is in this payload and nowhere else, ever.
#[derive(SimpleObject)]
pub struct CreateApiCredentialPayload {
    pub api_credential: Option<ApiCredential>,
    /// The secret, shown once: send it as `Authorization: Bearer <secret>`.
    pub secret: Option<String>,
    pub user_errors: Vec<ParticipantUserError>,
}

/// 吊销 API 凭证
#[derive(InputObject)]
pub struct RevokeApiCredentialInput {
    pub id: ID,
}

/// 签发住户令牌: the APP backend vouches for a signed-in resident.
#[derive(InputObject)]
pub struct IssueHouseholdTokenInput {
    /// The APP's own user id for the resident (stable across sign-ins).
    pub external_user_id: String,
    /// The project (community) the resident lives in.
    pub project_id: ID,
    pub display_name: Option<String>,
}

/// 住户令牌
#[derive(SimpleObject)]
pub struct IssueHouseholdTokenPayload {
    /// A HOUSEHOLD bearer token for the resident's mini-program or app.
    pub token: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub household: Option<Household>,
    /// True when this sign-in created the household.
    pub created: bool,
    pub user_errors: Vec<ParticipantUserError>,
}

#[derive(Default)]
pub struct ParticipantsMutation;
