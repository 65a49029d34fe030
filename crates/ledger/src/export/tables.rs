//! Rankings and scorecards as rows: small tables (a ranking has at most one row per city,
//! project or supplier), written whole.

use super::cell::safe;
use super::{Column, Lang};
use crate::ranking::Ranked;
use crate::scorecard::{Card, Figure, Scorecard};

pub const RANKING: &[Column] = &[
    ("名次", "rank"),
    ("键", "key"),
    ("名称", "name"),
    ("斤", "jin"),
    ("金额（元）", "yuan"),
    ("参与家庭", "households"),
];

pub const SCORECARD: &[Column] = &[
    ("阶段", "phase"),
    ("指标", "figure"),
    ("实际", "value"),
    ("目标", "target"),
    ("完成率（%）", "percent"),
];

pub fn ranking_rows(ranked: &[Ranked], name: impl Fn(&str) -> Option<String>) -> Vec<Vec<String>> {
    ranked
        .iter()
        .map(|r| {
            vec![
                r.rank.to_string(),
                r.standing.key.clone(),
                name(&r.standing.key)
                    .map(|n| safe(&n).into_owned())
                    .unwrap_or_default(),
                r.standing.grams.jin(),
                r.standing.fen.yuan(),
                r.standing.households.to_string(),
            ]
        })
        .collect()
}

fn card_rows(phase: &str, card: &Card, lang: Lang, out: &mut Vec<Vec<String>>) {
    let figures: [(&str, &str, Figure); 7] = [
        ("参与家庭", "households", card.households),
        (
            "有销售的社区",
            "communitiesWithSales",
            card.communities_with_sales,
        ),
        ("参战社区", "communitiesEnlisted", card.communities_enlisted),
        (
            "定制产品销售",
            "customProductsSold",
            card.custom_products_sold,
        ),
        (
            "直接帮扶贫困户",
            "poorHouseholdsDirect",
            card.poor_households_direct,
        ),
        (
            "间接帮扶贫困户",
            "poorHouseholdsIndirect",
            card.poor_households_indirect,
        ),
        ("大型市集", "fairsHeld", card.fairs_held),
    ];
    for (zh, en, value) in [
        ("斤", "jin", card.grams.jin()),
        ("金额（元）", "yuan", card.fen.yuan()),
    ] {
        // The campaign sets no jin or yuan target: value only.
        out.push(vec![
            safe(phase).into_owned(),
            lang.pick(zh, en).to_owned(),
            value,
            String::new(),
            String::new(),
        ]);
    }
    for (zh, en, f) in figures {
        out.push(vec![
            safe(phase).into_owned(),
            lang.pick(zh, en).to_owned(),
            f.value.to_string(),
            f.target.map(|t| t.to_string()).unwrap_or_default(),
            f.percent().map(|p| format!("{p:.1}")).unwrap_or_default(),
        ]);
    }
}

pub fn scorecard_rows(card: &Scorecard, lang: Lang) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    card_rows(
        lang.pick("整个战役", "whole campaign"),
        &card.whole,
        lang,
        &mut out,
    );
    for (phase, c) in &card.phases {
        card_rows(&phase.name, c, lang, &mut out);
    }
    out
}
