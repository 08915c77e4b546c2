// Liên hiệp: progressive enhancements only; every page works without JavaScript.
(function () {
  "use strict";

  // Long lists of units become searchable: type part of a name, with or without diacritics.
  function enhanceSelects(root) {
    if (typeof TomSelect === "undefined") { return; }
    root.querySelectorAll("select[data-searchable]:not(.tomselected)").forEach(function (select) {
      // tom-select moves the label to its own input: the original select, still read by screen readers, keeps
      // the label's words as its name.
      var label = select.labels && select.labels.length ? select.labels[0].textContent.replace(/\s*\*\s*$/, "").trim() : select.title;
      if (label && !select.hasAttribute("aria-label")) { select.setAttribute("aria-label", label); }
      var url = select.dataset.searchUrl;
      // The form's unit field, where the names are looked up under the unit chosen in it.
      var unit = select.dataset.searchWithin && select.form ? select.form.elements[select.dataset.searchWithin] : null;
      // Letters typed before asking (2 by default); with 0 the first matches load as soon as the picker opens.
      var least = select.dataset.searchMin === undefined ? 2 : parseInt(select.dataset.searchMin, 10);
      var picker;
      var remote = url ? {
        // Too many to list: the server sends up to 20 matches of what is typed, in Vietnamese order, which
        // replace the last ones (they matched something else). The server has matched and ordered them
        // (diacritics folded): show them all, as sent.
        valueField: "value", labelField: "text", searchField: [],
        score: function () { return function () { return 1; }; },
        loadThrottle: 250,
        preload: least === 0 ? "focus" : false,
        shouldLoad: function (query) { return query.trim().length >= least && (!unit || unit.value !== ""); },
        load: function (query, callback) {
          var target = unit ? url + (url.indexOf("?") < 0 ? "?" : "&") + "within=" + encodeURIComponent(unit.value) : url;
          var sep = target.indexOf("?") < 0 ? "?" : "&";
          fetch(target + sep + "q=" + encodeURIComponent(query), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
            .then(function (response) { return response.ok ? response.json() : { results: [] }; })
            .then(function (data) { picker.clearOptions(); callback(data.results); })
            .catch(function () { callback(); });
        },
        placeholder: document.body.dataset.typeToSearch || ""
      } : {};
      picker = new TomSelect(select, Object.assign({
        maxOptions: 200,
        // Filter at once: with tom-select's default 300 ms, a choice clicked sooner had the list open again after it.
        refreshThrottle: 0,
        closeAfterSelect: !select.multiple, // a single choice is made: get out of the way of the next field
        diacritics: true,
        plugins: select.multiple ? ["remove_button"] : [],
        render: {
          // A unit comes with the short name it is known by and the unit above it, so that namesakes
          // ("Hội Luật gia tỉnh") can be told apart.
          option: function (data, escape) {
            var known = data.short && data.short !== data.text ? ' <span class="text-secondary">(' + escape(data.short) + ")</span>" : "";
            var sub = data.sub ? '<div class="small text-secondary">' + escape(data.sub) + "</div>" : "";
            return "<div>" + escape(data.text) + known + sub + "</div>";
          },
          no_results: function () {
            var div = document.createElement("div");
            div.className = "no-results";
            div.textContent = document.body.dataset.noResults || "";
            return div;
          }
        }
      }, remote));
      // Another unit: the matches found under the last one no longer hold (the chosen names stay).
      if (unit) { unit.addEventListener("change", function () { picker.clearOptions(); }); }
    });
  }

  // A form sent back with errors: the first field to correct has the focus, so its error is read out (Django
  // links each field to its error with aria-describedby).
  function focusFirstInvalid() {
    var field = document.querySelector("main [aria-invalid=true]");
    if (!field) { return; }
    (field.tomselect ? field.tomselect.control_input : field).focus();
  }

  // A table wider than its scroller (on a phone): the scroller takes the focus, so that a keyboard user can scroll
  // it with the arrow keys (WCAG 2.1.1).
  function focusableScrollers(root) {
    root.querySelectorAll(".table-responsive").forEach(function (scroller) {
      if (scroller.scrollWidth > scroller.clientWidth) { scroller.setAttribute("tabindex", "0"); }
      else { scroller.removeAttribute("tabindex"); }
    });
  }

  // Results swapped in as the user filters (htmx, from a search form): the page's one live region says what came
  // back — the list's own count where it gives one, else how many rows — instead of reading the whole list again.
  function announceResults(event) {
    var config = event.detail.requestConfig, elt = config && config.elt, target = event.detail.target;
    var status = document.getElementById("app-status");
    if (!status || !target || !elt || !elt.closest || !elt.closest("[role=search]")) { return; }
    var said = target.querySelector("[data-announce]");
    var text = said ? said.textContent.trim()
      : (document.body.dataset.resultsShown || "{n}").replace("{n}", target.querySelectorAll("tbody tr, li").length);
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 100); // a change the reader notices, even if the same
  }

  // What inline attributes did before the content policy (SECURE_CSP) allowed no inline script or style: sizes
  // read from the server (a progress bar's percent, a chart's height) are set here, through the style object.
  function applySizes(root) {
    var all = function (selector) {
      var found = Array.prototype.slice.call(root.querySelectorAll(selector));
      return root.matches && root.matches(selector) ? [root].concat(found) : found;
    };
    all("[data-width]").forEach(function (el) { el.style.width = el.dataset.width + "%"; });
    all("[data-height]").forEach(function (el) { el.style.height = el.dataset.height + "px"; });
  }

  // A form that asks before it deletes (data-confirm: the question), a button that prints, a select that sends
  // its form when changed (the header's unit switcher; a button does it without JavaScript).
  document.addEventListener("submit", function (event) {
    var question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) { event.preventDefault(); }
  }, true);
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-autosubmit]") && event.target.form) { event.target.form.submit(); }
  });
  // An element that plays a button (role="button", such as a report's figure chip) answers Enter and Space as one.
  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if ((event.key === "Enter" || event.key === " ") && el.getAttribute && el.getAttribute("role") === "button" && el.tagName !== "BUTTON") {
      event.preventDefault(); el.click();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    applySizes(document); enhanceSelects(document); focusFirstInvalid(); focusableScrollers(document);
  });
  document.addEventListener("htmx:load", function (event) { applySizes(event.target); enhanceSelects(event.target); focusableScrollers(document); });
  document.addEventListener("htmx:afterSettle", announceResults);
  window.addEventListener("resize", function () { focusableScrollers(document); });
  // A chart's figures print unfolded under it (browsers without ::details-content keep a closed details shut).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.app-chart-data:not([open])").forEach(function (d) { d.open = true; d.dataset.printed = "1"; });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details.app-chart-data[data-printed]").forEach(function (d) { d.open = false; delete d.dataset.printed; });
  });
})();
