//! `GET /exports/{entries,rankings,scorecard}.{csv,xlsx}`: files for reporting tools, with the bearer
//! token and the scope rules of the GraphQL reads (the ledger's one access rule for entries,
//! the tenant rule for a ranking's or scorecard's scope). Entries stream one keyset page at a
//! time straight into the response body, so a million rows cost the memory of one page;
//! rankings and scorecards are small tables written whole.
//!
//! Query parameters: `campaignId` (global id); `lang=en` for English headers (Chinese by
//! default); entries: `columns=national`, `phaseId`, `from`, `to` (YYYY-MM-DD),
//! `associationId`, `enterpriseId`, `projectId`, `cityCode`, `sealed`; rankings: `dimension`
//! (CITY, ASSOCIATION, ENTERPRISE, PROJECT, TEAM, COUNTY, SUPPLIER), `metric` (JIN, YUAN,
//! HOUSEHOLDS), `period` (ALL, PHASE, MONTH, DAY), `periodKey`, `top` (default: everyone);
//! rankings and scorecards: the scope (`associationId`, `enterpriseId`, `projectId`,
//! `provinceCode`, `cityCode`, at most one).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use async_graphql::ID;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::NaiveDate;
use futures_util::stream;
use kernel::error::codes;
use kernel::{Actor, DomainError, Message};
use ledger::entries::EntryFilter;
use ledger::export::entries::ColumnSet;
use ledger::export::xlsx::Xlsx;
use ledger::export::{self, BOM, Lang, csv_rows, header as header_row};
use ledger::ranking::{self, Metric, Span, Within};
use ledger::rollup::{Dimension, Period};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::Shared;
use super::caller::{Caller, identify};
use super::wire::{Wire, error_response};
use crate::schema::ids;

/// Entries per page: one query and one chunk of the body.
const PAGE: u64 = 1000;

type Params = HashMap<String, String>;

fn invalid(field: &str, zh: &str, en: &str) -> DomainError {
    DomainError::invalid(&[field], codes::INVALID, Message::new(zh, en))
}

fn id<T: ids::Identified>(p: &Params, field: &str) -> Result<Option<Uuid>, DomainError> {
    p.get(field)
        .map(|v| ids::parse::<T>(field, &ID(v.clone())))
        .transpose()
}

fn date(p: &Params, field: &str) -> Result<Option<NaiveDate>, DomainError> {
    p.get(field)
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map_err(|_| invalid(field, "日期格式应为 YYYY-MM-DD", "a date is YYYY-MM-DD"))
        })
        .transpose()
}

fn campaign(p: &Params) -> Result<Uuid, DomainError> {
    id::<ids::Campaign>(p, "campaignId")?
        .ok_or_else(|| invalid("campaignId", "须指定战役", "campaignId is required"))
}

/// The scope of a ranking or scorecard: at most one of its parameters.
fn within(p: &Params) -> Result<Within, DomainError> {
    let mut chosen = Vec::new();
    if let Some(a) = id::<ids::Association>(p, "associationId")? {
        chosen.push(Within::Association(a));
    }
    if let Some(e) = id::<ids::Enterprise>(p, "enterpriseId")? {
        chosen.push(Within::Enterprise(e));
    }
    if let Some(x) = id::<ids::Project>(p, "projectId")? {
        chosen.push(Within::Project(x));
    }
    for (field, make) in [
        ("provinceCode", Within::Province as fn(String) -> Within),
        ("cityCode", Within::City),
    ] {
        if let Some(code) = p.get(field) {
            kernel::RegionCode::parse(&[field], code).map_err(|e| DomainError::Invalid(vec![e]))?;
            chosen.push(make(code.clone()));
        }
    }
    match chosen.len() {
        0 => Ok(Within::Campaign),
        1 => Ok(chosen.remove(0)),
        _ => Err(invalid(
            "scope",
            "范围只能指定一项",
            "name at most one scope",
        )),
    }
}

fn entry_filter(p: &Params) -> Result<EntryFilter, DomainError> {
    Ok(EntryFilter {
        campaign_id: id::<ids::Campaign>(p, "campaignId")?,
        phase_id: id::<ids::CampaignPhase>(p, "phaseId")?,
        from: date(p, "from")?,
        to: date(p, "to")?,
        association_id: id::<ids::Association>(p, "associationId")?,
        enterprise_id: id::<ids::Enterprise>(p, "enterpriseId")?,
        project_id: id::<ids::Project>(p, "projectId")?,
        city_code: p.get("cityCode").cloned(),
        sealed: p.get("sealed").map(|v| v == "true"),
        ..EntryFilter::default()
    })
}

