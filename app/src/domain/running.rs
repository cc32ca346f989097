//! Running a service: the rules for what an admin types when they set up
//! accounts and people (names, web addresses, user names, help links,
//! passwords), and the records the admin pages show. Pure: the server
//! stores what these rules let through.

use serde::{Deserialize, Serialize};

use super::roles::Role;

/// Longest name of an account, an organisation or a person.
pub const MAX_NAME_CHARS: usize = 80;
/// Longest help link.
pub const MAX_URL_CHARS: usize = 500;
/// Shortest and longest new password.
pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 200;
/// How long a welcome link works.
pub const WELCOME_LINK_MS: i64 = 24 * 60 * 60 * 1000;
/// The time zone of a new account, unless the admin picks another.
pub const DEFAULT_TIME_ZONE: &str = "Europe/London";

/// Why typed details were refused (each has easy-read words in `strings`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("a name is needed")]
    NoName,
    #[error("the name is too long")]
    NameTooLong,
    #[error("a user name is 2 to 40 small letters, digits, dots, dashes or underscores")]
    BadUserName,
    #[error("the help link must start with https:// or http://")]
    BadHelpLink,
    #[error("the password is too short")]
    PasswordTooShort,
    #[error("the password is too long")]
    PasswordTooLong,
    #[error("the time zone is not known")]
    BadTimeZone,
    #[error("a name for the public shows no personal details")]
    PersonalDetails,
}

/// The most letters in a name shown to the public.
pub const MAX_PUBLIC_NAME_CHARS: usize = 30;

/// A name an author chooses to show on the public feed: empty for none,
/// else a short name with no personal details (no surname, phone number,
/// email or address), as the safeguarding check finds them.
pub fn public_name(text: &str) -> Result<Option<String>, Refusal> {
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Ok(None);
    }
    if name.chars().count() > MAX_PUBLIC_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(Refusal::NameTooLong);
    }
    if !crate::domain::safeguarding::check(&name).is_empty() || name.contains('@') {
        return Err(Refusal::PersonalDetails);
    }
    Ok(Some(name))
}

/// A display name: trimmed, single-spaced, not empty, not too long.
pub fn name(text: &str) -> Result<String, Refusal> {
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Refusal::NoName);
    }
    if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(Refusal::NameTooLong);
    }
    Ok(name)
}

/// A user name: 2 to 40 of a-z, 0-9, `.`, `-`, `_` (typed capitals are
/// made small), starting with a letter or digit.
pub fn user_name(text: &str) -> Result<String, Refusal> {
    let name = text.trim().to_lowercase();
    let fine = (2..=40).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if fine {
        Ok(name)
    } else {
        Err(Refusal::BadUserName)
    }
}

/// A help link: an http or https address with a host and no spaces.
pub fn help_link(text: &str) -> Result<String, Refusal> {
    let link = text.trim();
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"))
        .ok_or(Refusal::BadHelpLink)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let fine = !host.is_empty()
        && link.chars().count() <= MAX_URL_CHARS
        && !link
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"'`".contains(c))
        && !host.contains('@');
    if fine {
        Ok(link.to_string())
    } else {
        Err(Refusal::BadHelpLink)
    }
}

/// A new password: long enough to be hard to guess, short enough to hash.
pub fn new_password(text: &str) -> Result<(), Refusal> {
    let length = text.chars().count();
    if length < MIN_PASSWORD_CHARS || text.trim().is_empty() {
        Err(Refusal::PasswordTooShort)
    } else if length > MAX_PASSWORD_CHARS {
        Err(Refusal::PasswordTooLong)
    } else {
        Ok(())
    }
}

/// The web address of an account's feed, made from its name: small
/// letters and digits joined by dashes ("Our Voice Leeds" →
/// "our-voice-leeds"). Letters with accents lose them; other scripts give
/// "account".
pub fn slug_of(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        let plain = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => {
                'a'
            }
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ŵ' | 'Ŵ' => 'w',
            'ŷ' | 'ÿ' | 'Ŷ' => 'y',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            c => c.to_ascii_lowercase(),
        };
        if plain.is_ascii_alphanumeric() {
            slug.push(plain);
        } else if !slug.is_empty() && !slug.ends_with('-') && plain != '\'' {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "account".to_string()
    } else {
        slug
    }
}

/// A slug not yet taken: `base`, else `base-2`, `base-3` …
pub fn free_slug(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|t| t == base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken.iter().any(|t| t == candidate))
        .unwrap_or_else(|| base.to_string())
}

/// A service account as its admins see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub account_id: String,
    pub name: String,
    pub slug: String,
    pub help_url: String,
    pub time_zone: String,
    pub closed: bool,
    /// The person asking is an admin of this account (may change it).
    pub mine: bool,
}

/// An organisation and its accounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationView {
    pub organisation_id: String,
    pub name: String,
    pub accounts: Vec<AccountView>,
}

/// One role of a person, on one account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleView {
    pub account_id: String,
    pub account_name: String,
    pub role: Role,
}

/// A person as an admin sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonView {
    pub person_id: String,
    pub user_name: String,
    pub display_name: String,
    pub roles: Vec<RoleView>,
    /// Their access was stopped: they cannot sign in.
    pub stopped: bool,
    /// They chose a password (through their welcome link).
    pub has_password: bool,
    /// This is the admin looking (who cannot stop or remove themself).
    #[serde(default)]
    pub is_you: bool,
}

