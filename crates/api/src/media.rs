//! Photos: checked by content, cleaned, thumbnailed and kept in an object
//! store (a local folder by default, S3-compatible object storage with
//! `--media-url s3://bucket/prefix`, so every server behind a balancer
//! serves every photo).
//!
//! An upload is accepted only if it decodes as JPEG, PNG or WebP within the
//! size and pixel limits, whatever its name or declared type says. The image
//! is re-encoded as JPEG, which drops EXIF and every other metadata (a phone's
//! GPS position and serial number included), and a thumbnail is made.

use bytes::Bytes;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

/// Largest upload accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
/// Most photos in one upload (one follow-up or one report).
pub const MAX_PHOTOS_PER_ENTRY: usize = 10;
/// Largest side of a stored photo, in pixels (larger ones are scaled down).
const MAX_SIDE: u32 = 2560;
/// Largest side of a thumbnail.
const THUMB_SIDE: u32 = 320;
/// Decoding refuses images larger than this many pixels (a "decompression
/// bomb" guard).
const MAX_PIXELS: u64 = 50_000_000;

/// Why an upload was refused.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    #[error("is larger than {} MB", MAX_PHOTO_BYTES / (1024 * 1024))]
    TooLarge,
    #[error("is not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("could not be decoded as an image ({0})")]
    Undecodable(String),
}

/// A checked and cleaned photo, ready to store.
#[derive(Debug, Clone)]
pub struct CleanPhoto {
    pub jpeg: Bytes,
    pub thumb: Bytes,
    pub width: u32,
    pub height: u32,
}

fn encode_jpeg(img: &DynamicImage, quality: u8) -> Result<Bytes, PhotoError> {
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&rgb)
        .map_err(|e| PhotoError::Undecodable(e.to_string()))?;
    Ok(Bytes::from(out))
}

