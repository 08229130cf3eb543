// Staff, officers, providers and administrators work on other people's data: nothing of theirs is
// kept for offline reading, and whatever an earlier visit on this browser kept is dropped.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.getRegistrations().then((all) => all.forEach((r) => r.unregister())).catch(() => {});
}
if ("caches" in window) {
  caches.keys().then((names) => names.forEach((n) => caches.delete(n))).catch(() => {});
}
