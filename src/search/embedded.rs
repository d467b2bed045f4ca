//! The embedded engine: one tantivy index in the data dir. Shows are kept apart by an indexed
//! `show_id` filter and per-show synonyms applied when a query is built. Typo tolerance,
//! prefix on the last word and quoted phrases follow Meilisearch's behaviour.
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use async_trait::async_trait;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{doc, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};

use super::query::{typo_budget, ParsedQuery};
use super::{
    Hit, SearchDoc, SearchEngine, SearchError, SearchQuery, SearchResults, Sort, Synonyms,
};

const TOKENIZER: &str = "cliffhanger";
const WRITER_HEAP: usize = 128 * 1024 * 1024;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    show_id: Field,
    kind: Field,
    season: Field,
    episode: Field,
    board: Field,
    author: Field,
    title: Field,
    body: Field,
    created_at: Field,
    json: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: b.add_text_field("id", STRING),
        show_id: b.add_i64_field("show_id", INDEXED | FAST),
        kind: b.add_text_field("kind", STRING),
        season: b.add_i64_field("season", INDEXED),
        episode: b.add_text_field("episode", STRING),
        board: b.add_text_field("board", STRING),
        author: b.add_text_field("author", STRING),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        created_at: b.add_i64_field("created_at", FAST),
        json: b.add_text_field("json", STORED),
    };
    (b.build(), fields)
}

fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

pub struct EmbeddedEngine {
    reader: IndexReader,
    writer: Arc<Mutex<IndexWriter>>,
    f: Fields,
}

fn other(e: impl std::fmt::Display) -> SearchError {
    SearchError::Other(anyhow::anyhow!("search index: {e}"))
}

