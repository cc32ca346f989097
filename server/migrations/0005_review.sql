-- Review: every kept version of a post's words, the author's consent, a
-- supporter's suggestion waiting for the author, approvals per version, and
-- each account's rule for how many different people must approve.

-- Every version of a post's words: what the author sent and what a
-- supporter suggested. Numbers count up from 1 per post.
create table post_version (
    post_id text not null references post (post_id),
    version bigint not null,
    tiles text not null,
    kind text not null check (kind in ('sent', 'suggested')),
    made_by text not null references person (person_id),
    created_at bigint not null,
    primary key (post_id, version)
);

-- The version the post's words are, the one the author agreed to, and a
-- suggested version waiting for the author's answer.
alter table post add column version bigint not null default 0;
alter table post add column consented_version bigint;
alter table post add column suggested_version bigint;

-- Who approved which version. Two people approving is a per-account rule.
create table post_approval (
    post_id text not null references post (post_id),
    version bigint not null,
    person_id text not null references person (person_id),
    created_at bigint not null,
    primary key (post_id, version, person_id)
);

alter table service_account add column approvals_needed bigint not null default 1;

-- Changes to an account's rules, for the account's log.
create table account_event (
    account_event_id text primary key,
    service_account_id text not null references service_account (service_account_id),
    actor_id text not null references person (person_id),
    what text not null,
    created_at bigint not null
);

create index account_event_by_account on account_event (service_account_id, created_at);

-- The order of a post's steps, counting up from 1: steps taken in one
-- transaction share a time.
alter table post_event add column seq bigint not null default 0;
