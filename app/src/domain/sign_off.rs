//! The end-of-day sign-off: an account's closing words ("If you need advice
//! or support, see our website. We'll be back tomorrow."), written once by
//! an admin and approved like any post, then sent at a set time on each day
//! the account posted. Days and times are the account's own (its time
//! zone, summer time included: see `zone::Zone`).

/// 17:00, when an account has not chosen.
pub const DEFAULT_MINUTE: u32 = 17 * 60;

/// Whether the sign-off goes out now: it is `minute_now` on the account's
/// clock, its time `at_minute` has come today, the account posted today,
/// and no sign-off went out today yet.
pub fn due(minute_now: u32, at_minute: u32, posted_today: bool, sent_today: bool) -> bool {
    posted_today && !sent_today && minute_now >= at_minute
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

    #[test]
    fn it_goes_out_after_its_time_on_a_day_with_posts_and_only_once() {
        let five_past_five = 17 * 60 + 5;
        assert!(due(five_past_five, DEFAULT_MINUTE, true, false));
        assert!(
            !due(five_past_five, DEFAULT_MINUTE, false, false),
            "no posts today"
        );
        assert!(
            !due(five_past_five, DEFAULT_MINUTE, true, true),
            "already sent"
        );
        assert!(
            !due(five_past_five - 60, DEFAULT_MINUTE, true, false),
            "too early"
        );
        assert!(due(five_past_five - 60, 16 * 60, true, false));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn five_pm_in_london_goes_out_at_four_utc_in_july_and_five_in_january() {
        use crate::domain::zone::Zone;
        let london = Zone::named("Europe/London");
        let at = |text: &str| {
            text.parse::<jiff::Timestamp>()
                .expect("time")
                .as_millisecond()
        };
        let due_at = |text: &str| due(london.minute_of_day(at(text)), DEFAULT_MINUTE, true, false);
        assert!(!due_at("2027-07-05T15:59:00Z"));
        assert!(due_at("2027-07-05T16:00:00Z"), "17:00 BST");
        assert!(!due_at("2027-01-12T16:59:00Z"));
        assert!(due_at("2027-01-12T17:00:00Z"), "17:00 GMT");
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
