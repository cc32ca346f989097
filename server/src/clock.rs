//! The server's clock. It is the system's, unless `OURVOICE_CLOCK_FILE`
//! names a file holding milliseconds to add: tests move the clock forward
//! by writing that file (a scheduled post's time comes without waiting).

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use app::ports::Clock;

/// The wall clock: milliseconds since 1970, UTC. Code that stamps rows or
/// decides by time takes the server's `Clock` instead.
pub fn wall_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The system clock, moved on by the offset in `offset_file` when set.
#[derive(Clone, Debug, Default)]
pub struct ServerClock {
    offset_file: Option<PathBuf>,
}

impl ServerClock {
    pub fn new(offset_file: Option<PathBuf>) -> ServerClock {
        ServerClock { offset_file }
    }

    fn offset(&self) -> i64 {
        self.offset_file
            .as_ref()
            .and_then(|path| std::fs::read_to_string(path).ok())
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(0)
    }
}

impl Clock for ServerClock {
    fn now_ms(&self) -> i64 {
        wall_ms() + self.offset()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offset_file_moves_the_clock_and_a_missing_one_does_not() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("clock");
        let clock = ServerClock::new(Some(file.clone()));
        let before = wall_ms();
        assert!(
            (clock.now_ms() - before).abs() < 1_000,
            "no file: no offset"
        );
        std::fs::write(&file, "120000\n").expect("write");
        let moved = clock.now_ms() - wall_ms();
        assert!((119_000..=121_000).contains(&moved), "{moved}");
        std::fs::write(&file, "nonsense").expect("write");
        assert!((clock.now_ms() - wall_ms()).abs() < 1_000);
    }
}
