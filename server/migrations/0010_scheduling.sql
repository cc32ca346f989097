-- Scheduling: an approved post may wait for a chosen time before it goes
-- out (status "scheduled").

alter table post add column scheduled_for bigint;

create index post_due on post (status, scheduled_for);
