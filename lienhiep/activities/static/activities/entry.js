// The activity form shows only the figures of the chosen kind (without JavaScript it shows them all,
// and the server drops the figures of other kinds).
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("[data-activity-form]");
    if (!form) { return; }
    var kind = form.querySelector("[name=kind]");
    function update() {
      form.querySelectorAll("[data-figure]").forEach(function (box) {
        var input = box.querySelector("[data-kinds]");
        var shown = input && input.dataset.kinds.split(" ").indexOf(kind.value) >= 0;
        box.hidden = !shown;
      });
    }
    kind.addEventListener("change", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", init);
})();
