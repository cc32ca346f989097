//! An account's time zone (an IANA name such as Europe/London), read with
//! the maintained time-zone database (`jiff`): local days and minutes for
//! the end-of-day sign-off and the week view, a typed local time for
//! scheduling (refused in the hour the clocks go forward), and each time as
//! the account's clock shows it. Server only: the browser gets times
//! already turned into the account's clock.

use jiff::civil::DateTime;
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::Timestamp;

const DAY_MS: i64 = 86_400_000;

/// An account's time zone.
#[derive(Clone, Debug)]
pub struct Zone(TimeZone);

/// Why a typed local time was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalTimeError {
    /// Not a date and time ("2026-07-05T17:00").
    Unreadable,
    /// That time does not happen that day: the clocks go forward over it.
    ClocksGoForward,
}

impl Zone {
    /// The zone named `name`; UTC when the name is unknown (names are
    /// checked when an admin saves them).
    pub fn named(name: &str) -> Zone {
        Zone(TimeZone::get(name).unwrap_or(TimeZone::UTC))
    }

    /// The offset from UTC at `ms`, in milliseconds.
    fn offset_ms(&self, ms: i64) -> i64 {
        Timestamp::from_millisecond(ms)
            .map(|t| i64::from(self.0.to_offset(t).seconds()) * 1_000)
            .unwrap_or(0)
    }

    /// The time `ms` as this zone's clock shows it, written as if it were
    /// UTC (for showing: `posts::date_words` and `time_words` read it).
    pub fn wall(&self, ms: i64) -> i64 {
        ms + self.offset_ms(ms)
    }

    /// The local day of `ms`, as days since 1 January 1970.
    pub fn day_of(&self, ms: i64) -> i64 {
        self.wall(ms).div_euclid(DAY_MS)
    }

    /// Minutes since local midnight at `ms`.
    pub fn minute_of_day(&self, ms: i64) -> u32 {
        u32::try_from(self.wall(ms).rem_euclid(DAY_MS) / 60_000).unwrap_or(0)
    }

    /// When the local day `day` starts (its first moment, in UTC ms).
    pub fn day_start(&self, day: i64) -> i64 {
        self.at_wall(day * DAY_MS)
    }

    /// The moment a local wall-clock time `wall` (ms, as if UTC) happens;
    /// in a gap, the moment after it; in a fold, the earlier one.
    fn at_wall(&self, wall: i64) -> i64 {
        let Ok(dt) =
            Timestamp::from_millisecond(wall).map(|t| t.to_zoned(TimeZone::UTC).datetime())
        else {
            return wall;
        };
        self.0
            .to_ambiguous_timestamp(dt)
            .compatible()
            .map(|t| t.as_millisecond())
            .unwrap_or(wall)
    }

    /// The start (local Monday 00:00) of the week `offset` weeks from the
    /// one holding `now`.
    pub fn week_start(&self, now: i64, offset: i32) -> i64 {
        let day = self.day_of(now);
        // 1 January 1970 was a Thursday: 3 days after a Monday.
        let monday = day - (day + 3).rem_euclid(7) + 7 * i64::from(offset);
        self.day_start(monday)
    }

    /// A local time as typed ("2026-07-05T17:00"), as the moment it
    /// happens here. In the hour the clocks go back, the first of the two.
    pub fn from_local(&self, text: &str) -> Result<i64, LocalTimeError> {
        let dt: DateTime = text
            .trim()
            .parse()
            .map_err(|_| LocalTimeError::Unreadable)?;
        let ambiguous = self.0.to_ambiguous_timestamp(dt);
        if matches!(ambiguous.offset(), AmbiguousOffset::Gap { .. }) {
            return Err(LocalTimeError::ClocksGoForward);
        }
        ambiguous
            .earlier()
            .map(|t| t.as_millisecond())
            .map_err(|_| LocalTimeError::Unreadable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> i64 {
        text.parse::<Timestamp>().expect("time").as_millisecond()
    }

    #[test]
    fn five_pm_in_london_is_four_pm_utc_in_july_and_five_in_january() {
        let london = Zone::named("Europe/London");
        assert_eq!(
            london.from_local("2027-07-05T17:00"),
            Ok(utc("2027-07-05T16:00:00Z"))
        );
        assert_eq!(
            london.from_local("2027-01-12T17:00"),
            Ok(utc("2027-01-12T17:00:00Z"))
        );
        assert_eq!(london.minute_of_day(utc("2027-07-05T16:00:00Z")), 17 * 60);
        assert_eq!(london.minute_of_day(utc("2027-01-12T17:00:00Z")), 17 * 60);
    }

    #[test]
    fn a_time_in_the_hour_the_clocks_go_forward_is_refused() {
        let london = Zone::named("Europe/London");
        assert_eq!(
            london.from_local("2027-03-28T01:30"),
            Err(LocalTimeError::ClocksGoForward)
        );
        // The hour the clocks go back happens twice: the first is taken.
        assert_eq!(
            london.from_local("2026-10-25T01:30"),
            Ok(utc("2026-10-25T00:30:00Z"))
        );
        assert_eq!(
            london.from_local("half past five"),
            Err(LocalTimeError::Unreadable)
        );
    }

    #[test]
    fn local_days_start_at_local_midnight_across_the_clock_change() {
        let london = Zone::named("Europe/London");
        let late = utc("2027-07-05T23:30:00Z");
        assert_eq!(
            london.day_of(late),
            london.day_of(utc("2027-07-06T12:00:00Z"))
        );
        assert_eq!(
            london.day_start(london.day_of(late)),
            utc("2027-07-05T23:00:00Z")
        );
        // Sunday 28 March 2027 is 23 hours long in London.
        let sunday = london.day_of(utc("2027-03-28T12:00:00Z"));
        assert_eq!(
            london.day_start(sunday + 1) - london.day_start(sunday),
            23 * 3_600_000
        );
    }

    #[test]
    fn weeks_start_on_a_local_monday() {
        let london = Zone::named("Europe/London");
        // Sunday 4 July 2027, 23:30 in London (22:30 UTC).
        let sunday = utc("2027-07-05T22:30:00Z") - DAY_MS;
        assert_eq!(
            london.week_start(sunday, 0),
            utc("2027-06-27T23:00:00Z"),
            "Monday 28 June, 00:00 BST"
        );
        assert_eq!(
            crate::posts::date_words(london.wall(london.week_start(sunday, 0))),
            "28 June 2027"
        );
        assert_eq!(
            london.week_start(sunday, 1) - london.week_start(sunday, 0),
            7 * DAY_MS
        );
    }

    #[test]
    fn times_are_shown_on_the_account_clock() {
        let london = Zone::named("Europe/London");
        let summer = utc("2027-07-05T16:00:00Z");
        assert_eq!(crate::posts::time_words(london.wall(summer)), "17:00");
        let winter = utc("2027-01-12T17:00:00Z");
        assert_eq!(crate::posts::time_words(london.wall(winter)), "17:00");
        let unknown = Zone::named("Mars/Base");
        assert_eq!(unknown.wall(summer), summer, "unknown names read as UTC");
    }
}
