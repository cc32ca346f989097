//! Weeks for the schedule view: Monday to Sunday, in UTC (like every date
//! the app shows).

const DAY_MS: i64 = 86_400_000;
pub const WEEK_MS: i64 = 7 * DAY_MS;

/// The start (Monday 00:00) of the week `offset` weeks from the one that
/// holds `now`.
pub fn week_start(now: i64, offset: i32) -> i64 {
    let day = now.div_euclid(DAY_MS);
    // 1 January 1970 was a Thursday: 3 days after a Monday.
    let monday = day - (day + 3).rem_euclid(7);
    monday * DAY_MS + i64::from(offset) * WEEK_MS
}

/// Which day of the week starting at `start` the time `at` falls on (0 is
/// Monday), if it is in that week.
pub fn day_of(start: i64, at: i64) -> Option<usize> {
    let day = (at - start).div_euclid(DAY_MS);
    usize::try_from(day).ok().filter(|d| *d < 7)
}

/// The names of the days, Monday first.
pub const DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

#[cfg(test)]
mod tests {
    use super::*;

    // Sunday 29 November 2026, 08:00 UTC.
    const SUNDAY: i64 = 1_795_910_400_000 + 8 * 3_600_000;

    #[test]
    fn weeks_start_on_monday() {
        // Monday 23 November 2026.
        assert_eq!(week_start(SUNDAY, 0), 1_795_392_000_000);
        assert_eq!(week_start(SUNDAY, 1), 1_795_392_000_000 + WEEK_MS);
        assert_eq!(week_start(SUNDAY, -1), 1_795_392_000_000 - WEEK_MS);
        let monday = week_start(SUNDAY, 0);
        assert_eq!(
            week_start(monday, 0),
            monday,
            "a Monday starts its own week"
        );
        assert_eq!(crate::posts::date_words(monday), "23 November 2026");
    }

    #[test]
    fn times_fall_on_their_day() {
        let start = week_start(SUNDAY, 0);
        assert_eq!(day_of(start, SUNDAY), Some(6));
        assert_eq!(day_of(start, start), Some(0));
        assert_eq!(day_of(start, start - 1), None);
        assert_eq!(day_of(start, start + WEEK_MS), None);
    }
}
