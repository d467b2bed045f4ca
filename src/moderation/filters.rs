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
    /// The pattern as a case-insensitive Unicode regex over the text as written, so match
    /// offsets are offsets of that text (lowercasing first changes byte lengths: `İ`, `ẞ`).
    matcher: Option<regex::Regex>,
}

impl WordFilter {
    pub fn new(id: i64, pattern: String, action: FilterAction) -> WordFilter {
        let words: Vec<String> = pattern.split_whitespace().map(regex::escape).collect();
        let matcher = (!words.is_empty())
            .then(|| regex::Regex::new(&format!("(?i){}", words.join(r"\s+"))).ok())
            .flatten();
        WordFilter {
            id,
            pattern,
            action,
            matcher,
        }
    }

    /// Byte ranges of `text` where the pattern occurs as whole words.
    fn find(&self, text: &str) -> Vec<(usize, usize)> {
        let Some(re) = &self.matcher else {
            return Vec::new();
        };
        let is_word = |c: char| c.is_alphanumeric() || c == '_';
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(m) = re.find_at(text, from) {
            let before_ok = text[..m.start()]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word(c));
            let after_ok = text[m.end()..].chars().next().is_none_or(|c| !is_word(c));
            if before_ok && after_ok && m.end() > m.start() {
                out.push((m.start(), m.end()));
                from = m.end();
            } else {
                // Not on a word boundary: look again from the next character.
                match text[m.start()..].chars().next() {
                    Some(c) => from = m.start() + c.len_utf8(),
                    None => break,
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The text to store (asterisks in place of replaced words).
    Allow(String),
    Hold(String),
    Block(String),
}

/// Applies the show's filters: any block wins, then hold, then replacements.
pub fn apply(text: &str, filters: &[WordFilter]) -> Outcome {
    let mut hold = false;
    let mut ranges = Vec::new();
    for f in filters {
        let hits = f.find(text);
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
            let action = FilterAction::parse(&r.action)?;
            Some(WordFilter::new(r.id, r.pattern, action))
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
        WordFilter::new(0, p.into(), a)
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
    fn letters_whose_lowercase_is_longer_neither_panic_nor_disable_filters() {
        let replace = [f("darn", FilterAction::Replace)];
        assert_eq!(
            apply("İ darn— ẞ", &replace),
            Outcome::Allow("İ ****— ẞ".into())
        );
        let block = [f("spoiler", FilterAction::Block)];
        for text in ["İ SPOILER", "the \u{212A}elvin spoiler", "ẞ spoiler ẞ"] {
            assert_eq!(
                apply(text, &block),
                Outcome::Block("spoiler".into()),
                "{text}"
            );
        }
        let hold = [f("kelvin", FilterAction::Hold)];
        assert!(matches!(
            apply("\u{212A}ELVIN İs here", &hold),
            Outcome::Hold(_)
        ));
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
