// Linli's service worker: the installed app, and what a resident saw, readable with no network.
//
// - The bundle (named by its content under /pkg/) and the icons: from the cache first.
// - Pages: from the network; a copy is kept only of pages the server marked `x-linli-offline`
//   (guides, notices, the home page, a resident's own receipts; never staff, officer, provider or
//   admin pages). With no network the kept copy is shown under a banner that says it is offline
//   and from when; a page never kept says it needs a connection.
// - The mark names whose pages they are (`public`, or a digest of a resident's session): when a
//   page arrives for someone else, everything kept for the one before is dropped first. Signing
//   out drops it all (here, and by the server's Clear-Site-Data).
// - A form sent with no network is answered "needs a connection; nothing was sent", never a
//   silent failure.
const STATIC = "linli-static-v1";
const PAGES = "linli-pages-v1";
const META = "linli-meta-v1";
const WHOSE = "/__linli/whose";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (![STATIC, PAGES, META].includes(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.method === "POST" && req.mode === "navigate") {
    event.respondWith(sendForm(req, url));
  } else if (req.method === "GET" && isStatic(url.pathname)) {
    event.respondWith(fromCacheFirst(req, url));
  } else if (req.method === "GET" && (req.mode === "navigate" || req.headers.has("x-linli-navigation"))) {
    // A page fetched by nav.js is a navigation too: kept for offline reading the same way.
    event.respondWith(page(req));
  }
});

function isStatic(path) {
  return path.startsWith("/pkg/linli.") || path.startsWith("/icons/") || path === "/favicon.svg";
}

async function sendForm(req, url) {
  if (url.pathname === "/logout") await dropPages();
  try {
    return await fetch(req);
  } catch (err) {
    return notice(503, texts(null).form);
  }
}

async function fromCacheFirst(req, url) {
  const cache = await caches.open(STATIC);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok && url.pathname.startsWith("/pkg/linli.")) {
    // One bundle at a time: a new build's names replace the old ones.
    const build = url.pathname.split(".")[1];
    for (const old of await cache.keys()) {
      const path = new URL(old.url).pathname;
      if (path.startsWith("/pkg/linli.") && path.split(".")[1] !== build) await cache.delete(old);
    }
  }
  if (res.ok) await cache.put(req, res.clone());
  return res;
}

async function page(req) {
  try {
    const res = await fetch(req);
    const mark = res.headers.get("x-linli-offline");
    if (mark && res.ok && !res.redirected) await keep(req, res.clone(), mark);
    return res;
  } catch (err) {
    const kept = await (await caches.open(PAGES)).match(req);
    return kept ? withBanner(kept) : notice(200, texts(null).page);
  }
}

async function keep(req, res, mark) {
  const before = await (await caches.open(META)).match(WHOSE);
  if (!before || (await before.text()) !== mark) {
    await dropPages();
    // Opened anew: a cache object outlives its deletion, and what is put in it is lost.
    await (await caches.open(META)).put(WHOSE, new Response(mark));
  }
  const headers = new Headers({ "content-type": res.headers.get("content-type") || "text/html; charset=utf-8" });
  headers.set("x-linli-kept-at", String(Date.now()));
  const body = await res.text();
  await (await caches.open(PAGES)).put(req, new Response(body, { status: 200, headers }));
}

async function dropPages() {
  await caches.delete(PAGES);
  await caches.delete(META);
}

async function withBanner(kept) {
  const html = await kept.text();
  const lang = /<html[^>]*\blang="en"/.test(html) ? "en" : "zh";
  const at = new Intl.DateTimeFormat("zh-CN", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Shanghai" })
    .format(new Date(Number(kept.headers.get("x-linli-kept-at")) || Date.now()));
  const banner = `<p class="banner banner-offline" role="status" id="offline-banner">${texts(lang).kept.replace("{time}", at)}</p>`;
  const shown = html.replace(/<body[^>]*>/, (open) => open + banner);
  return new Response(shown, { status: 200, headers: { "content-type": "text/html; charset=utf-8" } });
}

function texts(lang) {
  const zh = {
    kept: "离线，显示的是 {time} 的内容。联网后才能提交表单或查看最新进度。",
    page: "离线：这个页面还没有保存在本机。请联网后再打开；您看过的通知、办事指南和回执在离线时仍可查看。",
    form: "离线：此操作需要网络连接，没有提交任何内容。请联网后再试。",
  };
  const en = {
    kept: "Offline: showing what was loaded at {time}. Forms and the latest progress need a connection.",
    page: "Offline: this page was not saved on this device. Open it again once connected; notices, guides and receipts you have seen stay readable offline.",
    form: "Offline: this needs a connection, and nothing was sent. Please try again once connected.",
  };
  if (lang === "en") return en;
  if (lang === "zh") return zh;
  return { kept: zh.kept, page: `${zh.page}<br><span lang="en">${en.page}</span>`, form: `${zh.form}<br><span lang="en">${en.form}</span>` };
}

function notice(status, text) {
  const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>离线 · Offline</title><style>body{font:18px/1.6 system-ui,sans-serif;margin:2rem;color:#1a1a1a}a{color:#0b57a4}</style></head>
<body><main><h1>邻里 · Linli</h1><p role="alert">${text}</p><p><a href="/">首页 · Home</a></p></main></body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8" } });
}