impl EmbeddedEngine {
    /// Opens (or creates) the index under `dir`.
    pub fn open(dir: &Path) -> anyhow::Result<EmbeddedEngine> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let (schema, f) = schema();
        let mmap = tantivy::directory::MmapDirectory::open(dir).context("open index dir")?;
        let index = Index::open_or_create(mmap, schema).context("open search index")?;
        index.tokenizers().register(TOKENIZER, analyzer());
        let writer = index.writer(WRITER_HEAP).context("index writer")?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .context("index reader")?;
        Ok(EmbeddedEngine {
            reader,
            writer: Arc::new(Mutex::new(writer)),
            f,
        })
    }

    fn to_document(&self, d: &SearchDoc) -> Result<TantivyDocument, SearchError> {
        let f = self.f;
        let mut doc = doc!(
            f.id => d.id.as_str(),
            f.show_id => d.show_id,
            f.kind => d.kind.as_str(),
            f.title => d.title.as_str(),
            f.body => d.body.as_str(),
            f.created_at => d.created_at,
            f.json => serde_json::to_string(d).map_err(other)?,
        );
        if let Some(s) = d.season {
            doc.add_i64(f.season, s);
        }
        if let Some(e) = &d.episode_code {
            doc.add_text(f.episode, e.to_lowercase());
        }
        if let Some(b) = &d.board {
            doc.add_text(f.board, b);
        }
        if let Some(a) = &d.author {
            doc.add_text(f.author, a.to_lowercase());
        }
        Ok(doc)
    }

    /// Runs index writes off the async threads, then makes them visible.
    async fn write(
        &self,
        job: impl FnOnce(&mut IndexWriter) -> Result<(), SearchError> + Send + 'static,
    ) -> Result<(), SearchError> {
        let writer = self.writer.clone();
        let reader = self.reader.clone();
        tokio::task::spawn_blocking(move || {
            let mut w = writer.lock().map_err(|_| other("writer lock poisoned"))?;
            job(&mut w)?;
            w.commit().map_err(other)?;
            reader.reload().map_err(other)
        })
        .await
        .map_err(other)?
    }

    /// Words of `s` as the index sees them (same tokenizer, accents folded).
    fn analyze(&self, s: &str) -> Vec<String> {
        let mut a = analyzer();
        let mut stream = a.token_stream(s);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    fn word_query(&self, word: &str, budget: u8, prefix: bool) -> Box<dyn Query> {
        let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in [(self.f.title, 2.0), (self.f.body, 1.0)] {
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
        let alts: Vec<(Occur, Box<dyn Query>)> = [self.f.title, self.f.body]
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

    /// The text part of a query; synonyms of one show widen each word that has some.
    fn text_query(&self, parsed: &ParsedQuery, synonyms: &Synonyms) -> Option<Box<dyn Query>> {
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let last = parsed.terms.len().saturating_sub(1);
        for (i, raw) in parsed.terms.iter().enumerate() {
            let words = self.analyze(raw);
            let Some(word) = words.first() else { continue };
            let mut alts: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Should,
                self.word_query(word, typo_budget(word), parsed.prefix_last && i == last),
            )];
            for group in synonyms
                .iter()
                .filter(|g| g.iter().any(|m| self.analyze(m) == [word.clone()]))
            {
                for member in group {
                    let mw = self.analyze(member);
                    if !mw.is_empty() && mw != [word.clone()] {
                        alts.push((Occur::Should, self.phrase_query(&mw)));
                    }
                }
            }
            must.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
        }
        for phrase in &parsed.phrases {
            let words: Vec<String> = phrase.iter().flat_map(|w| self.analyze(w)).collect();
            if !words.is_empty() {
                must.push((Occur::Must, self.phrase_query(&words)));
            }
        }
        (!must.is_empty()).then(|| Box::new(BooleanQuery::new(must)) as Box<dyn Query>)
    }

    fn filter_terms(&self, q: &SearchQuery) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.f;
        let mut v: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut term = |t: Term| {
            v.push((
                Occur::Must,
                Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
            ))
        };
        if let Some(s) = q.show_id {
            term(Term::from_field_i64(f.show_id, s));
        }
        if let Some(k) = q.kind {
            term(Term::from_field_text(f.kind, k.as_str()));
        }
        if let Some(s) = q.season {
            term(Term::from_field_i64(f.season, s));
        }
        if let Some(e) = &q.episode {
            term(Term::from_field_text(f.episode, &e.to_lowercase()));
        }
        if let Some(b) = &q.board {
            term(Term::from_field_text(f.board, b));
        }
        if let Some(a) = &q.author {
            term(Term::from_field_text(f.author, &a.to_lowercase()));
        }
        v
    }

    fn build_query(&self, q: &SearchQuery, synonyms: &[(i64, Synonyms)]) -> Option<Box<dyn Query>> {
        let parsed = ParsedQuery::parse(&q.text);
        let none = Synonyms::new();
        let own = |show: i64| {
            synonyms
                .iter()
                .find(|(s, _)| *s == show)
                .map(|(_, g)| g)
                .unwrap_or(&none)
        };
        let text: Box<dyn Query> = match q.show_id {
            Some(show) => self.text_query(&parsed, own(show))?,
            None => {
                // Site-wide: the plain query everywhere, plus each show's synonym expansion
                // only within that show.
                let mut alts: Vec<(Occur, Box<dyn Query>)> =
                    vec![(Occur::Should, self.text_query(&parsed, &none)?)];
                for (show, groups) in synonyms.iter().filter(|(_, g)| !g.is_empty()) {
                    if let Some(expanded) = self.text_query(&parsed, groups) {
                        let in_show: Box<dyn Query> = Box::new(TermQuery::new(
                            Term::from_field_i64(self.f.show_id, *show),
                            IndexRecordOption::Basic,
                        ));
                        alts.push((
                            Occur::Should,
                            Box::new(BooleanQuery::new(vec![
                                (Occur::Must, in_show),
                                (Occur::Must, expanded),
                            ])),
                        ));
                    }
                }
                Box::new(BooleanQuery::new(alts))
            }
        };
        let mut clauses = vec![(Occur::Must, text)];
        clauses.extend(self.filter_terms(q));
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}

