//! Where photos, cards and speech audio are kept: the data folder (the
//! default), or an S3-compatible object store when `OURVOICE_MEDIA` is
//! `s3://BUCKET[/prefix]`, so every server of a service answers for every
//! file.
//!
//! Names are `photos/<id>.jpg`, `cards/<name>.png`, `speech/<key>.json`.
//! Every name is a hash of what it holds, so writing a name twice writes the
//! same bytes, and a write is whole or absent: the folder writes through a
//! temporary name, the object store puts in one request.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use bytes::Bytes;
use futures_util::TryStreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as Name;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

/// The three kinds of file, each under its own name.
pub const FOLDERS: [&str; 3] = ["photos", "cards", "speech"];

/// The media store. Cheap to clone.
#[derive(Clone)]
pub struct Blobs {
    store: Arc<dyn ObjectStore>,
    place: Place,
    /// Operations done, for `/metrics`: (operation, folder, succeeded).
    done: Arc<Mutex<BTreeMap<Operation, u64>>>,
}

/// One kind of operation on one folder, and whether it succeeded.
pub type Operation = (&'static str, &'static str, bool);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Place {
    Folder(PathBuf),
    Bucket { bucket: String, prefix: String },
}

/// One stored file, as a listing shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The name inside its folder (`<key>.json`).
    pub name: String,
    pub size: u64,
    /// Milliseconds since 1970.
    pub modified_ms: i64,
}

/// What `OURVOICE_MEDIA` asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaSetting {
    Folder,
    Bucket { bucket: String, prefix: String },
}

impl MediaSetting {
    /// Reads `OURVOICE_MEDIA`: unset or empty is the data folder;
    /// `s3://BUCKET` or `s3://BUCKET/some/prefix` is an object store.
    pub fn parse(value: Option<&str>) -> anyhow::Result<MediaSetting> {
        let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(MediaSetting::Folder);
        };
        let rest = value.strip_prefix("s3://").with_context(|| {
            format!("OURVOICE_MEDIA must look like s3://bucket or s3://bucket/prefix, not {value}")
        })?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let valid_bucket = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.'));
        anyhow::ensure!(
            valid_bucket,
            "OURVOICE_MEDIA names the bucket {bucket:?}: a bucket name is 3 to 63 small \
             letters, digits, dots and dashes"
        );
        let prefix = prefix.trim_matches('/');
        anyhow::ensure!(
            prefix.is_empty()
                || !prefix
                    .split('/')
                    .any(|part| part.is_empty() || part == "." || part == ".."),
            "OURVOICE_MEDIA's prefix {prefix:?} has an empty, . or .. part"
        );
        Ok(MediaSetting::Bucket {
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
        })
    }
}

