//! The symbol card: a post drawn as one PNG, symbols on the left and words
//! on the right, with the symbol sets' credit at the bottom. SVG symbols
//! are drawn with resvg; the words use Andika Bold, shipped with the
//! project.

pub mod layout;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use app::domain::post::{SymbolRef, Tile};
use app::domain::symbols::{MULBERRY, OPENMOJI};
use app::strings;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg;

use layout::{layout, CardLayout, CREDIT_SIZE, FONT_SIZE, MARGIN, SYMBOL, TEXT_X, WIDTH};

use crate::blobs::Blobs;
use crate::reply::{HttpError, HttpResult};

/// The font, inside the binary so the command-line tools need no files.
pub const FONT: &[u8] = include_bytes!("../../../assets/fonts/Andika-Bold.ttf");
const FONT_FAMILY: &str = "Andika";
/// Largest card allowed, in bytes (Bluesky's image limit).
pub const MAX_CARD_BYTES: usize = 1_000_000;
/// Text colour on white: 18.9 : 1 contrast.
const INK: &str = "#111111";
const RULE: &str = "#8a8a8a";

/// Draws cards. Build once, share freely.
#[derive(Clone)]
pub struct CardRenderer {
    symbols_dir: PathBuf,
    /// Where photo thumbnails are read and drawn cards kept (see
    /// [`CardRenderer::card`]).
    media: Option<Blobs>,
    options: Arc<usvg::Options<'static>>,
    face: Arc<ttf_parser::Face<'static>>,
}

impl CardRenderer {
    /// A renderer reading symbols from `symbols_dir`.
    pub fn new(symbols_dir: &Path) -> anyhow::Result<CardRenderer> {
        let face = ttf_parser::Face::parse(FONT, 0).context("The card font is damaged")?;
        let mut fonts = usvg::fontdb::Database::new();
        fonts.load_font_data(FONT.to_vec());
        let options = usvg::Options {
            fontdb: Arc::new(fonts),
            font_family: FONT_FAMILY.to_string(),
            ..usvg::Options::default()
        };
        Ok(CardRenderer {
            symbols_dir: symbols_dir.to_path_buf(),
            media: None,
            options: Arc::new(options),
            face: Arc::new(face),
        })
    }

    /// Draws photo tiles from the thumbnails in `media` and keeps drawn
    /// cards there, so a post's card is drawn once for every network, the
    /// feed and every server.
    pub fn with_media(mut self, media: Blobs) -> CardRenderer {
        self.media = Some(media);
        self
    }

    /// The card for `tiles`: the kept one if these tiles were drawn before,
    /// else drawn now and kept. Cards are named by a hash of the tiles and
    /// of this drawing code's version, so a change of words is a new card.
    pub async fn card(&self, tiles: &[Tile]) -> anyhow::Result<Vec<u8>> {
        let Some(media) = &self.media else {
            return self.draw(tiles).await;
        };
        let file = format!("{}.png", card_name(tiles)?);
        if let Some(png) = media
            .get("cards", &file)
            .await
            .context("Failed to read a kept card")?
        {
            return Ok(png.to_vec());
        }
        let png = self.draw(tiles).await?;
        media
            .put("cards", &file, png.clone())
            .await
            .context("Failed to keep a card")?;
        Ok(png)
    }

    /// Draws the card for `tiles` now, with the thumbnails of its photos.
    pub async fn draw(&self, tiles: &[Tile]) -> anyhow::Result<Vec<u8>> {
        let mut thumbs = HashMap::new();
        if let Some(media) = &self.media {
            for symbol in tiles.iter().filter_map(|tile| tile.symbol.as_ref()) {
                if !symbol.is_photo()
                    || !app::domain::post::is_photo_id(&symbol.id)
                    || thumbs.contains_key(&symbol.id)
                {
                    continue;
                }
                match media
                    .get("photos", &format!("{}-thumb.jpg", symbol.id))
                    .await
                {
                    Ok(Some(thumb)) => {
                        thumbs.insert(symbol.id.clone(), thumb);
                    }
                    Ok(None) => tracing::warn!(photo = %symbol.id, "a photo on a card is missing"),
                    Err(error) => {
                        // Better no card now than a card without its photo
                        // kept for ever: the caller tries again.
                        return Err(error.context("Failed to read a photo for a card"));
                    }
                }
            }
        }
        let renderer = self.clone();
        let tiles = tiles.to_vec();
        tokio::task::spawn_blocking(move || renderer.render_with(&tiles, &thumbs))
            .await
            .context("The card task failed")?
    }

