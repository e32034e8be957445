// Xinke's page behaviour. Kept in a file (no inline script) so a strict CSP stays possible.
document.addEventListener("DOMContentLoaded", function () {
  // Submit the language switch as soon as a language is picked; the button stays for no-JS use.
  document.querySelectorAll(".language-form select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Filter forms with data-autosubmit submit when a select changes.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // A read-only address to copy (the calendar link): selected whole when focused.
  document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
});
// The duty roster's cell editor closes with its × (the panel is filled again by the next click on a cell).
document.addEventListener("click", function (event) {
  var close = event.target.closest("[data-close-editor]");
  if (close) {
    var panel = document.getElementById("cell-editor");
    if (panel) { panel.innerHTML = ""; }
  }
});
