// Liên hiệp: progressive enhancements only; every page works without JavaScript.
(function () {
  "use strict";

  // Long lists of units become searchable: type part of a name, with or without diacritics.
  function enhanceSelects(root) {
    if (typeof TomSelect === "undefined") { return; }
    root.querySelectorAll("select[data-searchable]:not(.tomselected)").forEach(function (select) {
      var url = select.dataset.searchUrl;
      var remote = url ? {
        // Too many to list: the server sends up to 20 matches of what is typed (2 letters or more).
        valueField: "value", labelField: "text", searchField: [],
        loadThrottle: 250,
        shouldLoad: function (query) { return query.trim().length >= 2; },
        load: function (query, callback) {
          var sep = url.indexOf("?") < 0 ? "?" : "&";
          fetch(url + sep + "q=" + encodeURIComponent(query), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
            .then(function (response) { return response.ok ? response.json() : { results: [] }; })
            .then(function (data) { callback(data.results); })
            .catch(function () { callback(); });
        },
        placeholder: document.body.dataset.typeToSearch || ""
      } : {};
      new TomSelect(select, Object.assign({
        maxOptions: 200,
        closeAfterSelect: !select.multiple, // a single choice is made: get out of the way of the next field
        diacritics: true,
        plugins: select.multiple ? ["remove_button"] : [],
        render: {
          no_results: function () {
            var div = document.createElement("div");
            div.className = "no-results";
            div.textContent = document.body.dataset.noResults || "";
            return div;
          }
        }
      }, remote));
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceSelects(document); });
  document.addEventListener("htmx:load", function (event) { enhanceSelects(event.target); });
})();
