//! 首笔销售: what has sold in a scope, kept by the sealer so that a scorecard counts
//! communities, custom products and helped households from a few rows, however large the ledger.
//!
//! For every sealed SALE, the sealer inserts one row per period (ALL, and its PHASE) × scope
//! (the campaign, its association, its enterprise, its city) × kind (its PROJECT, PRODUCT and
//! SUPPLIER) into `ledger_first_sale` with `ON CONFLICT DO NOTHING RETURNING`, and adds only the
//! rows actually inserted to `ledger_sold_count`: a thing that sold before, or twice in one
//! batch, is never counted again, and a refund never un-counts it (as with households). Both
//! tables are rebuilt from the sealed entries by [`rebuild`] (with the rollups).
//!
//! The scorecard reads the number of communities as one `ledger_sold_count` row; custom
//! products and suppliers' beneficiaries as an `EXISTS` probe per custom product, supplier or
//! beneficiary (bounded by the catalogue, not by the ledger).

use std::collections::{BTreeMap, BTreeSet};

use kernel::DomainResult;
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, InsertStatement, IntoColumnRef, OnConflict, Query, SelectStatement,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryResult, QuerySelect, Statement, Value,
};
use uuid::Uuid;

use super::keys::{Dimension, Period, campaign_key};
use crate::entity::{entry, first_sale, sold_count};
use crate::ranking::{Span, Within};
use crate::types::EntryKind;

/// The scopes kept: the campaign (key `""`), an association, an enterprise, a city.
pub const SCOPES: [Dimension; 4] = [
    Dimension::All,
    Dimension::Association,
    Dimension::Enterprise,
    Dimension::City,
];

/// What is counted: communities, products, suppliers.
pub const KINDS: [Dimension; 3] = [Dimension::Project, Dimension::Product, Dimension::Supplier];

/// The periods kept: the whole campaign and its phases (what a scorecard shows).
pub const PERIODS: [Period; 2] = [Period::All, Period::Phase];

const ROWS: usize = 1000;

/// One count: a campaign, period, scope and kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CountKey {
    pub campaign_id: Uuid,
    pub period: Period,
    pub period_key: String,
    pub scope: Dimension,
    pub scope_key: String,
    pub kind: Dimension,
}

/// The scope a scorecard's `within` is kept as, if it is (a project's and a province's are
/// not: they are read from their own entries).
pub fn scope_of(within: &Within) -> Option<(Dimension, String)> {
    match within {
        Within::Campaign => Some((Dimension::All, String::new())),
        Within::Association(a) => Some((Dimension::Association, a.to_string())),
        Within::Enterprise(e) => Some((Dimension::Enterprise, e.to_string())),
        Within::City(c) => Some((Dimension::City, c.clone())),
        Within::Project(_) | Within::Province(_) => None,
    }
}

fn thing_of(kind: Dimension, e: &entry::Model) -> Option<Uuid> {
    match kind {
        Dimension::Project => e.project_id,
        Dimension::Product => Some(e.product_id),
        Dimension::Supplier => Some(e.supplier_id),
        _ => None,
    }
}

/// Every first-sale row a sealed entry may add (none unless it is a SALE).
pub fn rows_of(e: &entry::Model) -> Vec<(CountKey, Uuid)> {
    if e.kind != EntryKind::Sale {
        return Vec::new();
    }
    let campaign_id = campaign_key(e.campaign_id);
    let mut rows = Vec::new();
    for period in PERIODS {
        let Some(period_key) = period.key_of(e) else {
            continue;
        };
        for scope in SCOPES {
            let Some(scope_key) = scope.key_of(e) else {
                continue;
            };
            for kind in KINDS {
                let Some(thing) = thing_of(kind, e) else {
                    continue;
                };
                rows.push((
                    CountKey {
                        campaign_id,
                        period,
                        period_key: period_key.clone(),
                        scope,
                        scope_key: scope_key.clone(),
                        kind,
                    },
                    thing,
                ));
            }
        }
    }
    rows
}

