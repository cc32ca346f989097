-- People, service accounts and posts. Portable SQL: it runs on SQLite and
-- Postgres alike. Ids are text (UUIDs); times are milliseconds since 1970 UTC.

-- An organisation (an NHS Trust, a care provider) runs service accounts.
create table organisation (
    organisation_id text primary key,
    name text not null unique,
    created_at bigint not null
);

-- A service account publishes posts; its slug names its public feed.
create table service_account (
    service_account_id text primary key,
    organisation_id text not null references organisation (organisation_id),
    name text not null,
    slug text not null unique,
    help_url text not null,
    created_at bigint not null,
    updated_at bigint not null
);

-- Anyone who signs in. "person" because "user" is reserved in Postgres.
create table person (
    person_id text primary key,
    user_name text not null unique,
    display_name text not null,
    password_hash text,
    created_at bigint not null,
    updated_at bigint not null
);

-- A person's role on one service account.
create table membership (
    service_account_id text not null references service_account (service_account_id),
    person_id text not null references person (person_id),
    role text not null check (role in ('co_producer', 'supporter', 'admin')),
    created_at bigint not null,
    primary key (service_account_id, person_id)
);

-- A post: its current tiles (JSON), where it is in its life, and the
-- supporter's latest feedback. `revision` orders the author's saves.
create table post (
    post_id text primary key,
    service_account_id text not null references service_account (service_account_id),
    author_id text not null references person (person_id),
    status text not null,
    tiles text not null,
    revision bigint not null,
    feedback text,
    created_at bigint not null,
    updated_at bigint not null,
    published_at bigint
);

create index post_by_account_status on post (service_account_id, status);
create index post_by_author on post (author_id, updated_at);

-- The audit log: every lifecycle step, who took it, when and why.
create table post_event (
    post_event_id text primary key,
    post_id text not null references post (post_id),
    actor_id text references person (person_id),
    from_status text not null,
    to_status text not null,
    note text,
    created_at bigint not null
);

create index post_event_by_post on post_event (post_id, created_at);
