//! Symbol search over the whole Mulberry index.
//!
//! Criterion times typical queries; then every symbol's word, its first
//! three letters and each tag are searched one by one (the whole index as
//! queries) and the per-query p50 / p99 latencies are printed.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use app::domain::symbols::SymbolIndex;
use app::symbols::RESULTS_SHOWN;
use criterion::{criterion_group, Criterion};

fn index() -> SymbolIndex {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/symbols");
    ourvoice::symbols::load_index(&dir).expect("symbols load")
}

fn typical_queries(c: &mut Criterion) {
    let index = index();
    let mut group = c.benchmark_group("symbol_search");
    for query in ["dog", "d", "park", "animal", "hospital appointment", "zzzz"] {
        group.bench_function(query, |b| {
            b.iter(|| black_box(index.search(black_box(query), RESULTS_SHOWN)))
        });
    }
    group.finish();
}

fn percentiles_over_the_whole_index() {
    let index = index();
    let mut queries: Vec<String> = Vec::new();
    for query in ["dog", "park", "animal"] {
        queries.push(query.to_string());
    }
    let all = ourvoice::symbols::load_mulberry(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/symbols"),
    )
    .expect("symbols load");
    for symbol in &all {
        queries.push(symbol.word.clone());
        queries.push(symbol.word.chars().take(3).collect());
        queries.extend(symbol.tags.iter().cloned());
    }
    let mut nanos: Vec<u128> = queries
        .iter()
        .map(|q| {
            let start = Instant::now();
            black_box(index.search(black_box(q), RESULTS_SHOWN));
            start.elapsed().as_nanos()
        })
        .collect();
    nanos.sort_unstable();
    let at = |p: f64| nanos[((nanos.len() - 1) as f64 * p).round() as usize] as f64 / 1000.0;
    println!(
        "symbol_search over {} symbols, {} queries: p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        index.len(),
        nanos.len(),
        at(0.50),
        at(0.99),
        at(1.0)
    );
}

criterion_group!(benches, typical_queries);

fn main() {
    benches();
    percentiles_over_the_whole_index();
    Criterion::default().configure_from_args().final_summary();
}
