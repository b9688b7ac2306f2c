// An allocation run still being computed: follow its progress and open the result when done.
// Without JavaScript the page refreshes itself (the <noscript> refresh in its head).
(function () {
  var section = document.getElementById("run-running");
  if (!section) { return; }
  var bar = document.getElementById("run-progress"), phase = document.getElementById("run-phase");
  var percent = document.getElementById("run-percent"), url = section.dataset.progressUrl;
  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.value = data.progress; percent.textContent = data.progress + "%";
        phase.textContent = data.phase || data.status_label;
        if (data.done) { window.location.href = data.done; } else { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(function () { window.location.reload(); }, 2000); });
  }
  setTimeout(poll, 1000);
})();
