//! Easy sign-in for co-producers: a picture password (three different
//! pictures, in order, from a grid of nine: 9 × 8 × 7 = 504 passwords) and
//! how long a sign-in card lasts.

use serde::{Deserialize, Serialize};

use super::post::SymbolRef;

/// The nine pictures of the grid: (Mulberry symbol id, the word for it).
pub const PICTURES: [(&str, &str); 9] = [
    ("cat", "cat"),
    ("dog", "dog"),
    ("sun", "sun"),
    ("tree", "tree"),
    ("car", "car"),
    ("house", "house"),
    ("apple", "apple"),
    ("star", "star"),
    ("fish", "fish"),
];

/// How many pictures a picture password has.
pub const PICTURES_NEEDED: usize = 3;

/// How many days a sign-in card may last.
pub const CARD_DAYS: [u32; 3] = [1, 7, 30];

/// The picture's symbol.
pub fn picture_symbol(id: &str) -> SymbolRef {
    SymbolRef {
        set: "mulberry".into(),
        id: id.into(),
    }
}

/// Why a picture password was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PictureError {
    #[error("choose three pictures")]
    NotThree,
    #[error("that picture is not in the grid")]
    Unknown,
    #[error("choose three different pictures")]
    Repeated,
}

/// The secret a picture password stands for ("cat sun dog"), once it is
/// three different pictures from the grid, in order.
pub fn picture_secret(chosen: &[String]) -> Result<String, PictureError> {
    if chosen.len() != PICTURES_NEEDED {
        return Err(PictureError::NotThree);
    }
    if !chosen
        .iter()
        .all(|id| PICTURES.iter().any(|(known, _)| known == id))
    {
        return Err(PictureError::Unknown);
    }
    if chosen
        .iter()
        .enumerate()
        .any(|(i, id)| chosen[..i].contains(id))
    {
        return Err(PictureError::Repeated);
    }
    Ok(chosen.join(" "))
}

/// The cookie that marks a tablet a supporter set up for pictures.
pub const TABLET_COOKIE: &str = "ourvoice_tablet";
/// How long a tablet's cookie lasts (browsers keep a cookie 400 days at
/// most); stopping the tablet ends it sooner.
pub const TABLET_DAYS: i64 = 400;

/// The value of the cookie `name` in a `Cookie` header, if it is there.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_found_by_its_whole_name() {
        let header = "ourvoice_session=abc; ourvoice_tablet=t0k3n;x=1";
        assert_eq!(cookie_value(header, TABLET_COOKIE), Some("t0k3n"));
        assert_eq!(cookie_value(header, "x"), Some("1"));
        assert_eq!(cookie_value("my_ourvoice_tablet=no", TABLET_COOKIE), None);
        assert_eq!(cookie_value("", TABLET_COOKIE), None);
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn three_pictures_from_the_grid_make_a_secret_in_order() {
        assert_eq!(
            picture_secret(&ids(&["cat", "sun", "dog"])),
            Ok("cat sun dog".to_string())
        );
        assert_ne!(
            picture_secret(&ids(&["cat", "sun", "dog"])),
            picture_secret(&ids(&["dog", "sun", "cat"])),
            "order matters"
        );
    }

    #[test]
    fn anything_else_is_refused() {
        assert_eq!(
            picture_secret(&ids(&["cat", "sun"])),
            Err(PictureError::NotThree)
        );
        assert_eq!(
            picture_secret(&ids(&["cat", "sun", "dog", "fish"])),
            Err(PictureError::NotThree)
        );
        assert_eq!(
            picture_secret(&ids(&["cat", "sun", "../etc"])),
            Err(PictureError::Unknown)
        );
        assert_eq!(
            picture_secret(&ids(&["cat sun", "", "dog"])),
            Err(PictureError::Unknown)
        );
    }

    #[test]
    fn a_picture_may_come_only_once() {
        for repeated in [
            ["cat", "cat", "sun"],
            ["cat", "sun", "cat"],
            ["dog", "dog", "dog"],
        ] {
            assert_eq!(
                picture_secret(&ids(&repeated)),
                Err(PictureError::Repeated),
                "{repeated:?}"
            );
        }
    }

    #[test]
    fn there_are_504_picture_passwords() {
        let mut secrets = std::collections::HashSet::new();
        for a in PICTURES {
            for b in PICTURES {
                for c in PICTURES {
                    if let Ok(secret) = picture_secret(&ids(&[a.0, b.0, c.0])) {
                        secrets.insert(secret);
                    }
                }
            }
        }
        assert_eq!(secrets.len(), 9 * 8 * 7);
    }

    #[test]
    fn the_grid_has_nine_different_pictures() {
        let mut seen: Vec<&str> = PICTURES.iter().map(|(id, _)| *id).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 9);
    }
}
