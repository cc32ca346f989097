//! Publishing beyond the app's own feed: an admin connects each account to
//! Mastodon and Bluesky on **Connected accounts**; approved posts go out
//! through the server's outbox; the author sees where each post stands.
//! Secrets go from the admin's form to the server and never come back.

mod page;
mod week;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::domain::outbox::Network;
use crate::error::AppError;

pub use crate::records::{ConnectionView, Login, TargetView};

pub(crate) use page::icon;
pub use page::PostTargets;
pub use week::WeekPage;

/// One account's connections, for its admins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountConnections {
    pub account_id: String,
    pub account_name: String,
    pub connections: Vec<ConnectionView>,
}

/// A post on the week view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekPost {
    pub post_id: String,
    pub author_name: String,
    pub tiles: Vec<crate::domain::post::Tile>,
    /// When it went out or goes out, on the account's clock.
    pub at: i64,
    pub published: bool,
}

/// One account's week: Monday first, each day's posts in time order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountWeek {
    pub account_id: String,
    pub account_name: String,
    /// Monday 00:00 on the account's clock.
    pub start: i64,
    pub days: Vec<Vec<WeekPost>>,
}

/// The main Bluesky service, the default server for a Bluesky handle.
pub const BLUESKY_SERVICE: &str = "https://bsky.social";

/// The connections of every account the signed-in person is an admin of.
#[server(endpoint = "connections/list", input = Json)]
pub async fn connections() -> Result<Vec<AccountConnections>, AppError> {
    crate::ports::answer(flows::connections().await)
}

/// Connects an account to a Mastodon server with an access token. The
/// server is asked who the token posts as before anything is kept.
#[server(endpoint = "connections/mastodon", input = Json)]
pub async fn connect_mastodon(
    account_id: String,
    server_url: String,
    access_token: String,
) -> Result<ConnectionView, AppError> {
    let login = Login::Mastodon {
        server_url,
        access_token,
    };
    crate::ports::answer(flows::connect(account_id, login).await)
}

/// Connects an account to Bluesky with a handle and an app password (the
/// server address defaults to the main Bluesky service).
#[server(endpoint = "connections/bluesky", input = Json)]
pub async fn connect_bluesky(
    account_id: String,
    handle: String,
    app_password: String,
    server_url: Option<String>,
) -> Result<ConnectionView, AppError> {
    let server_url = server_url
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| BLUESKY_SERVICE.to_string());
    let login = Login::Bluesky {
        server_url,
        handle,
        app_password,
    };
    crate::ports::answer(flows::connect(account_id, login).await)
}

/// Takes a connection off: its secret is forgotten and posts that have not
/// gone out yet stop.
#[server(endpoint = "connections/take-off", input = Json)]
pub async fn take_off(account_id: String, network: Network) -> Result<(), AppError> {
    crate::ports::answer(flows::take_off(account_id, network).await)
}

/// The week `week` weeks from this one (0: this week), for each account
/// the signed-in person checks posts on.
#[server(endpoint = "schedule/week", input = Json)]
pub async fn week_of_posts(week: i32) -> Result<Vec<AccountWeek>, AppError> {
    crate::ports::answer(flows::week(week).await)
}

/// Where a post stands on each network: for its author and the account's
/// supporters and admins.
#[server(endpoint = "posts/targets", input = Json)]
pub async fn post_targets(post_id: String) -> Result<Vec<TargetView>, AppError> {
    crate::ports::answer(flows::targets(post_id).await)
}

#[cfg(feature = "ssr")]
pub(crate) mod flows {
    use super::{AccountConnections, ConnectionView, Login, TargetView};
    use crate::domain::outbox::Network;
    use crate::domain::roles::Role;
    use crate::error::AppError;
    use crate::ports;
    use crate::strings;

    /// Longest server address, handle or secret taken.
    const MAX_FIELD_CHARS: usize = 2_000;

    pub async fn connections() -> Result<Vec<AccountConnections>, AppError> {
        let person = ports::signed_in().await?;
        let publishing = ports::services()?.publishing;
        let mut out = Vec::new();
        for membership in person.memberships.iter().filter(|m| m.role == Role::Admin) {
            out.push(AccountConnections {
                account_id: membership.account_id.clone(),
                account_name: membership.account_name.clone(),
                connections: publishing.connections(&membership.account_id).await?,
            });
        }
        if out.is_empty() {
            return Err(AppError::NotAllowed);
        }
        Ok(out)
    }

