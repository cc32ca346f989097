//! Pure domain rules of Our Voice: roles, posts, the post lifecycle and the
//! symbol index. Nothing here knows about Leptos, HTTP or the database, so the
//! same rules run in the browser, on the server and in unit tests.

pub mod approving;
pub mod easy_read;
pub mod feedback;
pub mod guard;
pub mod hashtags;
pub mod lifecycle;
pub mod notify;
pub mod outbox;
pub mod post;
pub mod profile;
pub mod reach;
pub mod responses;
pub mod review;
pub mod reviewed;
pub mod roles;
pub mod running;
pub mod safeguarding;
pub mod sign_off;
pub mod signin;
pub mod speech;
pub mod symbolise;
pub mod symbols;
pub mod update;
pub mod vocabulary;
pub mod week;
pub mod words;
#[cfg(feature = "ssr")]
pub mod zone;
