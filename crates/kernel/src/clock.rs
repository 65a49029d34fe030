//! The clock. Services ask it for "now" so tests can fix time (deadlines, token expiry).

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

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
    /// A clock a test sets and moves (e.g. past an event's date), shared by every clone.
    Manual(ManualClock),
}

/// The time of a [`Clock::Manual`]: clones share it, so a test keeps one handle and moves the
/// clock of a running server.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Arc::new(AtomicI64::new(at.timestamp_micros())))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        self.0.store(at.timestamp_micros(), Ordering::SeqCst);
    }

    pub fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_micros(self.0.load(Ordering::SeqCst)).unwrap_or_default()
    }
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
            Clock::Manual(m) => m.now(),
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
    fn a_manual_clock_moves_for_every_clone() {
        let start = DateTime::parse_from_rfc3339("2019-05-01T00:00:00Z").unwrap();
        let manual = ManualClock::new(start.with_timezone(&Utc));
        let clock = Clock::Manual(manual.clone());
        let later = DateTime::parse_from_rfc3339("2019-06-01T08:00:00+08:00").unwrap();
        manual.set(later.with_timezone(&Utc));
        assert_eq!(clock.now(), later.with_timezone(&Utc));
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2019, 6, 1).unwrap());
    }
}
