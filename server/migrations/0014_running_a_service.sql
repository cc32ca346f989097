-- Running a service without the demo: one-time welcome links, people whose
-- access is stopped or who were removed, closed accounts, each account's
-- time zone, and who a log line is about.

-- Where the account's times are read (an IANA name such as Europe/London):
-- scheduling, the week view, the sign-off's minute (sign_off_minute) and
-- its days (sign_off_day.day, local days since 1970) are on this clock.
alter table service_account add column time_zone text not null default 'Europe/London';
-- A closed account takes no new posts; its feed stays, with a notice.
alter table service_account add column closed_at bigint;

-- A stopped person cannot sign in; their posts stay.
alter table person add column stopped_at bigint;
-- A removed person is erased: only their id stays, for the posts and logs
-- that keep it (shown as "A member of <account>").
alter table person add column removed_at bigint;
-- Goes up each time a person's access is stopped: every session they had
-- stops working at once.
alter table person add column access_stamp bigint not null default 0;

-- A one-time link to choose a password. Only the SHA-256 of its secret is
-- kept; it works once, until it expires.
create table welcome_link (
    welcome_link_id text primary key,
    person_id text not null references person (person_id),
    token_hash text not null unique,
    -- Nobody for the first admin (made by `ourvoice init`).
    made_by text references person (person_id),
    created_at bigint not null,
    expires_at bigint not null,
    used_at bigint
);

create index welcome_link_by_person on welcome_link (person_id);

-- The person a line of an account's log is about (added, given a role,
-- stopped, removed). Names are never written into the line itself.
alter table account_event add column subject_id text references person (person_id);
