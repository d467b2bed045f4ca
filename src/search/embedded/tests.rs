//! The engine on a temporary dir: behaviour per show, the on-disk layout, site-wide merging.
use super::*;
use crate::search::{DocKind, Sort};

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
        lang: Some("en".into()),
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

fn ids(res: &SearchResults) -> Vec<String> {
    res.hits.iter().map(|h| h.doc.id.clone()).collect()
}

fn everywhere(text: &str, sort: Sort, offset: usize, limit: usize) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        // Show 3 has no index: it is skipped, not created.
        all_shows: vec![1, 2, 3],
        sort,
        offset,
        limit,
        ..Default::default()
    }
}

#[tokio::test]
async fn one_index_per_show_on_disk_and_merged_site_wide() {
    let dir = tempfile::tempdir().unwrap();
    let e = EmbeddedEngine::open(dir.path()).unwrap();
    let mut docs = Vec::new();
    // Different densities of the word give different scores in both shows.
    for (n, body) in [
        "walrus",
        "walrus walrus on the beach",
        "a walrus seen once in a long and winding story about the sea",
        "walrus walrus walrus",
    ]
    .into_iter()
    .enumerate()
    {
        docs.push(doc(&format!("post-{}", n + 1), 1, body));
        docs.push(doc(&format!("post-{}", n + 11), 2, body));
    }
    docs.push(doc("post-99", 2, "nothing to see here"));
    e.upsert(&docs).await.unwrap();

    for show in [1, 2] {
        assert!(dir.path().join(format!("show_{show}/meta.json")).is_file());
    }
    assert!(!dir.path().join("meta.json").exists(), "no shared index");
    assert!(!dir.path().join("show_3").exists());

    let one = e.search(&q("walrus", Some(1)), &[]).await.unwrap();
    assert_eq!(one.total, 4);
    assert!(
        one.hits.iter().all(|h| h.doc.show_id == 1),
        "{:?}",
        ids(&one)
    );
    let two = e.search(&q("walrus", Some(2)), &[]).await.unwrap();
    assert!(two.hits.iter().all(|h| h.doc.show_id == 2));
    assert_eq!(e.search(&q("walrus", Some(3)), &[]).await.unwrap().total, 0);

    let all = e
        .search(&everywhere("walrus", Sort::Relevance, 0, 20), &[])
        .await
        .unwrap();
    assert_eq!(all.total, 8);
    assert_eq!(all.hits.len(), 8);
    assert!(all.hits.iter().any(|h| h.doc.show_id == 1));
    assert!(all.hits.iter().any(|h| h.doc.show_id == 2));
    assert!(
        all.hits.windows(2).all(|w| w[0].score >= w[1].score),
        "merged by score: {:?}",
        all.hits.iter().map(|h| h.score).collect::<Vec<_>>()
    );
    e.delete(&[(3, "post-3".into())]).await.unwrap();
    assert!(
        !dir.path().join("show_3").exists(),
        "searching and deleting create no index"
    );

    // Pages of 3 across both shows: the same order, no hit twice, none missing.
    let mut paged = Vec::new();
    for offset in (0..9).step_by(3) {
        let page = e
            .search(&everywhere("walrus", Sort::Relevance, offset, 3), &[])
            .await
            .unwrap();
        assert_eq!(page.total, 8);
        paged.extend(ids(&page));
    }
    assert_eq!(paged, ids(&all));

    // Synonyms are each show's own.
    let syn = vec![(2, vec![vec!["tusker".to_string(), "walrus".to_string()]])];
    let by_nickname = e
        .search(&everywhere("tusker", Sort::Relevance, 0, 20), &syn)
        .await
        .unwrap();
    assert_eq!(by_nickname.total, 4);
    assert!(by_nickname.hits.iter().all(|h| h.doc.show_id == 2));

    // Reopened, the engine finds the shows' indexes on disk.
    drop(e);
    let e = EmbeddedEngine::open(dir.path()).unwrap();
    let again = e
        .search(&everywhere("walrus", Sort::Relevance, 0, 20), &[])
        .await
        .unwrap();
    assert_eq!(ids(&again), ids(&all));

    e.clear(Some(1)).await.unwrap();
    assert_eq!(e.search(&q("walrus", Some(1)), &[]).await.unwrap().total, 0);
    assert_eq!(e.search(&q("walrus", Some(2)), &[]).await.unwrap().total, 4);
    e.clear(None).await.unwrap();
    assert_eq!(e.search(&q("walrus", None), &[]).await.unwrap().total, 0);
}

