-- Publishing to Mastodon and Bluesky: each account's connections (the
-- secret sealed with the server's key, never in clear) and the outbox, one
-- job per approved post and connection.

create table connection (
    connection_id text primary key,
    service_account_id text not null references service_account (service_account_id),
    -- "mastodon" or "bluesky".
    network text not null,
    -- The server's address, e.g. https://mastodon.social.
    server_url text not null,
    -- Who the connection posts as (@name or the Bluesky handle).
    remote_name text not null,
    -- The access token or app password, sealed (XChaCha20-Poly1305).
    secret text not null,
    -- "connected" or "needs_reconnecting" (the network refused the secret).
    state text not null,
    -- The network's text limit (characters or graphemes).
    text_limit bigint not null,
    created_by text not null references person (person_id),
    created_at bigint not null,
    updated_at bigint not null,
    unique (service_account_id, network)
);

create table publish_job (
    job_id text primary key,
    post_id text not null references post (post_id),
    connection_id text not null references connection (connection_id),
    network text not null,
    -- waiting, sending, live, failed (after the last try) or stopped (the
    -- connection was removed).
    state text not null,
    attempts bigint not null default 0,
    -- When the next try may start (milliseconds).
    next_try_at bigint not null,
    -- A worker holds the job until this time; after it, another may take it.
    lease_until bigint,
    leased_by text,
    -- What the network calls the post, and where people see it.
    remote_id text,
    remote_url text,
    last_error text,
    created_at bigint not null,
    updated_at bigint not null,
    unique (post_id, connection_id)
);

create index publish_job_due on publish_job (state, next_try_at);
create index publish_job_by_post on publish_job (post_id);
