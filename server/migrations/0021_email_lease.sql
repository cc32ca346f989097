-- Several servers may run the email sender: one holds a notification's
-- email while it sends it, so each email goes once.
alter table notification add column email_leased_by text;
alter table notification add column email_lease_until bigint;
