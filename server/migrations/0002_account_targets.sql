-- Where each service account publishes: a space-separated list such as
-- "feed mastodon:500 bluesky" (Mastodon with its instance's length limit).
alter table service_account add column targets text not null default 'feed';
