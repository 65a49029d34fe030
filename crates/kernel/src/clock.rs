//! The clock. Services ask it for "now" so tests can fix time (deadlines, token expiry).

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
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
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
}
