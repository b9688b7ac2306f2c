// Choosing a language in the header switches at once; without JavaScript the OK button does it.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.language select[name=language]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
