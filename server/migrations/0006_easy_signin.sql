-- Easy sign-in for co-producers: a picture password (an argon2 hash of
-- the three pictures in order) and sign-in cards a supporter prints.

alter table person add column picture_hash text;

-- A sign-in card: its QR code holds a secret; only its SHA-256 is kept.
create table signin_card (
    signin_card_id text primary key,
    person_id text not null references person (person_id),
    token_hash text not null unique,
    made_by text not null references person (person_id),
    created_at bigint not null,
    expires_at bigint not null,
    revoked_at bigint
);

create index signin_card_by_person on signin_card (person_id, created_at);
