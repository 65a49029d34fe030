//! Bulk import of an enterprise's 参战项目列表 (from CSV or a JSON list), with per-row results.
//!
//! A row is matched to an existing project by (enterprise, city, name), so importing the same
//! list twice changes nothing: the import is safe to retry, also while another import of the
//! same list runs (a new row is inserted with `ON CONFLICT DO NOTHING` on that key and, when the
//! other import got there first, compared with what it wrote).

use std::collections::HashSet;

use kernel::{Actor, Clock, DomainError, DomainResult, Message, Problem, Role, error::codes};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::access::{require_role, writable_enterprise};
use crate::entity::project::{self, Column, Entity};
use crate::project::{ProjectInput, ValidProject, new_row};

/// The most rows one import may carry; bigger lists are split by the client.
pub const MAX_ROWS: usize = 2000;

/// What to do when some rows are bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorPolicy {
    /// Import nothing unless every row is good.
    #[default]
    RejectEverything,
    /// Import the good rows, report the bad ones.
    RejectFailedRows,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStatus {
    Created,
    Updated,
    Unchanged,
    /// The row was good but not imported because another row failed (REJECT_EVERYTHING).
    Skipped,
    Failed,
}

#[derive(Debug, Clone)]
pub struct RowResult {
    /// 0-based position of the row in the list (for CSV, the data row after the header).
    pub index: usize,
    pub status: RowStatus,
    pub project: Option<project::Model>,
    /// Problems with this row; field paths are relative to the row.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone)]
pub struct ImportReport {
    pub rows: Vec<RowResult>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
}

/// Imports `rows` for an enterprise, all in the caller's transaction.
pub async fn import(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    enterprise_id: Option<Uuid>,
    rows: Vec<ProjectInput>,
    policy: ErrorPolicy,
) -> DomainResult<ImportReport> {
    require_role(actor, &[Role::PlatformAdmin, Role::EnterpriseAdmin])?;
    let enterprise_id = writable_enterprise(actor, enterprise_id)?;
    crate::enterprise::get(conn, actor, enterprise_id).await?;
    if rows.len() > MAX_ROWS {
        return Err(DomainError::invalid(
            &["rows"],
            codes::TOO_MANY,
            Message::new(
                format!("一次最多导入 {MAX_ROWS} 行"),
                format!("at most {MAX_ROWS} rows per import"),
            ),
        ));
    }

    let mut checked: Vec<Result<ValidProject, Vec<Problem>>> = Vec::with_capacity(rows.len());
    let mut seen = HashSet::new();
    for row in rows {
        let result = match row.check(conn).await {
            Ok(valid) if !seen.insert((valid.city_code.clone(), valid.name.clone())) => {
                Err(vec![Problem::new(
                    &["name"],
                    codes::TAKEN,
                    Message::new(
                        "同一城市的项目名称在列表中重复",
                        "the list names this project twice in the same city",
                    ),
                )])
            }
            Ok(valid) => Ok(valid),
            Err(DomainError::Invalid(problems)) => Err(problems),
            Err(e) => return Err(e),
        };
        checked.push(result);
    }

    let any_failed = checked.iter().any(Result::is_err);
    let mut report = ImportReport {
        rows: Vec::new(),
        created: 0,
        updated: 0,
        unchanged: 0,
        failed: 0,
    };
    for (index, row) in checked.into_iter().enumerate() {
        let result = match row {
            Err(problems) => {
                report.failed += 1;
                RowResult {
                    index,
                    status: RowStatus::Failed,
                    project: None,
                    problems,
                }
            }
            Ok(_) if any_failed && policy == ErrorPolicy::RejectEverything => RowResult {
                index,
                status: RowStatus::Skipped,
                project: None,
                problems: Vec::new(),
            },
            Ok(valid) => {
                let (status, project) = upsert(conn, clock, enterprise_id, valid).await?;
                match status {
                    RowStatus::Created => report.created += 1,
                    RowStatus::Updated => report.updated += 1,
                    _ => report.unchanged += 1,
                }
                RowResult {
                    index,
                    status,
                    project: Some(project),
                    problems: Vec::new(),
                }
            }
        };
        report.rows.push(result);
    }
    Ok(report)
}

async fn upsert(
    conn: &DatabaseTransaction,
    clock: &Clock,
    enterprise_id: Uuid,
    valid: ValidProject,
) -> DomainResult<(RowStatus, project::Model)> {
    let id = kernel::new_id();
    let mut row = new_row(clock, enterprise_id, valid.clone());
    row.id = Set(id);
    let insert = Entity::insert(row).on_conflict_do_nothing_on([
        Column::EnterpriseId,
        Column::CityCode,
        Column::Name,
    ]);
    if kernel::db::insert_if_absent(conn, insert).await? {
        let created = Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(DomainError::NotFound)?;
        return Ok((RowStatus::Created, created));
    }
    let existing = Entity::find()
        .filter(Column::EnterpriseId.eq(enterprise_id))
        .filter(Column::CityCode.eq(valid.city_code.as_str()))
        .filter(Column::Name.eq(valid.name.as_str()))
        .one(conn)
        .await?
        .ok_or(DomainError::Conflict)?;
    let same = existing.property_type == valid.property_type
        && existing.address == valid.address
        && existing.household_count == valid.household_count
        && existing.contact_name == valid.contact_name
        && existing.contact_phone == valid.contact_phone;
    if same {
        return Ok((RowStatus::Unchanged, existing));
    }
    let mut model: project::ActiveModel = existing.into();
    model.property_type = Set(valid.property_type);
    model.address = Set(valid.address);
    model.household_count = Set(valid.household_count);
    model.contact_name = Set(valid.contact_name);
    model.contact_phone = Set(valid.contact_phone);
    model.updated_at = Set(clock.now());
    Ok((RowStatus::Updated, model.update(conn).await?))
}

/// Reads the CSV form of the list. The header may use the form's Chinese column names or the
/// English field names: 城市代码/cityCode, 项目名称/name, 物业类型/propertyType, 地址/address,
/// 户数/householdCount, 联系人/contactName, 手机/contactPhone.
pub fn parse_csv(text: &str) -> Result<Vec<ProjectInput>, Problem> {
    let bad = |zh: String, en: String| Problem::new(&["csv"], codes::INVALID, Message::new(zh, en));
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            bad(
                format!("无法读取表头：{e}"),
                format!("cannot read the header: {e}"),
            )
        })?
        .clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let city = column(&["城市代码", "城市", "cityCode"]);
    let name = column(&["项目名称", "name"]);
    let kind = column(&["物业类型", "propertyType"]);
    let address = column(&["地址", "项目地址", "address"]);
    let households = column(&["户数", "householdCount"]);
    let contact = column(&["联系人", "contactName"]);
    let mobile = column(&["手机", "联系电话", "手机号", "contactPhone"]);
    let (Some(city), Some(name), Some(kind), Some(households)) = (city, name, kind, households)
    else {
        return Err(bad(
            "表头需包含 城市代码、项目名称、物业类型、户数".into(),
            "the header needs cityCode, name, propertyType and householdCount".into(),
        ));
    };
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            bad(
                format!("第 {} 行格式错误：{e}", i + 2),
                format!("line {}: {e}", i + 2),
            )
        })?;
        if rows.len() >= MAX_ROWS {
            return Err(Problem::new(
                &["csv"],
                codes::TOO_MANY,
                Message::new(
                    format!("一次最多导入 {MAX_ROWS} 行"),
                    format!("at most {MAX_ROWS} rows per import"),
                ),
            ));
        }
        let get = |i: usize| record.get(i).unwrap_or_default().to_owned();
        let opt = |i: Option<usize>| i.map(get).filter(|s| !s.is_empty());
        rows.push(ProjectInput {
            city_code: get(city),
            name: get(name),
            property_type: get(kind),
            address: opt(address),
            // A non-number becomes -1, which the row check reports as out of range.
            household_count: get(households).parse().unwrap_or(-1),
            contact_name: opt(contact),
            contact_phone: opt(mobile),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_accepts_chinese_headers_and_a_bom() {
        let csv = "\u{feff}城市代码,项目名称,物业类型,地址,户数,联系人,手机\n340100,滨湖花园,住宅,滨湖区1号,1200,张三,13800138000\n";
        let rows = parse_csv(csv).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].city_code, "340100");
        assert_eq!(rows[0].household_count, 1200);
        assert_eq!(rows[0].contact_phone.as_deref(), Some("13800138000"));
    }

    #[test]
    fn csv_without_required_columns_is_rejected() {
        assert!(parse_csv("name\nx\n").is_err());
    }
}
