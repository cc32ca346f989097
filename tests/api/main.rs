//! Integration tests: the real `ourvoice` server on a random port with a
//! fresh SQLite database, driven over HTTP.

mod bench_publish;
mod bluesky;
mod boards;
mod cards;
mod crash;
mod easy_signin;
mod feed;
mod hashtags;
mod helpers;
mod journey;
mod kept_pages;
mod matrix;
mod media_store;
mod notes;
mod peers;
mod photos;
mod profile;
mod publishing;
mod refusals;
mod responses;
mod review;
mod running;
mod safeguarding;
mod scheduling;
mod security;
mod server;
mod several_servers;
mod sign_off;
mod speech;
mod take_down;
mod time_zones;
