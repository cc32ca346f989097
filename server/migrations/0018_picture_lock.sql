-- Picture passwords lock after 10 wrong tries in a day, until a supporter
-- unlocks them (or sets new ones).
alter table person add column pictures_locked_at bigint;

create table picture_failure (
    person_id text not null references person (person_id),
    at bigint not null
);
create index picture_failure_by_person on picture_failure (person_id, at);

-- Notifications about a person (new sign-in pictures, a card made, pictures
-- locked) besides those about a post: the post is optional, and the person
-- they are about and who acted are kept.
create table notification_next (
    notification_id text primary key,
    person_id text not null references person (person_id),
    post_id text references post (post_id),
    subject_id text references person (person_id),
    actor_id text references person (person_id),
    kind text not null,
    created_at bigint not null,
    read_at bigint,
    emailed_at bigint,
    email_tries bigint not null default 0,
    check (post_id is not null or subject_id is not null)
);
insert into notification_next (notification_id, person_id, post_id, kind, created_at,
    read_at, emailed_at, email_tries)
select notification_id, person_id, post_id, kind, created_at, read_at, emailed_at, email_tries
from notification;
drop table notification;
alter table notification_next rename to notification;
create index notification_by_person on notification (person_id, created_at);
create index notification_to_email on notification (emailed_at, email_tries);
