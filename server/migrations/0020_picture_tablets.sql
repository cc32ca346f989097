-- Tablets a supporter set up for picture passwords ("Use pictures on this
-- tablet"): a long-lived cookie holds the secret, only its SHA-256 is kept.
-- Pictures sign in only people on the accounts the supporter checked.
create table picture_tablet (
    tablet_id text primary key,
    token_hash text not null unique,
    made_by text not null references person (person_id),
    created_at bigint not null,
    revoked_at bigint
);
create table picture_tablet_account (
    tablet_id text not null references picture_tablet (tablet_id),
    service_account_id text not null references service_account (service_account_id),
    primary key (tablet_id, service_account_id)
);
