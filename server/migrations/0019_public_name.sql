-- The name an author chose to show on the public feed; none shows
-- "A member of <account>".
alter table person add column public_name text;
