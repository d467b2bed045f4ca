//! `cliffhanger migrate-data`: copies every table of one database into another (SQLite to
//! PostgreSQL, or back), ids kept, in committed batches that an interrupted run resumes
//! from, then moves the id sequences and verifies every table by count and checksum.
use std::collections::BTreeMap;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};

use super::order::parents_first;
use super::verify::{checksum, Sum};
use crate::db::transfer::{self, Progress, Table, TableProgress};
use crate::db::Db;

#[derive(Debug, Clone)]
pub struct Options {
    /// Rows per committed batch.
    pub batch_size: usize,
    /// Empty the target's tables first when they hold data.
    pub force: bool,
    /// Stop (with an error) after this many batches: lets tests interrupt a run.
    pub stop_after_batches: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct TableReport {
    pub name: String,
    pub sum: Sum,
}

#[derive(Debug, Clone)]
pub struct Report {
    /// In copy order, each verified equal on both sides.
    pub tables: Vec<TableReport>,
    pub resumed: bool,
    pub wiped: bool,
}

/// Checks both databases hold the same tables with the same columns.
fn same_schema(
    source: &BTreeMap<String, Table>,
    target: &BTreeMap<String, Table>,
) -> anyhow::Result<()> {
    let names = |m: &BTreeMap<String, Table>| m.keys().cloned().collect::<Vec<_>>();
    if names(source) != names(target) {
        bail!(
            "the two databases hold different tables (source: {}; target: {}); \
             both must be at this version's schema",
            names(source).join(", "),
            names(target).join(", ")
        );
    }
    for (name, s) in source {
        let t = &target[name];
        let cols = |t: &Table| {
            let mut v: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
            v.sort();
            v
        };
        if cols(s) != cols(t) {
            bail!(
                "table {name} has columns {} in the source but {} in the target",
                cols(s).join(", "),
                cols(t).join(", ")
            );
        }
        if t.key.is_empty() {
            bail!("table {name} has no primary key; migrate-data copies by primary key");
        }
    }
    Ok(())
}

/// Copies `source` into `target` (both connected, hence migrated) and verifies the copy.
/// `source_label` identifies the source in the target's progress record, so a resumed run
/// cannot silently continue from another database.
pub async fn run(
    source: &Db,
    target: &Db,
    source_label: &str,
    opts: &Options,
) -> anyhow::Result<Report> {
    let src_tables = transfer::tables(source).await?;
    let tables = transfer::tables(target).await?;
    same_schema(&src_tables, &tables)?;
    let order = parents_first(
        &tables
            .iter()
            .map(|(n, t)| (n.clone(), t.parents.clone()))
            .collect(),
    )
    .map_err(anyhow::Error::msg)?;
    let batch = opts.batch_size.max(1);

    let mut progress = Progress::load(target)
        .await
        .context("reading the target's progress record")?;
    let mut wiped = false;
    if opts.force {
        let mut full = Vec::new();
        for name in &order {
            if !transfer::is_empty(target, name).await? {
                full.push(name.clone());
            }
        }
        if !full.is_empty() || progress.is_some() {
            println!(
                "--force: deleting every row of the target's {} tables first ({} held data)",
                order.len(),
                full.len()
            );
            transfer::wipe(target, &order).await?;
            Progress::finish(target).await?;
            progress = None;
            wiped = true;
        }
    }
    let resumed = progress.is_some();
    let done_before: BTreeMap<String, TableProgress> = match progress {
        Some(p) if p.source != source_label => bail!(
            "the target holds an unfinished copy from {}; resume it with that --from, \
             or start over with --force (deletes what the target holds)",
            p.source
        ),
        Some(p) => {
            println!("resuming the unfinished copy recorded in the target");
            p.tables
        }
        None => {
            for name in &order {
                if !transfer::is_empty(target, name).await? {
                    bail!(
                        "the target is not empty (table {name} holds rows); migrate-data \
                         copies into an empty database. Use --force to delete every row of \
                         the target's tables first"
                    );
                }
            }
            Progress::begin(target, source_label).await?;
            BTreeMap::new()
        }
    };

    let mut total = 0u64;
    for name in &order {
        total += transfer::row_count(source, name)
            .await
            .with_context(|| format!("counting the source's {name}"))?
            .max(0) as u64;
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{msg:>20} [{bar:40}] {pos}/{len} rows ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let mut batches = 0u64;
    for name in &order {
        let table = &tables[name];
        let mut p = done_before.get(name).cloned().unwrap_or_default();
        bar.set_message(name.clone());
        bar.inc(p.rows.max(0) as u64);
        let columns: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        let key_at: Vec<usize> = table
            .key
            .iter()
            .filter_map(|k| columns.iter().position(|c| c == k))
            .collect();
        while !p.done {
            let rows = transfer::read_batch(
                source,
                name,
                &columns,
                &table.key,
                p.last_key.as_deref(),
                batch,
            )
            .await
            .with_context(|| format!("reading {name} from the source"))?;
            let n = rows.len();
            if let Some(last) = rows.last() {
                p.last_key = Some(key_at.iter().map(|&i| last[i].clone()).collect());
            }
            p.rows += n as i64;
            p.done = n < batch;
            let mut tx = target.begin().await?;
            transfer::insert_batch(&mut tx, name, &table.columns, rows)
                .await
                .with_context(|| format!("writing {name} into the target"))?;
            Progress::record(&mut tx, name, &p)
                .await
                .context("recording progress in the target")?;
            tx.commit().await?;
            bar.inc(n as u64);
            batches += 1;
            if opts.stop_after_batches.is_some_and(|n| batches >= n) {
                bar.abandon();
                bail!(
                    "stopped after {batches} batches (--stop-after-batches); \
                     run the same command again to resume"
                );
            }
        }
        bar.suspend(|| println!("copied {name}: {} rows", p.rows));
    }
    bar.finish_and_clear();

    for name in &order {
        let at_least = transfer::high_water_mark(source, &src_tables[name])
            .await
            .with_context(|| format!("reading the source's last id of {name}"))?;
        transfer::move_sequence(target, &tables[name], at_least)
            .await
            .with_context(|| format!("moving the target's id sequence of {name}"))?;
    }

    println!(
        "verifying row counts and checksums of {} tables …",
        order.len()
    );
    let mut report = Vec::new();
    let mut wrong = Vec::new();
    for name in &order {
        let table = &tables[name];
        let columns: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        let s = checksum(source, name, &columns, &src_tables[name].key, batch)
            .await
            .with_context(|| format!("checksum of the source's {name}"))?;
        let t = checksum(target, name, &columns, &table.key, batch)
            .await
            .with_context(|| format!("checksum of the target's {name}"))?;
        if s == t {
            report.push(TableReport {
                name: name.clone(),
                sum: t,
            });
        } else {
            wrong.push(format!("{name}: source {s}, target {t}"));
        }
    }
    if !wrong.is_empty() {
        bail!(
            "verification failed (was the source written to during the copy?):\n  {}\n\
             Run again with --force to copy afresh.",
            wrong.join("\n  ")
        );
    }
    Progress::finish(target).await?;
    Ok(Report {
        tables: report,
        resumed,
        wiped,
    })
}
