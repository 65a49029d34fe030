//! The participants mutation resolvers: parse ids, call the domain service, shape the payload.

use std::time::Duration;

use async_graphql::{Context, Object};
use kernel::{Actor, DomainError, OrgKind, OrgRef, Role};
use participants::project::ProjectInput;
use participants::project_import::{self, ErrorPolicy as DomainPolicy, RowStatus};

use super::mutations::*;
use super::types::{ApiCredential, Association, Enterprise, Household, Project, Team};
use crate::error::{lang, split};
use crate::schema::ids;
use crate::schema::payload::user_errors;
use crate::schema::payload::{Payload, respond_parts};
use crate::schema::{actor, mutate, mutate_with, state, written};
use participants::enterprise::EnterpriseInput;

fn patch<T>(v: async_graphql::MaybeUndefined<T>) -> Option<Option<T>> {
    use async_graphql::MaybeUndefined::*;
    match v {
        Undefined => None,
        Null => Some(None),
        Value(v) => Some(Some(v)),
    }
}

#[Object]
impl ParticipantsMutation {
    /// 新建协会 (platform admins).
    async fn create_association(
        &self,
        ctx: &Context<'_>,
        input: CreateAssociationInput,
    ) -> async_graphql::Result<AssociationPayload> {
        let parent = ids::parse_opt::<ids::Association>("parentId", input.parent_id.as_ref());
        let association = parent.map(|parent_id| participants::association::AssociationInput {
            name: input.name,
            kind: Some(input.kind.into()),
            region_code: input.region_code,
            parent_id,
            contact_name: input.contact_name,
            contact_phone: input.contact_phone,
        });
        let create = participants::association::create;
        mutate(ctx, association, create, Association).await
    }

    /// 修改协会 (platform admins, or the association's own admins).
    async fn update_association(
        &self,
        ctx: &Context<'_>,
        input: UpdateAssociationInput,
    ) -> async_graphql::Result<AssociationPayload> {
        let changes = participants::association::AssociationPatch {
            name: input.name,
            region_code: patch(input.region_code),
            contact_name: patch(input.contact_name),
            contact_phone: patch(input.contact_phone),
        };
        let (id, update) = (("id", &input.id), participants::association::update);
        mutate_with::<ids::Association, _, _, _>(ctx, id, changes, update, Association).await
    }

    /// 新建企业 (platform admins; association admins into their own association).
    async fn create_enterprise(
        &self,
        ctx: &Context<'_>,
        input: CreateEnterpriseInput,
    ) -> async_graphql::Result<EnterprisePayload> {
        let association =
            ids::parse_opt::<ids::Association>("associationId", input.association_id.as_ref());
        let enterprise = association.map(|association_id| EnterpriseInput {
            name: input.name,
            association_id,
            alliance_region: input.alliance_region.into(),
            region_code: input.region_code,
            address: input.address,
            wechat_official_account: input.wechat_official_account,
            website: input.website,
            lead_name: input.lead_name,
            lead_phone: input.lead_phone,
            specialist_name: input.specialist_name,
            specialist_phone: input.specialist_phone,
        });
        mutate(
            ctx,
            enterprise,
            participants::enterprise::create,
            Enterprise,
        )
        .await
    }

    /// 修改企业 (platform, its association's admins, its own admins).
    async fn update_enterprise(
        &self,
        ctx: &Context<'_>,
        input: UpdateEnterpriseInput,
    ) -> async_graphql::Result<EnterprisePayload> {
        let changes = participants::enterprise::EnterprisePatch {
            name: input.name,
            alliance_region: input.alliance_region.map(Into::into),
            region_code: patch(input.region_code),
            address: patch(input.address),
            wechat_official_account: patch(input.wechat_official_account),
            website: patch(input.website),
            lead_name: patch(input.lead_name),
            lead_phone: patch(input.lead_phone),
            specialist_name: patch(input.specialist_name),
            specialist_phone: patch(input.specialist_phone),
        };
        let (id, update) = (("id", &input.id), participants::enterprise::update);
        mutate_with::<ids::Enterprise, _, _, _>(ctx, id, changes, update, Enterprise).await
    }

