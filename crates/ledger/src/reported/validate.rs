//! The field checks of a reported row and the lookups they need: what makes a row FAILED
//! (as opposed to flagged), and the hash that recognises a re-sent row.

use std::collections::HashMap;

use kernel::error::{Problems, codes, required_text};
use kernel::{Actor, Clock, DomainResult, Message, Problem};
use participants::entity::project;
use products::entity::{certification, product};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{ProductRef, ReportedRowInput};
use crate::LedgerErrorCode as Code;
use crate::types::Channel;

/// Channels a company may report: its own 三专 and group-buy and procurement sales. Hosted
/// stores are run in yijin and fairs are recorded by their organisers, so neither is reported.
pub const REPORTABLE: [Channel; 6] = [
    Channel::Zone,
    Channel::Counter,
    Channel::GroupBuy,
    Channel::EnterpriseProcurement,
    Channel::PartnerProcurement,
    Channel::Reported,
];

pub fn content_hash(i: &ReportedRowInput, channel: Channel) -> String {
    let text = serde_json::json!([
        i.external_order_id.trim(),
        i.external_line.trim(),
        i.sold_on.to_string(),
        i.project_id.to_string(),
        i.product.as_text(),
        i.quantity,
        i.grams.0,
        i.fen.0,
        channel.as_str(),
    ])
    .to_string();
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// A row that passed the field checks.
pub struct Valid {
    pub channel: Channel,
    pub product: Option<Uuid>,
    pub hash: String,
}

pub fn check_fields(
    i: &ReportedRowInput,
    clock: &Clock,
    projects: &HashMap<Uuid, project::Model>,
) -> Result<Channel, Vec<Problem>> {
    let mut p = Problems::new();
    p.take(required_text(
        &["externalOrderId"],
        &i.external_order_id,
        64,
    ));
    p.take(required_text(&["externalLine"], &i.external_line, 32));
    let positive = |field: &str, ok: bool, zh: &str, en: &str| {
        (!ok).then(|| Problem::new(&[field], codes::OUT_OF_RANGE, Message::new(zh, en)))
    };
    for problem in [
        positive(
            "quantity",
            i.quantity > 0,
            "数量须为正数",
            "quantity must be positive",
        ),
        positive(
            "grams",
            i.grams.0 > 0,
            "重量须为正数",
            "weight must be positive",
        ),
        positive(
            "fen",
            i.fen.0 >= 0,
            "金额不能为负",
            "amount must not be negative",
        ),
        positive(
            "soldOn",
            i.sold_on <= clock.today(),
            "销售日期不能晚于今天",
            "the day of sale cannot be in the future",
        ),
    ]
    .into_iter()
    .flatten()
    {
        p.push(problem);
    }
    if !projects.contains_key(&i.project_id) {
        p.push(Problem::new(
            &["projectId"],
            Code::UnknownReference.as_str(),
            Message::new(
                "项目不存在或不属于该企业",
                "no such project of this enterprise",
            ),
        ));
    }
    let channel = i.channel.unwrap_or(Channel::Reported);
    if !REPORTABLE.contains(&channel) {
        p.push(Problem::new(
            &["channel"],
            codes::INVALID,
            Message::new(
                "托管店铺与市集的销售不经上报计入",
                "hosted-store and fair sales are not reported",
            ),
        ));
    }
    if let ProductRef::CertificateNo(no) = &i.product {
        p.take(required_text(&["certificateNo"], no, 64));
    }
    let problems = p.into_vec();
    if problems.is_empty() {
        Ok(channel)
    } else {
        Err(problems)
    }
}

/// The products the rows name (by id or certificate number) that the caller may see. A product
/// it may not see (another supplier's draft, say) counts as unknown, exactly like an id that
/// does not exist, so a reported row never confirms a private product's existence.
pub async fn products_named(
    txn: &DatabaseTransaction,
    actor: &Actor,
    rows: &[ReportedRowInput],
) -> DomainResult<(HashMap<Uuid, product::Model>, HashMap<String, Uuid>)> {
    let mut ids = Vec::new();
    let mut numbers = Vec::new();
    for r in rows {
        match &r.product {
            ProductRef::Id(id) => ids.push(*id),
            ProductRef::CertificateNo(no) => numbers.push(no.trim().to_owned()),
        }
    }
    let by_number: HashMap<String, Uuid> = certification::Entity::find()
        .filter(certification::Column::CertificateNo.is_in(numbers))
        .all(txn)
        .await?
        .into_iter()
        .filter_map(|c| c.certificate_no.map(|n| (n, c.product_id)))
        .collect();
    ids.extend(by_number.values().copied());
    let visible: HashMap<Uuid, product::Model> = product::Entity::find()
        .filter(product::Column::Id.is_in(ids))
        .filter(products::access::visible_products(actor))
        .all(txn)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let by_number = by_number
        .into_iter()
        .filter(|(_, id)| visible.contains_key(id))
        .collect();
    Ok((visible, by_number))
}
