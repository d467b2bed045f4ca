//! Pagination of API lists: `limit` and an opaque `cursor`, the base64url of `v1:<key>`
//! where the key is the last row's (thread id, post position or search offset). Anything
//! that is not a cursor we made, and any limit out of range, is a 400.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{bad_request, ApiError};

pub const DEFAULT_LIMIT: i64 = 25;
pub const MAX_LIMIT: i64 = 100;

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// `next_cursor` of the previous page; omit for the first page.
    #[param(value_type = Option<String>, max_length = 64)]
    pub cursor: Option<String>,
    /// Items per page, 1 to 100 (default 25).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
}

/// A page of a list.
#[derive(Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

pub fn encode(key: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("v1:{key}"))
}

fn decode(cursor: &str) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    text.strip_prefix("v1:")?
        .parse::<i64>()
        .ok()
        .filter(|k| *k >= 0)
}

impl PageParams {
    /// (the key after which the page starts, the limit).
    pub fn parse(&self) -> Result<(Option<i64>, i64), ApiError> {
        let limit = match self.limit.as_deref() {
            None => DEFAULT_LIMIT,
            Some(s) => s
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    bad_request(format!(
                        "limit must be a whole number from 1 to {MAX_LIMIT}."
                    ))
                })?,
        };
        let key = match self.cursor.as_deref() {
            None => None,
            Some(c) => Some(
                decode(c)
                    .ok_or_else(|| bad_request("That cursor is not one this API handed out."))?,
            ),
        };
        Ok((key, limit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(cursor: Option<&str>, limit: Option<&str>) -> PageParams {
        PageParams {
            cursor: cursor.map(str::to_string),
            limit: limit.map(str::to_string),
        }
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let c = encode(42);
        assert_eq!(params(Some(&c), None).parse().unwrap(), (Some(42), 25));
        for bad in [
            "",
            "x",
            "djE6",
            "djE6LTE",
            "!!!!",
            &URL_SAFE_NO_PAD.encode("v2:4"),
        ] {
            assert!(params(Some(bad), None).parse().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn limits_outside_one_to_a_hundred_are_refused() {
        assert_eq!(params(None, Some("100")).parse().unwrap(), (None, 100));
        assert_eq!(params(None, Some("1")).parse().unwrap(), (None, 1));
        for bad in ["0", "101", "-1", "ten", "", "1.5"] {
            assert!(params(None, Some(bad)).parse().is_err(), "{bad:?}");
        }
    }
}