    /// 新建参战项目 (the enterprise's admins, or the platform naming the enterprise).
    async fn create_project(
        &self,
        ctx: &Context<'_>,
        input: CreateProjectInput,
    ) -> async_graphql::Result<ProjectPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let enterprise =
                ids::parse_opt::<ids::Enterprise>("enterpriseId", input.enterprise_id.as_ref())?;
            kernel::db::write(&s.db, async move |txn| {
                participants::project::create(
                    txn,
                    actor,
                    &s.clock,
                    enterprise,
                    input.project.into(),
                )
                .await
            })
            .await
            .map_err(|e| nest(e, &["project"]))
        }
        .await;
        ProjectPayload::from_result(ctx, result, Project)
    }

    /// 修改参战项目
    async fn update_project(
        &self,
        ctx: &Context<'_>,
        input: UpdateProjectInput,
    ) -> async_graphql::Result<ProjectPayload> {
        let property_type = input.property_type.map(|t| {
            let kind: participants::entity::project::PropertyType = t.into();
            sea_orm::ActiveEnum::to_value(&kind)
        });
        let changes = participants::project::ProjectPatch {
            name: input.name,
            property_type,
            address: patch(input.address),
            household_count: input.household_count,
            contact_name: patch(input.contact_name),
            contact_phone: patch(input.contact_phone),
        };
        let (id, update) = (("id", &input.id), participants::project::update);
        mutate_with::<ids::Project, _, _, _>(ctx, id, changes, update, Project).await
    }

    /// 导入参战项目列表: up to 2000 rows per call, in one transaction, with per-row results.
    async fn import_projects(
        &self,
        ctx: &Context<'_>,
        input: ImportProjectsInput,
    ) -> async_graphql::Result<ImportProjectsPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let lang = lang(ctx);
        let rows: Result<Vec<ProjectInput>, DomainError> = match (input.rows, input.csv) {
            (Some(rows), None) => Ok(rows.into_iter().map(Into::into).collect()),
            (None, Some(csv)) => {
                project_import::parse_csv(&csv).map_err(|p| DomainError::Invalid(vec![p]))
            }
            _ => Err(DomainError::invalid(
                &["rows"],
                kernel::error::codes::INVALID,
                kernel::Message::new(
                    "请提供 rows 或 csv 其中之一",
                    "give either rows or csv, not both or neither",
                ),
            )),
        };
        let policy = match input.error_policy {
            ErrorPolicy::RejectEverything => DomainPolicy::RejectEverything,
            ErrorPolicy::RejectFailedRows => DomainPolicy::RejectFailedRows,
        };
        let result = async {
            let enterprise =
                ids::parse_opt::<ids::Enterprise>("enterpriseId", input.enterprise_id.as_ref())?;
            kernel::db::write(&s.db, async move |txn| {
                project_import::import(txn, actor, &s.clock, enterprise, rows?, policy).await
            })
            .await
        }
        .await;
        let report = match split(ctx, result)? {
            Ok(report) => report,
            Err(problems) => {
                return Ok(ImportProjectsPayload {
                    rows: Vec::new(),
                    created_count: 0,
                    updated_count: 0,
                    unchanged_count: 0,
                    failed_count: 0,
                    user_errors: user_errors(lang, problems),
                });
            }
        };
        let rows = report
            .rows
            .into_iter()
            .map(|row| {
                let index = row.index.to_string();
                let problems = row
                    .problems
                    .into_iter()
                    .map(|p| p.under(&["input", "rows", &index]))
                    .collect();
                ProjectImportRow {
                    index: row.index,
                    status: match row.status {
                        RowStatus::Created => ImportRowStatus::Created,
                        RowStatus::Updated => ImportRowStatus::Updated,
                        RowStatus::Unchanged => ImportRowStatus::Unchanged,
                        RowStatus::Skipped => ImportRowStatus::Skipped,
                        RowStatus::Failed => ImportRowStatus::Failed,
                    },
                    project: row.project.map(Project),
                    user_errors: user_errors(lang, problems),
                }
            })
            .collect();
        Ok(ImportProjectsPayload {
            rows,
            created_count: report.created,
            updated_count: report.updated,
            unchanged_count: report.unchanged,
            failed_count: report.failed,
            user_errors: Vec::new(),
        })
    }

    /// 登记住户 (the enterprise's admins or APP).
    async fn create_household(
        &self,
        ctx: &Context<'_>,
        input: CreateHouseholdInput,
    ) -> async_graphql::Result<HouseholdPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let project_id = ids::parse::<ids::Project>("projectId", &input.project_id)?;
            kernel::db::write(&s.db, async move |txn| {
                participants::household::create(
                    txn,
                    actor,
                    &s.clock,
                    participants::household::HouseholdInput {
                        project_id,
                        external_user_id: input.external_user_id,
                        display_name: input.display_name,
                        phone: input.phone,
                    },
                )
                .await
            })
            .await
        }
        .await;
        HouseholdPayload::from_result(ctx, result, Household)
    }

    /// 组建战队
    async fn create_team(
        &self,
        ctx: &Context<'_>,
        input: CreateTeamInput,
    ) -> async_graphql::Result<TeamPayload> {
        let team =
            ids::parse::<ids::Project>("projectId", &input.project_id).and_then(|project_id| {
                Ok(participants::team::TeamInput {
                    project_id,
                    name: input.name,
                    captain_id: ids::parse_opt::<ids::Household>(
                        "captainId",
                        input.captain_id.as_ref(),
                    )?,
                })
            });
        mutate(ctx, team, participants::team::create, Team).await
    }

    /// 加入战队: a household is in at most one team at a time.
    async fn join_team(
        &self,
        ctx: &Context<'_>,
        input: JoinTeamInput,
    ) -> async_graphql::Result<TeamPayload> {
        let household =
            ids::parse_opt::<ids::Household>("householdId", input.household_id.as_ref());
        let join = async |txn: &_, actor: &_, clock: &_, (team, household)| {
            participants::team::join(txn, actor, clock, team, household).await
        };
        let ids =
            ids::parse::<ids::Team>("teamId", &input.team_id).and_then(|t| Ok((t, household?)));
        mutate(ctx, ids, join, |(t, _)| Team(t)).await
    }

    /// 退出战队: a leaving captain hands over to the longest-standing member.
    async fn leave_team(
        &self,
        ctx: &Context<'_>,
        input: LeaveTeamInput,
    ) -> async_graphql::Result<TeamPayload> {
        let household =
            ids::parse_opt::<ids::Household>("householdId", input.household_id.as_ref());
        mutate(ctx, household, participants::team::leave, |(t, _)| Team(t)).await
    }

    /// 新建 API 凭证 for a company's APP backend; the secret is returned once.
    async fn create_api_credential(
        &self,
        ctx: &Context<'_>,
        input: CreateApiCredentialInput,
    ) -> async_graphql::Result<CreateApiCredentialPayload> {
        let enterprise =
            ids::parse_opt::<ids::Enterprise>("enterpriseId", input.enterprise_id.as_ref());
        let credential =
            enterprise.map(|enterprise_id| participants::credential::CredentialInput {
                enterprise_id,
                name: input.name,
                expires_at: input.expires_at,
            });
        let result = written(ctx, credential, participants::credential::create).await?;
        let ((api_credential, secret), user_errors) = respond_parts(ctx, result, |issued| {
            (Some(ApiCredential(issued.credential)), Some(issued.secret))
        })?;
        Ok(CreateApiCredentialPayload {
            api_credential,
            secret,
            user_errors,
        })
    }

    /// 吊销 API 凭证: effective for the next request.
    async fn revoke_api_credential(
        &self,
        ctx: &Context<'_>,
        input: RevokeApiCredentialInput,
    ) -> async_graphql::Result<ApiCredentialPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let id = ids::parse::<ids::ApiCredential>("id", &input.id)?;
            let revoked = kernel::db::write(&s.db, async move |txn| {
                participants::credential::revoke(txn, actor, &s.clock, id).await
            })
            .await?;
            // Residents' tokens it issued die with it, on this instance at once.
            s.credentials.forget(revoked.id);
            Ok(revoked)
        }
        .await;
        ApiCredentialPayload::from_result(ctx, result, ApiCredential)
    }

    /// 签发住户令牌 (the enterprise's APP): maps the APP's user to its household (created on
    /// first sign-in; the same user always gets the same household) and returns a short-lived
    /// HOUSEHOLD token the resident's mini-program can call yijin with.
    async fn issue_household_token(
        &self,
        ctx: &Context<'_>,
        input: IssueHouseholdTokenInput,
    ) -> async_graphql::Result<IssueHouseholdTokenPayload> {
        let (s, actor) = (state(ctx)?, actor(ctx)?);
        let result = async {
            let project_id = ids::parse::<ids::Project>("projectId", &input.project_id)?;
            kernel::db::write(&s.db, async move |txn| {
                participants::household::for_app_user(
                    txn,
                    actor,
                    &s.clock,
                    participants::household::AppUser {
                        external_user_id: input.external_user_id,
                        project_id,
                        display_name: input.display_name,
                    },
                )
                .await
            })
            .await
        }
        .await;
        let (household, created) = match split(ctx, result)? {
            Ok(found) => found,
            Err(problems) => {
                return Ok(IssueHouseholdTokenPayload {
                    token: None,
                    expires_at: None,
                    household: None,
                    created: false,
                    user_errors: user_errors(lang(ctx), problems),
                });
            }
        };
        let ttl: Duration = s.config.household_token_ttl;
        let resident = Actor::new(
            format!("household:{}", household.id),
            Role::Household,
            Some(OrgRef {
                kind: OrgKind::Enterprise,
                id: household.enterprise_id,
            }),
            Some(household.id),
        )
        .map_err(|e| crate::error::internal(ctx, &e))?;
        let token = s
            .keys
            .mint_via(&resident, ttl, &s.clock, crate::auth::credential_of(actor))
            .map_err(|e| crate::error::internal(ctx, &e))?;
        let expires_at = s.clock.now()
            + chrono::Duration::seconds(i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX));
        Ok(IssueHouseholdTokenPayload {
            token: Some(token),
            expires_at: Some(expires_at),
            household: Some(Household(household)),
            created,
            user_errors: Vec::new(),
        })
    }
}

/// Puts a nested input's problems under its field.
fn nest(err: DomainError, prefix: &[&str]) -> DomainError {
    match err {
        DomainError::Invalid(problems) => {
            DomainError::Invalid(problems.into_iter().map(|p| p.under(prefix)).collect())
        }
        other => other,
    }
}
