//! 16-bit mono PCM as a WAV file.

/// A WAV file holding `samples` at `sample_rate`.
pub fn encode(samples: &[i16], sample_rate: u32) -> Vec<u8> {
    let data_len = u32::try_from(samples.len() * 2).unwrap_or(u32::MAX - 36);
    let mut out = Vec::with_capacity(44 + samples.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&sample_rate.to_le_bytes());
    out.extend_from_slice(&(sample_rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for sample in samples {
        out.extend_from_slice(&sample.to_le_bytes());
    }
    out
}

/// How long `count` samples last, in milliseconds.
pub fn duration_ms(count: usize, sample_rate: u32) -> u32 {
    if sample_rate == 0 {
        return 0;
    }
    u32::try_from(count as u64 * 1000 / u64::from(sample_rate)).unwrap_or(u32::MAX)
}

/// Reads back the sample rate and the number of samples of a file made by
/// [`encode`] (or any plain 16-bit mono PCM WAV).
pub fn describe(bytes: &[u8]) -> Option<(u32, usize)> {
    if bytes.len() < 44 || &bytes[0..4] != b"RIFF" || &bytes[8..16] != b"WAVEfmt " {
        return None;
    }
    let word = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let long =
        |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    if word(20) != 1 || word(22) != 1 || word(34) != 16 || &bytes[36..40] != b"data" {
        return None;
    }
    let data = long(40) as usize;
    (bytes.len() == 44 + data).then_some((long(24), data / 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_of_sound_round_trips() {
        let samples: Vec<i16> = (0..22_050).map(|i| (i % 200) as i16).collect();
        let file = encode(&samples, 22_050);
        assert_eq!(file.len(), 44 + 44_100);
        assert_eq!(describe(&file), Some((22_050, 22_050)));
        assert_eq!(duration_ms(22_050, 22_050), 1000);
        assert_eq!(describe(&file[..100]), None);
    }
}
