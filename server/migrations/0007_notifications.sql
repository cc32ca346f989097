-- Notifications in the app (a count and a list), and by email when the
-- person has an address and the server has an SMTP server set.

alter table person add column email text;

create table notification (
    notification_id text primary key,
    person_id text not null references person (person_id),
    post_id text not null references post (post_id),
    kind text not null,
    created_at bigint not null,
    read_at bigint,
    -- Email: sent, or how many times sending failed (at most 5 tries).
    emailed_at bigint,
    email_tries bigint not null default 0
);

create index notification_by_person on notification (person_id, created_at);
create index notification_to_email on notification (emailed_at, email_tries);
