//! Ledger entries as rows: our own column set, or the national fourth-party platform's
//! (产品, 供应商统一社会信用代码, 是否认定, 渠道类型 专区/专柜/专馆, 金额, 数量, 日期).

use std::collections::HashMap;

use kernel::DomainResult;
use products::entity::supplier;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::cell::safe;
use super::{Column, Lang};
use crate::entity::entry;
use crate::ranking::labels;
use crate::rollup::Dimension;
use crate::types::Channel;

/// Which columns an entries export has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColumnSet {
    /// Everything a ranking counts by.
    #[default]
    Ledger,
    /// The national fourth-party platform's format.
    National,
}

pub const LEDGER: &[Column] = &[
    ("条目ID", "entryId"),
    ("类型", "kind"),
    ("来源", "source"),
    ("来源编号", "sourceRef"),
    ("计入日期", "countedOn"),
    ("发生时间", "occurredAt"),
    ("产品", "product"),
    ("市场主体", "supplier"),
    ("产地县代码", "countyCode"),
    ("认定有效", "certified"),
    ("企业", "enterprise"),
    ("项目", "project"),
    ("城市代码", "cityCode"),
    ("渠道", "channel"),
    ("数量", "quantity"),
    ("重量（克）", "grams"),
    ("斤", "jin"),
    ("金额（分）", "fen"),
    ("金额（元）", "yuan"),
];

pub const NATIONAL: &[Column] = &[
    ("产品名称", "product"),
    ("供应商统一社会信用代码", "supplierCreditCode"),
    ("是否认定产品", "certified"),
    ("渠道类型", "channelType"),
    ("金额（元）", "amount"),
    ("数量", "quantity"),
    ("日期", "date"),
];

impl ColumnSet {
    pub fn columns(self) -> &'static [Column] {
        match self {
            ColumnSet::Ledger => LEDGER,
            ColumnSet::National => NATIONAL,
        }
    }
}

/// The national platform's channel type: the 三专 channels by their names; the campaign's
/// other channels (group buys, procurement, fairs, reported) by theirs.
pub fn channel_type(c: Channel, lang: Lang) -> &'static str {
    match c {
        Channel::Zone => lang.pick("专区", "zone"),
        Channel::Counter => lang.pick("专柜", "counter"),
        Channel::Hosted => lang.pick("专馆", "pavilion"),
        Channel::GroupBuy => lang.pick("社区团购", "group buy"),
        Channel::EnterpriseProcurement => lang.pick("企业采购", "enterprise procurement"),
        Channel::PartnerProcurement => lang.pick("合作企业采购", "partner procurement"),
        Channel::Fair => lang.pick("市集", "fair"),
        Channel::Reported => lang.pick("外部上报", "reported"),
    }
}

/// The names a page of entries refers to, loaded once per page.
struct Names {
    products: HashMap<String, String>,
    suppliers: HashMap<String, String>,
    credit_codes: HashMap<Uuid, String>,
    enterprises: HashMap<String, String>,
    projects: HashMap<String, String>,
}

async fn names(
    conn: &impl ConnectionTrait,
    page: &[entry::Model],
    set: ColumnSet,
) -> DomainResult<Names> {
    let keys = |f: fn(&entry::Model) -> Option<Uuid>| -> Vec<String> {
        let mut v: Vec<String> = page.iter().filter_map(f).map(|u| u.to_string()).collect();
        v.sort();
        v.dedup();
        v
    };
    let products = labels::names(conn, Dimension::Product, &keys(|e| Some(e.product_id))).await?;
    let mut n = Names {
        products,
        suppliers: HashMap::new(),
        credit_codes: HashMap::new(),
        enterprises: HashMap::new(),
        projects: HashMap::new(),
    };
    match set {
        ColumnSet::Ledger => {
            n.suppliers =
                labels::names(conn, Dimension::Supplier, &keys(|e| Some(e.supplier_id))).await?;
            n.enterprises =
                labels::names(conn, Dimension::Enterprise, &keys(|e| e.enterprise_id)).await?;
            n.projects = labels::names(conn, Dimension::Project, &keys(|e| e.project_id)).await?;
        }
        ColumnSet::National => {
            let mut ids: Vec<Uuid> = page.iter().map(|e| e.supplier_id).collect();
            ids.sort();
            ids.dedup();
            let rows: Vec<(Uuid, String)> = supplier::Entity::find()
                .select_only()
                .column(supplier::Column::Id)
                .column(supplier::Column::Uscc)
                .filter(supplier::Column::Id.is_in(ids))
                .into_tuple()
                .all(conn)
                .await?;
            n.credit_codes = rows.into_iter().collect();
        }
    }
    Ok(n)
}

fn name(map: &HashMap<String, String>, id: Option<Uuid>) -> String {
    id.and_then(|id| map.get(&id.to_string()))
        .map(|n| safe(n).into_owned())
        .unwrap_or_default()
}

/// One page of entries as rows of the column set.
pub async fn rows(
    conn: &impl ConnectionTrait,
    page: &[entry::Model],
    set: ColumnSet,
    lang: Lang,
) -> DomainResult<Vec<Vec<String>>> {
    let n = names(conn, page, set).await?;
    let yes_no = |b: bool| lang.pick(if b { "是" } else { "否" }, if b { "yes" } else { "no" });
    Ok(page
        .iter()
        .map(|e| match set {
            ColumnSet::Ledger => vec![
                e.id.to_string(),
                e.kind.as_str().to_owned(),
                e.source.as_str().to_owned(),
                safe(&e.source_ref).into_owned(),
                e.counted_on.to_string(),
                e.occurred_at.to_rfc3339(),
                name(&n.products, Some(e.product_id)),
                name(&n.suppliers, Some(e.supplier_id)),
                e.county_code.clone(),
                yes_no(e.certified).to_owned(),
                name(&n.enterprises, e.enterprise_id),
                name(&n.projects, e.project_id),
                e.city_code.clone().unwrap_or_default(),
                e.channel.as_str().to_owned(),
                e.quantity.to_string(),
                e.grams.0.to_string(),
                e.grams.jin(),
                e.fen.0.to_string(),
                e.fen.yuan(),
            ],
            ColumnSet::National => vec![
                name(&n.products, Some(e.product_id)),
                n.credit_codes
                    .get(&e.supplier_id)
                    .map(|c| safe(c).into_owned())
                    .unwrap_or_default(),
                yes_no(e.certified).to_owned(),
                channel_type(e.channel, lang).to_owned(),
                e.fen.yuan(),
                e.quantity.to_string(),
                e.counted_on.to_string(),
            ],
        })
        .collect())
}