    /// Width of `text` in pixels at `size`, from the font's advances.
    pub fn measure(&self, text: &str, size: f32) -> f32 {
        let scale = size / f32::from(self.face.units_per_em());
        text.chars()
            .map(|c| {
                self.face
                    .glyph_index(c)
                    .and_then(|g| self.face.glyph_hor_advance(g))
                    .map_or(size * 0.6, |a| f32::from(a) * scale)
            })
            .sum()
    }

    /// Where everything goes, for `tiles`.
    pub fn layout(&self, tiles: &[Tile]) -> CardLayout {
        layout(tiles, &|text: &str| self.measure(text, FONT_SIZE))
    }

    /// The card as PNG bytes, photo tiles left empty.
    pub fn render(&self, tiles: &[Tile]) -> anyhow::Result<Vec<u8>> {
        self.render_with(tiles, &HashMap::<String, Vec<u8>>::new())
    }

    /// The card as PNG bytes, photo tiles drawn from `thumbs` (JPEG bytes
    /// by photo id).
    pub fn render_with(
        &self,
        tiles: &[Tile],
        thumbs: &HashMap<String, impl AsRef<[u8]>>,
    ) -> anyhow::Result<Vec<u8>> {
        let card = self.layout(tiles);
        let mut pixmap = Pixmap::new(card.width, card.height).context("The card is too big")?;
        pixmap.fill(Color::WHITE);
        for row in &card.rows {
            for placed in &row.symbols {
                match &tiles[placed.tile].symbol {
                    Some(symbol) if symbol.is_photo() => {
                        if let Some(thumb) = thumbs.get(&symbol.id) {
                            draw_photo(&mut pixmap, &symbol.id, thumb.as_ref(), placed.x, placed.y);
                        }
                    }
                    Some(symbol) => self.draw_symbol(&mut pixmap, symbol, placed.x, placed.y),
                    None => {}
                }
            }
        }
        let words = usvg::Tree::from_str(&self.words_svg(&card), &self.options)
            .context("Failed to lay out the card's words")?;
        resvg::render(&words, Transform::identity(), &mut pixmap.as_mut());
        let png = encode_png(&pixmap)?;
        anyhow::ensure!(
            png.len() <= MAX_CARD_BYTES,
            "The card is {} bytes, more than {MAX_CARD_BYTES}",
            png.len()
        );
        Ok(png)
    }

    /// The SVG file of a symbol, if it is one we have.
    pub fn symbol_file(&self, symbol: &SymbolRef) -> Option<PathBuf> {
        let folder = match symbol.set.as_str() {
            MULBERRY => self.symbols_dir.join(MULBERRY).join("EN"),
            OPENMOJI => self.symbols_dir.join(OPENMOJI).join("svg"),
            _ => return None,
        };
        if symbol.id.contains(['/', '\\']) || symbol.id.contains("..") {
            return None;
        }
        Some(folder.join(format!("{}.svg", symbol.id)))
    }

    /// Draws one symbol inside its square, keeping its shape. A missing or
    /// broken file leaves the square empty (the words still say it).
    fn draw_symbol(&self, pixmap: &mut Pixmap, symbol: &SymbolRef, x: f32, y: f32) {
        let Some(path) = self.symbol_file(symbol) else {
            return;
        };
        let tree = match std::fs::read(&path)
            .map_err(anyhow::Error::from)
            .and_then(|data| Ok(usvg::Tree::from_data(&data, &self.options)?))
        {
            Ok(tree) => tree,
            Err(error) => {
                tracing::warn!(path = %path.display(), %error, "Failed to draw a symbol");
                return;
            }
        };
        let size = tree.size();
        let scale = (SYMBOL / size.width()).min(SYMBOL / size.height());
        let dx = x + (SYMBOL - size.width() * scale) / 2.0;
        let dy = y + (SYMBOL - size.height() * scale) / 2.0;
        resvg::render(
            &tree,
            Transform::from_row(scale, 0.0, 0.0, scale, dx, dy),
            &mut pixmap.as_mut(),
        );
    }

