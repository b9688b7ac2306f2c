// The assessment scoring form: the weighted total (Σ points × weight / 100) of the points entered.
(function () {
  var form = document.getElementById("scoring"), out = document.getElementById("total");
  if (!form || !out) { return; }
  function sum() {
    var total = 0, filled = 0, inputs = form.querySelectorAll("input.score");
    inputs.forEach(function (input) {
      var value = parseInt(input.value, 10), weight = parseInt(input.dataset.weight, 10);
      if (!isNaN(value) && !isNaN(weight)) { total += value * weight; filled += 1; }
    });
    out.textContent = filled === inputs.length && filled ? (total / 100).toFixed(2) : "—";
  }
  form.addEventListener("input", sum);
  sum();
})();