fn ranked_dimension(p: &Params) -> Result<Dimension, DomainError> {
    let bad = || {
        invalid(
            "dimension",
            "排名维度应为 CITY、ASSOCIATION、ENTERPRISE、PROJECT、TEAM、COUNTY 或 SUPPLIER",
            "dimension is CITY, ASSOCIATION, ENTERPRISE, PROJECT, TEAM, COUNTY or SUPPLIER",
        )
    };
    let d = Dimension::parse(p.get("dimension").map_or("CITY", String::as_str)).ok_or_else(bad)?;
    match d {
        Dimension::City
        | Dimension::Association
        | Dimension::Enterprise
        | Dimension::Project
        | Dimension::Team
        | Dimension::County
        | Dimension::Supplier => Ok(d),
        _ => Err(bad()),
    }
}

fn metric(p: &Params) -> Result<Metric, DomainError> {
    match p.get("metric").map_or("JIN", String::as_str) {
        "JIN" => Ok(Metric::Jin),
        "YUAN" => Ok(Metric::Yuan),
        "HOUSEHOLDS" => Ok(Metric::Households),
        _ => Err(invalid(
            "metric",
            "指标应为 JIN、YUAN 或 HOUSEHOLDS",
            "metric is JIN, YUAN or HOUSEHOLDS",
        )),
    }
}

fn span(p: &Params) -> Result<Span, DomainError> {
    let period = Period::parse(p.get("period").map_or("ALL", String::as_str)).ok_or_else(|| {
        invalid(
            "period",
            "周期应为 ALL、PHASE、MONTH 或 DAY",
            "period is ALL, PHASE, MONTH or DAY",
        )
    })?;
    Span::parse(
        period,
        p.get("periodKey").map_or("", String::as_str),
        "periodKey",
    )
}

/// The file formats: CSV (UTF-8 with a BOM) or XLSX (one worksheet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Csv,
    Xlsx,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// A whole small table as one file.
    fn table(
        self,
        sheet: &str,
        columns: &[export::Column],
        lang: Lang,
        rows: &[Vec<String>],
    ) -> Vec<u8> {
        match self {
            Format::Csv => {
                let mut out = BOM.to_vec();
                out.extend(csv_rows(&[header_row(columns, lang)]));
                out.extend(csv_rows(rows));
                out
            }
            Format::Xlsx => {
                let mut x = Xlsx::new();
                let mut out = x.start(sheet, &header_row(columns, lang));
                out.extend(x.rows(rows));
                out.extend(x.finish());
                out
            }
        }
    }
}

fn file(name: &str, format: Format, body: Body) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

fn refuse(caller: &Caller, err: &DomainError) -> Response {
    let (message, _) = crate::error::wire(err, caller.info.lang, &caller.info.request_id);
    let (status, code) = match err {
        DomainError::NotFound => (StatusCode::NOT_FOUND, "NOT_FOUND"),
        DomainError::Forbidden => (StatusCode::FORBIDDEN, "FORBIDDEN"),
        DomainError::Invalid(_) => (StatusCode::BAD_REQUEST, "BAD_USER_INPUT"),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL"),
    };
    error_response(
        status,
        caller.wire,
        code,
        &message,
        Some(&caller.info.request_id),
    )
}

pub async fn export(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(name): Path<String>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let caller = match identify(&shared.state, &headers, peer, Wire::Json).await {
        Ok(c) => c,
        Err(response) => return response,
    };
    let Some(actor) = caller.actor.clone() else {
        let msg = caller
            .info
            .lang
            .text("需要登录令牌", "a bearer token is required");
        return error_response(
            StatusCode::UNAUTHORIZED,
            caller.wire,
            "UNAUTHENTICATED",
            &msg,
            Some(&caller.info.request_id),
        );
    };
    let lang = if params.get("lang").is_some_and(|l| l == "en") {
        Lang::En
    } else {
        Lang::Zh
    };
    let db = shared.state.db.clone();
    let (stem, format) = match name.rsplit_once('.') {
        Some((stem, "csv")) => (stem, Format::Csv),
        Some((stem, "xlsx")) => (stem, Format::Xlsx),
        _ => ("", Format::Csv),
    };
    let result = match stem {
        "entries" => entries(db, actor, &params, lang, format).map(|b| file(&name, format, b)),
        "rankings" => rankings(&db, &actor, &params, lang, format)
            .await
            .map(|b| file(&name, format, Body::from(b))),
        "scorecard" => scorecard(&db, &actor, &params, lang, format)
            .await
            .map(|b| file(&name, format, Body::from(b))),
        _ => Err(DomainError::NotFound),
    };
    result.unwrap_or_else(|err| refuse(&caller, &err))
}

