-- Several servers may run the email sender and the response counter: one
-- holds a notification's email, or a post's count, while it does it, so
-- each is done once.
alter table notification add column email_leased_by text;
alter table notification add column email_lease_until bigint;
alter table publish_job add column count_leased_by text;
alter table publish_job add column count_lease_until bigint;
