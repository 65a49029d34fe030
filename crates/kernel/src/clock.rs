//! The clock. Services ask it for "now" so tests can fix time (deadlines, token expiry).

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};

/// The campaign's calendar is Asia/Shanghai, which has had no daylight saving since 1991, so a
/// fixed +08:00 offset is exact for every date the campaign can touch.
pub const CAMPAIGN_OFFSET: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("+08:00 is a valid offset"),
};

/// A source of the current time.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(DateTime<Utc>),
    /// System time moved by an offset (seconds) that can change while a server runs: lets
    /// black-box tests let a notice period end or a certification lapse on a live server.
    Shifted(Arc<AtomicI64>),
}

impl Clock {
    /// A system clock that [`Clock::advance`] can move.
    pub fn shifted() -> Self {
        Clock::Shifted(Arc::new(AtomicI64::new(0)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
            Clock::Shifted(offset) => {
                Utc::now() + TimeDelta::seconds(offset.load(Ordering::Relaxed))
            }
        }
    }

    /// Moves a shifted clock (and every clone of it) forward; other clocks do not move.
    pub fn advance(&self, by: TimeDelta) {
        if let Clock::Shifted(offset) = self {
            offset.fetch_add(by.num_seconds(), Ordering::Relaxed);
        }
    }

    /// Today's date on the campaign's calendar.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&CAMPAIGN_OFFSET).date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_follows_the_shanghai_calendar() {
        let late_utc = DateTime::parse_from_rfc3339("2019-05-01T17:30:00Z").unwrap();
        let clock = Clock::Fixed(late_utc.with_timezone(&Utc));
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2019, 5, 2).unwrap());
    }

    #[test]
    fn a_shifted_clock_moves_for_every_clone() {
        let clock = Clock::shifted();
        let seen_by_server = clock.clone();
        let before = seen_by_server.today();
        clock.advance(TimeDelta::days(8));
        assert_eq!(seen_by_server.today() - before, TimeDelta::days(8));
    }
}
