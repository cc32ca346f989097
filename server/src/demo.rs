//! Demo data for `ourvoice serve --demo`: one organisation, one service
//! account and three people. Safe to run again: nothing is added twice.

use app::domain::roles::Role;

use crate::storage::{NewPerson, Storage};

pub const DEMO_ORGANISATION: &str = "Demo Trust";
pub const DEMO_ACCOUNT: &str = "Our Voice Leeds";
pub const DEMO_SLUG: &str = "our-voice-leeds";
pub const DEMO_HELP_URL: &str = "https://example.org/our-voice-leeds/help";
/// The demo account publishes to its feed, a Mastodon server with the
/// usual 500-character limit, and Bluesky.
pub const DEMO_TARGETS: &str = "feed mastodon:500 bluesky";

/// The demo people: user name, shown name, role.
pub const DEMO_PEOPLE: [(&str, &str, Role); 3] = [
    ("sam", "Sam", Role::CoProducer),
    ("alex", "Alex", Role::Supporter),
    ("jo", "Jo", Role::Admin),
];

/// Adds the demo data, giving every demo person `password`.
pub async fn seed(storage: &Storage, password: &str) -> anyhow::Result<()> {
    let organisation = storage.ensure_organisation(DEMO_ORGANISATION).await?;
    let account = storage
        .ensure_account(&organisation, DEMO_ACCOUNT, DEMO_SLUG, DEMO_HELP_URL)
        .await?;
    storage.set_account_targets(&account, DEMO_TARGETS).await?;
    for (user_name, display_name, role) in DEMO_PEOPLE {
        let password = password.to_string();
        let hash =
            tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await?;
        let person = NewPerson {
            user_name,
            display_name,
            password_hash: &hash,
        };
        let person_id = storage.ensure_person(person, true).await?;
        storage
            .ensure_membership(&account, &person_id, role)
            .await?;
    }
    tracing::warn!(
        "DEMO USERS EXIST: sam (co-producer), alex (supporter) and jo (admin) \
         on \"{DEMO_ACCOUNT}\" share one password. Never use --demo with real people."
    );
    Ok(())
}
