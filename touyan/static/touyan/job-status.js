// Background jobs still running: fetch each one's status fragment every two seconds and show
// it; once one has finished, reload the page, which then shows its result.
(function () {
  if (window.touyanJobStatus) { return; }
  window.touyanJobStatus = true;
  function follow(box) {
    var url = box.dataset.jobStatus;
    function poll() {
      fetch(url, {credentials: "same-origin"})
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("[data-job-status]");
          if (!fresh || !fresh.hasAttribute("data-job-running")) { window.location.reload(); return; }
          box.replaceWith(fresh);
          box = fresh;
          setTimeout(poll, 2000);
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    setTimeout(poll, 2000);
  }
  document.querySelectorAll("[data-job-running]").forEach(follow);
})();
