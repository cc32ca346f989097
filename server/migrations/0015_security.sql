-- Sign-in attempts, kept so a restart or a second server does not forget
-- them. A row is written before a password is checked (it holds the slot);
-- a right password deletes the rows of its name, a wrong one leaves its row
-- as the failure. Rows older than the window are deleted as new ones come.
create table signin_attempt (
    attempt_id text primary key,
    name_key text not null,
    address_key text,
    at bigint not null
);
create index signin_attempt_name on signin_attempt (name_key, at);
create index signin_attempt_address on signin_attempt (address_key, at);
create index signin_attempt_at on signin_attempt (at);