    /// The words, the lines between rows and the credit, as SVG.
    fn words_svg(&self, card: &CardLayout) -> String {
        let mut svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}">"#,
            card.width, card.height
        );
        for (n, row) in card.rows.iter().enumerate() {
            if n > 0 {
                let y = row.top - layout::ROW_PADDING;
                svg.push_str(&format!(
                    r#"<rect x="{MARGIN}" y="{}" width="{}" height="2" fill="{RULE}"/>"#,
                    y - 1.0,
                    WIDTH as f32 - 2.0 * MARGIN
                ));
            }
            for line in &row.lines {
                svg.push_str(&format!(
                    r#"<text x="{TEXT_X}" y="{}" font-family="{FONT_FAMILY}" font-weight="700" font-size="{FONT_SIZE}" fill="{INK}">{}</text>"#,
                    line.baseline,
                    escape(&line.text)
                ));
            }
        }
        svg.push_str(&format!(
            r#"<text x="{MARGIN}" y="{}" font-family="{FONT_FAMILY}" font-weight="700" font-size="{CREDIT_SIZE}" fill="{INK}">{}</text></svg>"#,
            card.credit_baseline,
            escape(strings::SYMBOL_CREDIT)
        ));
        svg
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Draws a photo tile's thumbnail inside its square.
fn draw_photo(pixmap: &mut Pixmap, id: &str, jpeg: &[u8], x: f32, y: f32) {
    let thumb = match image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg) {
        Ok(thumb) => thumb.into_rgba8(),
        Err(error) => {
            tracing::warn!(photo = %id, %error, "Failed to draw a photo");
            return;
        }
    };
    let (width, height) = thumb.dimensions();
    let Some(size) = resvg::tiny_skia::IntSize::from_wh(width, height) else {
        return;
    };
    let Some(photo) = Pixmap::from_vec(thumb.into_raw(), size) else {
        return;
    };
    let scale = (SYMBOL / width as f32).min(SYMBOL / height as f32);
    let dx = x + (SYMBOL - width as f32 * scale) / 2.0;
    let dy = y + (SYMBOL - height as f32 * scale) / 2.0;
    pixmap.draw_pixmap(
        0,
        0,
        photo.as_ref(),
        &resvg::tiny_skia::PixmapPaint {
            quality: resvg::tiny_skia::FilterQuality::Bicubic,
            ..Default::default()
        },
        Transform::from_row(scale, 0.0, 0.0, scale, dx, dy),
        None,
    );
}

/// The white card has no transparency: store RGB only.
fn encode_png(pixmap: &Pixmap) -> anyhow::Result<Vec<u8>> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut png = Vec::new();
    PngEncoder::new_with_quality(&mut png, CompressionType::Fast, FilterType::Adaptive)
        .write_image(
            &rgb,
            pixmap.width(),
            pixmap.height(),
            ExtendedColorType::Rgb8,
        )
        .context("Failed to encode the card")?;
    Ok(png)
}

/// A card's file name: a hash of the tiles and of the drawing code.
pub fn card_name(tiles: &[Tile]) -> anyhow::Result<String> {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(env!("CARGO_PKG_VERSION").as_bytes());
    hash.update([0]);
    hash.update(serde_json::to_vec(tiles)?);
    Ok(hex::encode(hash.finalize()))
}

/// `GET /cards/<post id>.png`: anyone may see a published post's card; a
/// draft's card only its author and the account's supporters and admins
/// (401 signed out, 403 for anyone else).
pub fn router<S>(storage: crate::storage::Storage, renderer: CardRenderer) -> axum::Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    axum::Router::new()
        .route("/cards/{file}", axum::routing::get(card_png))
        .with_state((storage, renderer))
}

