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
});
