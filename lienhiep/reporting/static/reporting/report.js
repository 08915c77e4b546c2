// The report page (reporting/report.html): progressive enhancements only; without JavaScript a text block is edited
// in a plain text box where each figure shows as [[n: value]], and every button is a link or a form.
(function () {
  "use strict";

  var MARKER = /\[\[(\d+)(?::[^\]]*)?\]\]/g;

  // A text block's editor: the text is typed freely, each figure is a chip that cannot be typed over (it is not
  // editable, and the server takes a figure only by its number, never as typed text). The text box stays in the
  // form, filled from the editor before sending, so what is sent is the same with or without JavaScript.
  function chip(token) {
    var span = document.createElement("span");
    span.className = "fig-chip";
    span.contentEditable = "false";
    span.dataset.tok = token.tok;
    span.textContent = token.text;
    span.setAttribute("title", token.label || "");
    return span;
  }

  function build(editor, runs) {
    runs.forEach(function (run) {
      if (run.tok) { editor.appendChild(chip(run)); return; }
      var node = document.createTextNode(run.t || "");
      if (run.b) { var b = document.createElement("b"); b.appendChild(node); node = b; }
      if (run.i) { var i = document.createElement("i"); i.appendChild(node); node = i; }
      editor.appendChild(node);
    });
  }

  // The editor's content as runs: text with its bold and italic, and figures by their number.
  function serialise(editor) {
    var runs = [];
    function walk(node, bold, italic) {
      if (node.nodeType === Node.TEXT_NODE) {
        var text = node.nodeValue.replace(/\[\[/g, "[ [").replace(/\u00a0/g, " ");
        if (!text) { return; }
        var last = runs[runs.length - 1];
        if (last && last.t !== undefined && !!last.b === bold && !!last.i === italic) { last.t += text; }
        else { runs.push({ t: text, b: bold, i: italic }); }
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) { return; }
      if (node.dataset && node.dataset.tok) { runs.push({ tok: parseInt(node.dataset.tok, 10) }); return; }
      if (node.tagName === "BR") { walk(document.createTextNode(" "), bold, italic); return; }
      var weight = node.style && node.style.fontWeight;
      var b = bold || node.tagName === "B" || node.tagName === "STRONG" || weight === "bold" || parseInt(weight, 10) >= 600;
      var i = italic || node.tagName === "I" || node.tagName === "EM" || (node.style && node.style.fontStyle === "italic");
      node.childNodes.forEach(function (child) { walk(child, b, i); });
    }
    editor.childNodes.forEach(function (child) { walk(child, false, false); });
    return runs;
  }

  function asText(runs) {
    return runs.map(function (run) { return run.tok ? "[[" + run.tok + "]]" : run.t; }).join("");
  }

  function enhanceEditors(root) {
    root.querySelectorAll("textarea[data-run-editor]:not([data-enhanced])").forEach(function (area) {
      area.dataset.enhanced = "1";
      var runs = JSON.parse(area.dataset.runs || "[]");
      var editor = document.createElement("div");
      editor.className = "run-editor";
      editor.contentEditable = "true";
      editor.setAttribute("role", "textbox");
      editor.setAttribute("aria-multiline", "true");
      editor.setAttribute("aria-label", area.getAttribute("aria-label") || "");
      editor.setAttribute("data-testid", "run-editor");
      build(editor, runs);
      var runsInput = area.form.querySelector("input[name=runs]");
      function sync() {
        var edited = serialise(editor);
        area.value = asText(edited);
        if (runsInput) { runsInput.value = JSON.stringify(edited); }
      }
      editor.addEventListener("input", sync);
      // One paragraph a block: Enter sends (Shift+Enter too would break the paragraph the writers print).
      editor.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); sync(); area.form.requestSubmit(); }
      });
      // Pasted text comes without its formatting (and a pasted chip's number is plain text).
      editor.addEventListener("paste", function (event) {
        event.preventDefault();
        var text = (event.clipboardData || window.clipboardData).getData("text/plain").replace(MARKER, "").replace(/\s*\n\s*/g, " ");
        document.execCommand("insertText", false, text);
      });
      area.form.addEventListener("submit", sync);
      area.form.addEventListener("htmx:configRequest", function (event) {
        sync();
        event.detail.parameters.text = area.value;
        if (runsInput) { event.detail.parameters.runs = runsInput.value; }
      });
      area.hidden = true;
      var label = area.form.querySelector("label[for='" + area.id + "']");
      if (label) { label.addEventListener("click", function () { editor.focus(); }); }
      area.parentNode.insertBefore(editor, area);
      editor.focus();
    });
  }

  // The chip whose panel is open is marked, so the reader sees which figure the panel is about.
  function markChosen(event) {
    var elt = event.detail && event.detail.elt;
    if (!elt || !elt.classList || !elt.classList.contains("fig-chip")) { return; }
    document.querySelectorAll(".fig-chip.chosen").forEach(function (c) { c.classList.remove("chosen"); c.removeAttribute("aria-current"); });
    elt.classList.add("chosen");
    elt.setAttribute("aria-current", "true");
  }

  // Rendering in the background: the progress bar asks again until the files are ready (the bar's own hx-trigger).
  document.addEventListener("DOMContentLoaded", function () { enhanceEditors(document); });
  document.addEventListener("htmx:load", function (event) { enhanceEditors(event.target); });
  document.addEventListener("htmx:beforeRequest", markChosen);
  // The panel on a phone sits under the sheet: bring it into view once filled.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "side-panel" && window.innerWidth < 992) {
      event.detail.target.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  });
})();