#[tokio::test]
async fn newest_first_across_shows() {
    let dir = tempfile::tempdir().unwrap();
    let e = EmbeddedEngine::open(dir.path()).unwrap();
    let mut docs = Vec::new();
    for (show, at) in [(1, 1), (2, 2), (2, 3), (1, 4), (1, 5), (2, 6)] {
        let mut d = doc(&format!("post-{at}"), show, "the lighthouse keeper");
        d.created_at = at;
        docs.push(d);
    }
    e.upsert(&docs).await.unwrap();
    let dates = |res: SearchResults| {
        res.hits
            .iter()
            .map(|h| h.doc.created_at)
            .collect::<Vec<_>>()
    };
    let all = e
        .search(&everywhere("lighthouse", Sort::Newest, 0, 10), &[])
        .await
        .unwrap();
    assert_eq!(all.total, 6);
    assert_eq!(dates(all), [6, 5, 4, 3, 2, 1]);
    let page = e
        .search(&everywhere("lighthouse", Sort::Newest, 1, 3), &[])
        .await
        .unwrap();
    assert_eq!(dates(page), [5, 4, 3]);
}

#[tokio::test]
async fn writers_beyond_the_limit_are_closed_and_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let e = EmbeddedEngine::open(dir.path()).unwrap();
    let shows = MAX_OPEN_WRITERS as i64 + 3;
    let docs: Vec<SearchDoc> = (1..=shows)
        .map(|s| doc(&format!("post-{s}"), s, "an albatross"))
        .collect();
    e.upsert(&docs).await.unwrap();
    // Show 1's writer was closed to make room; writing to it again opens a new one, which
    // needs the old one's lock released.
    e.upsert(&[doc("post-1", 1, "a cormorant")]).await.unwrap();
    e.delete(&[(2, "post-2".into())]).await.unwrap();
    let all = SearchQuery {
        text: "albatross".into(),
        all_shows: (1..=shows).collect(),
        limit: 50,
        ..Default::default()
    };
    assert_eq!(e.search(&all, &[]).await.unwrap().total, shows as usize - 2);
    assert_eq!(
        e.search(&q("cormorant", Some(1)), &[]).await.unwrap().total,
        1
    );
    e.close_writers().await.unwrap();
    assert_eq!(e.search(&all, &[]).await.unwrap().total, shows as usize - 2);
}

#[tokio::test]
async fn old_single_index_layout_is_left_alone_until_reindex() {
    let dir = tempfile::tempdir().unwrap();
    {
        // What the one-index layout left: an index directly in the dir.
        let schema = schema::schemas().show;
        let old = tantivy::Index::create_in_dir(dir.path(), schema).unwrap();
        drop(old);
    }
    assert!(dir.path().join("meta.json").is_file());
    let e = EmbeddedEngine::open(dir.path()).unwrap();
    assert_eq!(e.search(&q("walrus", None), &[]).await.unwrap().total, 0);
    e.upsert(&[doc("post-1", 1, "walrus")]).await.unwrap();
    // `reindex` starts with a full clear, which also removes the old files.
    e.clear(None).await.unwrap();
    assert!(!dir.path().join("meta.json").exists());
    assert!(dir.path().join("show_1/meta.json").is_file());
}

