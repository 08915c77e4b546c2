// Liên hiệp: progressive enhancements only; every page works without JavaScript.
(function () {
  "use strict";

  // Long lists of units become searchable: type part of a name, with or without diacritics.
  function enhanceSelects(root) {
    if (typeof TomSelect === "undefined") { return; }
    root.querySelectorAll("select[data-searchable]:not(.tomselected)").forEach(function (select) {
      new TomSelect(select, {
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
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceSelects(document); });
  document.addEventListener("htmx:load", function (event) { enhanceSelects(event.target); });
})();
