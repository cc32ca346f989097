//! Easy sign-in for co-producers: a picture password and a printed sign-in
//! card with a QR code. Supporters set them up for co-producers on the
//! accounts they check; supporters and admins keep passwords.

mod page;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

pub use crate::records::{PictureTablet, SignInCard};

pub use page::{CardSignInPage, EasySignInPage, PictureSignIn};

/// A card just made: its link and QR code are shown once, to print.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintedCard {
    pub card_id: String,
    pub link: String,
    /// The QR code of `link`, as SVG.
    pub qr_svg: String,
    pub expires_at: i64,
}

/// Someone a supporter can set up easy sign-in for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoProducer {
    pub person_id: String,
    pub display_name: String,
}

/// Co-producers on the accounts where the signed-in person checks posts.
#[server(endpoint = "signin/people", input = Json)]
pub async fn co_producers() -> Result<Vec<CoProducer>, AppError> {
    crate::ports::answer(flows::people().await)
}

/// Sets a co-producer's picture password: three pictures from the grid,
/// in order. The co-producer themself, or a supporter of their account.
#[server(endpoint = "signin/set-pictures", input = Json)]
pub async fn set_pictures(
    person_id: Option<String>,
    pictures: Vec<String>,
) -> Result<(), AppError> {
    crate::ports::answer(flows::set_pictures(person_id, pictures).await)
}

/// Whether a co-producer's pictures are locked after too many wrong tries.
#[server(endpoint = "signin/pictures-locked", input = Json)]
pub async fn pictures_locked(person_id: String) -> Result<bool, AppError> {
    crate::ports::answer(flows::pictures_locked(person_id).await)
}

/// Unlocks a co-producer's pictures. A supporter of their account.
#[server(endpoint = "signin/unlock-pictures", input = Json)]
pub async fn unlock_pictures(person_id: String) -> Result<(), AppError> {
    crate::ports::answer(flows::unlock_pictures(person_id).await)
}

/// The tablets set up for pictures on the accounts the signed-in supporter
/// checks, marking the one this list is shown on.
#[server(endpoint = "signin/tablets", input = Json)]
pub async fn tablets() -> Result<Vec<PictureTablet>, AppError> {
    crate::ports::answer(flows::tablets().await)
}

/// Stops pictures on a tablet set up for one of the supporter's accounts.
#[server(endpoint = "signin/stop-tablet", input = Json)]
pub async fn stop_tablet(tablet_id: String) -> Result<(), AppError> {
    crate::ports::answer(flows::stop_tablet(tablet_id).await)
}

/// Makes a sign-in card for a co-producer, lasting 1, 7 or 30 days.
#[server(endpoint = "signin/new-card", input = Json)]
pub async fn make_card(person_id: String, days: u32) -> Result<PrintedCard, AppError> {
    crate::ports::answer(flows::make_card(person_id, days).await)
}

/// A co-producer's sign-in cards, newest first.
#[server(endpoint = "signin/cards", input = Json)]
pub async fn cards(person_id: String) -> Result<Vec<SignInCard>, AppError> {
    crate::ports::answer(flows::cards(person_id).await)
}

/// Stops a sign-in card: it signs nobody in any more.
#[server(endpoint = "signin/stop-card", input = Json)]
pub async fn stop_card(person_id: String, card_id: String) -> Result<(), AppError> {
    crate::ports::answer(flows::stop_card(person_id, card_id).await)
}

#[cfg(feature = "ssr")]
pub(crate) mod flows {
    use super::{CoProducer, PictureTablet, PrintedCard, SignInCard};
    use crate::domain::roles::Role;
    use crate::domain::signin::{picture_secret, CARD_DAYS};
    use crate::error::AppError;
    use crate::ports;
    use crate::records::Person;
    use crate::strings;

    /// Only co-producers sign in the easy ways.
    fn is_co_producer_only(person: &Person) -> bool {
        !person.memberships.is_empty()
            && person
                .memberships
                .iter()
                .all(|m| m.role == Role::CoProducer)
    }

