//! What one show's index stores and how a query becomes a tantivy query. Every show's index
//! has the same schema, so one `Fields` serves them all.
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{doc, TantivyDocument, Term};

use super::super::query::{typo_budget, ParsedQuery};
use super::super::{SearchDoc, SearchError, SearchQuery, Synonyms};
use super::errors::other;

pub const TOKENIZER: &str = "cliffhanger";

#[derive(Clone, Copy)]
pub struct Fields {
    pub id: Field,
    kind: Field,
    season: Field,
    episode: Field,
    board: Field,
    author: Field,
    lang: Field,
    title: Field,
    body: Field,
    created_at: Field,
    pub json: Field,
}

pub const CREATED_AT: &str = "created_at";

/// No `show_id` field: the index a document sits in says which show it belongs to.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: b.add_text_field("id", STRING),
        kind: b.add_text_field("kind", STRING),
        season: b.add_i64_field("season", INDEXED),
        episode: b.add_text_field("episode", STRING),
        board: b.add_text_field("board", STRING),
        author: b.add_text_field("author", STRING),
        lang: b.add_text_field("lang", STRING),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        created_at: b.add_i64_field(CREATED_AT, FAST),
        json: b.add_text_field("json", STORED),
    };
    (b.build(), fields)
}

pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Words of `s` as the index sees them (same tokenizer, accents folded).
fn analyze(s: &str) -> Vec<String> {
    let mut a = analyzer();
    let mut stream = a.token_stream(s);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

impl Fields {
    pub fn document(&self, d: &SearchDoc) -> Result<TantivyDocument, SearchError> {
        let mut doc = doc!(
            self.id => d.id.as_str(),
            self.kind => d.kind.as_str(),
            self.title => d.title.as_str(),
            self.body => d.body.as_str(),
            self.created_at => d.created_at,
            self.json => serde_json::to_string(d).map_err(other)?,
        );
        if let Some(s) = d.season {
            doc.add_i64(self.season, s);
        }
        if let Some(e) = &d.episode_code {
            doc.add_text(self.episode, e.to_lowercase());
        }
        if let Some(b) = &d.board {
            doc.add_text(self.board, b);
        }
        if let Some(a) = &d.author {
            doc.add_text(self.author, a.to_lowercase());
        }
        if let Some(l) = &d.lang {
            doc.add_text(self.lang, l);
        }
        Ok(doc)
    }

    fn word_query(&self, word: &str, budget: u8, prefix: bool) -> Box<dyn Query> {
        let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in [(self.title, 2.0), (self.body, 1.0)] {
            let term = Term::from_field_text(field, word);
            alts.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                    boost,
                )),
            ));
            if budget > 0 {
                alts.push((
                    Occur::Should,
                    Box::new(FuzzyTermQuery::new(term.clone(), budget, true)),
                ));
            }
            if prefix {
                alts.push((
                    Occur::Should,
                    Box::new(FuzzyTermQuery::new_prefix(term, 0, true)),
                ));
            }
        }
        Box::new(BooleanQuery::new(alts))
    }

    fn phrase_query(&self, words: &[String]) -> Box<dyn Query> {
        if words.len() == 1 {
            return self.word_query(&words[0], 0, false);
        }
        let alts: Vec<(Occur, Box<dyn Query>)> = [self.title, self.body]
            .into_iter()
            .map(|field| {
                let terms = words
                    .iter()
                    .map(|w| Term::from_field_text(field, w))
                    .collect();
                (
                    Occur::Should,
                    Box::new(PhraseQuery::new(terms)) as Box<dyn Query>,
                )
            })
            .collect();
        Box::new(BooleanQuery::new(alts))
    }

    /// The text part of a query; the show's synonyms widen each word that has some.
    fn text_query(&self, parsed: &ParsedQuery, synonyms: &Synonyms) -> Option<Box<dyn Query>> {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let last = parsed.terms.len().saturating_sub(1);
        for (i, raw) in parsed.terms.iter().enumerate() {
            let words = analyze(raw);
            let Some(word) = words.first() else { continue };
            let mut alts: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Should,
                self.word_query(word, typo_budget(word), parsed.prefix_last && i == last),
            )];
            for group in synonyms
                .iter()
                .filter(|g| g.iter().any(|m| analyze(m) == [word.clone()]))
            {
                for member in group {
                    let mw = analyze(member);
                    if !mw.is_empty() && mw != [word.clone()] {
                        alts.push((Occur::Should, self.phrase_query(&mw)));
                    }
                }
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
        }
        for phrase in &parsed.phrases {
            let words: Vec<String> = phrase.iter().flat_map(|w| analyze(w)).collect();
            if !words.is_empty() {
                must.push((Occur::Must, self.phrase_query(&words)));
            }
        }
        (!must.is_empty()).then(|| Box::new(BooleanQuery::new(must)) as Box<dyn Query>)
    }

    fn filter_terms(&self, q: &SearchQuery) -> Vec<(Occur, Box<dyn Query>)> {
        let mut v: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut term = |t: Term| {
            v.push((
                Occur::Must,
                Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
            ))
        };
        if let Some(k) = q.kind {
            term(Term::from_field_text(self.kind, k.as_str()));
        }
        if let Some(s) = q.season {
            term(Term::from_field_i64(self.season, s));
        }
        if let Some(e) = &q.episode {
            term(Term::from_field_text(self.episode, &e.to_lowercase()));
        }
        if let Some(b) = &q.board {
            term(Term::from_field_text(self.board, b));
        }
        if let Some(a) = &q.author {
            term(Term::from_field_text(self.author, &a.to_lowercase()));
        }
        if let Some(l) = &q.lang {
            term(Term::from_field_text(self.lang, l));
        }
        v
    }

    /// The query for one show's index: its text with that show's synonyms, and the filters.
    /// `None` when the text has no words.
    pub fn build_query(
        &self,
        q: &SearchQuery,
        parsed: &ParsedQuery,
        synonyms: &Synonyms,
    ) -> Option<Box<dyn Query>> {
        let mut clauses = vec![(Occur::Must, self.text_query(parsed, synonyms)?)];
        clauses.extend(self.filter_terms(q));
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}
