//! The ledger's vocabulary: how a sale was made (channel), what kind of entry it is, and which
//! fact caused it (source). Stored as stable English names; the names also enter the hash chain
//! and the rollup keys, so they never change once released.

use sea_orm::entity::prelude::*;

/// 渠道: where a counted sale was made. The 三专 channels (专区, 专柜, 专馆) plus group buys,
/// procurement, fairs, and REPORTED for a reported sale whose channel the company did not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
pub enum Channel {
    /// 专区: a zone in the company's own APP or mini-store.
    #[sea_orm(string_value = "ZONE")]
    Zone,
    /// 专馆/托管: a store the alliance's e-commerce team runs for a company.
    #[sea_orm(string_value = "HOSTED")]
    Hosted,
    /// 专柜: a counter in a community.
    #[sea_orm(string_value = "COUNTER")]
    Counter,
    /// 社区团购
    #[sea_orm(string_value = "GROUP_BUY")]
    GroupBuy,
    /// 企业采购 (staff welfare, canteen, festival gifts)
    #[sea_orm(string_value = "ENTERPRISE_PROCUREMENT")]
    EnterpriseProcurement,
    /// 合作企业采购
    #[sea_orm(string_value = "PARTNER_PROCUREMENT")]
    PartnerProcurement,
    /// 市集
    #[sea_orm(string_value = "FAIR")]
    Fair,
    /// 外部上报 (channel not stated)
    #[sea_orm(string_value = "REPORTED")]
    Reported,
}

impl Channel {
    pub const ALL: [Channel; 8] = [
        Channel::Zone,
        Channel::Hosted,
        Channel::Counter,
        Channel::GroupBuy,
        Channel::EnterpriseProcurement,
        Channel::PartnerProcurement,
        Channel::Fair,
        Channel::Reported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Zone => "ZONE",
            Channel::Hosted => "HOSTED",
            Channel::Counter => "COUNTER",
            Channel::GroupBuy => "GROUP_BUY",
            Channel::EnterpriseProcurement => "ENTERPRISE_PROCUREMENT",
            Channel::PartnerProcurement => "PARTNER_PROCUREMENT",
            Channel::Fair => "FAIR",
            Channel::Reported => "REPORTED",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        let s = s.trim();
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s))
    }
}

/// 台账条目类型: a counted sale, or an entry that takes part of one back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum EntryKind {
    /// 销售
    #[sea_orm(string_value = "SALE")]
    Sale,
    /// 退款: the buyer got money back.
    #[sea_orm(string_value = "REFUND")]
    Refund,
    /// 更正: a counted sale turned out wrong (e.g. a verified report later rejected).
    #[sea_orm(string_value = "CORRECTION")]
    Correction,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Sale => "SALE",
            EntryKind::Refund => "REFUND",
            EntryKind::Correction => "CORRECTION",
        }
    }
}

/// 来源: the fact an entry records. `(source, source_ref)` is unique in the ledger, so the same
/// fact can never be counted twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Source {
    /// An order line paid in yijin (or its refund).
    #[sea_orm(string_value = "ORDER_LINE")]
    OrderLine,
    /// A reported row that a reviewer verified (or its correction).
    #[sea_orm(string_value = "REPORTED_ROW")]
    ReportedRow,
    /// A sale recorded by a market fair's organiser.
    #[sea_orm(string_value = "FAIR_SALE")]
    FairSale,
    /// A line of a purchase order (企业集采, 合作企业集采) paid offline and confirmed.
    #[sea_orm(string_value = "PURCHASE_LINE")]
    PurchaseLine,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::OrderLine => "ORDER_LINE",
            Source::ReportedRow => "REPORTED_ROW",
            Source::FairSale => "FAIR_SALE",
            Source::PurchaseLine => "PURCHASE_LINE",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::ActiveEnum;

    #[test]
    fn stored_names_match_the_names_that_are_hashed() {
        for channel in Channel::ALL {
            assert_eq!(channel.to_value(), channel.as_str());
            assert_eq!(
                Channel::parse(&channel.as_str().to_lowercase()),
                Some(channel)
            );
        }
        for kind in [EntryKind::Sale, EntryKind::Refund, EntryKind::Correction] {
            assert_eq!(kind.to_value(), kind.as_str());
        }
        for source in [
            Source::OrderLine,
            Source::ReportedRow,
            Source::FairSale,
            Source::PurchaseLine,
        ] {
            assert_eq!(source.to_value(), source.as_str());
        }
    }
}
