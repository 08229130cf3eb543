//! Every periodic sweep, in one place: deadline reminders and 督办 alerts (applications,
//! feedback, rectifications), automatic completion of served orders, and removal of uploaded
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
    let (released, addressed) = crate::notices::delivery::run_once(store, clock.now()).await?;
    if released + addressed > 0 {
        tracing::info!(released, addressed, "notices released and delivered");
    }
    Ok(s)
}

/// Runs forever: the deadline rules every ten minutes, the file sweep once an hour.
pub async fn run(store: SharedStore, clock: crate::time::SharedClock, files_dir: std::path::PathBuf) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    let mut n: u64 = 0;
    loop {
        tick.tick().await;
        match run_deadlines(&*store, &*clock).await {
            Ok(s) if s != Sweep::default() => {
                tracing::info!(reminded = s.reminded, alerted = s.alerted, completed = s.completed, "deadline sweep")
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "deadline sweep failed"),
        }
        if n % 6 == 0 {
            match crate::privacy::retention::run_once(&*store, clock.now()).await {
                Ok(report) => tracing::info!(removed = ?report.removed, "retention run"),
                Err(e) => tracing::error!(error = %e, "retention run failed"),
            }
            let grace = std::time::Duration::from_secs(3600);
            if let Err(e) = crate::uploads::sweep(&*store, &files_dir, grace).await {
                tracing::error!(error = %e, "file sweep failed");
            }
        }
        n += 1;
    }
}