#[tokio::test]
async fn the_language_filter_keeps_documents_in_that_language() {
    let dir = tempfile::tempdir().unwrap();
    let e = EmbeddedEngine::open(dir.path()).unwrap();
    let mut fr = doc("post-2", 1, "le walrus revient");
    fr.lang = Some("fr".into());
    let mut unknown = doc("post-3", 1, "walrus");
    unknown.lang = None;
    e.upsert(&[doc("post-1", 1, "the walrus returns"), fr, unknown])
        .await
        .unwrap();
    let mut f = q("walrus", Some(1));
    assert_eq!(e.search(&f, &[]).await.unwrap().total, 3);
    f.lang = Some("fr".into());
    let res = e.search(&f, &[]).await.unwrap();
    assert_eq!(ids(&res), ["post-2"]);
    assert_eq!(res.hits[0].doc.lang.as_deref(), Some("fr"));
    f.lang = Some("de".into());
    assert_eq!(e.search(&f, &[]).await.unwrap().total, 0);
}

#[tokio::test]
async fn an_index_of_an_older_schema_is_dropped_and_flagged_for_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let show_dir = dir.path().join("show_1");
    std::fs::create_dir_all(&show_dir).unwrap();
    // An index as an older version wrote it: without the `lang` field.
    let mut b = tantivy::schema::Schema::builder();
    b.add_text_field("id", tantivy::schema::STRING);
    tantivy::Index::create_in_dir(&show_dir, b.build()).unwrap();

    let e = EmbeddedEngine::open(dir.path()).unwrap();
    assert!(e.needs_rebuild());
    assert!(e.shows.known().is_empty(), "the old index is gone");
    // The rebuild: a full clear, then the documents.
    e.clear(None).await.unwrap();
    e.upsert(&[doc("post-1", 1, "walrus")]).await.unwrap();
    assert_eq!(e.search(&q("walrus", Some(1)), &[]).await.unwrap().total, 1);
    drop(e);
    let again = EmbeddedEngine::open(dir.path()).unwrap();
    assert!(!again.needs_rebuild(), "an index of this version is kept");
    assert_eq!(
        again
            .search(&q("walrus", Some(1)), &[])
            .await
            .unwrap()
            .total,
        1
    );
}

/// Documents in the site-wide index.
fn site_docs(e: &EmbeddedEngine) -> u64 {
    e.site
        .get()
        .map_or(0, |idx| idx.reader.searcher().num_docs())
}

#[tokio::test]
async fn site_wide_search_reads_the_site_index_which_follows_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let e = EmbeddedEngine::open(dir.path()).unwrap();
    assert!(!e.needs_rebuild(), "a new engine starts complete");
    let docs: Vec<SearchDoc> = (1..=5)
        .map(|s| doc(&format!("post-{s}"), s, "a puffin on the cliff"))
        .collect();
    e.upsert(&docs).await.unwrap();
    assert!(dir.path().join("site/meta.json").is_file());
    assert_eq!(site_docs(&e), 5);
    let all = |text: &str| SearchQuery {
        text: text.into(),
        all_shows: (1..=5).collect(),
        limit: 10,
        ..Default::default()
    };
    let res = e.search(&all("puffin"), &[]).await.unwrap();
    assert_eq!(res.total, 5);
    let mut shows: Vec<i64> = res.hits.iter().map(|h| h.doc.show_id).collect();
    shows.sort_unstable();
    assert_eq!(shows, [1, 2, 3, 4, 5], "a post from any show");
    assert_eq!(e.search(&all("pufin"), &[]).await.unwrap().total, 5, "typo");

    // An edit replaces the document site-wide too; a delete removes it.
    e.upsert(&[doc("post-2", 2, "a gannet instead")])
        .await
        .unwrap();
    assert_eq!(site_docs(&e), 5);
    assert_eq!(e.search(&all("puffin"), &[]).await.unwrap().total, 4);
    assert_eq!(
        ids(&e.search(&all("gannet"), &[]).await.unwrap()),
        ["post-2"]
    );
    e.delete(&[(3, "post-3".into()), (2, "post-2".into())])
        .await
        .unwrap();
    let res = e.search(&all("puffin"), &[]).await.unwrap();
    assert_eq!(res.total, 3);
    assert!(res.hits.iter().all(|h| h.doc.id != "post-3"));
    assert_eq!(e.search(&all("gannet"), &[]).await.unwrap().total, 0);

    // A show the caller does not list is left out; one cleared is gone from the site index.
    let mut some = all("puffin");
    some.all_shows = vec![1, 5];
    let res = e.search(&some, &[]).await.unwrap();
    assert_eq!(res.total, 2);
    assert!(res.hits.iter().all(|h| [1, 5].contains(&h.doc.show_id)));
    e.clear(Some(4)).await.unwrap();
    assert_eq!(site_docs(&e), 2);
    assert_eq!(e.search(&all("puffin"), &[]).await.unwrap().total, 2);
    e.clear(None).await.unwrap();
    assert_eq!(site_docs(&e), 0);
}

