//! The photo pipeline: decode with limits, turn upright, drop every
//! metadata block, resize, re-encode as JPEG.
//!
//! Nothing of the original file is copied: the pixels are decoded and
//! encoded anew, so EXIF (with GPS), XMP, IPTC, ICC profiles and comments
//! are all left behind.

use std::io::Cursor;

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// Largest upload accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 25 * 1024 * 1024;
/// Largest picture decoded, in pixels.
pub const MAX_PIXELS: u64 = 40_000_000;
/// Most memory the decoder may ask for.
pub const MAX_DECODE_BYTES: u64 = 192 * 1024 * 1024;
/// Long edge of the stored photo.
pub const LONG_EDGE: u32 = 1600;
/// Long edge of the thumbnail.
pub const THUMB_EDGE: u32 = 256;
/// JPEG quality of both.
pub const QUALITY: u8 = 82;

/// Why a file was refused. Every reason gets the same easy-read message.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PhotoError {
    #[error("the file is not a JPEG, PNG, WebP or GIF picture")]
    NotAPicture,
    #[error("the picture is larger than {MAX_PIXELS} pixels or needs too much memory")]
    TooBig,
    #[error("the picture could not be decoded: {0}")]
    Broken(String),
}

/// A processed photo and its thumbnail, both JPEG without metadata.
pub struct Processed {
    pub photo: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Runs the whole pipeline on an uploaded file.
pub fn process(bytes: &[u8]) -> Result<Processed, PhotoError> {
    let image = decode(bytes)?;
    let image = flatten(image);
    let (width, height) = fit(image.width(), image.height(), LONG_EDGE);
    let photo = resize(image, width, height)?;
    let (thumb_width, thumb_height) = fit(width, height, THUMB_EDGE);
    // The thumbnail is made while the photo is encoded.
    let (photo_jpeg, thumb_jpeg) = std::thread::scope(|scope| {
        let thumb = scope.spawn(|| {
            let rgb = image::RgbImage::from_raw(width, height, photo.clone())
                .ok_or_else(|| PhotoError::Broken("resize gave a wrong size".into()))?;
            let small = resize(DynamicImage::ImageRgb8(rgb), thumb_width, thumb_height)?;
            encode(&small, thumb_width, thumb_height)
        });
        let photo_jpeg = encode(&photo, width, height);
        let thumb_jpeg = thumb
            .join()
            .unwrap_or_else(|_| Err(PhotoError::Broken("the thumbnail failed".into())));
        (photo_jpeg, thumb_jpeg)
    });
    Ok(Processed {
        photo: photo_jpeg?,
        thumb: thumb_jpeg?,
        width,
        height,
    })
}

/// Decodes within the limits and applies the EXIF orientation.
fn decode(bytes: &[u8]) -> Result<DynamicImage, PhotoError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PhotoError::Broken(e.to_string()))?;
    match reader.format() {
        Some(ImageFormat::Jpeg) if !jpeg_is_complete(bytes) => {
            return Err(PhotoError::Broken("the JPEG ends too soon".into()))
        }
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif) => {}
        _ => return Err(PhotoError::NotAPicture),
    }
    if reader.format() == Some(ImageFormat::Jpeg) {
        return decode_jpeg(bytes);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(40_000);
    limits.max_image_height = Some(40_000);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(PhotoError::Broken("the picture is empty".into()));
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooBig);
    }
    let orientation = decoder.orientation().map_err(refusal)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// The JPEG decoder fills a cut-off file with grey instead of failing, so
/// walk the markers: a whole JPEG reaches its end-of-image marker (data
/// after it, as in motion photos, is allowed and ignored).
pub fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut i = 2; // after SOI
    if bytes.get(..2) != Some(&[0xFF, 0xD8]) {
        return false;
    }
    while i + 1 < bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        match marker {
            0xD9 => return true,
            0xFF => i += 1,
            0x01 | 0xD0..=0xD7 => i += 2,
            _ => {
                let Some(length) = bytes.get(i + 2..i + 4) else {
                    return false;
                };
                i += 2 + usize::from(u16::from_be_bytes([length[0], length[1]]));
                if marker == 0xDA {
                    // Entropy-coded data runs to the next marker that is
                    // not a stuffed 0xFF00 or a restart marker.
                    loop {
                        let Some(pair) = bytes.get(i..i + 2) else {
                            return false;
                        };
                        if pair[0] == 0xFF && pair[1] != 0x00 && !(0xD0..=0xD7).contains(&pair[1]) {
                            break;
                        }
                        i += 1;
                    }
                }
            }
        }
    }
    false
}

