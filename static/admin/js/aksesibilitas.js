// Accessible names for admin inputs that third-party widgets draw without one
// (WCAG 4.1.2, found with axe-core): the rich-text editor's editable area
// (Tiptap), the autocomplete box (select2) and the date and time halves of
// Django's split date/time field. Each gets its field's visible label as its name.
// Widgets appear after page load (ES modules, "add another section"), so new
// ones are named as they arrive.
"use strict";
(function () {
  function fieldLabel(element) {
    const row = element.closest(".form-row, .fieldBox, fieldset");
    const label = row && row.querySelector("label");
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function name(element, text) {
    if (text && !element.getAttribute("aria-label")) {
      element.setAttribute("aria-label", text);
    }
  }

  function nameAll(root) {
    root.querySelectorAll(".prose-editor [contenteditable]").forEach(function (editor) {
      name(editor, fieldLabel(editor));
    });
    root.querySelectorAll(".select2-selection").forEach(function (box) {
      const label = fieldLabel(box);
      name(box, label);
      box.removeAttribute("aria-labelledby");
      box.querySelectorAll("[role=textbox]").forEach(function (shown) { name(shown, label); });
    });
    root.querySelectorAll("p.datetime").forEach(function (pair) {
      const label = fieldLabel(pair);
      pair.querySelectorAll("input.vDateField, input.vTimeField").forEach(function (input) {
        // The visible word before the input ("Tanggal:", "Waktu:") says which half.
        let part = input.previousSibling;
        while (part && !(part.textContent || "").trim()) { part = part.previousSibling; }
        const half = part ? part.textContent.replace(/:\s*$/, "").trim() : "";
        name(input, half ? label + ", " + half.toLowerCase() : label);
      });
    });
  }

  function start() {
    nameAll(document);
    new MutationObserver(function () { nameAll(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
