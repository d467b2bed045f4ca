//! SQL text shared by the copy's queries.

/// Where the target records how far a copy got (see `progress`).
pub const PROGRESS_TABLE: &str = "_cliffhanger_transfer";

/// `name` as a quoted SQL identifier (both backends use double quotes).
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
