//! From the bytes of a hand-edited file to text. Spreadsheets on Windows often save CSV as
//! Windows-1252 ("CSV" instead of "CSV UTF-8"), and some editors put a byte-order mark in
//! front of JSON. Both are named with the byte where they occur and how to fix them, instead
//! of a bare "stream did not contain valid UTF-8".

/// The problem message for a UTF-8 byte-order mark at the start of a JSON file.
pub const BOM_PROBLEM: &str =
    "the file starts with a UTF-8 byte-order mark (BOM, bytes EF BB BF at byte 0), which JSON does not allow; save it as UTF-8 without BOM";

/// The bytes as UTF-8 text, or why not: the byte offset of the first invalid byte, its line,
/// and a hint at the likely cause.
///
/// ```
/// use kaartviewer_core::source_text::utf8_text;
/// assert_eq!(utf8_text(b"id;naam\n").unwrap(), "id;naam\n");
/// // "Fryslân" as Windows-1252: the â is the single byte E2.
/// let error = utf8_text(b"id;naam\nx;Frysl\xe2n\n").unwrap_err();
/// assert!(error.contains("byte 15 (line 2)") && error.contains("Windows-1252"), "{error}");
/// ```
pub fn utf8_text(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!(
            "is not UTF-8 text: byte {at} (line {line}) is 0x{:02X}; it was probably saved as Windows-1252 (\"CSV\" instead of \"CSV UTF-8\"): save it again as UTF-8",
            bytes[at]
        )
    })
}
