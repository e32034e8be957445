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
  // A button that copies an input's value (data-copy="#id"); says so with data-copied. Without the clipboard API
  // (plain http) the text is selected and copied the old way.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.querySelector(button.dataset.copy);
      var done = function () { button.textContent = button.dataset.copied; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done);
      } else {
        input.focus();
        input.select();
        if (document.execCommand("copy")) { done(); }
      }
    });
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

// Training. The exam paper's countdown (the server keeps the real time limit) and a confirmation before handing in.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-countdown]").forEach(function (element) {
    var left = parseInt(element.getAttribute("data-countdown"), 10);
    if (isNaN(left)) { return; }
    var until = Date.now() + left * 1000;
    var tick = function () {
      var seconds = Math.max(0, Math.round((until - Date.now()) / 1000));
      var minutes = Math.floor(seconds / 60);
      element.textContent = minutes + ":" + String(seconds % 60).padStart(2, "0");
      element.classList.toggle("text-danger", seconds < 60);
      if (seconds > 0) { window.setTimeout(tick, 1000); }
    };
    tick();
  });
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // The question form shows the choices or the true/false answer for the kind chosen.
  document.querySelectorAll("form[data-question-form]").forEach(function (form) {
    var kind = form.querySelector("select[name=kind]");
    if (!kind) { return; }
    var show = function () {
      form.querySelectorAll("fieldset[data-kinds]").forEach(function (fieldset) {
        fieldset.hidden = fieldset.getAttribute("data-kinds").split(" ").indexOf(kind.value) < 0;
      });
    };
    kind.addEventListener("change", show);
    show();
  });
});