/// Checks an upload by its content and makes the stored and thumbnail JPEGs.
pub fn clean(data: &[u8]) -> Result<CleanPhoto, PhotoError> {
    if data.len() > MAX_PHOTO_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let format = image::guess_format(data).map_err(|_| PhotoError::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(PhotoError::NotAnImage);
    }
    let mut reader = ImageReader::with_format(Cursor::new(data), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let img = reader
        .decode()
        .map_err(|e| PhotoError::Undecodable(e.to_string()))?;
    if u64::from(img.width()) * u64::from(img.height()) > MAX_PIXELS {
        return Err(PhotoError::Undecodable("too many pixels".into()));
    }
    let img = if img.width() > MAX_SIDE || img.height() > MAX_SIDE {
        img.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    let thumb = img.thumbnail(THUMB_SIDE, THUMB_SIDE);
    Ok(CleanPhoto {
        jpeg: encode_jpeg(&img, 85)?,
        thumb: encode_jpeg(&thumb, 75)?,
        width: img.width(),
        height: img.height(),
    })
}

/// Where photos are kept.
#[derive(Clone)]
pub struct Media {
    store: Arc<dyn ObjectStore>,
}

/// A failure of the object store.
#[derive(Debug, thiserror::Error)]
#[error("media store: {0}")]
pub struct StoreError(String);

impl Media {
    /// Photos in a local folder (created if missing).
    pub fn local(dir: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError(e.to_string()))?;
        let fs = LocalFileSystem::new_with_prefix(dir).map_err(|e| StoreError(e.to_string()))?;
        Ok(Media {
            store: Arc::new(fs),
        })
    }

    /// Photos in S3-compatible object storage at `s3://bucket/prefix`; the
    /// endpoint, region and credentials come from the environment as the
    /// AWS tools read them (`AWS_ENDPOINT_URL`, `AWS_REGION`,
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`; `AWS_ALLOW_HTTP=true`
    /// for a plain-HTTP endpoint on a private network).
    pub fn s3(url: &str) -> Result<Self, StoreError> {
        let parsed =
            url::Url::parse(url).map_err(|e| StoreError(format!("--media-url `{url}`: {e}")))?;
        if parsed.scheme() != "s3" {
            return Err(StoreError(format!(
                "--media-url `{url}`: only s3://bucket/prefix is understood (or leave it out to keep photos in --media-dir)"
            )));
        }
        let bucket = parsed
            .host_str()
            .filter(|b| !b.is_empty())
            .ok_or_else(|| StoreError(format!("--media-url `{url}` names no bucket")))?;
        let store = object_store::aws::AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| StoreError(e.to_string()))?;
        let prefix = parsed.path().trim_matches('/');
        let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(store)
        } else {
            Arc::new(object_store::prefix::PrefixStore::new(store, prefix))
        };
        Ok(Media { store })
    }

    /// Stores the photo and its thumbnail under fresh keys; returns them.
    pub async fn put(
        &self,
        report: i64,
        photo: &CleanPhoto,
    ) -> Result<(String, String), StoreError> {
        let id: u64 = rand::random();
        let key = format!("reports/{report}/{id:016x}.jpg");
        let thumb = format!("reports/{report}/{id:016x}.thumb.jpg");
        for (k, data) in [(&key, &photo.jpeg), (&thumb, &photo.thumb)] {
            self.store
                .put(
                    &ObjectPath::from(k.as_str()),
                    PutPayload::from(data.clone()),
                )
                .await
                .map_err(|e| StoreError(e.to_string()))?;
        }
        Ok((key, thumb))
    }

    /// Reads a stored object.
    pub async fn get(&self, key: &str) -> Result<Bytes, StoreError> {
        let got = self
            .store
            .get(&ObjectPath::from(key))
            .await
            .map_err(|e| StoreError(e.to_string()))?;
        got.bytes().await.map_err(|e| StoreError(e.to_string()))
    }

    /// Removes stored objects (after a refused action that had stored them).
    pub async fn delete(&self, keys: &[String]) {
        for k in keys {
            if let Err(e) = self.store.delete(&ObjectPath::from(k.as_str())).await {
                log::warn!("could not remove {k}: {e}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_with_size(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::new_rgb8(w, h);
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).expect("encode");
        out.into_inner()
    }

    #[test]
    fn a_png_becomes_a_jpeg_with_a_thumbnail() {
        let c = clean(&png_with_size(1000, 500)).expect("clean");
        assert_eq!((c.width, c.height), (1000, 500));
        assert_eq!(image::guess_format(&c.jpeg).ok(), Some(ImageFormat::Jpeg));
        let t = image::load_from_memory(&c.thumb).expect("thumb");
        assert_eq!((t.width(), t.height()), (320, 160));
    }

    #[test]
    fn text_and_truncated_images_are_refused() {
        assert!(matches!(
            clean(b"hello, world"),
            Err(PhotoError::NotAnImage)
        ));
        let png = png_with_size(64, 64);
        assert!(matches!(
            clean(&png[..png.len() / 2]),
            Err(PhotoError::Undecodable(_))
        ));
        let big = vec![0u8; MAX_PHOTO_BYTES + 1];
        assert!(matches!(clean(&big), Err(PhotoError::TooLarge)));
    }

    #[test]
    fn exif_is_not_carried_over() {
        // A JPEG with an APP1 Exif segment spliced in after SOI.
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut out)
            .encode_image(&DynamicImage::new_rgb8(32, 32).to_rgb8())
            .expect("encode");
        let exif = b"Exif\0\0GPS-SECRET-POSITION";
        let len = u16::try_from(exif.len() + 2).expect("short");
        let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1];
        with_exif.extend_from_slice(&len.to_be_bytes());
        with_exif.extend_from_slice(exif);
        with_exif.extend_from_slice(&out[2..]);
        assert!(with_exif.windows(10).any(|w| w == b"GPS-SECRET"));
        let c = clean(&with_exif).expect("clean");
        assert!(!c.jpeg.windows(10).any(|w| w == b"GPS-SECRET"));
        assert!(!c.jpeg.windows(4).any(|w| w == b"Exif"));
    }
}
