//! Every periodic sweep, in one place: deadline reminders and 督办 alerts (applications,
//! feedback, rectifications), counter appointments' reminders and no-shows, automatic completion of served orders, and removal of uploaded
//! files that never got a row. Each reads "now" from the deployment's clock, so a test can run a
//! sweep at the exact edge of its rule.
use crate::storage::{SharedStore, Store, StoreResult};
use crate::time::Clock;

pub use crate::notifications::Sweep;

/// One pass of every deadline rule, as of the clock's now.
pub async fn run_deadlines(store: &dyn Store, clock: &dyn Clock) -> StoreResult<Sweep> {
    let mut s = crate::notifications::reminders::run_once(store, clock).await?;
    let f = crate::feedback::deadlines::run_once(store, clock).await?;
    s.reminded += f.reminded;
    s.alerted += f.alerted;
    s.alerted += crate::ratings::deadlines::run_once(store, clock).await?;
    s.completed = crate::market::jobs::run_once(store, clock.now()).await?;
    let (reminded, no_shows) = crate::counter::jobs::run_once(store, clock.now()).await?;
    s.reminded += reminded;
    if no_shows > 0 {
        tracing::info!(no_shows, "appointments nobody came to");
    }
    let (released, addressed) = crate::notices::delivery::run_once(store, clock.now()).await?;
    if released + addressed > 0 {
        tracing::info!(released, addressed, "notices released and delivered");
    }
    Ok(s)
}

/// One periodic job: how often it runs across the whole deployment.
struct Job {
    name: &'static str,
    every: i64,
}

const DEADLINES: Job = Job { name: "deadlines", every: 600 };
/// Retention and the sweep of files without a row.
const HOUSEKEEPING: Job = Job { name: "housekeeping", every: 3600 };

/// This server's name on the leases it holds: host, process and a random tail (a restarted
/// process is a new holder).
pub fn holder_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    format!("{}:{}:{:08x}", host.trim(), std::process::id(), rand::random::<u32>())
}

/// Runs forever on every server. Each job runs where its lease is taken, so once per interval
/// across every server sharing the database; when its holder stops, another server takes it
/// within a minute of the lease running out.
pub async fn run(store: SharedStore, clock: crate::time::SharedClock, files: crate::uploads::FileStore) {
    let holder = holder_name();
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    let mut next_due = [0i64; 2];
    loop {
        tick.tick().await;
        for (i, job) in [DEADLINES, HOUSEKEEPING].iter().enumerate() {
            let now = clock.now();
            if now < next_due[i] {
                continue;
            }
            match store.take_lease(job.name, &holder, now, now + job.every).await {
                Ok(true) => next_due[i] = now + job.every,
                Ok(false) => {
                    next_due[i] = now + 60;
                    continue;
                }
                Err(e) => {
                    tracing::error!(error = %e, job = job.name, "could not take the job's lease");
                    continue;
                }
            }
            let started = std::time::Instant::now();
            let ok = match job.name {
                "deadlines" => deadlines(&*store, &*clock).await,
                _ => housekeeping(&*store, &*clock, &files).await,
            };
            metrics::counter!("linli_job_runs_total", "job" => job.name, "outcome" => if ok { "ok" } else { "failed" }).increment(1);
            metrics::histogram!("linli_job_duration_seconds", "job" => job.name).record(started.elapsed().as_secs_f64());
            metrics::gauge!("linli_job_last_run_timestamp_seconds", "job" => job.name).set(now as f64);
        }
    }
}

async fn deadlines(store: &dyn Store, clock: &dyn Clock) -> bool {
    match run_deadlines(store, clock).await {
        Ok(s) => {
            if s != Sweep::default() {
                tracing::info!(reminded = s.reminded, alerted = s.alerted, completed = s.completed, "deadline sweep");
            }
            true
        }
        Err(e) => {
            tracing::error!(error = %e, "deadline sweep failed");
            false
        }
    }
}

async fn housekeeping(store: &dyn Store, clock: &dyn Clock, files: &crate::uploads::FileStore) -> bool {
    let retention = match crate::privacy::retention::run_once(store, clock.now()).await {
        Ok(report) => {
            tracing::info!(removed = ?report.removed, "retention run");
            true
        }
        Err(e) => {
            tracing::error!(error = %e, "retention run failed");
            false
        }
    };
    let grace = std::time::Duration::from_secs(3600);
    let swept = match crate::uploads::sweep(store, files, grace).await {
        Ok(_) => true,
        Err(e) => {
            tracing::error!(error = %e, "file sweep failed");
            false
        }
    };
    // Shared rate buckets that are full again (on PostgreSQL; none on SQLite).
    let buckets = store.forget_full_buckets(clock.now() * 1000).await.is_ok();
    retention && swept && buckets
}