/// The People page's data: the people on the accounts the admin runs, and
/// those accounts (for the Account choice).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleView {
    pub accounts: Vec<AccountView>,
    pub people: Vec<PersonView>,
}

/// A welcome link just made: shown once, to give to the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WelcomeLink {
    pub person_id: String,
    pub display_name: String,
    pub link: String,
    pub expires_at: i64,
}

/// What a welcome link is now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WelcomeState {
    /// It works: for this person.
    Ready { display_name: String },
    /// It was used already.
    Used,
    /// It is too old, or the person's access was stopped.
    Expired,
    /// No such link.
    Unknown,
}

/// Whether `person` may be changed by an admin who runs `admin_of`: every
/// account the person has a role on must be one of them (nobody changes
/// people of accounts they do not run).
pub fn runs_all_accounts_of(person_roles: &[RoleView], admin_of: &[String]) -> bool {
    !person_roles.is_empty()
        && person_roles
            .iter()
            .all(|r| admin_of.contains(&r.account_id))
}

/// Whether `person` is on at least one of the accounts `admin_of`.
pub fn on_any_account_of(person_roles: &[RoleView], admin_of: &[String]) -> bool {
    person_roles
        .iter()
        .any(|r| admin_of.contains(&r.account_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_name_is_short_and_shows_no_personal_details() {
        assert_eq!(public_name("  "), Ok(None), "no name");
        assert_eq!(public_name(" Sam "), Ok(Some("Sam".into())));
        assert_eq!(public_name("Sammy  B"), Ok(Some("Sammy B".into())));
        assert_eq!(public_name("Samira"), Ok(Some("Samira".into())));
        assert_eq!(public_name(&"a".repeat(31)), Err(Refusal::NameTooLong));
        for private in [
            "Sam 07700 900123",
            "Sam Smith",
            "sam@example.org",
            "Sam, 12 High Street",
            "Sam LS1 4AP",
        ] {
            assert_eq!(
                public_name(private),
                Err(Refusal::PersonalDetails),
                "{private}"
            );
        }
    }

    #[test]
    fn slugs_are_made_from_names() {
        assert_eq!(slug_of("Our Voice Leeds"), "our-voice-leeds");
        assert_eq!(
            slug_of("  Leeds & York NHS Trust!  "),
            "leeds-york-nhs-trust"
        );
        assert_eq!(slug_of("Café Croeso Ŵyl"), "cafe-croeso-wyl");
        assert_eq!(slug_of("Sam's Group"), "sams-group");
        assert_eq!(slug_of("مرحبا"), "account");
        assert_eq!(slug_of("---"), "account");
        assert!(slug_of(&"a b ".repeat(100)).len() <= 60);
        assert!(!slug_of(&"ab ".repeat(40)).ends_with('-'));
    }

    #[test]
    fn a_taken_slug_gets_a_number() {
        let taken = vec!["leeds".to_string(), "leeds-2".to_string()];
        assert_eq!(free_slug("york", &taken), "york");
        assert_eq!(free_slug("leeds", &taken), "leeds-3");
    }

    #[test]
    fn user_names_are_small_plain_and_short() {
        assert_eq!(user_name(" Sam.Jones "), Ok("sam.jones".to_string()));
        assert_eq!(user_name("ab"), Ok("ab".to_string()));
        for bad in [
            "a",
            "",
            "sam jones",
            "-sam",
            "sam@x",
            "sämi",
            &"a".repeat(41),
        ] {
            assert_eq!(user_name(bad), Err(Refusal::BadUserName), "{bad}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("  Sam   Jones "), Ok("Sam Jones".to_string()));
        assert_eq!(name("   "), Err(Refusal::NoName));
        assert_eq!(name(&"x".repeat(81)), Err(Refusal::NameTooLong));
        assert_eq!(name("a\u{0}b"), Err(Refusal::NameTooLong));
    }

    #[test]
    fn help_links_are_web_addresses() {
        assert!(help_link("https://example.org/help").is_ok());
        assert!(help_link(" http://127.0.0.1:4000 ").is_ok());
        for bad in [
            "example.org",
            "javascript:alert(1)",
            "https://",
            "https://a b",
            "https://user@host",
            "https://x/\"><script>",
        ] {
            assert_eq!(help_link(bad), Err(Refusal::BadHelpLink), "{bad}");
        }
    }

    #[test]
    fn passwords_are_long_enough() {
        assert_eq!(new_password("short"), Err(Refusal::PasswordTooShort));
        assert_eq!(new_password("          "), Err(Refusal::PasswordTooShort));
        assert_eq!(new_password("a long enough one"), Ok(()));
        assert_eq!(
            new_password(&"x".repeat(201)),
            Err(Refusal::PasswordTooLong)
        );
    }

    #[test]
    fn admins_change_only_people_of_accounts_they_run() {
        let role = |account: &str| RoleView {
            account_id: account.into(),
            account_name: account.into(),
            role: Role::CoProducer,
        };
        let mine = vec!["a".to_string(), "b".to_string()];
        assert!(runs_all_accounts_of(&[role("a"), role("b")], &mine));
        assert!(!runs_all_accounts_of(&[role("a"), role("c")], &mine));
        assert!(!runs_all_accounts_of(&[], &mine));
        assert!(on_any_account_of(&[role("a"), role("c")], &mine));
        assert!(!on_any_account_of(&[role("c")], &mine));
    }
}