    /// The co-producer `person_id`, if `supporter` checks posts on one of
    /// their accounts.
    async fn supported(supporter: &Person, person_id: &str) -> Result<Person, AppError> {
        let checked = supporter.checked_accounts();
        let person = ports::services()?.store.person(person_id).await?;
        let shares = person
            .memberships
            .iter()
            .any(|m| checked.contains(&m.account_id));
        if !shares || person.person_id == supporter.person_id {
            return Err(AppError::NotAllowed);
        }
        if !is_co_producer_only(&person) {
            return Err(AppError::BadInput(strings::ERR_EASY_SIGN_IN_ONLY.into()));
        }
        Ok(person)
    }

    /// The accounts `supporter` checks that `person` is on: where what the
    /// supporter does for the person is logged.
    fn shared_accounts(supporter: &Person, person: &Person) -> Vec<String> {
        let checked = supporter.checked_accounts();
        person
            .memberships
            .iter()
            .filter(|m| checked.contains(&m.account_id))
            .map(|m| m.account_id.clone())
            .collect()
    }

    pub async fn people() -> Result<Vec<CoProducer>, AppError> {
        let me = ports::signed_in().await?;
        let checked = me.checked_accounts();
        if checked.is_empty() {
            return Err(AppError::NotAllowed);
        }
        let people = ports::services()?.store.authors_on(&checked).await?;
        Ok(people
            .into_iter()
            .filter(is_co_producer_only)
            .map(|p| CoProducer {
                person_id: p.person_id,
                display_name: p.display_name,
            })
            .collect())
    }

    pub async fn set_pictures(
        person_id: Option<String>,
        pictures: Vec<String>,
    ) -> Result<(), AppError> {
        let me = ports::signed_in().await?;
        let person = match person_id.filter(|id| *id != me.person_id) {
            Some(id) => supported(&me, &id).await?,
            None if is_co_producer_only(&me) => me.clone(),
            None => return Err(AppError::BadInput(strings::ERR_EASY_SIGN_IN_ONLY.into())),
        };
        let secret = picture_secret(&pictures)
            .map_err(|_| AppError::BadInput(strings::ERR_THREE_PICTURES.into()))?;
        let services = ports::services()?;
        let shared = shared_accounts(&me, &person);
        let acting = (person.person_id != me.person_id).then_some(ports::ActingFor {
            by: &me.person_id,
            accounts: &shared,
            now: services.clock.now_ms(),
        });
        services
            .store
            .set_picture_password(&person.person_id, &secret, acting)
            .await?;
        tracing::info!(by = %me.user_name, person = %person.user_name, "picture password set");
        Ok(())
    }

