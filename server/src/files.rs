//! Writing files so that a crash never leaves half of one.

use std::path::Path;

/// Writes a file named by its content (a hash) through a temporary name.
/// A file already there is kept: the same name holds the same content.
pub fn write_once(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path.is_file() {
        return Ok(());
    }
    let temporary = path.with_extension(format!("tmp-{}", uuid::Uuid::new_v4()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}
