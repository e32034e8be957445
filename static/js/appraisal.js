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
      if (!isNaN(value) && value >= 0 && value <= max) { sum += Math.round(value * 10); }
    });
    total.textContent = (sum / 10).toFixed(1);
  }
  inputs.forEach(function (input) { input.addEventListener("input", update); });
});