/// Where an entries export has got to.
struct Cursor {
    db: DatabaseConnection,
    actor: Actor,
    filter: EntryFilter,
    set: ColumnSet,
    lang: Lang,
    after: Option<Uuid>,
    started: bool,
    done: bool,
    /// The workbook being written (XLSX), which closes the file after the last page.
    xlsx: Option<Xlsx>,
}

impl Cursor {
    /// The next chunk of the body: the header first, then one page of rows at a time.
    async fn next(mut self) -> Option<(Result<Bytes, std::io::Error>, Cursor)> {
        if !self.started {
            self.started = true;
            let header = header_row(self.set.columns(), self.lang);
            let bytes = match &mut self.xlsx {
                Some(x) => x.start(self.lang.pick("台账", "entries"), &header),
                None => {
                    let mut bytes = BOM.to_vec();
                    bytes.extend(csv_rows(&[header]));
                    bytes
                }
            };
            return Some((Ok(Bytes::from(bytes)), self));
        }
        if self.done {
            // The workbook's closing bytes, once; a CSV simply ends.
            let mut x = self.xlsx.take()?;
            return Some((Ok(Bytes::from(x.finish())), self));
        }
        let page =
            ledger::entries::after(&self.db, &self.actor, &self.filter, self.after, PAGE).await;
        let page = match page {
            Ok(p) => p,
            Err(err) => return Some((Err(self.fail(err)), self)),
        };
        self.after = page.last().map(|e| e.id).or(self.after);
        self.done = (page.len() as u64) < PAGE;
        match export::entries::rows(&self.db, &page, self.set, self.lang).await {
            Ok(rows) => {
                let bytes = match &mut self.xlsx {
                    Some(x) => x.rows(&rows),
                    None => csv_rows(&rows),
                };
                Some((Ok(Bytes::from(bytes)), self))
            }
            Err(err) => Some((Err(self.fail(err)), self)),
        }
    }

    /// A fault after the status line went out: logged, and the body is cut short so the
    /// client sees a broken transfer rather than a file that looks complete.
    fn fail(&mut self, err: DomainError) -> std::io::Error {
        tracing::error!(error = %err, "entries export failed mid-stream");
        self.done = true;
        self.xlsx = None;
        std::io::Error::other("export failed")
    }
}

fn entries(
    db: DatabaseConnection,
    actor: Actor,
    p: &Params,
    lang: Lang,
    format: Format,
) -> Result<Body, DomainError> {
    let set = match p.get("columns").map(String::as_str) {
        None | Some("ledger") => ColumnSet::Ledger,
        Some("national") => ColumnSet::National,
        Some(_) => {
            return Err(invalid(
                "columns",
                "列集应为 ledger 或 national",
                "columns is ledger or national",
            ));
        }
    };
    let cursor = Cursor {
        db,
        actor,
        filter: entry_filter(p)?,
        set,
        lang,
        after: None,
        started: false,
        done: false,
        xlsx: (format == Format::Xlsx).then(Xlsx::new),
    };
    Ok(Body::from_stream(stream::unfold(cursor, Cursor::next)))
}

async fn rankings(
    db: &DatabaseConnection,
    actor: &Actor,
    p: &Params,
    lang: Lang,
    format: Format,
) -> Result<Vec<u8>, DomainError> {
    let campaign = campaign(p)?;
    let (d, m, span, within) = (ranked_dimension(p)?, metric(p)?, span(p)?, within(p)?);
    ranking::access::check(db, actor, &within).await?;
    let mut ranked = ranking::order(
        ranking::standings(db, Some(campaign), d, span, &within).await?,
        m,
    );
    if let Some(top) = p.get("top") {
        let n: usize = top
            .parse()
            .map_err(|_| invalid("top", "top 应为正整数", "top is a positive integer"))?;
        ranked = ranking::top(ranked, n);
    }
    let keys: Vec<String> = ranked.iter().map(|r| r.standing.key.clone()).collect();
    let names = ranking::labels::names(db, d, &keys).await?;
    let rows = export::tables::ranking_rows(&ranked, |k| names.get(k).cloned());
    Ok(format.table(
        lang.pick("排行榜", "ranking"),
        export::tables::RANKING,
        lang,
        &rows,
    ))
}

async fn scorecard(
    db: &DatabaseConnection,
    actor: &Actor,
    p: &Params,
    lang: Lang,
    format: Format,
) -> Result<Vec<u8>, DomainError> {
    let campaign = campaign(p)?;
    let within = within(p)?;
    ranking::access::check(db, actor, &within).await?;
    let card = ledger::scorecard::scorecard(db, campaign, within).await?;
    let rows = export::tables::scorecard_rows(&card, lang);
    Ok(format.table(
        lang.pick("目标完成情况", "scorecard"),
        export::tables::SCORECARD,
        lang,
        &rows,
    ))
}
