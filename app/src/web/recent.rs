//! Answers computed lately: a page that many people read and few change (the board, the public
//! report list) is computed once and served from memory until it is too old or something it
//! shows changes on this server. Another server's change shows once the answer is too old.
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Recent<K, V> {
    held: Mutex<Vec<(K, Instant, Arc<V>)>>,
    /// How long an answer for this key stays good.
    keep_for: fn(&K) -> Duration,
    /// Keys held at most: a client may ask for any, and each costs memory.
    most: usize,
}

impl<K: PartialEq, V> Recent<K, V> {
    pub fn new(keep_for: fn(&K) -> Duration, most: usize) -> Self {
        Recent { held: Mutex::new(Vec::new()), keep_for, most: most.max(1) }
    }

    /// The answer for `key`, computed by `compute` when none is held or it is too old.
    pub async fn get_or<E, F>(&self, key: K, compute: F) -> Result<Arc<V>, E>
    where
        F: std::future::Future<Output = Result<V, E>>,
    {
        if let Some(held) = self.held(&key) {
            return Ok(held);
        }
        // Two requests at the turn may both compute it; both answers are right.
        let fresh = Arc::new(compute.await?);
        let mut held = self.lock();
        held.retain(|(k, _, _)| *k != key);
        if held.len() >= self.most {
            held.remove(0); // the oldest computed
        }
        held.push((key, Instant::now(), fresh.clone()));
        Ok(fresh)
    }

    /// Drops every answer held: something they show changed here.
    pub fn forget(&self) {
        self.lock().clear();
    }

    fn held(&self, key: &K) -> Option<Arc<V>> {
        let keep_for = (self.keep_for)(key);
        self.lock().iter().find(|(k, at, _)| k == key && at.elapsed() < keep_for).map(|h| h.2.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(K, Instant, Arc<V>)>> {
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<K, V> std::fmt::Debug for Recent<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recent").field("most", &self.most).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn counted(n: &std::sync::atomic::AtomicU32) -> Result<u32, ()> {
        Ok(n.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
    }

    #[tokio::test]
    async fn answers_are_kept_until_too_old_forgotten_or_crowded_out() {
        let computed = std::sync::atomic::AtomicU32::new(0);
        let recent: Recent<&str, u32> = Recent::new(|k| if *k == "now" { Duration::ZERO } else { Duration::from_secs(60) }, 2);
        assert_eq!(*recent.get_or("past", counted(&computed)).await.unwrap(), 0);
        assert_eq!(*recent.get_or("past", counted(&computed)).await.unwrap(), 0, "kept");
        assert_eq!(*recent.get_or("now", counted(&computed)).await.unwrap(), 1);
        assert_eq!(*recent.get_or("now", counted(&computed)).await.unwrap(), 2, "too old at once");
        recent.forget();
        assert_eq!(*recent.get_or("past", counted(&computed)).await.unwrap(), 3, "forgotten");
        recent.get_or("a", counted(&computed)).await.unwrap();
        recent.get_or("b", counted(&computed)).await.unwrap();
        assert_eq!(*recent.get_or("past", counted(&computed)).await.unwrap(), 6, "crowded out by two newer keys");
        assert!(recent.get_or("x", async { Err::<u32, &str>("down") }).await.is_err(), "a failure is not kept");
        assert_eq!(*recent.get_or("x", counted(&computed)).await.unwrap(), 7);
    }
}
