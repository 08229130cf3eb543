// Lets residents add Linli to the home screen and read what they saw with no network (see sw.js).
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => navigator.serviceWorker.register("/sw.js").catch(() => {}));
}
