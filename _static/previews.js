// Previews of what a link leads to: a glossary term's definition, a source's reference,
// a post's title, date and opening words, a topic's introduction. They show on hover and
// on keyboard focus, below or above the link (never over it), and close with Escape.
// Their text comes from small files the build writes into _previews/ (see the book's
// extension, blogbook.sphinxext.previews), fetched once each.
"use strict";
(() => {
  const root = new URL(document.documentElement.dataset.content_root || "./", window.location.href);
  const files = new Map();
  let shown = null; // { link, tip }

  function load(name) {
    if (!files.has(name)) {
      const url = new URL(`_previews/${name}`, root);
      files.set(name, fetch(url).then((r) => (r.ok ? r.json() : {})).catch(() => ({})));
    }
    return files.get(name);
  }

  // What a link leads to: [file, key], or null if it is not previewed.
  function target(link) {
    const url = new URL(link.href, window.location.href);
    if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) {
      return null;
    }
    const page = url.pathname.slice(root.pathname.length).replace(/\.html$/, "");
    if (page === "glossary" && url.hash.startsWith("#term-")) {
      return ["terms.json", decodeURIComponent(url.hash.slice(1))];
    }
    let match = page.match(/^sources\/([^/]+)$/);
    if (match) {
      return ["sources.json", match[1]];
    }
    match = page.match(/^posts\/(\d{4})\/(\d{2})\/\d{2}-/);
    if (match) {
      return [`posts-${match[1]}-${match[2]}.json`, page];
    }
    if (/^topics\/[^/]+$/.test(page) && page !== "topics/index") {
      return ["topics.json", page];
    }
    return null;
  }

  function hide() {
    if (shown) {
      shown.link.removeAttribute("aria-describedby");
      shown.tip.remove();
      shown = null;
    }
  }

  function build(preview) {
    const tip = document.createElement("div");
    tip.id = "link-preview";
    tip.className = "link-preview";
    tip.setAttribute("role", "tooltip");
    const title = document.createElement("p");
    title.className = "link-preview-title";
    title.textContent = preview.date ? `${preview.title} (${preview.date})` : preview.title;
    tip.append(title);
    if (preview.text) {
      const text = document.createElement("p");
      text.className = "link-preview-text";
      text.textContent = preview.text;
      tip.append(text);
    }
    return tip;
  }

  async function show(link) {
    const found = target(link);
    if (!found || (shown && shown.link === link)) {
      return;
    }
    const preview = (await load(found[0]))[found[1]];
    if (!preview || !(link.matches(":hover") || link === document.activeElement)) {
      return;
    }
    hide();
    const tip = build(preview);
    document.body.append(tip);
    link.setAttribute("aria-describedby", tip.id);
    shown = { link, tip };
    const { computePosition, offset, flip, shift } = window.FloatingUIDOM;
    const { x, y } = await computePosition(link, tip, {
      placement: "bottom-start",
      middleware: [offset(6), flip(), shift({ padding: 8 })],
    });
    Object.assign(tip.style, { left: `${x}px`, top: `${y}px` });
  }

  function links() {
    return document.querySelectorAll("article.bd-article a.reference.internal[href]");
  }

  window.addEventListener("DOMContentLoaded", () => {
    if (!window.FloatingUIDOM) {
      return;
    }
    for (const link of links()) {
      if (!target(link)) {
        continue;
      }
      link.addEventListener("mouseenter", () => show(link));
      link.addEventListener("focus", () => show(link));
      link.addEventListener("mouseleave", () => link !== document.activeElement && hide());
      link.addEventListener("blur", hide);
    }
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        hide();
      }
    });
  });
})();
