//! Secrets at rest: access tokens and app passwords are sealed with
//! XChaCha20-Poly1305 under the server's key before they reach the
//! database, bound to their connection so a sealed secret copied to another
//! row does not open. The key comes from `OURVOICE_SECRET_KEY` (64 hex
//! digits) or from `secret.key` in the data folder, made on first start
//! with mode 0600.

use std::fmt;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context};
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

/// The file the key is kept in, inside the data folder.
pub const KEY_FILE: &str = "secret.key";
const VERSION: &str = "v1";
const NONCE_BYTES: usize = 24;

/// Seals and opens secrets with the server's key.
#[derive(Clone)]
pub struct Sealer {
    cipher: XChaCha20Poly1305,
}

/// The key never shows in logs or debug output.
impl fmt::Debug for Sealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sealer(..)")
    }
}

impl Sealer {
    /// The key from `env_key` (the value of `OURVOICE_SECRET_KEY`) or the
    /// key file in `data_dir`, made when missing.
    pub fn load(env_key: Option<&str>, data_dir: &Path) -> anyhow::Result<Sealer> {
        let key = match env_key.map(str::trim).filter(|k| !k.is_empty()) {
            Some(hex_key) => {
                parse_key(hex_key).context("OURVOICE_SECRET_KEY must be 64 hex digits")?
            }
            None => key_file(data_dir)?,
        };
        Ok(Sealer::from_key(&key))
    }

    pub fn from_key(key: &[u8; 32]) -> Sealer {
        Sealer {
            cipher: XChaCha20Poly1305::new(key.into()),
        }
    }

    /// Seals `secret` for the row named `bound_to`.
    pub fn seal(&self, secret: &str, bound_to: &str) -> anyhow::Result<String> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: secret.as_bytes(),
                    aad: bound_to.as_bytes(),
                },
            )
            .map_err(|_| anyhow::anyhow!("Failed to seal a secret"))?;
        Ok(format!(
            "{VERSION}:{}{}",
            hex::encode(nonce),
            hex::encode(sealed)
        ))
    }

    /// Opens a secret sealed for `bound_to`.
    pub fn open(&self, sealed: &str, bound_to: &str) -> anyhow::Result<String> {
        let Some(body) = sealed.strip_prefix("v1:") else {
            bail!("Not a sealed secret");
        };
        let bytes = hex::decode(body).context("A sealed secret is not hex")?;
        if bytes.len() <= NONCE_BYTES {
            bail!("A sealed secret is too short");
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let open = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: bound_to.as_bytes(),
                },
            )
            .map_err(|_| anyhow::anyhow!("A sealed secret does not open with this key"))?;
        String::from_utf8(open).context("A sealed secret is not text")
    }
}

fn parse_key(hex_key: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = hex::decode(hex_key)?;
    bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("the key must be 32 bytes"))
}

/// Reads the key file, or makes one (readable by this user only).
fn key_file(data_dir: &Path) -> anyhow::Result<[u8; 32]> {
    let path = data_dir.join(KEY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            return parse_key(text.trim())
                .with_context(|| format!("{} must hold 64 hex digits", path.display()))
        }
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            return Err(error).with_context(|| format!("Failed to read {}", path.display()))
        }
        Err(_) => {}
    }
    let key: [u8; 32] = XChaCha20Poly1305::generate_key(&mut OsRng).into();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(&path) {
        Ok(mut file) => {
            file.write_all(hex::encode(key).as_bytes())?;
            file.sync_all()?;
            tracing::info!(path = %path.display(), "made a new key for sealing secrets");
            Ok(key)
        }
        // Another server on the same folder made it first.
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => key_file(data_dir),
        Err(error) => Err(error).with_context(|| format!("Failed to make {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_row() {
        let sealer = Sealer::from_key(&[7; 32]);
        let sealed = sealer.seal("token-123", "connection-a").expect("seal");
        assert!(!sealed.contains("token-123"));
        assert_eq!(
            sealer.open(&sealed, "connection-a").expect("open"),
            "token-123"
        );
        assert!(sealer.open(&sealed, "connection-b").is_err(), "another row");
        assert!(
            Sealer::from_key(&[8; 32])
                .open(&sealed, "connection-a")
                .is_err(),
            "another key"
        );
        let again = sealer.seal("token-123", "connection-a").expect("seal");
        assert_ne!(sealed, again, "a fresh nonce each time");
    }

    #[test]
    fn a_changed_byte_is_refused() {
        let sealer = Sealer::from_key(&[7; 32]);
        let sealed = sealer.seal("token-123", "c").expect("seal");
        let mut bytes = sealed.into_bytes();
        let last = bytes.len() - 1;
        bytes[last] = if bytes[last] == b'0' { b'1' } else { b'0' };
        let changed = String::from_utf8(bytes).expect("text");
        assert!(sealer.open(&changed, "c").is_err());
    }

    #[test]
    fn the_key_file_is_made_once_readable_by_its_owner_only() {
        let dir = tempfile::tempdir().expect("dir");
        let first = Sealer::load(None, dir.path()).expect("made");
        let sealed = first.seal("s", "c").expect("seal");
        let second = Sealer::load(None, dir.path()).expect("read");
        assert_eq!(second.open(&sealed, "c").expect("same key"), "s");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .expect("key file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_key_from_the_environment_wins_and_must_be_right() {
        let dir = tempfile::tempdir().expect("dir");
        let key = "11".repeat(32);
        let sealer = Sealer::load(Some(&key), dir.path()).expect("env key");
        let sealed = sealer.seal("s", "c").expect("seal");
        assert_eq!(
            Sealer::from_key(&[0x11; 32])
                .open(&sealed, "c")
                .expect("open"),
            "s"
        );
        assert!(
            !dir.path().join(KEY_FILE).exists(),
            "no file when the key is given"
        );
        assert!(Sealer::load(Some("abc"), dir.path()).is_err());
    }
}
