//! Many rows read as one: the SQLite driver hands each row from its worker thread to the
//! request's task on its own, and for lists of a few hundred rows (a catalogue of shows,
//! the episodes dated near today) those hand-offs cost more than the query. These lists
//! come back as one JSON array of arrays instead, decoded here into tuples.
use serde::de::DeserializeOwned;

use super::pool::Backend;

/// `SELECT` of `cols` (comma-separated expressions) over `rest` (`FROM … WHERE …`), as one
/// row holding a JSON array with one array per row, in `order_by` order ("" for any).
pub(super) fn select(backend: Backend, cols: &str, order_by: &str, rest: &str) -> String {
    let order = if order_by.is_empty() {
        String::new()
    } else {
        format!(" ORDER BY {order_by}")
    };
    match backend {
        Backend::Sqlite => format!(
            "SELECT COALESCE(json_group_array(json_array({cols}){order}), '[]') {rest}"
        ),
        Backend::Postgres => format!(
            "SELECT CAST(COALESCE(json_agg(json_build_array({cols}){order}), '[]'::json) AS TEXT) {rest}"
        ),
    }
}

/// The rows of a `select` result.
pub(super) fn decode<T: DeserializeOwned>(json: &str) -> Result<Vec<T>, sqlx::Error> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_decode_into_tuples_and_nulls_into_none() {
        let rows: Vec<(i64, String, Option<i64>)> =
            decode(r#"[[1,"a",null],[2,"b",7]]"#).expect("rows");
        assert_eq!(rows, [(1, "a".into(), None), (2, "b".into(), Some(7))]);
        assert!(decode::<(i64,)>("[]").expect("none").is_empty());
        assert!(
            decode::<(i64,)>(r#"[["x"]]"#).is_err(),
            "a wrong type is an error"
        );
    }

    #[test]
    fn both_backends_aggregate_in_order() {
        let sqlite = select(Backend::Sqlite, "id, slug", "title", "FROM shows");
        assert!(sqlite.contains("json_group_array(json_array(id, slug) ORDER BY title)"));
        let pg = select(Backend::Postgres, "id", "", "FROM shows");
        assert!(pg.contains("json_agg(json_build_array(id))"));
    }
}
