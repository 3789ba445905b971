/* Title suggestions in the search box while typing: the WAI-ARIA combobox
   pattern (list autocomplete, no automatic selection), as an enhancement.
   Without this script the search box is a plain form field.

   The field names its endpoint and texts in data attributes (the texts are
   translated on the server): data-suggest-url, data-suggest-label,
   data-suggest-none, data-suggest-one, data-suggest-many (with "{n}").
   Keys: down and up move through the suggestions, Enter opens the chosen
   one (or searches, when none is chosen), Escape closes the list.
   Requests wait for a pause in typing; a newer request aborts an older one.
   No inline styles and no HTML from the answer: text nodes only. */
(function () {
  "use strict";

  var DELAY = 200; // ms of quiet before asking
  var MIN_CHARS = 2;

  function enhance(input) {
    var listId = input.id + "-suggesties";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggest__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.dataset.suggestLabel || "");
    list.hidden = true;

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");

    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    // A combobox is a text field: type=search may not have that role.
    input.type = "text";
    input.setAttribute("enterkeyhint", "search");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var items = []; // [{title, url, type, lang?}]
    var active = -1;
    var timer = null;
    var controller = null;
    var asked = ""; // the text of the newest request

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function announce(text) {
      status.textContent = text;
    }

    function countText(n) {
      if (n === 0) return input.dataset.suggestNone || "";
      var text = n === 1 ? input.dataset.suggestOne : input.dataset.suggestMany;
      return (text || "").replace("{n}", String(n));
    }

    function setActive(index) {
      var nodes = options();
      if (active >= 0 && nodes[active]) {
        nodes[active].setAttribute("aria-selected", "false");
        nodes[active].classList.remove("is-active");
      }
      active = index;
      if (active >= 0 && nodes[active]) {
        nodes[active].setAttribute("aria-selected", "true");
        nodes[active].classList.add("is-active");
        input.setAttribute("aria-activedescendant", nodes[active].id);
        nodes[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (!items.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      setActive(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function go(index) {
      var item = items[index];
      if (item) window.location.assign(item.url);
    }

    function render(results) {
      close();
      items = results;
      list.textContent = "";
      results.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.className = "search-suggest__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var title = document.createElement("span");
        title.className = "search-suggest__title";
        title.textContent = item.title;
        // A Dutch title on an English page says so (screen readers).
        if (item.lang) title.lang = item.lang;
        var comma = document.createElement("span");
        comma.className = "visually-hidden";
        comma.textContent = ", ";
        var type = document.createElement("span");
        type.className = "search-suggest__type";
        type.textContent = item.type;
        option.append(title, comma, type);
        list.appendChild(option);
      });
      if (document.activeElement === input) {
        open();
        announce(countText(results.length));
      }
    }

    function ask(text) {
      if (controller) controller.abort();
      controller = null;
      asked = text;
      if (text.replace(/[^\p{L}\p{N}]+/gu, "").length < MIN_CHARS) {
        items = [];
        list.textContent = "";
        close();
        announce("");
        return;
      }
      var url = new URL(input.dataset.suggestUrl, window.location.href);
      url.searchParams.set("q", text);
      var own = new AbortController();
      controller = own;
      fetch(url, {
        signal: own.signal,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (controller !== own || asked !== input.value) return; // stale
          render(Array.isArray(data.results) ? data.results : []);
        })
        .catch(function () {
          /* aborted or offline: the plain search still works */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        ask(input.value);
      }, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var n = items.length;
      var shown = !list.hidden;
      if (event.key === "ArrowDown") {
        if (!n) return;
        event.preventDefault();
        if (!shown) {
          open();
          setActive(event.altKey ? -1 : 0);
        } else {
          setActive((active + 1) % n);
        }
      } else if (event.key === "ArrowUp") {
        if (!n) return;
        event.preventDefault();
        if (!shown) open();
        setActive(active <= 0 ? n - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (shown && active >= 0) {
          event.preventDefault();
          go(active);
        }
      } else if (event.key === "Escape") {
        if (shown) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", close);

    // A click on a suggestion opens it; mousedown keeps the focus in the field.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) go(Array.prototype.indexOf.call(options(), option));
    });
  }

  function start() {
    document.querySelectorAll("input[data-suggest-url]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
