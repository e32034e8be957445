// Appraisal pages: the running total of the scores typed so far. No inline script (CSP).
document.addEventListener("DOMContentLoaded", function () {
  var total = document.querySelector("[data-self-total]");
  if (!total) { return; }
  var inputs = document.querySelectorAll("input.score-input");
  function update() {
    var sum = 0;
    inputs.forEach(function (input) {
      var value = parseFloat(input.value);
      var max = parseFloat(input.dataset.max);
      if (!isNaN(value) && value >= 0 && value <= max) { sum += Math.round(value * 100); }
    });
    // Like the server: two decimals, one when the second is 0 ("15.0", "2.25").
    var text = (sum / 100).toFixed(2);
    total.textContent = text.charAt(text.length - 1) === "0" ? text.slice(0, -1) : text;
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
});