impl Blobs {
    /// The store `setting` names: folders under `data_dir`, made if
    /// missing, or the bucket with the standard `AWS_*` variables
    /// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`,
    /// `AWS_ENDPOINT`, `AWS_ALLOW_HTTP` for a store on plain http).
    pub fn open(data_dir: &Path, setting: &MediaSetting) -> anyhow::Result<Blobs> {
        match setting {
            MediaSetting::Folder => Blobs::folder(data_dir),
            MediaSetting::Bucket { bucket, prefix } => {
                let s3 = AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .build()
                    .context("The object store in OURVOICE_MEDIA could not be set up")?;
                let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
                    Arc::new(s3)
                } else {
                    Arc::new(PrefixStore::new(s3, prefix.as_str()))
                };
                Ok(Blobs {
                    store,
                    place: Place::Bucket {
                        bucket: bucket.clone(),
                        prefix: prefix.clone(),
                    },
                    done: Arc::default(),
                })
            }
        }
    }

    /// Folders under `data_dir`, made if missing.
    pub fn folder(data_dir: &Path) -> anyhow::Result<Blobs> {
        for folder in FOLDERS {
            let dir = data_dir.join(folder);
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("Failed to make {}", dir.display()))?;
        }
        let store = LocalFileSystem::new_with_prefix(data_dir)
            .with_context(|| format!("Failed to open {}", data_dir.display()))?;
        Ok(Blobs {
            store: Arc::new(store),
            place: Place::Folder(data_dir.to_path_buf()),
            done: Arc::default(),
        })
    }

    /// Where the files are, for logs and messages.
    pub fn describe(&self) -> String {
        match &self.place {
            Place::Folder(dir) => format!("the folder {}", dir.display()),
            Place::Bucket { bucket, prefix } if prefix.is_empty() => format!("s3://{bucket}"),
            Place::Bucket { bucket, prefix } => format!("s3://{bucket}/{prefix}"),
        }
    }

    /// True when the files are in an object store rather than the folder.
    pub fn is_bucket(&self) -> bool {
        matches!(self.place, Place::Bucket { .. })
    }

    /// Keeps `bytes` as `folder/name`.
    pub async fn put(&self, folder: &str, name: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        let (folder, name) = object_name(folder, name)?;
        let put = self.store.put(&name, PutPayload::from(bytes)).await;
        self.count("put", folder, put.is_ok());
        put.with_context(|| format!("Failed to keep {name} in {}", self.describe()))?;
        Ok(())
    }

    /// The bytes of `folder/name`, or `None` when there is no such file.
    pub async fn get(&self, folder: &str, name: &str) -> anyhow::Result<Option<Bytes>> {
        let (folder, name) = object_name(folder, name)?;
        let got = match self.store.get(&name).await {
            Ok(found) => found.bytes().await.map(Some),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error),
        };
        self.count("get", folder, got.is_ok());
        got.with_context(|| format!("Failed to read {name} from {}", self.describe()))
    }

    /// True when `folder/name` is kept.
    pub async fn has(&self, folder: &str, name: &str) -> anyhow::Result<bool> {
        let (folder, name) = object_name(folder, name)?;
        let found = match self.store.head(&name).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(error) => Err(error),
        };
        self.count("head", folder, found.is_ok());
        found.with_context(|| format!("Failed to look for {name} in {}", self.describe()))
    }

    /// Removes `folder/name`; a file already gone is no error.
    pub async fn delete(&self, folder: &str, name: &str) -> anyhow::Result<()> {
        let (folder, name) = object_name(folder, name)?;
        let deleted = match self.store.delete(&name).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error),
        };
        self.count("delete", folder, deleted.is_ok());
        deleted.with_context(|| format!("Failed to remove {name} from {}", self.describe()))
    }

    /// Every file in `folder`.
    pub async fn list(&self, folder: &str) -> anyhow::Result<Vec<Listed>> {
        let folder = known_folder(folder)?;
        let prefix = Name::from(folder);
        let found: Result<Vec<object_store::ObjectMeta>, _> =
            self.store.list(Some(&prefix)).try_collect().await;
        self.count("list", folder, found.is_ok());
        let found =
            found.with_context(|| format!("Failed to list {folder} in {}", self.describe()))?;
        Ok(found
            .into_iter()
            .filter_map(|meta| {
                let name = meta.location.filename()?.to_string();
                Some(Listed {
                    name,
                    size: meta.size,
                    modified_ms: meta.last_modified.timestamp_millis(),
                })
            })
            .collect())
    }

    fn count(&self, operation: &'static str, folder: &'static str, succeeded: bool) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *done.entry((operation, folder, succeeded)).or_default() += 1;
    }

    /// How many operations of each kind were done on each folder since the
    /// server started, and whether they succeeded.
    pub fn operations(&self) -> BTreeMap<Operation, u64> {
        self.done.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Why files cannot be kept or read now, if they cannot: a folder is
    /// gone, or the object store does not answer.
    pub async fn not_ready(&self) -> Option<String> {
        match &self.place {
            Place::Folder(dir) => FOLDERS
                .iter()
                .map(|folder| dir.join(folder))
                .find(|dir| !dir.is_dir())
                .map(|dir| format!("the media folder {} is missing", dir.display())),
            Place::Bucket { .. } => {
                let prefix = Name::from("photos");
                match self.store.list_with_delimiter(Some(&prefix)).await {
                    Ok(_) => None,
                    Err(error) => Some(format!(
                        "the object store {} does not answer: {error}",
                        self.describe()
                    )),
                }
            }
        }
    }
}

