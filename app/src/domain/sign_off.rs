//! The end-of-day sign-off: an account's closing words ("If you need advice
//! or support, see our website. We'll be back tomorrow."), written once by
//! an admin and approved like any post, then sent at a set time on each day
//! the account posted. Days and times are UTC, like the rest of the app.

const DAY_MS: i64 = 86_400_000;

/// 17:00, when an account has not chosen.
pub const DEFAULT_MINUTE: u32 = 17 * 60;

/// Days since 1970 (UTC).
pub fn day_of(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

/// When `day` starts (milliseconds).
pub fn day_start(day: i64) -> i64 {
    day * DAY_MS
}

/// Minutes since midnight (UTC).
pub fn minute_of_day(ms: i64) -> u32 {
    u32::try_from(ms.rem_euclid(DAY_MS) / 60_000).unwrap_or(0)
}

/// Whether the sign-off goes out now: its time has come today, the account
/// posted today, and no sign-off went out today yet.
pub fn due(now: i64, at_minute: u32, posted_today: bool, sent_today: bool) -> bool {
    posted_today && !sent_today && minute_of_day(now) >= at_minute
}

/// "17:30" (as a time field gives it) as minutes since midnight.
pub fn parse_time(text: &str) -> Option<u32> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let (hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.get(..2)?.parse().ok()?);
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

/// Minutes since midnight as "17:30".
pub fn time_text(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60 % 24, minute % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    #[test]
    fn it_goes_out_after_its_time_on_a_day_with_posts_and_only_once() {
        let monday_17_05 = 20_000 * DAY_MS + 17 * HOUR + 5 * 60_000;
        assert!(due(monday_17_05, DEFAULT_MINUTE, true, false));
        assert!(
            !due(monday_17_05, DEFAULT_MINUTE, false, false),
            "no posts today"
        );
        assert!(
            !due(monday_17_05, DEFAULT_MINUTE, true, true),
            "already sent"
        );
        assert!(
            !due(monday_17_05 - HOUR, DEFAULT_MINUTE, true, false),
            "too early"
        );
        assert!(due(monday_17_05 - HOUR, 16 * 60, true, false));
    }

    #[test]
    fn days_and_minutes_are_utc() {
        let t = 20_000 * DAY_MS + 9 * HOUR + 30 * 60_000;
        assert_eq!(day_of(t), 20_000);
        assert_eq!(day_start(day_of(t)), 20_000 * DAY_MS);
        assert_eq!(minute_of_day(t), 9 * 60 + 30);
        assert_eq!(day_of(-1), -1);
    }

    #[test]
    fn times_read_and_print_as_a_time_field_has_them() {
        assert_eq!(parse_time("17:00"), Some(1020));
        assert_eq!(parse_time("09:05"), Some(545));
        assert_eq!(parse_time("09:05:00"), Some(545));
        assert_eq!(parse_time("0:00"), Some(0));
        for bad in ["24:00", "12:60", "noon", "", "12", "-1:00"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(time_text(1020), "17:00");
        assert_eq!(time_text(545), "09:05");
    }
}
