//! Reads a `multipart/form-data` upload: its text fields and its files,
//! with the size and count limits of photos enforced while streaming (a
//! too-large file is refused before it is read to the end).

use crate::error::ApiError;
use crate::media::{MAX_PHOTOS_PER_ENTRY, MAX_PHOTO_BYTES};
use actix_multipart::{Multipart, MultipartError};
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use std::collections::HashMap;

/// Largest text field, in bytes.
const MAX_TEXT: usize = 64 * 1024;
/// Most text fields in one upload (the forms have at most three).
const MAX_TEXT_FIELDS: usize = 8;
/// Largest upload in all: the photos at their largest and the text fields.
const MAX_TOTAL: usize = MAX_PHOTOS_PER_ENTRY * MAX_PHOTO_BYTES + MAX_TEXT_FIELDS * MAX_TEXT;

/// The fields of an upload.
#[derive(Debug, Default)]
pub struct Form {
    pub texts: HashMap<String, String>,
    /// Files of the `photo` (or `photos`) fields, in order.
    pub photos: Vec<Bytes>,
}

impl Form {
    /// A text field, trimmed; `None` when missing or empty.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts
            .get(name)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    /// The optional `version` field.
    pub fn version(&self) -> Result<Option<i64>, ApiError> {
        self.text("version")
            .map(|v| {
                v.parse()
                    .map_err(|_| ApiError::field("version", "must be a whole number"))
            })
            .transpose()
    }
}

fn multipart_error(e: MultipartError) -> ApiError {
    match e {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible => {
            ApiError::UnsupportedMediaType("send the photos as multipart/form-data".into())
        }
        other => ApiError::BadRequest(format!("malformed multipart body: {other}")),
    }
}

/// Reads every field of the upload.
pub async fn read(mut mp: Multipart) -> Result<Form, ApiError> {
    let mut form = Form::default();
    let (mut total, mut texts) = (0usize, 0usize);
    let idle = crate::extract::BODY_IDLE_TIMEOUT;
    let timeout = crate::extract::body_timeout;
    while let Some(field) = tokio::time::timeout(idle, mp.next())
        .await
        .map_err(|_| timeout())?
    {
        let mut field = field.map_err(multipart_error)?;
        let name = field.name().unwrap_or_default().to_string();
        let is_photo = name == "photo" || name == "photos";
        if !is_photo {
            texts += 1;
            if texts > MAX_TEXT_FIELDS {
                return Err(ApiError::BadRequest(format!(
                    "at most {MAX_TEXT_FIELDS} text fields in an upload"
                )));
            }
        }
        if is_photo && form.photos.len() >= MAX_PHOTOS_PER_ENTRY {
            return Err(ApiError::field(
                "photo",
                format!("at most {MAX_PHOTOS_PER_ENTRY} photos per upload"),
            ));
        }
        let limit = if is_photo { MAX_PHOTO_BYTES } else { MAX_TEXT };
        let mut buf = BytesMut::new();
        while let Some(chunk) = tokio::time::timeout(idle, field.next())
            .await
            .map_err(|_| timeout())?
        {
            let chunk = chunk.map_err(multipart_error)?;
            total += chunk.len();
            if total > MAX_TOTAL {
                return Err(ApiError::PayloadTooLarge(format!(
                    "the upload is larger than {} MB in all",
                    MAX_TOTAL / (1024 * 1024)
                )));
            }
            if buf.len() + chunk.len() > limit {
                return Err(if is_photo {
                    ApiError::PayloadTooLarge(format!(
                        "photo {} is larger than {} MB",
                        form.photos.len() + 1,
                        MAX_PHOTO_BYTES / (1024 * 1024)
                    ))
                } else {
                    ApiError::field(&name, "is too long")
                });
            }
            buf.extend_from_slice(&chunk);
        }
        if is_photo {
            if !buf.is_empty() {
                form.photos.push(buf.freeze());
            }
        } else {
            let text = String::from_utf8(buf.to_vec())
                .map_err(|_| ApiError::field(&name, "is not UTF-8 text"))?;
            form.texts.insert(name, text);
        }
    }
    Ok(form)
}
