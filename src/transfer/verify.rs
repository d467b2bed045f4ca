//! Per-table checksums computed the same way on either backend: every row's canonical form
//! (`Value::canonical`, columns in one agreed order) is hashed with SHA-256 and the hashes
//! are summed. A sum does not depend on row order, so SQLite's and PostgreSQL's different
//! orderings of text keys (byte order against a locale's collation) cannot tell two equal
//! tables apart, while any changed, missing or extra row changes it.
use sha2::{Digest, Sha256};

use crate::db::transfer::{self, Value};
use crate::db::Db;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sum {
    pub rows: i64,
    pub digest: [u8; 32],
}

impl std::fmt::Display for Sum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} rows, checksum {}",
            self.rows,
            hex::encode(self.digest)
        )
    }
}

/// Adds one row's hash to a running sum (two 128-bit halves, each modulo 2^128).
fn add_row(acc: &mut (u128, u128), row: &[Value]) {
    let mut text = Vec::new();
    for v in row {
        v.canonical(&mut text);
    }
    let h = Sha256::digest(&text);
    let mut hi = [0u8; 16];
    let mut lo = [0u8; 16];
    hi.copy_from_slice(&h[..16]);
    lo.copy_from_slice(&h[16..]);
    acc.0 = acc.0.wrapping_add(u128::from_be_bytes(hi));
    acc.1 = acc.1.wrapping_add(u128::from_be_bytes(lo));
}

/// The checksum of `table` in `db`: `columns` in this order, read `batch` rows at a time.
pub async fn checksum(
    db: &Db,
    table: &str,
    columns: &[String],
    key: &[String],
    batch: usize,
) -> anyhow::Result<Sum> {
    let mut acc = (0u128, 0u128);
    let mut rows = 0i64;
    let key_at: Vec<usize> = key
        .iter()
        .filter_map(|k| columns.iter().position(|c| c == k))
        .collect();
    let mut after: Option<Vec<Value>> = None;
    loop {
        let page = transfer::read_batch(db, table, columns, key, after.as_deref(), batch).await?;
        let Some(last) = page.last() else { break };
        after = Some(key_at.iter().map(|&i| last[i].clone()).collect());
        for row in &page {
            add_row(&mut acc, row);
        }
        rows += page.len() as i64;
    }
    let mut digest = [0u8; 32];
    digest[..16].copy_from_slice(&acc.0.to_be_bytes());
    digest[16..].copy_from_slice(&acc.1.to_be_bytes());
    Ok(Sum { rows, digest })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(rows: &[Vec<Value>]) -> (u128, u128) {
        let mut acc = (0, 0);
        rows.iter().for_each(|r| add_row(&mut acc, r));
        acc
    }

    #[test]
    fn the_sum_ignores_row_order_and_sees_any_change() {
        let a = vec![Value::Int(1), Value::Text("x".into())];
        let b = vec![Value::Int(2), Value::Null];
        assert_eq!(sum(&[a.clone(), b.clone()]), sum(&[b.clone(), a.clone()]));
        let b_changed = vec![Value::Int(2), Value::Text(String::new())];
        assert_ne!(sum(&[a.clone(), b]), sum(&[a, b_changed]));
    }
}
