//! Where everything goes on a symbol card, worked out without drawing: one
//! row per sentence, that sentence's symbols on the left (four to a line)
//! and its words on the right, wrapped to fit; the credit line at the
//! bottom.

use app::domain::post::Tile;
use unicode_segmentation::UnicodeSegmentation;

/// The card is always this wide, in pixels.
pub const WIDTH: u32 = 1200;
pub const MARGIN: f32 = 40.0;
/// Each symbol is drawn in a square this big.
pub const SYMBOL: f32 = 128.0;
pub const GAP: f32 = 16.0;
pub const SYMBOLS_PER_LINE: usize = 4;
pub const FONT_SIZE: f32 = 46.0;
pub const LINE_HEIGHT: f32 = 60.0;
pub const ROW_PADDING: f32 = 28.0;
pub const CREDIT_SIZE: f32 = 24.0;
pub const CREDIT_HEIGHT: f32 = 72.0;

/// Left edge of the words.
pub const TEXT_X: f32 =
    MARGIN + SYMBOLS_PER_LINE as f32 * SYMBOL + (SYMBOLS_PER_LINE as f32 - 1.0) * GAP + MARGIN;
/// Widest a line of words may be.
pub const TEXT_WIDTH: f32 = WIDTH as f32 - MARGIN - TEXT_X;

/// A symbol's square: which tile, and its top-left corner.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub tile: usize,
    pub x: f32,
    pub y: f32,
}

/// One line of words and its baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub text: String,
    pub baseline: f32,
}

/// One sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub top: f32,
    pub height: f32,
    pub symbols: Vec<Placed>,
    pub lines: Vec<Line>,
}

/// The whole card.
#[derive(Clone, Debug, PartialEq)]
pub struct CardLayout {
    pub width: u32,
    pub height: u32,
    pub rows: Vec<Row>,
    pub credit_baseline: f32,
}

