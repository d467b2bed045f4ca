//! Word filters: words or phrases matched case-insensitively on word boundaries, with an
//! action: block (refuse with a message), hold (keep for review), replace (asterisks).
use crate::db::filters as q;
use crate::db::{Db, Tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterAction {
    Block,
    Hold,
    Replace,
}

impl FilterAction {
    pub fn parse(s: &str) -> Option<FilterAction> {
        match s {
            "block" => Some(FilterAction::Block),
            "hold" => Some(FilterAction::Hold),
            "replace" => Some(FilterAction::Replace),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FilterAction::Block => "block",
            FilterAction::Hold => "hold",
            FilterAction::Replace => "replace",
        }
    }
}

#[derive(Debug, Clone)]
pub struct WordFilter {
    pub id: i64,
    pub pattern: String,
    pub action: FilterAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The text to store (asterisks in place of replaced words).
    Allow(String),
    Hold(String),
    Block(String),
}

/// Byte ranges where `pattern` (its words, in order) occurs in `text` on word boundaries.
fn find(text: &str, pattern: &str) -> Vec<(usize, usize)> {
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths for some scripts; only match when it did not.
    if lower.len() != text.len() {
        return Vec::new();
    }
    let pat = pattern.to_lowercase();
    if pat.is_empty() {
        return Vec::new();
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&pat) {
        let start = from + pos;
        let end = start + pat.len();
        let before_ok = lower[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word(c));
        let after_ok = lower[end..].chars().next().is_none_or(|c| !is_word(c));
        if before_ok && after_ok {
            out.push((start, end));
        }
        from = start
            + lower[start..]
                .chars()
                .next()
                .map(|c| c.len_utf8())
                .unwrap_or(1);
    }
    out
}

/// Applies the show's filters: any block wins, then hold, then replacements.
pub fn apply(text: &str, filters: &[WordFilter]) -> Outcome {
    let mut hold = false;
    let mut ranges = Vec::new();
    for f in filters {
        let hits = find(text, &f.pattern);
        if hits.is_empty() {
            continue;
        }
        match f.action {
            FilterAction::Block => return Outcome::Block(f.pattern.clone()),
            FilterAction::Hold => hold = true,
            FilterAction::Replace => ranges.extend(hits),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    ranges.sort();
    for (s, e) in ranges {
        if s < cursor {
            continue;
        }
        out.push_str(&text[cursor..s]);
        out.extend(
            text[s..e]
                .chars()
                .map(|c| if c.is_whitespace() { c } else { '*' }),
        );
        cursor = e;
    }
    out.push_str(&text[cursor..]);
    if hold {
        Outcome::Hold(out)
    } else {
        Outcome::Allow(out)
    }
}

pub async fn list(db: &Db, show_id: i64) -> Result<Vec<WordFilter>, sqlx::Error> {
    Ok(q::list(db, show_id)
        .await?
        .into_iter()
        .filter_map(|r| {
            Some(WordFilter {
                id: r.id,
                action: FilterAction::parse(&r.action)?,
                pattern: r.pattern,
            })
        })
        .collect())
}

/// Adds a filter (or changes its action); patterns are stored lowercased, as matched.
pub async fn add(
    tx: &mut Tx,
    show_id: i64,
    pattern: &str,
    action: FilterAction,
) -> Result<(), sqlx::Error> {
    q::upsert(tx, show_id, &pattern.trim().to_lowercase(), action.as_str()).await
}

/// Returns the removed filter's pattern (None if it was not this show's).
pub async fn remove(tx: &mut Tx, show_id: i64, id: i64) -> Result<Option<String>, sqlx::Error> {
    q::delete(tx, show_id, id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(p: &str, a: FilterAction) -> WordFilter {
        WordFilter {
            id: 0,
            pattern: p.into(),
            action: a,
        }
    }

    #[test]
    fn word_boundaries_and_case() {
        let filters = [f("darn", FilterAction::Replace)];
        assert_eq!(
            apply("Darn it, darned darn!", &filters),
            Outcome::Allow("**** it, darned ****!".into())
        );
        assert_eq!(
            apply("nothing here", &filters),
            Outcome::Allow("nothing here".into())
        );
    }

    #[test]
    fn phrases_block_and_hold() {
        let filters = [
            f("buy now", FilterAction::Block),
            f("crypto", FilterAction::Hold),
            f("heck", FilterAction::Replace),
        ];
        assert_eq!(
            apply("BUY NOW cheap", &filters),
            Outcome::Block("buy now".into())
        );
        assert_eq!(
            apply("buy nowhere", &filters),
            Outcome::Allow("buy nowhere".into())
        );
        assert_eq!(
            apply("crypto heck", &filters),
            Outcome::Hold("crypto ****".into())
        );
    }
}
