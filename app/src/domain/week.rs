//! Weeks for the schedule view: Monday to Sunday on each account's own
//! clock (see `zone::Zone::week_start`).

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
