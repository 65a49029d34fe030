//! Reading reported rows from CSV for `yijin ledger import`, one record at a time so that a
//! file of any size is read in constant memory. The header may use Chinese or English names:
//! 外部订单号/externalOrderId, 行号/externalLine, 销售日期/soldOn, 项目/projectId,
//! 产品/productId or 认定证书编号/certificateNo, 数量/quantity, 重量克/grams, 金额分/fen,
//! 渠道/channel (optional).

use std::io::Read;

use chrono::NaiveDate;
use kernel::error::codes;
use kernel::{Fen, GlobalId, Grams, Message, Problem};
use uuid::Uuid;

use super::{ProductRef, ReportedRowInput};
use crate::types::Channel;

struct Columns {
    order: usize,
    line: usize,
    sold_on: usize,
    project: usize,
    product: Option<usize>,
    certificate: Option<usize>,
    quantity: usize,
    grams: usize,
    fen: usize,
    channel: Option<usize>,
}

/// The data rows of a CSV file, each parsed or with the problem that stopped it.
pub struct CsvRows<R: Read> {
    records: csv::StringRecordsIntoIter<R>,
    columns: Columns,
    /// The file line of the next record (the header is line 1).
    line: u64,
}

fn bad(field: &str, zh: String, en: String) -> Problem {
    Problem::new(&[field], codes::INVALID, Message::new(zh, en))
}

/// A project or product id: a global id (`gid://yijin/Project/…`) or a bare uuid.
fn id(field: &str, type_name: &'static str, s: &str) -> Result<Uuid, Problem> {
    let s = s.trim();
    GlobalId::parse_as(s, type_name)
        .ok()
        .or_else(|| Uuid::parse_str(s).ok())
        .ok_or_else(|| {
            bad(
                field,
                format!("无效的{type_name} ID：{s}"),
                format!("not a {type_name} id: {s}"),
            )
        })
}

fn int(field: &str, s: &str) -> Result<i64, Problem> {
    s.trim().parse().map_err(|_| {
        bad(
            field,
            format!("不是整数：{s}"),
            format!("not a whole number: {s}"),
        )
    })
}

impl<R: Read> CsvRows<R> {
    /// Reads the header; a header without the required columns is a problem.
    pub fn new(input: R) -> Result<Self, Problem> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(false)
            .from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| {
                bad(
                    "csv",
                    format!("无法读取表头：{e}"),
                    format!("cannot read the header: {e}"),
                )
            })?
            .clone();
        let column = |names: &[&str]| {
            headers.iter().position(|h| {
                let h = h.trim_start_matches('\u{feff}');
                names.iter().any(|n| h.eq_ignore_ascii_case(n))
            })
        };
        let required = |names: &[&str]| {
            column(names).ok_or_else(|| {
                bad(
                    "csv",
                    format!("表头缺少 {}", names[0]),
                    format!("the header lacks {}", names[1]),
                )
            })
        };
        let columns = Columns {
            order: required(&["外部订单号", "externalOrderId"])?,
            line: required(&["行号", "externalLine"])?,
            sold_on: required(&["销售日期", "soldOn"])?,
            project: required(&["项目", "projectId"])?,
            product: column(&["产品", "productId"]),
            certificate: column(&["认定证书编号", "certificateNo"]),
            quantity: required(&["数量", "quantity"])?,
            grams: required(&["重量克", "grams"])?,
            fen: required(&["金额分", "fen"])?,
            channel: column(&["渠道", "channel"]),
        };
        if columns.product.is_none() && columns.certificate.is_none() {
            return Err(bad(
                "csv",
                "表头需包含 产品 或 认定证书编号".into(),
                "the header needs productId or certificateNo".into(),
            ));
        }
        Ok(Self {
            records: reader.into_records(),
            columns,
            line: 1,
        })
    }

    fn parse(&self, record: &csv::StringRecord) -> Result<ReportedRowInput, Problem> {
        let c = &self.columns;
        let get = |i: usize| record.get(i).unwrap_or_default();
        let opt = |i: Option<usize>| i.map(get).filter(|s| !s.is_empty());
        let product = match (opt(c.product), opt(c.certificate)) {
            (Some(p), _) => ProductRef::Id(id("productId", "Product", p)?),
            (None, Some(no)) => ProductRef::CertificateNo(no.to_owned()),
            (None, None) => {
                return Err(bad(
                    "productId",
                    "缺少产品或认定证书编号".into(),
                    "give a product id or a certificate number".into(),
                ));
            }
        };
        let channel = match opt(c.channel) {
            None => None,
            Some(s) => Some(Channel::parse(s).ok_or_else(|| {
                bad(
                    "channel",
                    format!("未知渠道：{s}"),
                    format!("unknown channel: {s}"),
                )
            })?),
        };
        Ok(ReportedRowInput {
            external_order_id: get(c.order).to_owned(),
            external_line: get(c.line).to_owned(),
            sold_on: NaiveDate::parse_from_str(get(c.sold_on), "%Y-%m-%d").map_err(|_| {
                bad(
                    "soldOn",
                    "日期格式应为 YYYY-MM-DD".into(),
                    "dates are YYYY-MM-DD".into(),
                )
            })?,
            project_id: id("projectId", "Project", get(c.project))?,
            product,
            quantity: int("quantity", get(c.quantity))?,
            grams: Grams(int("grams", get(c.grams))?),
            fen: Fen(int("fen", get(c.fen))?),
            channel,
        })
    }
}

impl<R: Read> Iterator for CsvRows<R> {
    /// The record's line in the file, and the row or its problem.
    type Item = (u64, Result<ReportedRowInput, Problem>);

    fn next(&mut self) -> Option<Self::Item> {
        let record = self.records.next()?;
        self.line += 1;
        let parsed = record
            .map_err(|e| bad("csv", format!("格式错误：{e}"), format!("malformed: {e}")))
            .and_then(|r| self.parse(&r));
        Some((self.line, parsed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_one_by_one_with_chinese_headers() {
        let project = Uuid::now_v7();
        let text = format!(
            "\u{feff}外部订单号,行号,销售日期,项目,认定证书编号,数量,重量克,金额分,渠道\n\
             ZZ-1,1,2019-06-03,gid://yijin/Project/{project},FP-1,2,1000,6000,COUNTER\n\
             ZZ-2,1,2019/06/03,{project},FP-1,2,1000,6000,\n"
        );
        let mut rows = CsvRows::new(text.as_bytes()).unwrap();
        let (line, first) = rows.next().unwrap();
        let first = first.unwrap();
        assert_eq!(line, 2);
        assert_eq!(first.project_id, project);
        assert_eq!(first.product, ProductRef::CertificateNo("FP-1".into()));
        assert_eq!(first.channel, Some(Channel::Counter));
        let (line, second) = rows.next().unwrap();
        assert_eq!(
            (line, second.unwrap_err().field),
            (3, vec!["soldOn".to_owned()])
        );
        assert!(rows.next().is_none());
    }

    #[test]
    fn a_header_without_the_amounts_is_refused() {
        assert!(CsvRows::new("外部订单号,行号\n".as_bytes()).is_err());
    }
}
