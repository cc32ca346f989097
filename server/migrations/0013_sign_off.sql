-- The end-of-day sign-off. An admin writes it as a post; once approved it
-- stays "approved" and its words go out as a new published post at the
-- account's time on each day the account posted.

-- Every sign-off post written; the newest approved one is used.
create table sign_off (
    post_id text primary key references post (post_id),
    service_account_id text not null references service_account (service_account_id),
    created_at bigint not null
);

create index sign_off_by_account on sign_off (service_account_id, created_at);

-- Minutes after midnight (UTC) when the sign-off goes out.
alter table service_account add column sign_off_minute bigint not null default 1020;

-- One sign-off a day per account: the key makes a second one impossible,
-- whichever server or worker tries.
create table sign_off_day (
    service_account_id text not null references service_account (service_account_id),
    -- Days since 1970 (UTC).
    day bigint not null,
    post_id text not null references post (post_id),
    primary key (service_account_id, day)
);