    /// The token in this browser's tablet cookie, if any.
    async fn tablet_token() -> Option<String> {
        use crate::domain::signin::{cookie_value, TABLET_COOKIE};
        let headers = leptos_axum::extract::<axum::http::HeaderMap>().await.ok()?;
        headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|h| cookie_value(h, TABLET_COOKIE).map(str::to_string))
    }

    pub async fn tablets() -> Result<Vec<PictureTablet>, AppError> {
        let me = ports::signed_in().await?;
        let checked = me.checked_accounts();
        if checked.is_empty() {
            return Err(AppError::NotAllowed);
        }
        let store = ports::services()?.store;
        let here = match tablet_token().await {
            Some(token) => store.tablet_of_token(&token).await?,
            None => None,
        };
        let zone = match checked.first() {
            Some(account) => store.account(account).await?.time_zone,
            None => String::new(),
        };
        let zone = crate::domain::zone::Zone::named(&zone);
        let mut list = store.picture_tablets(&checked).await?;
        for tablet in &mut list {
            tablet.this_one = here.as_deref() == Some(tablet.tablet_id.as_str());
            tablet.created_at = zone.wall(tablet.created_at);
        }
        Ok(list)
    }

    pub async fn stop_tablet(tablet_id: String) -> Result<(), AppError> {
        let me = ports::signed_in().await?;
        let checked = me.checked_accounts();
        if checked.is_empty() {
            return Err(AppError::NotAllowed);
        }
        let services = ports::services()?;
        let acting = ports::ActingFor {
            by: &me.person_id,
            accounts: &checked,
            now: services.clock.now_ms(),
        };
        // A tablet of someone else's accounts is not theirs to stop.
        services
            .store
            .stop_picture_tablet(&tablet_id, acting)
            .await
            .map_err(|error| match error {
                ports::StoreError::NotFound => AppError::NotAllowed,
                other => other.into(),
            })?;
        tracing::info!(by = %me.user_name, %tablet_id, "pictures stopped on a tablet");
        Ok(())
    }

    pub async fn pictures_locked(person_id: String) -> Result<bool, AppError> {
        let me = ports::signed_in().await?;
        let person = supported(&me, &person_id).await?;
        Ok(ports::services()?
            .store
            .pictures_locked(&person.person_id)
            .await?)
    }

    pub async fn unlock_pictures(person_id: String) -> Result<(), AppError> {
        let me = ports::signed_in().await?;
        let person = supported(&me, &person_id).await?;
        let services = ports::services()?;
        let shared = shared_accounts(&me, &person);
        let acting = ports::ActingFor {
            by: &me.person_id,
            accounts: &shared,
            now: services.clock.now_ms(),
        };
        services
            .store
            .unlock_pictures(&person.person_id, acting)
            .await?;
        tracing::info!(by = %me.user_name, person = %person.user_name, "pictures unlocked");
        Ok(())
    }

    pub async fn make_card(person_id: String, days: u32) -> Result<PrintedCard, AppError> {
        let me = ports::signed_in().await?;
        let person = supported(&me, &person_id).await?;
        if !CARD_DAYS.contains(&days) {
            return Err(AppError::BadInput(strings::ERR_CARD_DAYS.into()));
        }
        let services = ports::services()?;
        let now = services.clock.now_ms();
        let expires_at = now + i64::from(days) * 86_400_000;
        let shared = shared_accounts(&me, &person);
        let acting = ports::ActingFor {
            by: &me.person_id,
            accounts: &shared,
            now,
        };
        let (card_id, token) = services
            .store
            .new_signin_card(&person.person_id, acting, expires_at)
            .await?;
        let link = format!("{}/card/{token}", origin().await);
        let qr_svg = qrcode::QrCode::new(link.as_bytes())
            .map_err(|_| AppError::Server)?
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .build();
        tracing::info!(by = %me.user_name, person = %person.user_name, %card_id, "sign-in card made");
        Ok(PrintedCard {
            card_id,
            link,
            qr_svg,
            expires_at,
        })
    }

    /// Where this server is reached, as the browser that asked sees it.
    pub(crate) async fn origin() -> String {
        if let Some(public) = ports::services().ok().and_then(|s| s.public_url.clone()) {
            return public.trim_end_matches('/').to_string();
        }
        let host = leptos_axum::extract::<axum::http::HeaderMap>()
            .await
            .ok()
            .and_then(|h| {
                h.get(axum::http::header::HOST)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "localhost".into());
        format!("http://{host}")
    }

    pub async fn cards(person_id: String) -> Result<Vec<SignInCard>, AppError> {
        let me = ports::signed_in().await?;
        let person = supported(&me, &person_id).await?;
        let store = ports::services()?.store;
        // Dates on the clock of the person's first account.
        let zone = match person.memberships.first() {
            Some(m) => store.account(&m.account_id).await?.time_zone,
            None => String::new(),
        };
        let zone = crate::domain::zone::Zone::named(&zone);
        let mut cards = store.signin_cards(&person.person_id).await?;
        for card in &mut cards {
            card.created_at = zone.wall(card.created_at);
            card.expires_at = zone.wall(card.expires_at);
        }
        Ok(cards)
    }

    pub async fn stop_card(person_id: String, card_id: String) -> Result<(), AppError> {
        let me = ports::signed_in().await?;
        let person = supported(&me, &person_id).await?;
        ports::services()?
            .store
            .revoke_signin_card(&person.person_id, &card_id)
            .await?;
        tracing::info!(by = %me.user_name, person = %person.user_name, %card_id, "sign-in card stopped");
        Ok(())
    }
}
