// The book's search page: Pagefind's default UI, opened with ?q=WORDS if the address
// gives words (Pagefind's UI does not read the address by itself). The page loads this
// right after the search's element, so the search starts before the theme's scripts.
"use strict";
(() => {
  const element = document.getElementById("book-search");
  if (!element || typeof PagefindUI === "undefined") {
    return;
  }
  // A path relative to this page would be read as a module name: make it absolute.
  const bundlePath = new URL(element.dataset.bundle, window.location.href).pathname;
  const search = new PagefindUI({
    element: "#book-search",
    bundlePath,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true,
    // Pagefind waits 300 ms after each keystroke; a shorter pause still spares a search
    // per letter, and the words of ?q= are searched sooner.
    debounceTimeoutMs: 100,
    translations: { placeholder: "Search the book" },
  });
  // A visible label for the search box (Pagefind's has only a placeholder).
  const input = element.querySelector("input");
  if (input) {
    input.id = "book-search-input";
    const label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "book-search-label";
    label.textContent = "Search the book for words, or for a phrase in quotes";
    element.prepend(label);
  }
  const words = new URLSearchParams(window.location.search).get("q");
  if (words) {
    // Pagefind 1.5.2 can answer a search that runs while its filters are still loading
    // with only some of them (under load, the panel showed only "Topic", every count 0):
    // the filters are loaded first, then the words searched.
    import(`${bundlePath}pagefind.js`)
      .then((pagefind) => pagefind.filters())
      .catch(() => {}) // the UI reports a bundle that does not load
      .finally(() => search.triggerSearch(words));
  }
})();
