/* The header's search box, driven by Pagefind (the bundle `mkdocs build` writes to
 * pagefind/). Loaded on every page by partials/search.html; does nothing until the
 * visitor searches: pagefind.js and its index chunks are fetched on the first query.
 *
 * Keys as in Material: "/", "s" or "f" open the box, Escape closes it, the arrow keys
 * move between results, Enter on the field opens the first result. */
(function () {
  "use strict";

  var PAGE_SIZE = 5; // results whose fragments are fetched at once
  var DEBOUNCE_MS = 200;

  var toggle = document.getElementById("__search");
  var root = document.querySelector("[data-md-component=briefings-search]");
  if (!toggle || !root) return;
  var form = root.querySelector("form");
  var input = root.querySelector("input.md-search__input");
  var output = root.querySelector("[data-pagefind-bundle]");
  var meta = output.querySelector(".md-search-result__meta");
  var list = output.querySelector(".md-search-result__list");
  var placeholder = meta.textContent;

  var loading = null; // promise of the pagefind module
  var latest = 0; // number of the latest query: older answers are dropped

  function pagefind() {
    if (!loading) {
      var bundle = new URL(output.dataset.pagefindBundle, location.href).href;
      var siteRoot = new URL(output.dataset.siteRoot, location.href).pathname;
      loading = import(bundle).then(function (module) {
        return module.options({ baseUrl: siteRoot, excerptLength: 24 }).then(function () {
          return module;
        });
      });
      loading.catch(function () {
        loading = null; // try again on the next query
      });
    }
    return loading;
  }

  function setOpen(open) {
    if (toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change")); // Material locks scrolling on phones
  }

  function count(n) {
    if (n === 0) return output.dataset.none;
    if (n === 1) return output.dataset.one;
    return output.dataset.other.replace("#", String(n));
  }

  /* Pagefind's excerpt is the page's text, HTML-escaped, with <mark> around matches:
   * rebuilt as DOM nodes, so nothing else in it can ever become markup. */
  function excerptNode(excerpt) {
    var p = document.createElement("p");
    var parts = String(excerpt || "").split(/(<mark>|<\/mark>)/);
    var marked = false;
    var scratch = document.createElement("textarea");
    parts.forEach(function (part) {
      if (part === "<mark>") marked = true;
      else if (part === "</mark>") marked = false;
      else if (part) {
        scratch.innerHTML = part; // decodes entities only: a textarea holds no elements
        var text = document.createTextNode(scratch.value);
        if (marked) {
          var mark = document.createElement("mark");
          mark.appendChild(text);
          p.appendChild(mark);
        } else p.appendChild(text);
      }
    });
    return p;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(icon);
    article.appendChild(title);
    if (data.meta && data.meta.date) {
      var date = document.createElement("p");
      date.className = "briefings-search__date";
      date.textContent = data.meta.date;
      article.appendChild(date);
    }
    article.appendChild(excerptNode(data.excerpt));
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function showPage(results, start, query) {
    var slice = results.slice(start, start + PAGE_SIZE);
    return Promise.all(
      slice.map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      if (query !== latest) return;
      var more = list.querySelector(".briefings-search__more");
      if (more) more.remove();
      pages.forEach(function (data) {
        list.appendChild(resultItem(data));
      });
      if (start + PAGE_SIZE < results.length) {
        var item = document.createElement("li");
        item.className = "md-search-result__item briefings-search__more";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-search-result__link";
        button.textContent = output.dataset.more;
        button.addEventListener("click", function () {
          button.disabled = true;
          showPage(results, start + PAGE_SIZE, query);
        });
        item.appendChild(button);
        list.appendChild(item);
      }
    });
  }

  function run() {
    var term = input.value.trim();
    var query = ++latest;
    if (!term) {
      list.replaceChildren();
      meta.textContent = placeholder;
      return;
    }
    pagefind()
      .then(function (module) {
        return module.debouncedSearch(term, {}, DEBOUNCE_MS);
      })
      .then(function (search) {
        if (search === null || query !== latest) return; // a newer query superseded it
        list.replaceChildren();
        meta.textContent = count(search.results.length);
        return showPage(search.results, 0, query);
      })
      .catch(function () {
        if (query !== latest) return;
        list.replaceChildren();
        meta.textContent = output.dataset.failed;
      });
  }

  function editable(element) {
    return (
      element instanceof HTMLElement &&
      (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName))
    );
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  input.addEventListener("input", run);
  input.addEventListener("focus", function () {
    setOpen(true);
    pagefind(); // start fetching the bundle while the visitor types
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first && first.href) location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      run();
      input.focus();
    });
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      setTimeout(function () {
        if (toggle.checked) input.focus(); // not when closed again within the delay
      }, 50);
    }
    else input.blur();
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (toggle.checked) {
      if (event.key === "Escape") {
        event.preventDefault();
        setOpen(false);
        input.blur();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var all = [input].concat(links());
        if (all.length < 2) return;
        event.preventDefault();
        var at = all.indexOf(document.activeElement);
        var step = event.key === "ArrowDown" ? 1 : -1;
        all[(Math.max(at, 0) + step + all.length) % all.length].focus();
      }
      return;
    }
    if (editable(event.target)) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      setOpen(true);
      input.focus();
      input.select();
    }
  });
})();