    /// A server address as `https://host` (http only for this machine).
    pub fn server_address(text: &str) -> Result<String, AppError> {
        let text = text.trim().trim_end_matches('/');
        let bad = || AppError::BadInput(strings::CONNECT_BAD_ADDRESS.into());
        let (scheme, rest) = text.split_once("://").ok_or_else(bad)?;
        let host = rest.split(['/', ':']).next().unwrap_or_default();
        let local = matches!(host, "127.0.0.1" | "localhost" | "[::1]");
        let fine = (scheme == "https" || (scheme == "http" && local))
            && !host.is_empty()
            && !rest.contains('/')
            && !rest.contains('@')
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
        if fine {
            Ok(format!("{scheme}://{rest}"))
        } else {
            Err(bad())
        }
    }

    fn filled(fields: &[&str]) -> Result<(), AppError> {
        if fields
            .iter()
            .any(|f| f.trim().is_empty() || f.len() > MAX_FIELD_CHARS)
        {
            return Err(AppError::BadInput(strings::CONNECT_FILL_IN.into()));
        }
        Ok(())
    }

    pub async fn connect(account_id: String, login: Login) -> Result<ConnectionView, AppError> {
        let person = ports::signed_in().await?;
        person.admin_of(&account_id)?;
        let login = match login {
            Login::Mastodon {
                server_url,
                access_token,
            } => {
                filled(&[&server_url, &access_token])?;
                Login::Mastodon {
                    server_url: server_address(&server_url)?,
                    access_token: access_token.trim().to_string(),
                }
            }
            Login::Bluesky {
                server_url,
                handle,
                app_password,
            } => {
                filled(&[&server_url, &handle, &app_password])?;
                Login::Bluesky {
                    server_url: server_address(&server_url)?,
                    handle: handle.trim().trim_start_matches('@').to_string(),
                    app_password: app_password.trim().to_string(),
                }
            }
        };
        ports::services()?
            .publishing
            .connect(&account_id, &person.person_id, login)
            .await
    }

    pub async fn take_off(account_id: String, network: Network) -> Result<(), AppError> {
        let person = ports::signed_in().await?;
        person.admin_of(&account_id)?;
        ports::services()?
            .publishing
            .take_off(&account_id, network, &person.person_id)
            .await
    }

    pub async fn week(offset: i32) -> Result<Vec<super::AccountWeek>, AppError> {
        use crate::domain::zone::Zone;
        let person = ports::signed_in().await?;
        let services = ports::services()?;
        let (now, offset) = (services.clock.now_ms(), offset.clamp(-52, 52));
        let mut weeks = Vec::new();
        for membership in person
            .memberships
            .iter()
            .filter(|m| m.role.can_check_posts())
        {
            // Monday to Sunday on the account's own clock (a week with a
            // clock change is an hour shorter or longer).
            let account = services.store.account(&membership.account_id).await?;
            let zone = Zone::named(&account.time_zone);
            let (start, end) = (
                zone.week_start(now, offset),
                zone.week_start(now, offset + 1),
            );
            let day_of = |at: i64| {
                usize::try_from(zone.day_of(at) - zone.day_of(start))
                    .ok()
                    .filter(|d| *d < 7)
            };
            let posts = services
                .store
                .posts_in_week(&membership.account_id, start, end)
                .await?;
            let mut days: Vec<Vec<super::WeekPost>> = vec![Vec::new(); 7];
            for post in posts {
                let published = post.status == crate::domain::lifecycle::Status::Published;
                let Some(at) = (if published {
                    post.published_at
                } else {
                    post.scheduled_for
                }) else {
                    continue;
                };
                if let Some(day) = day_of(at) {
                    days[day].push(super::WeekPost {
                        post_id: post.post_id,
                        author_name: post.author_name,
                        tiles: post.tiles,
                        at: zone.wall(at),
                        published,
                    });
                }
            }
            for day in &mut days {
                day.sort_by_key(|p| p.at);
            }
            weeks.push(super::AccountWeek {
                account_id: membership.account_id.clone(),
                account_name: membership.account_name.clone(),
                start: zone.wall(start),
                days,
            });
        }
        if weeks.is_empty() {
            return Err(AppError::NotAllowed);
        }
        Ok(weeks)
    }

    pub async fn targets(post_id: String) -> Result<Vec<TargetView>, AppError> {
        crate::posts::flows::readable_post(&post_id).await?;
        ports::services()?.publishing.targets(&post_id).await
    }

    #[cfg(test)]
    mod tests {
        use super::server_address;

        #[test]
        fn server_addresses_are_plain_https_hosts() {
            let ok = |s: &str| server_address(s).expect(s);
            assert_eq!(ok("https://mastodon.social/"), "https://mastodon.social");
            assert_eq!(ok(" https://bsky.social "), "https://bsky.social");
            assert_eq!(ok("http://127.0.0.1:4000"), "http://127.0.0.1:4000");
            for bad in [
                "mastodon.social",
                "http://mastodon.social",
                "https://",
                "https://a.b/path",
                "https://user@a.b",
                "ftp://a.b",
                "https://a b",
            ] {
                assert!(server_address(bad).is_err(), "{bad}");
            }
        }
    }
}
