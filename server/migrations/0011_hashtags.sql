-- Hashtag sets: an account's hashtags for an event (a board meeting, a
-- weekly chat), offered to authors as tiles.

create table hashtag_set (
    hashtag_set_id text primary key,
    service_account_id text not null references service_account (service_account_id),
    -- What the set is for: "Board meeting".
    event text not null,
    -- The hashtags with their "#", one space between.
    tags text not null,
    created_by text not null references person (person_id),
    created_at bigint not null,
    updated_at bigint not null
);

create index hashtag_set_by_account on hashtag_set (service_account_id, event);
