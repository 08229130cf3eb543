// After the first page, moving between pages fetches only the next page's server-rendered HTML
// and swaps it in: the CSS, JS and wasm already loaded stay, and islands on the new page are
// hydrated by the bundle already running. Without script every link and form works as before;
// with it, anything this cannot do safely (forms that post, downloads, another site, a page with
// different scripts) is left to the browser as a full load.
(() => {
  if (!window.fetch || !window.DOMParser || !history.pushState) return;
  if (document.documentElement.classList.contains("kiosk")) return; // terminals keep full loads
  const HEADER = "X-Linli-Navigation";
  const NOT_PAGES = /^\/(files|pkg|open311|api|icons|__bench)\/|\/(download|export)$|\.(csv|ics|pdf|json|xml|zip|png|jpe?g|webp|svg|txt)$/i;
  let current = 0;

  history.scrollRestoration = "manual";
  remember();

  // The scroll position is kept with each history entry, for back and forward.
  function remember() {
    history.replaceState({ ...(history.state || {}), linli: true, scrollY: window.scrollY }, "");
  }

  function headKey(doc) {
    return [...doc.head.querySelectorAll("script[src], link[rel=stylesheet]")]
      .map((el) => el.getAttribute("src") || el.getAttribute("href"))
      .join(" ");
  }

  function pageUrl(href) {
    const url = new URL(href, location.href);
    if (url.origin !== location.origin || NOT_PAGES.test(url.pathname)) return null;
    return url;
  }

  // While a page is on its way, <html data-navigating> says so (tests wait for it to go).
  async function go(url, options) {
    const nav = ++current;
    document.documentElement.dataset.navigating = "true";
    try {
      await load(url, nav, options);
    } finally {
      if (nav === current) delete document.documentElement.dataset.navigating;
    }
  }

  async function load(url, nav, { push, scrollY }) {
    let res;
    try {
      res = await fetch(url, { headers: { [HEADER]: "1", Accept: "text/html" }, credentials: "same-origin" });
    } catch (err) {
      location.assign(url);
      return;
    }
    const type = res.headers.get("content-type") || "";
    if (!type.startsWith("text/html") || res.status >= 500) {
      location.assign(url);
      return;
    }
    const html = await res.text();
    if (nav !== current) return; // a later click won
    const doc = new DOMParser().parseFromString(html, "text/html");
    const landed = new URL(res.url || url, location.href);
    if (headKey(doc) !== headKey(document) || doc.documentElement.classList.contains("kiosk")) {
      location.assign(landed);
      return;
    }
    if (push) {
      remember();
      history.pushState({ linli: true, scrollY: 0 }, "", landed.pathname + landed.search + landed.hash);
    }
    swap(doc);
    window.scrollTo(0, scrollY || 0);
    if (landed.hash) document.getElementById(decodeURIComponent(landed.hash.slice(1)))?.scrollIntoView();
  }

  function swap(doc) {
    const root = document.documentElement;
    root.lang = doc.documentElement.lang;
    root.className = doc.documentElement.className;
    document.title = doc.title;
    const status = liveRegion();
    for (const node of [...document.body.childNodes]) if (node !== status) node.remove();
    for (const node of [...doc.body.childNodes]) document.body.insertBefore(document.adoptNode(node), status);
    for (const island of document.body.querySelectorAll("leptos-island")) {
      if (island.parentElement.closest("leptos-island")) continue; // hydrated with its parent
      if (window.__hydrateIsland) window.__hydrateIsland(island, island.dataset.component);
    }
    const heading = document.querySelector("main h1") || document.querySelector("h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
    // Said once the new page is in place, so a screen reader names where the reader now is.
    status.textContent = "";
    setTimeout(() => { status.textContent = doc.title; }, 50);
  }

  function liveRegion() {
    let status = document.getElementById("nav-status");
    if (!status) {
      status = document.createElement("div");
      status.id = "nav-status";
      status.className = "visually-hidden";
      status.setAttribute("aria-live", "polite");
      status.setAttribute("aria-atomic", "true");
      document.body.appendChild(status);
    }
    return status;
  }

  document.addEventListener("click", (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = ev.target.closest && ev.target.closest("a[href]");
    if (!a || a.target || a.hasAttribute("download") || /\bexternal\b/.test(a.rel)) return;
    const url = pageUrl(a.href);
    if (!url) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return; // in-page link
    ev.preventDefault();
    go(url, { push: true, scrollY: 0 });
  });

  // Searches and filters (GET forms) move like links; forms that post stay full loads, so their
  // refusals, redirects and uploads behave exactly as without script.
  document.addEventListener("submit", (ev) => {
    const form = ev.target;
    if (ev.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    // Read as attributes: a field named "method" or "action" shadows the form's properties.
    const attr = (name) => (ev.submitter && ev.submitter.getAttribute("form" + name)) || form.getAttribute(name);
    if ((attr("method") || "get").toLowerCase() !== "get" || attr("target")) return;
    const url = pageUrl(attr("action") || location.href);
    if (!url) return;
    const data = new FormData(form, ev.submitter);
    url.search = new URLSearchParams([...data].filter(([, v]) => typeof v === "string")).toString();
    ev.preventDefault();
    go(url, { push: true, scrollY: 0 });
  });

  window.addEventListener("popstate", (ev) => {
    if (!ev.state || !ev.state.linli) return;
    go(new URL(location.href), { push: false, scrollY: ev.state.scrollY });
  });

  window.addEventListener("scroll", () => {
    clearTimeout(remember.timer);
    remember.timer = setTimeout(remember, 150);
  }, { passive: true });
})();