/// Tiles grouped into sentences: a tile whose words end with `.`, `!` or
/// `?` closes its sentence.
pub fn sentences(tiles: &[Tile]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut current = Vec::new();
    for (i, tile) in tiles.iter().enumerate() {
        current.push(i);
        if tile.word.trim_end().ends_with(['.', '!', '?']) {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Words into lines no wider than `max_width`; a word wider than a whole
/// line is broken between letters.
pub fn wrap(text: &str, max_width: f32, measure: &impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate) <= max_width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if measure(word) <= max_width {
            line = word.to_string();
        } else {
            // A word too long for a line breaks between graphemes, never
            // inside one: a mark stays on its letter, an emoji whole.
            for piece in word.graphemes(true) {
                let mut longer = line.clone();
                longer.push_str(piece);
                if !line.is_empty() && measure(&longer) > max_width {
                    lines.push(std::mem::take(&mut line));
                }
                line.push_str(piece);
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Places every tile. `measure` gives the width of a text at `FONT_SIZE`.
pub fn layout(tiles: &[Tile], measure: &impl Fn(&str) -> f32) -> CardLayout {
    let mut rows = Vec::new();
    let mut top = MARGIN;
    for sentence in sentences(tiles) {
        let text = sentence
            .iter()
            .map(|&i| tiles[i].word.trim())
            .collect::<Vec<_>>()
            .join(" ");
        let with_symbols: Vec<usize> = sentence
            .iter()
            .copied()
            .filter(|&i| tiles[i].symbol.is_some())
            .collect();
        let symbols: Vec<Placed> = with_symbols
            .iter()
            .enumerate()
            .map(|(n, &tile)| Placed {
                tile,
                x: MARGIN + (n % SYMBOLS_PER_LINE) as f32 * (SYMBOL + GAP),
                y: top + (n / SYMBOLS_PER_LINE) as f32 * (SYMBOL + GAP),
            })
            .collect();
        let symbol_lines = with_symbols.len().div_ceil(SYMBOLS_PER_LINE);
        let symbols_height = if symbol_lines == 0 {
            0.0
        } else {
            symbol_lines as f32 * SYMBOL + (symbol_lines as f32 - 1.0) * GAP
        };
        let wrapped = wrap(&text, TEXT_WIDTH, measure);
        let text_height = wrapped.len() as f32 * LINE_HEIGHT;
        let height = symbols_height.max(text_height);
        // Words start level with the symbols, centred when the symbols are
        // taller.
        let text_top = top + (height - text_height) / 2.0;
        let lines = wrapped
            .into_iter()
            .enumerate()
            .map(|(n, text)| Line {
                text,
                baseline: text_top + n as f32 * LINE_HEIGHT + LINE_HEIGHT * 0.75,
            })
            .collect();
        rows.push(Row {
            top,
            height,
            symbols,
            lines,
        });
        top += height + 2.0 * ROW_PADDING;
    }
    let content_bottom = if rows.is_empty() {
        MARGIN
    } else {
        top - ROW_PADDING
    };
    let height = (content_bottom + CREDIT_HEIGHT).ceil() as u32;
    CardLayout {
        width: WIDTH,
        height,
        rows,
        credit_baseline: content_bottom + CREDIT_HEIGHT * 0.6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::post::SymbolRef;

    /// Every letter 25 px wide: about 20 letters to a line.
    fn measure(text: &str) -> f32 {
        text.chars().count() as f32 * 25.0
    }

    fn tile(word: &str) -> Tile {
        Tile {
            symbol: Some(SymbolRef {
                set: "mulberry".into(),
                id: word.trim_end_matches('.').into(),
            }),
            word: word.into(),
        }
    }

    fn words_only(word: &str) -> Tile {
        Tile {
            symbol: None,
            word: word.into(),
        }
    }

    #[test]
    fn the_text_column_sits_right_of_four_symbols() {
        assert_eq!(TEXT_X, 40.0 + 4.0 * 128.0 + 3.0 * 16.0 + 40.0);
        assert_eq!(TEXT_WIDTH, 1200.0 - 40.0 - TEXT_X);
        const { assert!(TEXT_WIDTH >= 500.0) };
    }

    #[test]
    fn one_row_per_sentence() {
        let tiles = vec![
            tile("I"),
            tile("went."),
            tile("It"),
            tile("rained!"),
            tile("Fun"),
        ];
        assert_eq!(sentences(&tiles), vec![vec![0, 1], vec![2, 3], vec![4]]);
        let card = layout(&tiles, &measure);
        assert_eq!(card.rows.len(), 3);
        assert_eq!(card.rows[0].lines[0].text, "I went.");
        assert_eq!(card.rows[1].lines[0].text, "It rained!");
        assert!(card.rows[1].top >= card.rows[0].top + card.rows[0].height);
        assert_eq!(card.width, 1200);
    }

    #[test]
    fn a_long_sentence_wraps_onto_more_lines_inside_the_column() {
        let words = "We went to the park with all our friends and had a picnic by the lake.";
        let tiles: Vec<Tile> = words.split(' ').map(tile).collect();
        let card = layout(&tiles, &measure);
        assert_eq!(card.rows.len(), 1);
        let lines = &card.rows[0].lines;
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines.iter().all(|l| measure(&l.text) <= TEXT_WIDTH));
        let joined = lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(joined, words);
        for pair in lines.windows(2) {
            assert_eq!(pair[1].baseline - pair[0].baseline, LINE_HEIGHT);
        }
    }

    #[test]
    fn a_word_wider_than_the_column_is_broken() {
        let lines = wrap(&"a".repeat(50), TEXT_WIDTH, &measure);
        assert!(lines.len() >= 3);
        assert!(lines.iter().all(|l| measure(l) <= TEXT_WIDTH));
        assert_eq!(lines.concat(), "a".repeat(50));
    }

    #[test]
    fn one_to_twenty_symbols_fill_lines_of_four() {
        for count in 1..=20 {
            let tiles: Vec<Tile> = (0..count).map(|n| tile(&format!("w{n}"))).collect();
            let card = layout(&tiles, &measure);
            let row = &card.rows[0];
            assert_eq!(row.symbols.len(), count);
            let lines = count.div_ceil(4);
            let expected = lines as f32 * SYMBOL + (lines as f32 - 1.0) * GAP;
            assert!(
                row.height >= expected,
                "{count}: {} < {expected}",
                row.height
            );
            for placed in &row.symbols {
                assert!(placed.x >= MARGIN && placed.x + SYMBOL <= TEXT_X - MARGIN + 0.01);
                assert!(placed.y >= row.top && placed.y + SYMBOL <= row.top + row.height + 0.01);
            }
            // No two symbols overlap.
            for (a, b) in row.symbols.iter().zip(row.symbols.iter().skip(1)) {
                assert!(a.x != b.x || a.y != b.y);
            }
            assert!(card.height as f32 >= row.top + row.height + CREDIT_HEIGHT);
        }
    }

    #[test]
    fn word_tiles_add_words_but_no_symbol_square() {
        let tiles = vec![tile("I"), words_only("Sam"), tile("cake.")];
        let card = layout(&tiles, &measure);
        assert_eq!(card.rows[0].symbols.len(), 2);
        assert_eq!(card.rows[0].symbols[1].tile, 2);
        assert_eq!(card.rows[0].lines[0].text, "I Sam cake.");
    }

    #[test]
    fn the_credit_line_is_below_everything() {
        let tiles = vec![tile("dog.")];
        let card = layout(&tiles, &measure);
        let row = &card.rows[0];
        assert!(card.credit_baseline > row.top + row.height);
        assert!(card.credit_baseline < card.height as f32);
        let empty = layout(&[], &measure);
        assert!(empty.rows.is_empty());
        assert!(empty.height > 0);
    }
}
