-- A Bluesky connection's session, kept so that publishing and counting do
-- not sign in each time (Bluesky allows 30 sign-ins in 5 minutes). The
-- access and refresh tokens are sealed together; their expiry times (ms)
-- are kept beside them. One server at a time renews a session: it holds
-- `renewing_by` until `renewing_until`, and `version` grows with each new
-- pair of tokens. `busy_until` is when the network said to ask again after
-- a 429.
create table bluesky_session (
    connection_id text primary key references connection (connection_id),
    sealed text not null default '',
    access_until bigint not null default 0,
    refresh_until bigint not null default 0,
    version bigint not null default 0,
    renewing_by text,
    renewing_until bigint,
    busy_until bigint not null default 0
);