/// JPEG (nearly every phone photo) is decoded at a reduced scale where
/// the format allows it: a 4000 × 3000 photo decodes straight to
/// 2000 × 1500, which is still larger than the 1600 px we keep.
fn decode_jpeg(bytes: &[u8]) -> Result<DynamicImage, PhotoError> {
    let orientation = {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), ImageFormat::Jpeg);
        let mut limits = Limits::default();
        limits.max_alloc = Some(MAX_DECODE_BYTES);
        reader.limits(limits);
        let mut header = reader.into_decoder().map_err(refusal)?;
        let (width, height) = header.dimensions();
        if width == 0 || height == 0 {
            return Err(PhotoError::Broken("the picture is empty".into()));
        }
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(PhotoError::TooBig);
        }
        header.orientation().map_err(refusal)?
    };
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.set_max_decoding_buffer_size(MAX_DECODE_BYTES as usize);
    decoder
        .read_info()
        .map_err(|e| PhotoError::Broken(e.to_string()))?;
    let info = decoder
        .info()
        .ok_or_else(|| PhotoError::Broken("no JPEG header".into()))?;
    let (want_width, want_height) = fit(u32::from(info.width), u32::from(info.height), LONG_EDGE);
    let (width, height) = decoder
        .scale(
            u16::try_from(want_width).unwrap_or(u16::MAX),
            u16::try_from(want_height).unwrap_or(u16::MAX),
        )
        .map_err(|e| PhotoError::Broken(e.to_string()))?;
    let pixels = decoder.decode().map_err(|e| match e {
        jpeg_decoder::Error::Format(message) if message.contains("buffer") => PhotoError::TooBig,
        other => PhotoError::Broken(other.to_string()),
    })?;
    let (width, height) = (u32::from(width), u32::from(height));
    let broken = || PhotoError::Broken("the JPEG gave fewer pixels than it said".into());
    let mut image = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => DynamicImage::ImageRgb8(
            image::RgbImage::from_raw(width, height, pixels).ok_or_else(broken)?,
        ),
        jpeg_decoder::PixelFormat::L8 => DynamicImage::ImageLuma8(
            image::GrayImage::from_raw(width, height, pixels).ok_or_else(broken)?,
        ),
        jpeg_decoder::PixelFormat::L16 => {
            let wide: Vec<u16> = pixels
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect();
            DynamicImage::ImageLuma16(
                image::ImageBuffer::from_raw(width, height, wide).ok_or_else(broken)?,
            )
        }
        jpeg_decoder::PixelFormat::CMYK32 => {
            let rgb: Vec<u8> = pixels
                .chunks_exact(4)
                .flat_map(|p| {
                    let k = u16::from(p[3]);
                    [p[0], p[1], p[2]].map(|c| ((u16::from(c) * k) / 255) as u8)
                })
                .collect();
            DynamicImage::ImageRgb8(
                image::RgbImage::from_raw(width, height, rgb).ok_or_else(broken)?,
            )
        }
    };
    image.apply_orientation(orientation);
    Ok(image)
}

fn refusal(error: image::ImageError) -> PhotoError {
    match error {
        image::ImageError::Limits(_) => PhotoError::TooBig,
        image::ImageError::Unsupported(_) => PhotoError::NotAPicture,
        other => PhotoError::Broken(other.to_string()),
    }
}

/// Transparent parts become white (a JPEG has no transparency).
fn flatten(image: DynamicImage) -> DynamicImage {
    if !image.color().has_alpha() {
        return DynamicImage::ImageRgb8(image.into_rgb8());
    }
    let rgba = image.into_rgba8();
    let (width, height) = rgba.dimensions();
    let mut rgb = image::RgbImage::new(width, height);
    for (out, pixel) in rgb.pixels_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = pixel.0;
        let blend =
            |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        out.0 = [blend(r), blend(g), blend(b)];
    }
    DynamicImage::ImageRgb8(rgb)
}

