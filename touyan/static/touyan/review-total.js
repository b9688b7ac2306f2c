// The expert's scoring form: the running total of the scores entered so far.
(function () {
  var form = document.getElementById("scoring"), out = document.getElementById("total");
  if (!form || !out) { return; }
  function sum() {
    var total = 0, filled = 0;
    form.querySelectorAll("input.score").forEach(function (input) {
      var value = parseInt(input.value, 10);
      if (!isNaN(value)) { total += value; filled += 1; }
    });
    out.textContent = filled ? total : "—";
  }
  form.addEventListener("input", sum);
  sum();
})();