async fn card_png(
    axum::extract::State((storage, renderer)): axum::extract::State<(
        crate::storage::Storage,
        CardRenderer,
    )>,
    axum::extract::Path(file): axum::extract::Path<String>,
    axum::Extension(app::ports::Viewer(person)): axum::Extension<app::ports::Viewer>,
) -> HttpResult {
    use app::domain::lifecycle::Status;
    use app::ports::PostStore;
    use axum::http::header;
    use axum::response::IntoResponse;

    let post_id = file.strip_suffix(".png").ok_or_else(HttpError::not_found)?;
    let post = storage.post(post_id).await?;
    let published = post.status == Status::Published;
    if !published {
        let person = person.ok_or_else(HttpError::sign_in)?;
        if !person.may_read(&post.author_id, &post.account_id) {
            return Err(HttpError::not_allowed());
        }
    }
    // A published post's words no longer change: its card is kept. A
    // draft's changes with every edit, so it is drawn each time.
    let tiles = post.tiles;
    let drawn = if published {
        renderer.card(&tiles).await
    } else {
        renderer.draw(&tiles).await
    };
    let png =
        drawn.map_err(|error| HttpError::failed("Failed to draw a card", format!("{error:#}")))?;
    let cache = if published {
        "public, max-age=300"
    } else {
        "private, no-store"
    };
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, cache),
        ],
        png,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renderer() -> CardRenderer {
        let symbols = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assets/symbols");
        CardRenderer::new(&symbols).expect("renderer")
    }

    fn tile(set: &str, id: &str, word: &str) -> Tile {
        Tile {
            symbol: Some(SymbolRef {
                set: set.into(),
                id: id.into(),
            }),
            word: word.into(),
        }
    }

    #[test]
    fn the_font_measures_wider_text_as_wider() {
        let renderer = renderer();
        let short = renderer.measure("dog", FONT_SIZE);
        let long = renderer.measure("dogs and cats", FONT_SIZE);
        assert!(short > 40.0 && short < 120.0, "{short}");
        assert!(long > 3.0 * short);
    }

    #[test]
    fn a_card_is_a_1200_pixel_png_with_symbols_and_words_drawn() {
        let tiles = vec![
            tile(MULBERRY, "dog", "My dog"),
            tile(OPENMOJI, "1F333", "likes the park."),
        ];
        let png = renderer().render(&tiles).expect("card");
        assert!(png.len() <= MAX_CARD_BYTES);
        let image = image::load_from_memory(&png).expect("png").into_rgb8();
        assert_eq!(image.width(), 1200);
        let dark = |x0: u32, x1: u32| {
            (x0..x1)
                .flat_map(|x| (0..image.height()).map(move |y| (x, y)))
                .filter(|&(x, y)| image.get_pixel(x, y).0.iter().all(|&c| c < 100))
                .count()
        };
        // Ink in the symbol column and in the words column.
        assert!(dark(40, 600) > 500, "symbols drawn");
        assert!(dark(640, 1160) > 500, "words drawn");
    }

    use app::domain::post::MAX_WORD_CHARS;

    /// The hard texts shared with the other text rules' tests.
    fn hard_texts() -> Vec<String> {
        let raw = include_str!("../../../tests/corpus/hard-text.json");
        let items: Vec<serde_json::Value> = serde_json::from_str(raw).expect("corpus");
        let mut texts: Vec<String> = items
            .iter()
            .map(|item| item["text"].as_str().expect("text").to_string())
            .collect();
        // One long word of marks and joiners, and 10,000 characters.
        texts.push("ਪੰਜਾਬੀ\u{200d}".repeat(200));
        texts.push(texts.concat().chars().cycle().take(10_000).collect());
        texts
    }

    #[test]
    fn any_text_makes_a_card() {
        let renderer = renderer();
        for text in hard_texts() {
            let mut tiles: Vec<Tile> = text
                .split_whitespace()
                .take(59)
                .map(|word| Tile {
                    symbol: None,
                    word: word.chars().take(MAX_WORD_CHARS).collect(),
                })
                .collect();
            let first: String = text.chars().take(MAX_WORD_CHARS).collect();
            tiles.push(tile(MULBERRY, "dog", &first));
            let png = renderer.render(&tiles).expect("a card");
            assert!(png.len() <= MAX_CARD_BYTES);
        }
    }

    #[test]
    fn a_long_word_breaks_between_graphemes_only() {
        use unicode_segmentation::UnicodeSegmentation;
        let renderer = renderer();
        let word = "ਪੰਜਾਬੀ\u{200d}👨‍👩‍👧".repeat(60);
        let lines = layout::wrap(&word, layout::TEXT_WIDTH, &|t: &str| {
            renderer.measure(t, FONT_SIZE)
        });
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.concat(), word);
        let boundaries: Vec<usize> = word.grapheme_indices(true).map(|(at, _)| at).collect();
        let mut at = 0;
        for line in &lines {
            assert!(boundaries.contains(&at), "a line starts inside a grapheme");
            at += line.len();
        }
    }

    #[test]
    fn twenty_symbols_and_sixty_tiles_stay_under_a_megabyte() {
        let ids = ["dog", "cat", "cake", "bus", "house"];
        let tiles: Vec<Tile> = (0..60)
            .map(|n| {
                let id = ids[n % ids.len()];
                let word = if n % 20 == 19 {
                    format!("{id}.")
                } else {
                    id.to_string()
                };
                tile(MULBERRY, id, &word)
            })
            .collect();
        let png = renderer().render(&tiles).expect("card");
        assert!(png.len() <= MAX_CARD_BYTES, "{} bytes", png.len());
        let image = image::load_from_memory(&png).expect("png");
        assert_eq!(image.width(), 1200);
        assert!(image.height() > 1500);
    }

    #[tokio::test]
    async fn a_kept_card_is_drawn_once_and_a_change_of_words_makes_a_new_one() {
        let data = tempfile::tempdir().expect("dir");
        let renderer = renderer().with_media(Blobs::folder(data.path()).expect("media"));
        let kept = data.path().join("cards");
        let tiles = vec![tile(MULBERRY, "dog", "My dog")];
        let first = renderer.card(&tiles).await.expect("card");
        assert_eq!(first, renderer.render(&tiles).expect("drawn"));
        let files = || std::fs::read_dir(&kept).expect("dir").count();
        assert_eq!(files(), 1);
        // The kept file is what comes back: overwrite it to prove it is read.
        let path = std::fs::read_dir(&kept)
            .expect("dir")
            .next()
            .expect("one")
            .expect("entry")
            .path();
        std::fs::write(&path, b"kept").expect("write");
        assert_eq!(renderer.card(&tiles).await.expect("card"), b"kept");
        let changed = vec![tile(MULBERRY, "dog", "My dogs")];
        assert_ne!(renderer.card(&changed).await.expect("card"), b"kept");
        assert_eq!(files(), 2);
    }

    #[tokio::test]
    async fn a_photo_tile_is_drawn_from_its_kept_thumbnail() {
        let data = tempfile::tempdir().expect("dir");
        let media = Blobs::folder(data.path()).expect("media");
        let renderer = renderer().with_media(media.clone());
        let id = "ab".repeat(32);
        let tiles = vec![tile(app::domain::post::PHOTO_SET, &id, "My garden")];
        let empty = renderer
            .draw(&tiles)
            .await
            .expect("drawn without the photo");
        let mut thumb = Vec::new();
        image::RgbImage::from_pixel(64, 64, image::Rgb([200, 30, 30]))
            .write_to(
                &mut std::io::Cursor::new(&mut thumb),
                image::ImageFormat::Jpeg,
            )
            .expect("jpeg");
        media
            .put("photos", &format!("{id}-thumb.jpg"), thumb)
            .await
            .expect("kept");
        let with_photo = renderer.draw(&tiles).await.expect("drawn");
        assert_ne!(with_photo, empty);
        let red = |png: &[u8]| {
            let image = image::load_from_memory(png).expect("png").into_rgb8();
            image.pixels().filter(|p| p[0] > 150 && p[1] < 80).count()
        };
        assert_eq!(red(&empty), 0);
        assert!(red(&with_photo) > 1000, "{}", red(&with_photo));
    }

    #[test]
    fn unknown_sets_and_climbing_ids_have_no_file() {
        let renderer = renderer();
        assert!(renderer
            .symbol_file(&SymbolRef {
                set: "photo".into(),
                id: "abc".into()
            })
            .is_none());
        assert!(renderer
            .symbol_file(&SymbolRef {
                set: MULBERRY.into(),
                id: "../../etc/passwd".into()
            })
            .is_none());
    }
}