/// The size that fits inside `edge` × `edge`, never larger than the picture.
pub fn fit(width: u32, height: u32, edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= edge {
        return (width, height);
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(edge) + u64::from(long) / 2) / u64::from(long)).max(1) as u32
    };
    (scale(width), scale(height))
}

/// RGB pixels at the new size.
fn resize(image: DynamicImage, width: u32, height: u32) -> Result<Vec<u8>, PhotoError> {
    let rgb = image.into_rgb8();
    if rgb.dimensions() == (width, height) {
        return Ok(rgb.into_raw());
    }
    let (src_width, src_height) = rgb.dimensions();
    let source = Image::from_vec_u8(src_width, src_height, rgb.into_raw(), PixelType::U8x3)
        .map_err(|e| PhotoError::Broken(e.to_string()))?;
    let mut target = Image::new(width, height, PixelType::U8x3);
    Resizer::new()
        .resize(
            &source,
            &mut target,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
        )
        .map_err(|e| PhotoError::Broken(e.to_string()))?;
    Ok(target.into_vec())
}

fn encode(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, PhotoError> {
    let (Ok(w), Ok(h)) = (u16::try_from(width), u16::try_from(height)) else {
        return Err(PhotoError::TooBig);
    };
    let mut out = Vec::with_capacity(rgb.len() / 8);
    jpeg_encoder::Encoder::new(&mut out, QUALITY)
        .encode(rgb, w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| PhotoError::Broken(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::codecs::jpeg::JpegEncoder;
    use image::ExtendedColorType;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 90)
            .encode(image.as_raw(), width, height, ExtendedColorType::Rgb8)
            .expect("encode");
        out
    }

    #[test]
    fn fit_keeps_the_shape_and_never_grows() {
        assert_eq!(fit(4000, 3000, 1600), (1600, 1200));
        assert_eq!(fit(3000, 4000, 1600), (1200, 1600));
        assert_eq!(fit(800, 600, 1600), (800, 600));
        assert_eq!(fit(10_000, 1, 256), (256, 1));
    }

    #[test]
    fn a_large_photo_is_resized_with_a_thumbnail() {
        let processed = process(&jpeg(2000, 1000)).expect("processed");
        assert_eq!((processed.width, processed.height), (1600, 800));
        let photo = image::load_from_memory(&processed.photo).expect("photo");
        assert_eq!((photo.width(), photo.height()), (1600, 800));
        let thumb = image::load_from_memory(&processed.thumb).expect("thumb");
        assert_eq!((thumb.width(), thumb.height()), (256, 128));
    }

    #[test]
    fn a_transparent_png_becomes_white_not_black() {
        let image = image::RgbaImage::from_pixel(10, 10, image::Rgba([0, 0, 0, 0]));
        let mut png = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .expect("png");
        let processed = process(&png).expect("processed");
        let photo = image::load_from_memory(&processed.photo)
            .expect("photo")
            .into_rgb8();
        assert!(photo.pixels().all(|p| p.0.iter().all(|&c| c > 240)));
    }

    #[test]
    fn files_that_are_not_pictures_are_refused() {
        assert_eq!(
            process(b"hello, world").err(),
            Some(PhotoError::NotAPicture)
        );
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
        assert_eq!(process(svg).err(), Some(PhotoError::NotAPicture));
    }

    #[test]
    fn a_whole_jpeg_is_complete_and_data_after_its_end_is_allowed() {
        let mut whole = jpeg(64, 48);
        assert!(jpeg_is_complete(&whole));
        whole.extend_from_slice(b"trailing video data");
        assert!(jpeg_is_complete(&whole));
        assert!(process(&whole).is_ok());
        assert!(!jpeg_is_complete(b"\xFF\xD8"));
        assert!(!jpeg_is_complete(b"not a jpeg"));
    }

    #[test]
    fn a_truncated_jpeg_is_refused() {
        let whole = jpeg(400, 300);
        let result = process(&whole[..whole.len() / 2]);
        assert!(
            matches!(result, Err(PhotoError::Broken(_))),
            "{:?}",
            result.err()
        );
    }
}
