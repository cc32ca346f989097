-- How people responded: counts fetched back from each network for live
-- posts (replies; boosts or reposts; favourites or likes).

alter table publish_job add column replies bigint;
alter table publish_job add column reposts bigint;
alter table publish_job add column likes bigint;
-- When the counts were last fetched (milliseconds).
alter table publish_job add column counted_at bigint;
