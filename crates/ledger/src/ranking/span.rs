//! 统计周期 with its key: the period a ranking or scorecard covers, parsed once so the rollup
//! key and the entries' condition can never disagree.

use chrono::{Datelike, NaiveDate};
use kernel::error::codes;
use kernel::{DomainError, Message};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

use crate::entity::entry;
use crate::rollup::Period;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Span {
    /// 累计
    All,
    /// 阶段: a campaign phase.
    Phase(Uuid),
    /// 月: the first day of the month.
    Month(NaiveDate),
    /// 日
    Day(NaiveDate),
}

impl Span {
    /// From a period and its key as the rollups spell it (`""`, a phase id, `YYYY-MM`,
    /// `YYYY-MM-DD`); `field` names the key in the error.
    pub fn parse(period: Period, key: &str, field: &str) -> Result<Span, DomainError> {
        let bad = || {
            DomainError::invalid(
                &[field],
                codes::INVALID,
                Message::new(
                    "周期键与统计周期不符（阶段 ID、YYYY-MM 或 YYYY-MM-DD）",
                    "the period key does not match the period (a phase id, YYYY-MM or YYYY-MM-DD)",
                ),
            )
        };
        match period {
            Period::All => Ok(Span::All),
            Period::Phase => Uuid::parse_str(key).map(Span::Phase).map_err(|_| bad()),
            Period::Month => NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d")
                .map(Span::Month)
                .map_err(|_| bad()),
            Period::Day => NaiveDate::parse_from_str(key, "%Y-%m-%d")
                .map(Span::Day)
                .map_err(|_| bad()),
        }
    }

    pub fn period(self) -> Period {
        match self {
            Span::All => Period::All,
            Span::Phase(_) => Period::Phase,
            Span::Month(_) => Period::Month,
            Span::Day(_) => Period::Day,
        }
    }

    /// The rollup period key.
    pub fn key(self) -> String {
        match self {
            Span::All => String::new(),
            Span::Phase(id) => id.to_string(),
            Span::Month(d) => d.format("%Y-%m").to_string(),
            Span::Day(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// The same period as a condition on entries (by the day they count on).
    pub fn entries(self) -> Condition {
        use entry::Column as C;
        let c = Condition::all();
        match self {
            Span::All => c,
            Span::Phase(id) => c.add(C::PhaseId.eq(id)),
            Span::Month(first) => {
                let next = if first.month() == 12 {
                    NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
                };
                let c = c.add(C::CountedOn.gte(first));
                match next {
                    Some(next) => c.add(C::CountedOn.lt(next)),
                    None => c,
                }
            }
            Span::Day(d) => c.add(C::CountedOn.eq(d)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_as_the_rollups_spell_them() {
        for (p, k) in [
            (Period::All, ""),
            (Period::Month, "2019-06"),
            (Period::Day, "2019-06-03"),
            (Period::Phase, "0169d632-1400-7000-8000-000000000001"),
        ] {
            let span = Span::parse(p, k, "periodKey").unwrap_or(Span::All);
            assert_eq!((span.period(), span.key().as_str()), (p, k));
        }
        assert!(Span::parse(Period::Month, "2019-6-x", "periodKey").is_err());
    }
}
