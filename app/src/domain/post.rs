//! A post's content: an ordered strip of tiles, each a picture with words.

use serde::{Deserialize, Serialize};

/// Most tiles one post may hold.
pub const MAX_TILES: usize = 60;
/// Most characters the words under one tile may have.
pub const MAX_WORD_CHARS: usize = 80;

/// A reference to one symbol in one symbol set.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SymbolRef {
    /// The symbol set, for example `mulberry`.
    pub set: String,
    /// The symbol's id inside its set (the file name without `.svg`).
    pub id: String,
}

/// The set name of a person's own photo; its id is the photo's SHA-256.
pub const PHOTO_SET: &str = "photo";

impl SymbolRef {
    /// Where the browser loads the picture from (a photo's thumbnail).
    pub fn url(&self) -> String {
        if self.is_photo() {
            format!("/photos/{}-thumb.jpg", self.id)
        } else {
            format!("/symbols/{}/{}.svg", self.set, self.id)
        }
    }

    /// True for a person's own photo.
    pub fn is_photo(&self) -> bool {
        self.set == PHOTO_SET
    }
}

/// 64 lower-case hex digits: the name of a stored photo.
pub fn is_photo_id(id: &str) -> bool {
    id.len() == 64 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// One picture in a post, with the words said under it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tile {
    /// The picture; `None` for a tile of words only.
    pub symbol: Option<SymbolRef>,
    /// The words under the picture, as the author wants them.
    pub word: String,
}

/// Why a strip of tiles cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TilesError {
    #[error("a post can have at most {MAX_TILES} pictures")]
    TooMany,
    #[error("the words under a picture can have at most {MAX_WORD_CHARS} letters")]
    WordTooLong,
    #[error("a picture needs words under it")]
    EmptyWord,
    #[error("that picture is not one we know")]
    BadSymbol,
}

/// A strip of tiles that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Tiles(Vec<Tile>);

impl Tiles {
    /// Checks the strip: bounded size, words under every tile, safe symbol ids.
    pub fn parse(tiles: Vec<Tile>) -> Result<Tiles, TilesError> {
        if tiles.len() > MAX_TILES {
            return Err(TilesError::TooMany);
        }
        let tiles = tiles
            .into_iter()
            .map(|tile| {
                let word = tile.word.split_whitespace().collect::<Vec<_>>().join(" ");
                if word.is_empty() {
                    return Err(TilesError::EmptyWord);
                }
                if word.chars().count() > MAX_WORD_CHARS {
                    return Err(TilesError::WordTooLong);
                }
                if let Some(symbol) = &tile.symbol {
                    let safe = if symbol.is_photo() {
                        is_photo_id(&symbol.id)
                    } else {
                        is_safe_name(&symbol.set) && is_safe_name(&symbol.id)
                    };
                    if !safe {
                        return Err(TilesError::BadSymbol);
                    }
                }
                Ok(Tile {
                    symbol: tile.symbol,
                    word,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Tiles(tiles))
    }

    /// The tiles in order.
    pub fn as_slice(&self) -> &[Tile] {
        &self.0
    }

    /// Gives back the tiles.
    pub fn into_inner(self) -> Vec<Tile> {
        self.0
    }

    /// True when the post has no tiles.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The post's text: the words of its tiles, in order.
pub fn post_text(tiles: &[Tile]) -> String {
    crate::domain::speech::tiles_text(&tiles.iter().map(|t| t.word.as_str()).collect::<Vec<_>>())
}

/// A symbol id or set name may hold letters, digits and `_ - , ' .` only,
/// never a path separator or `..`.
fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 120
        && !name.contains("..")
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ',' | '\'' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tile(word: &str) -> Tile {
        Tile {
            symbol: Some(SymbolRef {
                set: "mulberry".into(),
                id: word.replace(' ', "_"),
            }),
            word: word.into(),
        }
    }

    #[test]
    fn the_post_text_is_the_words_of_the_tiles_in_order() {
        let tiles = vec![tile("I"), tile("like"), tile("the park")];
        assert_eq!(post_text(&tiles), "I like the park");
    }

    #[test]
    fn spaces_in_words_are_tidied_when_parsed() {
        let tiles = Tiles::parse(vec![Tile {
            symbol: None,
            word: "  the   park ".into(),
        }])
        .expect("valid tiles");
        assert_eq!(tiles.as_slice()[0].word, "the park");
    }

    #[test]
    fn a_tile_without_words_is_refused() {
        let err = Tiles::parse(vec![Tile {
            symbol: None,
            word: "   ".into(),
        }]);
        assert_eq!(err, Err(TilesError::EmptyWord));
    }

    #[test]
    fn too_many_tiles_are_refused() {
        let tiles = (0..=MAX_TILES).map(|_| tile("dog")).collect();
        assert_eq!(Tiles::parse(tiles), Err(TilesError::TooMany));
    }

    #[test]
    fn very_long_words_are_refused() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(
            Tiles::parse(vec![Tile {
                symbol: None,
                word: long
            }]),
            Err(TilesError::WordTooLong)
        );
    }

    #[test]
    fn a_symbol_id_that_climbs_out_of_its_folder_is_refused() {
        for id in ["../secret", "a/b", "", "x\\y"] {
            let bad = Tile {
                symbol: Some(SymbolRef {
                    set: "mulberry".into(),
                    id: id.into(),
                }),
                word: "dog".into(),
            };
            assert_eq!(Tiles::parse(vec![bad]), Err(TilesError::BadSymbol), "{id}");
        }
    }

    #[test]
    fn a_photo_tile_needs_a_photo_id_and_shows_its_thumbnail() {
        let id = "ab".repeat(32);
        let photo = Tile {
            symbol: Some(SymbolRef {
                set: PHOTO_SET.into(),
                id: id.clone(),
            }),
            word: "my garden".into(),
        };
        assert!(Tiles::parse(vec![photo.clone()]).is_ok());
        assert_eq!(
            photo.symbol.as_ref().map(SymbolRef::url),
            Some(format!("/photos/{id}-thumb.jpg"))
        );
        for bad in ["abc", &"AB".repeat(32), &"g".repeat(64)] {
            let tile = Tile {
                symbol: Some(SymbolRef {
                    set: PHOTO_SET.into(),
                    id: bad.to_string(),
                }),
                word: "x".into(),
            };
            assert_eq!(
                Tiles::parse(vec![tile]),
                Err(TilesError::BadSymbol),
                "{bad}"
            );
        }
        let wordless = Tile {
            word: " ".into(),
            ..photo
        };
        assert_eq!(Tiles::parse(vec![wordless]), Err(TilesError::EmptyWord));
    }

    #[test]
    fn a_symbol_url_points_into_its_set() {
        assert_eq!(
            tile("dog").symbol.expect("symbol").url(),
            "/symbols/mulberry/dog.svg"
        );
    }
}