/// `folder/name`, refusing anything that could reach outside the folder.
/// `folder` as one of [`FOLDERS`].
fn known_folder(folder: &str) -> anyhow::Result<&'static str> {
    FOLDERS
        .iter()
        .find(|known| **known == folder)
        .copied()
        .ok_or_else(|| anyhow::anyhow!("{folder} is not a media folder"))
}

/// The folder, and the object's full name, when both are allowed.
fn object_name(folder: &str, name: &str) -> anyhow::Result<(&'static str, Name)> {
    let folder = known_folder(folder)?;
    anyhow::ensure!(
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
            && !name.starts_with('.'),
        "{name:?} is not a media file name"
    );
    Ok((folder, Name::from(format!("{folder}/{name}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_is_the_folder_or_a_bucket() {
        assert_eq!(MediaSetting::parse(None).unwrap(), MediaSetting::Folder);
        assert_eq!(
            MediaSetting::parse(Some("  ")).unwrap(),
            MediaSetting::Folder
        );
        assert_eq!(
            MediaSetting::parse(Some("s3://our-voice")).unwrap(),
            MediaSetting::Bucket {
                bucket: "our-voice".into(),
                prefix: String::new()
            }
        );
        assert_eq!(
            MediaSetting::parse(Some("s3://our-voice/leeds/media/")).unwrap(),
            MediaSetting::Bucket {
                bucket: "our-voice".into(),
                prefix: "leeds/media".into()
            }
        );
        for wrong in [
            "our-voice",
            "https://our-voice",
            "s3://",
            "s3://Our_Voice",
            "s3://ab",
            "s3://our-voice/a//b",
            "s3://our-voice/../other",
        ] {
            assert!(MediaSetting::parse(Some(wrong)).is_err(), "{wrong}");
        }
    }

    #[test]
    fn names_stay_inside_their_folder() {
        assert!(object_name("photos", "abc-thumb.jpg").is_ok());
        assert!(object_name("photos", "../key").is_err());
        assert!(object_name("photos", "a/b.jpg").is_err());
        assert!(object_name("photos", ".hidden").is_err());
        assert!(object_name("photos", "").is_err());
        assert!(object_name("secrets", "key").is_err());
    }

    #[tokio::test]
    async fn the_folder_keeps_reads_lists_and_removes_files() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let blobs = Blobs::folder(dir.path()).expect("folder");
        assert_eq!(blobs.not_ready().await, None);
        assert_eq!(blobs.get("photos", "a.jpg").await.unwrap(), None);
        assert!(!blobs.has("photos", "a.jpg").await.unwrap());
        blobs.put("photos", "a.jpg", b"one".to_vec()).await.unwrap();
        blobs.put("photos", "a.jpg", b"one".to_vec()).await.unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("photos/a.jpg")).unwrap(),
            b"one"
        );
        assert!(blobs.has("photos", "a.jpg").await.unwrap());
        assert_eq!(
            blobs.get("photos", "a.jpg").await.unwrap().as_deref(),
            Some(&b"one"[..])
        );
        let listed = blobs.list("photos").await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!((listed[0].name.as_str(), listed[0].size), ("a.jpg", 3));
        assert!(blobs.list("cards").await.unwrap().is_empty());
        blobs.delete("photos", "a.jpg").await.unwrap();
        blobs.delete("photos", "a.jpg").await.unwrap();
        assert!(!blobs.has("photos", "a.jpg").await.unwrap());
        std::fs::remove_dir(dir.path().join("cards")).unwrap();
        let why = blobs.not_ready().await.expect("not ready");
        assert!(why.contains("cards"), "{why}");
    }
}