/// Adds a sealed batch's first sales, inside the sealer's transaction.
pub async fn apply(txn: &DatabaseTransaction, entries: &[entry::Model]) -> DomainResult<()> {
    let rows: Vec<(CountKey, Uuid)> = entries
        .iter()
        .flat_map(rows_of)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut added: BTreeMap<CountKey, i64> = BTreeMap::new();
    for chunk in rows.chunks(ROWS) {
        for row in txn.query_all(&insert_first(chunk)).await? {
            *added.entry(returned_key(&row)?).or_default() += 1;
        }
    }
    let added: Vec<(CountKey, i64)> = added.into_iter().collect();
    for chunk in added.chunks(ROWS) {
        txn.execute(&add_counts(chunk)).await?;
    }
    Ok(())
}

fn insert_first(rows: &[(CountKey, Uuid)]) -> InsertStatement {
    use first_sale::Column as C;
    let key = [
        C::CampaignId,
        C::Period,
        C::PeriodKey,
        C::Scope,
        C::ScopeKey,
        C::Kind,
        C::ThingId,
    ];
    let mut insert = Query::insert();
    insert.into_table(first_sale::Entity).columns(key);
    for (k, thing) in rows {
        insert.values_panic([
            Value::from(k.campaign_id).into(),
            k.period.as_str().into(),
            k.period_key.clone().into(),
            k.scope.as_str().into(),
            k.scope_key.clone().into(),
            k.kind.as_str().into(),
            Value::from(*thing).into(),
        ]);
    }
    insert
        .on_conflict(OnConflict::columns(key).do_nothing().to_owned())
        .returning(Query::returning().columns([
            C::CampaignId,
            C::Period,
            C::PeriodKey,
            C::Scope,
            C::ScopeKey,
            C::Kind,
        ]))
        .to_owned()
}

fn returned_key(row: &QueryResult) -> Result<CountKey, DbErr> {
    let bad = |what: &str| DbErr::Custom(format!("unknown first-sale {what} in the database"));
    let dimension = |col: &str| -> Result<Dimension, DbErr> {
        let s: String = row.try_get("", col)?;
        Dimension::parse(&s).ok_or_else(|| bad(col))
    };
    let period: String = row.try_get("", "period")?;
    Ok(CountKey {
        campaign_id: row.try_get("", "campaign_id")?,
        period: Period::parse(&period).ok_or_else(|| bad("period"))?,
        period_key: row.try_get("", "period_key")?,
        scope: dimension("scope")?,
        scope_key: row.try_get("", "scope_key")?,
        kind: dimension("kind")?,
    })
}

fn add_counts(rows: &[(CountKey, i64)]) -> InsertStatement {
    use sold_count::Column as C;
    let mut insert = Query::insert();
    insert.into_table(sold_count::Entity).columns([
        C::CampaignId,
        C::Period,
        C::PeriodKey,
        C::Scope,
        C::ScopeKey,
        C::Kind,
        C::Things,
    ]);
    for (k, n) in rows {
        insert.values_panic([
            Value::from(k.campaign_id).into(),
            k.period.as_str().into(),
            k.period_key.clone().into(),
            k.scope.as_str().into(),
            k.scope_key.clone().into(),
            k.kind.as_str().into(),
            (*n).into(),
        ]);
    }
    let mut on_conflict = OnConflict::columns([
        C::CampaignId,
        C::Period,
        C::PeriodKey,
        C::Scope,
        C::ScopeKey,
        C::Kind,
    ]);
    on_conflict.value(
        C::Things,
        Expr::col((sold_count::Entity, C::Things))
            .add(Expr::col((Alias::new("excluded"), C::Things))),
    );
    insert.on_conflict(on_conflict.to_owned()).to_owned()
}

/// How many things of `kind` have sold in the campaign, span and kept scope: one row.
pub async fn count(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    span: Span,
    scope: Dimension,
    scope_key: &str,
    kind: Dimension,
) -> DomainResult<i64> {
    use sold_count::Column as C;
    let n: Option<i64> = sold_count::Entity::find()
        .select_only()
        .column(C::Things)
        .filter(C::CampaignId.eq(campaign_id))
        .filter(C::Period.eq(span.period().as_str()))
        .filter(C::PeriodKey.eq(span.key()))
        .filter(C::Scope.eq(scope.as_str()))
        .filter(C::ScopeKey.eq(scope_key))
        .filter(C::Kind.eq(kind.as_str()))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(n.unwrap_or(0))
}

