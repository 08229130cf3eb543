//! Answers computed lately: a page that many people read and few change (the board, the public
//! report list) is computed once and served from memory until it is too old or something it
//! shows changes on this server. Another server's change shows once the answer is too old.
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Recent<K, V> {
    held: Mutex<HashMap<K, (Instant, Arc<V>)>>,
    /// Keys being computed now, each with the turn its other askers wait for: when a held answer
    /// is dropped under load, one request computes it and the rest are answered from that.
    computing: Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
    /// Counts `forget`s, so an answer computed from data older than the last change is not kept.
    changes: AtomicU64,
    /// How long an answer for this key stays good.
    keep_for: fn(&K) -> Duration,
    /// Keys held at most: a client may ask for any, and each costs memory.
    most: usize,
}

impl<K: Hash + Eq + Clone, V> Recent<K, V> {
    pub fn new(keep_for: fn(&K) -> Duration, most: usize) -> Self {
        Recent { held: Mutex::default(), computing: Mutex::default(), changes: AtomicU64::new(0), keep_for, most: most.max(1) }
    }

    /// The answer for `key`, computed by `compute` when none is held or it is too old.
    pub async fn get_or<E, F>(&self, key: K, compute: F) -> Result<Arc<V>, E>
    where
        F: std::future::Future<Output = Result<V, E>>,
    {
        self.get_or_keeping(key, compute, |_| true).await
    }

    /// As `get_or`, but an answer is held only when `worth_keeping` says so (a session found,
    /// not one missing: that may be signed in a moment later).
    pub async fn get_or_keeping<E, F>(&self, key: K, compute: F, worth_keeping: impl Fn(&V) -> bool) -> Result<Arc<V>, E>
    where
        F: std::future::Future<Output = Result<V, E>>,
    {
        if let Some(held) = self.held(&key) {
            return Ok(held);
        }
        if (self.keep_for)(&key).is_zero() {
            return compute.await.map(Arc::new); // never kept, so never worth waiting for
        }
        let turn = self.turn_for(&key);
        let _mine = turn.lock().await;
        if let Some(held) = self.held(&key) {
            return Ok(held); // another asker computed it while this one waited
        }
        let before = self.changes.load(Ordering::SeqCst);
        let fresh = compute.await.map(Arc::new);
        let mut computing = self.lock(&self.computing);
        if computing.get(&key).is_some_and(|t| Arc::ptr_eq(t, &turn)) {
            computing.remove(&key);
        }
        drop(computing);
        let fresh = fresh?;
        // A change while it was computed may not show in it: answer with it, keep it not.
        if self.changes.load(Ordering::SeqCst) == before && worth_keeping(&fresh) {
            self.keep(key, fresh.clone());
        }
        Ok(fresh)
    }

    /// Drops every answer held: something they show changed here.
    pub fn forget(&self) {
        self.changes.fetch_add(1, Ordering::SeqCst);
        self.lock(&self.held).clear();
    }

    /// Drops the answers whose key `changed` says a change touched; the rest stay. An answer of
    /// such a key being computed right now may still be kept, until it is too old.
    pub fn forget_where(&self, changed: impl Fn(&K) -> bool) {
        self.lock(&self.held).retain(|k, _| !changed(k));
    }

    /// Keeps `value` as the answer for `key` from now: computed ahead of anyone asking.
    pub fn put(&self, key: K, value: V) {
        self.keep(key, Arc::new(value));
    }

    /// Holds `value` for `key` from now, in place of any older answer. When full, the answers
    /// too old go first, then the oldest.
    fn keep(&self, key: K, value: Arc<V>) {
        let mut held = self.lock(&self.held);
        if held.len() >= self.most && !held.contains_key(&key) {
            let keep_for = self.keep_for;
            held.retain(|k, (at, _)| at.elapsed() < keep_for(k));
            if held.len() >= self.most {
                let oldest = held.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    held.remove(&oldest);
                }
            }
        }
        held.insert(key, (Instant::now(), value));
    }

    fn held(&self, key: &K) -> Option<Arc<V>> {
        let keep_for = (self.keep_for)(key);
        self.lock(&self.held).get(key).filter(|(at, _)| at.elapsed() < keep_for).map(|(_, v)| v.clone())
    }

    fn turn_for(&self, key: &K) -> Arc<tokio::sync::Mutex<()>> {
        self.lock(&self.computing).entry(key.clone()).or_insert_with(|| Arc::new(tokio::sync::Mutex::new(()))).clone()
    }

    fn lock<'a, T>(&self, m: &'a Mutex<T>) -> std::sync::MutexGuard<'a, T> {
        m.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl<K: Hash + Eq + Clone, V: Clone> Recent<K, Option<V>> {
    /// The answer for `key` when there is one: one found is held, one missing is asked for again
    /// next time (it may exist a moment later).
    pub async fn found_or<E, F>(&self, key: K, compute: F) -> Result<Option<V>, E>
    where
        F: std::future::Future<Output = Result<Option<V>, E>>,
    {
        Ok(Option::clone(&*self.get_or_keeping(key, compute, Option::is_some).await?))
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

    #[tokio::test]
    async fn askers_at_once_share_one_computation() {
        let computed = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let recent: Arc<Recent<&str, u32>> = Arc::new(Recent::new(|_| Duration::from_secs(60), 4));
        let askers: Vec<_> = (0..8)
            .map(|_| {
                let (recent, computed) = (recent.clone(), computed.clone());
                tokio::spawn(async move {
                    let slow = async {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        counted(&computed).await
                    };
                    *recent.get_or("page", slow).await.unwrap()
                })
            })
            .collect();
        for asker in askers {
            assert_eq!(asker.await.unwrap(), 0, "every asker got the one answer");
        }
        assert_eq!(computed.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_change_drops_only_the_answers_it_touches_and_answers_can_be_put_ahead() {
        let computed = std::sync::atomic::AtomicU32::new(0);
        let recent: Recent<&str, u32> = Recent::new(|_| Duration::from_secs(60), 4);
        recent.get_or("this month", counted(&computed)).await.unwrap();
        recent.get_or("last month", counted(&computed)).await.unwrap();
        recent.forget_where(|k| *k == "this month");
        assert_eq!(*recent.get_or("last month", counted(&computed)).await.unwrap(), 1, "untouched");
        assert_eq!(*recent.get_or("this month", counted(&computed)).await.unwrap(), 2, "drawn again");
        recent.put("next month", 40);
        assert_eq!(*recent.get_or("next month", counted(&computed)).await.unwrap(), 40, "put ahead: nothing computed");
    }

    #[tokio::test]
    async fn an_answer_computed_across_a_change_is_not_kept() {
        let computed = std::sync::atomic::AtomicU32::new(0);
        let recent: Recent<&str, u32> = Recent::new(|_| Duration::from_secs(60), 4);
        let across = async {
            recent.forget(); // a post lands while the page is drawn
            counted(&computed).await
        };
        assert_eq!(*recent.get_or("page", across).await.unwrap(), 0, "still answers the asker");
        assert_eq!(*recent.get_or("page", counted(&computed)).await.unwrap(), 1, "drawn again");
        assert_eq!(*recent.get_or("page", counted(&computed)).await.unwrap(), 1, "then kept");
    }
}
