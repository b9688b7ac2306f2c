// A background job still running: fetch its status fragment every two seconds and show it;
// once it has finished, reload the page, which then shows the result.
(function () {
  var box = document.querySelector("[data-job-running]");
  if (!box) { return; }
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
})();
