//! What the author has made but the server does not have yet, kept in this
//! tab (`sessionStorage`) so a reload, or a network that drops before a
//! reload, loses nothing: the strip's newest pictures until their save
//! arrives, and the words in "Write your words" until they become
//! pictures. The tab's copy goes once the server has the post; signing
//! out clears it (the server's `Clear-Site-Data`).

use serde::{Deserialize, Serialize};

use crate::domain::post::Tile;

/// The strip as last changed, with the revision its save carried.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct Kept {
    pub(super) revision: i64,
    pub(super) tiles: Vec<Tile>,
}

fn strip_key(post_id: &str) -> String {
    format!("ourvoice:unsaved:{post_id}")
}

fn words_key(post_id: &str) -> String {
    format!("ourvoice:words:{post_id}")
}

/// Keeps the strip as it is being saved.
pub(super) fn keep(post_id: &str, revision: i64, tiles: &[Tile]) {
    let kept = Kept {
        revision,
        tiles: tiles.to_vec(),
    };
    if let Ok(text) = serde_json::to_string(&kept) {
        store::set(&strip_key(post_id), Some(&text));
    }
}

/// The kept strip, taken out of the tab.
pub(super) fn take(post_id: &str) -> Option<Kept> {
    let key = strip_key(post_id);
    let text = store::get(&key)?;
    store::set(&key, None);
    serde_json::from_str(&text).ok()
}

/// The server has the post: nothing to keep.
pub(super) fn forget(post_id: &str) {
    store::set(&strip_key(post_id), None);
}

/// Keeps the words being written, or forgets them when there are none.
pub(super) fn keep_words(post_id: &str, words: &str) {
    let words = (!words.trim().is_empty()).then_some(words);
    store::set(&words_key(post_id), words);
}

/// The words being written when the page last went away.
pub(super) fn words(post_id: &str) -> Option<String> {
    store::get(&words_key(post_id)).filter(|words| !words.trim().is_empty())
}

#[cfg(feature = "hydrate")]
mod store {
    fn session() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok().flatten()
    }

    pub(super) fn get(key: &str) -> Option<String> {
        session()?.get_item(key).ok().flatten()
    }

    /// A full or blocked store (private browsing) keeps nothing; the
    /// server's save still goes as before.
    pub(super) fn set(key: &str, value: Option<&str>) {
        if let Some(session) = session() {
            let _ = match value {
                Some(value) => session.set_item(key, value),
                None => session.remove_item(key),
            };
        }
    }
}

/// On the server there is no tab: nothing is kept.
#[cfg(not(feature = "hydrate"))]
mod store {
    pub(super) fn get(_key: &str) -> Option<String> {
        None
    }

    pub(super) fn set(_key: &str, _value: Option<&str>) {}
}