#[tokio::test]
async fn site_wide_synonyms_stay_within_their_show() {
    let dir = tempfile::tempdir().unwrap();
    let e = EmbeddedEngine::open(dir.path()).unwrap();
    e.upsert(&[
        doc("post-1", 1, "Daenerys rides north"),
        doc("post-2", 2, "Daenerys is a ship in this show"),
        doc("post-3", 2, "dany the dog barks"),
        doc("post-4", 3, "Lord Snow again"),
    ])
    .await
    .unwrap();
    let syn = vec![
        (1, vec![vec!["dany".to_string(), "daenerys".to_string()]]),
        (3, vec![vec!["jon".to_string(), "lord snow".to_string()]]),
    ];
    let all = |text: &str| SearchQuery {
        text: format!("{text} "),
        all_shows: vec![1, 2, 3],
        limit: 10,
        ..Default::default()
    };
    // Show 1's nickname finds show 1's Daenerys, and the plain word in show 2, but not show
    // 2's Daenerys.
    let mut found = ids(&e.search(&all("dany"), &syn).await.unwrap());
    found.sort();
    assert_eq!(found, ["post-1", "post-3"]);
    // A phrase synonym, only in its show.
    assert_eq!(ids(&e.search(&all("jon"), &syn).await.unwrap()), ["post-4"]);
    // The same as each show's own search finds.
    for (show, expected) in [(1, 1), (2, 1), (3, 0)] {
        let mut one = all("dany");
        one.show_id = Some(show);
        let res = e.search(&one, &syn).await.unwrap();
        assert_eq!(res.total, expected, "show {show}");
    }
}

#[tokio::test]
async fn shows_indexes_without_a_site_index_fan_out_until_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let e = EmbeddedEngine::open(dir.path()).unwrap();
    e.upsert(&[doc("post-1", 1, "walrus"), doc("post-2", 2, "walrus")])
        .await
        .unwrap();
    drop(e);
    // What a version without the site-wide index left behind.
    std::fs::remove_dir_all(dir.path().join("site")).unwrap();
    let e = EmbeddedEngine::open(dir.path()).unwrap();
    assert!(e.needs_rebuild());
    assert!(e.site.get().is_none());
    let all = SearchQuery {
        text: "walrus".into(),
        all_shows: vec![1, 2],
        limit: 10,
        ..Default::default()
    };
    assert_eq!(e.search(&all, &[]).await.unwrap().total, 2, "fans out");
    // Writes before the rebuild do not create a half-filled site index.
    e.upsert(&[doc("post-3", 2, "walrus")]).await.unwrap();
    assert!(!dir.path().join("site").exists());
    assert_eq!(e.search(&all, &[]).await.unwrap().total, 3);
    drop(e);
    let e = EmbeddedEngine::open(dir.path()).unwrap();
    assert!(e.needs_rebuild(), "still incomplete after a restart");
    // The rebuild: a full clear, then every document again.
    e.clear(None).await.unwrap();
    e.upsert(&[
        doc("post-1", 1, "walrus"),
        doc("post-2", 2, "walrus"),
        doc("post-3", 2, "walrus"),
    ])
    .await
    .unwrap();
    assert_eq!(site_docs(&e), 3);
    assert_eq!(e.search(&all, &[]).await.unwrap().total, 3);
    drop(e);
    let e = EmbeddedEngine::open(dir.path()).unwrap();
    assert!(!e.needs_rebuild());
    assert_eq!(site_docs(&e), 3);
}
