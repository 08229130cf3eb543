//! Households (户): everyone at the same building and door is one household, so a notice or a
//! questionnaire counts the households it reached, and staff knock on the doors it did not.
//! Residents state their door (室号) themselves; one who states none counts as a household alone.

/// Longest door a resident may state ("2 单元 1302 室" fits).
pub const ROOM_MAX: usize = 20;

/// The door as stored, so that "302", "３０２" and " 302 " are one household; `Err` (a message
/// id) for text that is not a door.
pub fn normalize_room(sent: &str) -> Result<String, &'static str> {
    let ascii: String = sent
        .chars()
        .map(|c| match c {
            // Full-width forms typed on a Chinese keyboard: "３０２" is "302".
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    let room = ascii.split_whitespace().collect::<Vec<_>>().join(" ");
    if room.chars().count() > ROOM_MAX {
        return Err("room-too-long");
    }
    if !room.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '#')) {
        return Err("room-letters-digits");
    }
    Ok(room)
}

#[cfg(test)]
mod tests {
    use super::normalize_room;

    #[test]
    fn one_door_however_it_is_typed() {
        for typed in ["302", " 302 ", "３０２", "302"] {
            assert_eq!(normalize_room(typed), Ok("302".into()), "{typed:?}");
        }
        assert_eq!(normalize_room("2单元　1302室"), Ok("2单元 1302室".into()));
        assert_eq!(normalize_room("b-1201"), Ok("B-1201".into()));
        assert_eq!(normalize_room(""), Ok(String::new()), "empty clears it");
        assert_eq!(normalize_room("302; DROP"), Err("room-letters-digits"));
        assert_eq!(normalize_room(&"1".repeat(21)), Err("room-too-long"));
    }
}