/// `EXISTS` (a first sale of `kind` in the campaign, span and scope whose thing is `thing`).
pub fn has_sold(
    campaign_id: Uuid,
    span: Span,
    scope: Dimension,
    scope_key: &str,
    kind: Dimension,
    thing: impl IntoColumnRef,
) -> Expr {
    use first_sale::Column as C;
    let sub: SelectStatement = Query::select()
        .expr(Expr::val(1))
        .from(first_sale::Entity)
        .and_where(Expr::col((first_sale::Entity, C::CampaignId)).eq(campaign_id))
        .and_where(Expr::col((first_sale::Entity, C::Period)).eq(span.period().as_str()))
        .and_where(Expr::col((first_sale::Entity, C::PeriodKey)).eq(span.key()))
        .and_where(Expr::col((first_sale::Entity, C::Scope)).eq(scope.as_str()))
        .and_where(Expr::col((first_sale::Entity, C::ScopeKey)).eq(scope_key))
        .and_where(Expr::col((first_sale::Entity, C::Kind)).eq(kind.as_str()))
        .and_where(Expr::col((first_sale::Entity, C::ThingId)).equals(thing))
        .to_owned();
    Expr::exists(sub)
}

/// The distinct things of `kind` with a sealed SALE in the campaign, span and scope, read from
/// the scope's entries: for the scopes not kept (a project, a province).
pub async fn from_entries(
    conn: &impl ConnectionTrait,
    campaign_id: Uuid,
    span: Span,
    within: &Within,
    kind: Dimension,
) -> DomainResult<Vec<Uuid>> {
    let Some(column) = kind.column() else {
        return Ok(Vec::new());
    };
    Ok(entry::Entity::find()
        .select_only()
        .column(column)
        .distinct()
        .filter(entry::Column::CampaignId.eq(campaign_id))
        .filter(entry::Column::Kind.eq(EntryKind::Sale))
        .filter(column.is_not_null())
        .filter(span.entries())
        .filter(within.entries())
        .filter(crate::ranking::standings::sealed())
        .into_tuple()
        .all(conn)
        .await?)
}

/// Replaces both tables with the first sales of the sealed entries, in SQL.
pub async fn rebuild(conn: &impl ConnectionTrait) -> DomainResult<()> {
    let backend = conn.get_database_backend();
    let run = |sql: String| Statement::from_string(backend, sql);
    conn.execute_raw(run("DELETE FROM ledger_sold_count".into()))
        .await?;
    conn.execute_raw(run("DELETE FROM ledger_first_sale".into()))
        .await?;
    if backend == DatabaseBackend::Postgres {
        // One pass over the entries for all 24 (period, scope, kind) instead of one each.
        conn.execute_raw(run(insert_first_sales_grouped())).await?;
    } else {
        for period in PERIODS {
            for scope in SCOPES {
                for kind in KINDS {
                    conn.execute_raw(run(insert_first_sales(period, scope, kind, backend)))
                        .await?;
                }
            }
        }
    }
    conn.execute_raw(run(
        "INSERT INTO ledger_sold_count (campaign_id, period, period_key, scope, scope_key, kind, \
         things) SELECT campaign_id, period, period_key, scope, scope_key, kind, \
         CAST(COUNT(*) AS BIGINT) FROM ledger_first_sale \
         GROUP BY campaign_id, period, period_key, scope, scope_key, kind"
            .into(),
    ))
    .await?;
    Ok(())
}

fn insert_first_sales(
    period: Period,
    scope: Dimension,
    kind: Dimension,
    backend: DatabaseBackend,
) -> String {
    let thing = match kind {
        Dimension::Project => "project_id",
        Dimension::Product => "product_id",
        _ => "supplier_id",
    };
    let rows = super::rebuild::keyed(
        scope,
        period,
        backend,
        &format!(", {thing} AS thing_id, kind"),
    );
    format!(
        "INSERT INTO ledger_first_sale (campaign_id, period, period_key, scope, scope_key, kind, \
         thing_id) SELECT DISTINCT campaign_id, '{}', period_key, '{}', dim_key, '{}', thing_id \
         FROM ({rows}) k WHERE k.kind = 'SALE' AND k.thing_id IS NOT NULL",
        period.as_str(),
        scope.as_str(),
        kind.as_str()
    )
}

