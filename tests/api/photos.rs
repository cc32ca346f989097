//! Photo uploads: metadata is dropped, the picture is turned upright and
//! resized, and hostile files are refused with nothing stored.

use std::io::Cursor;
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

const DID_NOT_WORK: &str = "This picture did not work. Try another one.";

/// A 400 × 200 JPEG, red in its top-left quarter, blue elsewhere.
pub fn plain_jpeg() -> Vec<u8> {
    let image = image::RgbImage::from_fn(400, 200, |x, y| {
        if x < 200 && y < 100 {
            image::Rgb([230, 20, 20])
        } else {
            image::Rgb([20, 20, 230])
        }
    });
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 92)
        .write_image(image.as_raw(), 400, 200, ExtendedColorType::Rgb8)
        .expect("encode");
    out
}

/// A TIFF structure (big-endian) with IFD0 holding Orientation = 6 and a
/// pointer to a GPS IFD with a latitude and longitude.
fn exif_with_gps_and_orientation_6() -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\x00\x2A\x00\x00\x00\x08");
    // IFD0 at 8: 2 entries.
    tiff.extend_from_slice(&2u16.to_be_bytes());
    // Orientation (0x0112), SHORT, 1, value 6.
    tiff.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0]);
    // GPS IFD pointer (0x8825), LONG, 1, offset 38.
    tiff.extend_from_slice(&[0x88, 0x25, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    assert_eq!(tiff.len(), 38);
    // GPS IFD at 38: 4 entries, then the rationals at 38 + 2 + 48 + 4 = 92.
    tiff.extend_from_slice(&4u16.to_be_bytes());
    tiff.extend_from_slice(&[0x00, 0x01, 0x00, 0x02, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&[0x00, 0x02, 0x00, 0x05, 0, 0, 0, 3, 0, 0, 0, 92]);
    tiff.extend_from_slice(&[0x00, 0x03, 0x00, 0x02, 0, 0, 0, 2, b'W', 0, 0, 0]);
    tiff.extend_from_slice(&[0x00, 0x04, 0x00, 0x05, 0, 0, 0, 3, 0, 0, 0, 116]);
    tiff.extend_from_slice(&0u32.to_be_bytes());
    assert_eq!(tiff.len(), 92);
    for (num, den) in [(53, 1), (47, 1), (5, 1), (1, 1), (32, 1), (45, 1)] {
        tiff.extend_from_slice(&(num as u32).to_be_bytes());
        tiff.extend_from_slice(&(den as u32).to_be_bytes());
    }
    let mut exif = b"Exif\x00\x00".to_vec();
    exif.extend_from_slice(&tiff);
    exif
}

/// A JPEG segment: marker, length, payload.
fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out
}

/// The plain JPEG with EXIF (orientation 6 and GPS), XMP, an ICC profile,
/// IPTC and a comment added after its start marker.
fn phone_photo() -> Vec<u8> {
    let plain = plain_jpeg();
    let mut out = plain[..2].to_vec();
    out.extend(segment(0xE1, &exif_with_gps_and_orientation_6()));
    out.extend(segment(
        0xE1,
        b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><photoshop:City>Leeds</photoshop:City></x:xmpmeta>",
    ));
    out.extend(segment(0xE2, b"ICC_PROFILE\x00\x01\x01not a real profile"));
    out.extend(segment(
        0xED,
        b"Photoshop 3.0\x008BIM\x04\x04IPTC home address",
    ));
    out.extend(segment(0xFE, b"taken at 12 Acacia Avenue"));
    out.extend_from_slice(&plain[2..]);
    out
}

/// The markers of every segment before the picture data.
fn header_markers(jpeg: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "a JPEG");
    let mut markers = Vec::new();
    let mut i = 2;
    while i + 4 <= jpeg.len() && jpeg[i] == 0xFF {
        let marker = jpeg[i + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        i += 2 + usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
    }
    markers
}

fn assert_no_metadata(jpeg: &[u8]) {
    let markers = header_markers(jpeg);
    for marker in &markers {
        assert!(
            !matches!(marker, 0xE1..=0xEF | 0xFE),
            "metadata segment 0x{marker:02X} in {markers:02X?}"
        );
    }
    for needle in [
        &b"Exif"[..],
        b"GPS",
        b"xmpmeta",
        b"ICC_PROFILE",
        b"8BIM",
        b"Acacia",
        b"Leeds",
    ] {
        assert!(
            !jpeg.windows(needle.len()).any(|w| w == needle),
            "{:?} found",
            String::from_utf8_lossy(needle)
        );
    }
}

fn stored_files(data: &Path) -> Vec<String> {
    match std::fs::read_dir(data.join("photos")) {
        Ok(entries) => entries
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[tokio::test]
async fn a_phone_photo_is_stored_upright_without_any_metadata() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let fixture = phone_photo();
    // The fixture really carries what must be removed.
    assert!(fixture.windows(4).any(|w| w == b"Exif"));
    assert!(header_markers(&fixture).contains(&0xE1));

    let response = sam.upload_photo(fixture).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let stored: Value = response.json().await.expect("json");
    let id = stored["id"].as_str().expect("id");
    assert_eq!(id.len(), 64);
    // Orientation 6 turns the 400 × 200 picture to 200 × 400.
    assert_eq!(
        (stored["width"].as_u64(), stored["height"].as_u64()),
        (Some(200), Some(400))
    );

    let mut files = stored_files(app.data.path());
    files.sort();
    assert_eq!(files, vec![format!("{id}-thumb.jpg"), format!("{id}.jpg")]);

    let photo = std::fs::read(app.data.path().join(format!("photos/{id}.jpg"))).expect("photo");
    let thumb =
        std::fs::read(app.data.path().join(format!("photos/{id}-thumb.jpg"))).expect("thumb");
    assert_no_metadata(&photo);
    assert_no_metadata(&thumb);

    let photo = image::load_from_memory(&photo)
        .expect("decodes")
        .into_rgb8();
    assert_eq!(photo.dimensions(), (200, 400));
    // Turned a quarter clockwise: the red corner is now top right.
    let top_right = photo.get_pixel(150, 50).0;
    let top_left = photo.get_pixel(50, 50).0;
    assert!(top_right[0] > 180 && top_right[2] < 80, "{top_right:?}");
    assert!(top_left[2] > 180 && top_left[0] < 80, "{top_left:?}");
    let thumb = image::load_from_memory(&thumb).expect("thumb decodes");
    assert_eq!((thumb.width(), thumb.height()), (128, 256));

    // The same bytes come back to the person who added it, kept out of
    // caches while no published post shows it.
    let served = sam.get(stored["url"].as_str().expect("url")).await;
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()["cache-control"], "private, no-store");
    let bytes = std::fs::read(app.data.path().join(format!("photos/{id}.jpg"))).expect("photo");
    assert_eq!(served.bytes().await.expect("body").to_vec(), bytes);
}

async fn status(person: &crate::helpers::Person, path: &str) -> StatusCode {
    person.get(path).await.status()
}

#[tokio::test]
async fn a_draft_photo_is_seen_only_by_who_may_read_the_post_until_it_is_published() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let leeds = app.leeds().await;
    let stored: Value = sam
        .upload_photo(phone_photo())
        .await
        .json()
        .await
        .expect("json");
    let id = stored["id"].as_str().expect("id").to_string();
    let paths = [
        format!("/photos/{id}.jpg"),
        format!("/photos/{id}-thumb.jpg"),
    ];
    let visitor = app.visitor();
    let robin = app.signed_in("robin").await;
    let alex = app.signed_in("alex").await;
    let casey = app.signed_in("casey").await;

    // Just added: only Sam, who added it.
    for path in &paths {
        assert_eq!(status(&sam, path).await, StatusCode::OK);
        assert_eq!(status(&alex, path).await, StatusCode::FORBIDDEN);
        assert_eq!(status(&visitor, path).await, StatusCode::UNAUTHORIZED);
    }

    // In Sam's draft: Sam and the account's supporters; nobody else.
    let post_id = sam.start_post(&leeds).await;
    let tiles = serde_json::json!([
        {"symbol": {"set": "photo", "id": id}, "word": "our garden"},
    ]);
    assert_eq!(sam.send(&post_id, tiles, 1).await.status(), StatusCode::OK);
    for path in &paths {
        assert_eq!(status(&sam, path).await, StatusCode::OK);
        assert_eq!(status(&alex, path).await, StatusCode::OK);
        assert_eq!(status(&robin, path).await, StatusCode::FORBIDDEN);
        assert_eq!(status(&casey, path).await, StatusCode::FORBIDDEN);
        let refused = visitor.get(path).await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            refused.headers()["content-type"],
            "application/json",
            "a refusal, never the photo"
        );
    }

    // Published: everyone, and caches may keep it.
    let approved = alex.approve_with_photo_consent(&post_id).await;
    assert_eq!(approved.status(), StatusCode::OK);
    for path in &paths {
        let served = visitor.get(path).await;
        assert_eq!(served.status(), StatusCode::OK);
        assert_eq!(served.headers()["content-type"], "image/jpeg");
        assert!(served.headers()["cache-control"]
            .to_str()
            .expect("header")
            .contains("immutable"));
        assert_eq!(status(&casey, path).await, StatusCode::OK);
    }

    // Names that are not photos are not found, not refused.
    for path in ["/photos/../ourvoice.db", "/photos/abc.jpg", "/photos/x"] {
        assert_eq!(status(&sam, path).await, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn a_large_photo_is_made_1600_pixels_on_its_long_edge() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let image = image::RgbImage::from_fn(3000, 2000, |x, y| {
        image::Rgb([(x / 12) as u8, (y / 8) as u8, 90])
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 85)
        .write_image(image.as_raw(), 3000, 2000, ExtendedColorType::Rgb8)
        .expect("encode");
    let response = sam.upload_photo(jpeg).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let stored: Value = response.json().await.expect("json");
    assert_eq!(
        (stored["width"].as_u64(), stored["height"].as_u64()),
        (Some(1600), Some(1067))
    );
}

/// A PNG whose header claims any size, with a correct checksum.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// 8,000 × 6,000 black pixels (48 megapixels) squeezed into a small PNG.
fn decompression_bomb() -> Vec<u8> {
    let image = image::GrayImage::new(8000, 6000);
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    png
}

#[tokio::test]
async fn hostile_files_are_refused_clearly_and_nothing_is_stored() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let bomb = decompression_bomb();
    assert!(bomb.len() < 1_000_000, "the bomb is small: {}", bomb.len());
    let whole = plain_jpeg();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("decompression bomb PNG", bomb),
        ("100,000 x 100,000 header", png_header_only(100_000, 100_000)),
        ("truncated JPEG", whole[..whole.len() * 2 / 3].to_vec()),
        ("text named like a picture", b"GIF89 this is not really a picture".to_vec()),
        (
            "SVG",
            br#"<svg xmlns="http://www.w3.org/2000/svg" width="9999" height="9999"><script>alert(1)</script></svg>"#.to_vec(),
        ),
        ("empty body", Vec::new()),
    ];
    for (name, bytes) in cases {
        let response = sam.upload_photo(bytes).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}"
        );
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["message"], DID_NOT_WORK, "{name}");
    }
    assert_eq!(stored_files(app.data.path()), Vec::<String>::new());
}

#[tokio::test]
async fn a_200_megabyte_body_is_refused_before_it_is_read() {
    let app = spawn_app().await;
    let sam = app.signed_in("sam").await;
    let response = sam.upload_photo(vec![0xFF; 200 * 1024 * 1024]).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        body["message"],
        "This picture is too big. Try a smaller one."
    );
    assert_eq!(stored_files(app.data.path()), Vec::<String>::new());
}

#[tokio::test]
async fn only_signed_in_members_may_upload_and_never_cross_site() {
    let app = spawn_app().await;
    let response = app.visitor().upload_photo(plain_jpeg()).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    let sam = app.signed_in("sam").await;
    let response = sam
        .http
        .post(format!("{}/api/photos", app.base))
        .header("origin", "https://evil.example")
        .body(plain_jpeg())
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(stored_files(app.data.path()), Vec::<String>::new());
}
