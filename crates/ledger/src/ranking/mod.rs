//! 排行榜: who leads, by dimension × metric × period, optionally within an association, a
//! province or a city.
//!
//! [`standings`] reads every competitor's figures (from the rollups when the ranking covers the
//! whole campaign, from a GROUP BY over the sealed entries when it is narrowed to a scope the
//! rollups are not keyed by); [`order`] ranks them with competition ranking (1, 2, 2, 4); [`top`]
//! and [`position`] cut what a screen or a caller needs. The cuts are pure functions, so ties
//! are tested without a database.

pub mod access;
pub mod cut;
pub mod labels;
pub mod mine;
pub mod span;
pub mod standings;

use kernel::{Fen, Grams};

pub use span::Span;
pub use standings::{Within, standings};

/// 指标: what a ranking orders by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// 斤数 (by grams)
    Jin,
    /// 金额 (by fen)
    Yuan,
    /// 参与家庭: distinct households with a sale.
    Households,
}

impl Metric {
    pub fn of(self, s: &Standing) -> i64 {
        match self {
            Metric::Jin => s.grams.0,
            Metric::Yuan => s.fen.0,
            Metric::Households => s.households,
        }
    }
}

/// One competitor's figures: `key` is the dimension key (a region code, or an id as text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub key: String,
    pub grams: Grams,
    pub fen: Fen,
    pub households: i64,
}

/// A standing with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// Competition rank: 1 + the number of competitors with a strictly larger value.
    pub rank: u32,
    pub value: i64,
    pub standing: Standing,
}

/// Ranks standings by the metric, largest first; equal values share a rank (1, 2, 2, 4) and
/// are listed by key, so the order is stable between calls and between databases.
pub fn order(mut standings: Vec<Standing>, metric: Metric) -> Vec<Ranked> {
    standings.sort_by(|a, b| {
        metric
            .of(b)
            .cmp(&metric.of(a))
            .then_with(|| a.key.cmp(&b.key))
    });
    let mut out: Vec<Ranked> = Vec::with_capacity(standings.len());
    for (i, standing) in standings.into_iter().enumerate() {
        let value = metric.of(&standing);
        let rank = match out.last() {
            Some(prev) if prev.value == value => prev.rank,
            _ => u32::try_from(i + 1).unwrap_or(u32::MAX),
        };
        out.push(Ranked {
            rank,
            value,
            standing,
        });
    }
    out
}

/// The first `n` places, and whoever ties with the last of them: a tie at the cut is never
/// broken by an arbitrary order (top 3 of 10, 9, 9, 9, 5 is four rows).
pub fn top(ranked: Vec<Ranked>, n: usize) -> Vec<Ranked> {
    let Some(last) = ranked
        .get(n.checked_sub(1).unwrap_or(usize::MAX))
        .map(|r| r.rank)
    else {
        return if n == 0 { Vec::new() } else { ranked };
    };
    ranked.into_iter().take_while(|r| r.rank <= last).collect()
}

/// Where one competitor stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub rank: u32,
    /// Competitors ranked (counting this one even if it has sold nothing yet).
    pub of: u32,
    pub value: i64,
    /// How much more it needs to reach the value of the next place up; `None` when first.
    pub gap_to_above: Option<i64>,
}

/// The position of `key`; a competitor without sales stands after everyone with a larger value.
pub fn position(ranked: &[Ranked], key: &str) -> Position {
    let found = ranked.iter().find(|r| r.standing.key == key);
    let value = found.map_or(0, |r| r.value);
    let above = ranked
        .iter()
        .filter(|r| r.value > value)
        .map(|r| r.value)
        .min();
    let larger = ranked.iter().filter(|r| r.value > value).count();
    let count = ranked.len() + usize::from(found.is_none());
    Position {
        rank: u32::try_from(larger + 1).unwrap_or(u32::MAX),
        of: u32::try_from(count).unwrap_or(u32::MAX),
        value,
        gap_to_above: above.map(|a| a - value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(key: &str, grams: i64) -> Standing {
        Standing {
            key: key.into(),
            grams: Grams(grams),
            fen: Fen(grams * 2),
            households: 1,
        }
    }

    fn ranks(r: &[Ranked]) -> Vec<(u32, &str)> {
        r.iter()
            .map(|r| (r.rank, r.standing.key.as_str()))
            .collect()
    }

    #[test]
    fn ties_share_a_rank_and_the_next_rank_skips() {
        let r = order(
            vec![s("d", 5), s("c", 9), s("a", 10), s("b", 9)],
            Metric::Jin,
        );
        assert_eq!(ranks(&r), vec![(1, "a"), (2, "b"), (2, "c"), (4, "d")]);
    }

    #[test]
    fn top_keeps_everyone_tied_at_the_cut() {
        let r = order(
            vec![s("a", 10), s("b", 9), s("c", 9), s("d", 9), s("e", 5)],
            Metric::Jin,
        );
        assert_eq!(top(r.clone(), 2).len(), 4);
        assert_eq!(top(r.clone(), 1).len(), 1);
        assert_eq!(top(r.clone(), 5).len(), 5);
        assert_eq!(top(r.clone(), 50).len(), 5);
        assert!(top(r, 0).is_empty());
    }

    #[test]
    fn position_gives_the_gap_to_the_next_place_up() {
        let r = order(
            vec![s("a", 10), s("b", 9), s("c", 9), s("d", 5)],
            Metric::Jin,
        );
        let d = position(&r, "d");
        assert_eq!((d.rank, d.of, d.value, d.gap_to_above), (4, 4, 5, Some(4)));
        let c = position(&r, "c");
        assert_eq!((c.rank, c.gap_to_above), (2, Some(1)));
        assert_eq!(position(&r, "a").gap_to_above, None);
        let nobody = position(&r, "z");
        assert_eq!(
            (nobody.rank, nobody.of, nobody.gap_to_above),
            (5, 5, Some(5))
        );
    }

    #[test]
    fn metric_chooses_the_figure() {
        let mut x = s("x", 1);
        x.households = 7;
        let r = order(vec![s("y", 100), x], Metric::Households);
        assert_eq!(r[0].standing.key, "x");
        assert_eq!(r[0].rank, 1);
        assert_eq!(r[1].rank, 2);
        assert_eq!(order(vec![s("y", 100)], Metric::Yuan)[0].value, 200);
    }
}