/// The entry column of a scope or kind (`None` for the campaign as a whole).
fn column_of(d: Dimension) -> Option<&'static str> {
    match d {
        Dimension::Association => Some("association_id"),
        Dimension::Enterprise => Some("enterprise_id"),
        Dimension::City => Some("city_code"),
        Dimension::Project => Some("project_id"),
        Dimension::Product => Some("product_id"),
        Dimension::Supplier => Some("supplier_id"),
        _ => None,
    }
}

/// PostgreSQL: every (period, scope, kind) of [`insert_first_sales`] in one statement, one
/// grouping set each (no aggregate, so PostgreSQL may hash them all in a single scan). A column
/// not grouped by a set is NULL in its rows, so `GROUPING(…)` tells which set a row is of and
/// the outer filter drops the NULL scopes, phases and things the per-set statements exclude.
fn insert_first_sales_grouped() -> String {
    let backend = DatabaseBackend::Postgres;
    let mut sets = Vec::new();
    for period in PERIODS {
        for scope in SCOPES {
            for kind in KINDS {
                let mut cols: Vec<&str> = Vec::new();
                if period == Period::Phase {
                    cols.push("phase_id");
                }
                cols.extend(column_of(scope));
                cols.extend(column_of(kind));
                sets.push(format!("({})", cols.join(", ")));
            }
        }
    }
    let scoped: Vec<(Dimension, &str)> = SCOPES
        .iter()
        .filter_map(|&s| column_of(s).map(|c| (s, c)))
        .collect();
    let kinds: Vec<(Dimension, &str)> = KINDS
        .iter()
        .filter_map(|&k| column_of(k).map(|c| (k, c)))
        .collect();
    let columns: Vec<&str> = scoped.iter().chain(&kinds).map(|(_, c)| *c).collect();
    let flags: String = columns
        .iter()
        .map(|c| format!(", GROUPING({c}) AS by_{c}"))
        .collect();
    let scope_name: String = scoped
        .iter()
        .map(|(s, c)| format!("WHEN by_{c} = 0 THEN '{}' ", s.as_str()))
        .collect();
    let scope_key: String = scoped
        .iter()
        .map(|(s, c)| {
            let text = match s {
                Dimension::City => (*c).to_owned(),
                _ => super::rebuild::uuid_text(c, backend),
            };
            format!("WHEN by_{c} = 0 THEN {text} ")
        })
        .collect();
    let kind_name: String = kinds
        .iter()
        .map(|(k, c)| format!("WHEN by_{c} = 0 THEN '{}' ", k.as_str()))
        .collect();
    let thing: Vec<&str> = kinds.iter().map(|(_, c)| *c).collect();
    let present: Vec<String> = columns
        .iter()
        .chain(std::iter::once(&"phase_id"))
        .map(|c| format!("(by_{c} = 1 OR {c} IS NOT NULL)"))
        .collect();
    format!(
        "INSERT INTO ledger_first_sale (campaign_id, period, period_key, scope, scope_key, kind, \
         thing_id) SELECT campaign_id, \
         CASE WHEN by_phase_id = 0 THEN '{phase}' ELSE '{all}' END, \
         CASE WHEN by_phase_id = 0 THEN CAST(phase_id AS TEXT) ELSE '' END, \
         CASE {scope_name}ELSE '{all_scope}' END, CASE {scope_key}ELSE '' END, \
         CASE {kind_name}END, COALESCE({thing}) \
         FROM (SELECT campaign_id, phase_id, {columns}, GROUPING(phase_id) AS by_phase_id{flags} \
         FROM (SELECT COALESCE(campaign_id, {nil}) AS campaign_id, phase_id, {projected} \
         FROM ledger_entry WHERE kind = 'SALE' AND {sealed}) e \
         GROUP BY campaign_id, GROUPING SETS ({sets})) g WHERE {present}",
        phase = Period::Phase.as_str(),
        all = Period::All.as_str(),
        all_scope = Dimension::All.as_str(),
        thing = thing.join(", "),
        columns = columns.join(", "),
        projected = columns
            .iter()
            .map(|c| super::rebuild::bytewise(c))
            .collect::<Vec<_>>()
            .join(", "),
        nil = super::rebuild::nil_campaign(backend),
        sealed = super::rebuild::SEALED,
        sets = sets.join(", "),
        present = present.join(" AND "),
    )
}