#[async_trait]
impl SearchEngine for EmbeddedEngine {
    fn name(&self) -> &'static str {
        "embedded (tantivy)"
    }

    async fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        let id_field = self.f.id;
        let prepared = docs
            .iter()
            .map(|d| Ok((d.id.clone(), self.to_document(d)?)))
            .collect::<Result<Vec<_>, SearchError>>()?;
        self.write(move |w| {
            for (id, doc) in prepared {
                w.delete_term(Term::from_field_text(id_field, &id));
                w.add_document(doc).map_err(other)?;
            }
            Ok(())
        })
        .await
    }

    async fn delete(&self, ids: &[(i64, String)]) -> Result<(), SearchError> {
        let id_field = self.f.id;
        let ids: Vec<String> = ids.iter().map(|(_, id)| id.clone()).collect();
        self.write(move |w| {
            for id in ids {
                w.delete_term(Term::from_field_text(id_field, &id));
            }
            Ok(())
        })
        .await
    }

    async fn search(
        &self,
        q: &SearchQuery,
        synonyms: &[(i64, Synonyms)],
    ) -> Result<SearchResults, SearchError> {
        let Some(query) = self.build_query(q, synonyms) else {
            return Ok(SearchResults::default());
        };
        let searcher = self.reader.searcher();
        let (json_field, limit, offset, sort) = (self.f.json, q.limit.max(1), q.offset, q.sort);
        tokio::task::spawn_blocking(move || {
            let top = TopDocs::with_limit(limit).and_offset(offset);
            let (addrs, total): (Vec<(f32, tantivy::DocAddress)>, usize) = match sort {
                Sort::Relevance => searcher
                    .search(&query, &(top.order_by_score(), Count))
                    .map_err(other)?,
                Sort::Newest => {
                    let (v, n) = searcher
                        .search(
                            &query,
                            &(
                                top.order_by_fast_field::<i64>("created_at", Order::Desc),
                                Count,
                            ),
                        )
                        .map_err(other)?;
                    (v.into_iter().map(|(_, a)| (0.0, a)).collect(), n)
                }
            };
            let mut hits = Vec::with_capacity(addrs.len());
            for (score, addr) in addrs {
                let doc: TantivyDocument = searcher.doc(addr).map_err(other)?;
                let Some(json) = doc
                    .get_first(json_field)
                    .and_then(|v| v.as_str().map(str::to_string))
                else {
                    continue;
                };
                let doc: SearchDoc = serde_json::from_str(&json).map_err(other)?;
                hits.push(Hit { doc, score });
            }
            Ok(SearchResults { total, hits })
        })
        .await
        .map_err(other)?
    }

    async fn set_synonyms(&self, _show_id: i64, _synonyms: &Synonyms) -> Result<(), SearchError> {
        // Expanded at query time from the database's copy.
        Ok(())
    }

    async fn clear(&self, show_id: Option<i64>) -> Result<(), SearchError> {
        let show_field = self.f.show_id;
        self.write(move |w| {
            match show_id {
                Some(s) => {
                    w.delete_term(Term::from_field_i64(show_field, s));
                }
                None => {
                    w.delete_all_documents().map_err(other)?;
                }
            }
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::DocKind;

    fn doc(id: &str, show: i64, body: &str) -> SearchDoc {
        SearchDoc {
            id: id.into(),
            kind: DocKind::Post,
            show_id: show,
            show_slug: "s".into(),
            show_title: "S".into(),
            season: Some(1),
            episode_code: Some("s01e02".into()),
            board: Some("general".into()),
            author: Some("Ann".into()),
            title: "Re: thread".into(),
            body: body.into(),
            url: "/x".into(),
            created_at: 1,
        }
    }

    fn q(text: &str, show: Option<i64>) -> SearchQuery {
        SearchQuery {
            text: text.into(),
            show_id: show,
            limit: 10,
            ..Default::default()
        }
    }

    #[tokio::test]
    async fn replace_delete_typos_synonyms_filters() {
        let dir = tempfile::tempdir().unwrap();
        let e = EmbeddedEngine::open(dir.path()).unwrap();
        e.upsert(&[
            doc("post-1", 1, "the original walrus"),
            doc("post-2", 2, "a walrus elsewhere"),
        ])
        .await
        .unwrap();
        assert_eq!(e.search(&q("walrus", Some(1)), &[]).await.unwrap().total, 1);
        assert_eq!(e.search(&q("walrus", None), &[]).await.unwrap().total, 2);
        e.upsert(&[doc("post-1", 1, "now a narwhal")])
            .await
            .unwrap();
        assert_eq!(
            e.search(&q("narwhal", Some(1)), &[]).await.unwrap().total,
            1
        );
        assert_eq!(e.search(&q("walrus", Some(1)), &[]).await.unwrap().total, 0);
        assert_eq!(
            e.search(&q("narwhl", Some(1)), &[]).await.unwrap().total,
            1,
            "one typo"
        );
        assert_eq!(
            e.search(&q("narw", Some(1)), &[]).await.unwrap().total,
            1,
            "prefix"
        );
        let syn = vec![(1, vec![vec!["tusky".to_string(), "narwhal".to_string()]])];
        assert_eq!(
            e.search(&q("tusky", Some(1)), &syn).await.unwrap().total,
            1,
            "synonym"
        );
        let mut f = q("narwhal", Some(1));
        f.episode = Some("s01e03".into());
        assert_eq!(e.search(&f, &[]).await.unwrap().total, 0);
        f.episode = Some("S01E02".into());
        f.author = Some("ann".into());
        assert_eq!(e.search(&f, &[]).await.unwrap().total, 1);
        assert_eq!(
            e.search(&q("\"now a narwhal\"", Some(1)), &[])
                .await
                .unwrap()
                .total,
            1
        );
        assert_eq!(
            e.search(&q("\"narwhal now\"", Some(1)), &[])
                .await
                .unwrap()
                .total,
            0
        );
        e.delete(&[(1, "post-1".into())]).await.unwrap();
        assert_eq!(
            e.search(&q("narwhal", Some(1)), &[]).await.unwrap().total,
            0
        );
    }
}
