// The policy editor: line numbers beside the text, the problems of the text checked as one types
// (posted to the draft's check address 600 ms after the last key), and problem links that move
// the caret to their line. Without JavaScript the form's 检查 button does the same on the server.
(function () {
  "use strict";
  var form = document.querySelector(".policy-editor-form");
  if (!form) { return; }
  var area = form.querySelector("textarea");
  var gutter = form.querySelector(".policy-gutter");
  var status = document.querySelector("[data-check-status]");
  var box = document.querySelector("[data-policy-problems]");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timer = null;
  var asked = 0;

  function numberLines() {
    var count = area.value.split("\n").length;
    var numbers = [];
    for (var n = 1; n <= count; n += 1) { numbers.push(n); }
    gutter.textContent = numbers.join("\n") + "\n";
    gutter.scrollTop = area.scrollTop;
  }

  function goTo(line, column) {
    var lines = area.value.split("\n");
    var at = 0;
    for (var n = 0; n < line - 1 && n < lines.length; n += 1) { at += lines[n].length + 1; }
    at += Math.max(0, Math.min((column || 1) - 1, (lines[line - 1] || "").length));
    area.focus();
    area.setSelectionRange(at, at);
    var height = area.scrollHeight / Math.max(lines.length, 1);
    area.scrollTop = Math.max(0, (line - 3) * height);
  }

  function show(data) {
    box.textContent = "";
    if (status) { status.textContent = data.summary; }
    if (!data.problems.length) {
      var ok = document.createElement("p");
      ok.className = "ok";
      ok.textContent = data.summary;
      box.appendChild(ok);
      return;
    }
    var heading = document.createElement("h2");
    heading.textContent = data.summary;
    var list = document.createElement("ol");
    list.className = "plain";
    data.problems.forEach(function (problem) {
      var item = document.createElement("li");
      if (problem.line) {
        var link = document.createElement("a");
        link.href = "#policy-text";
        link.dataset.line = problem.line;
        link.dataset.column = problem.column || 1;
        link.textContent = box.dataset.lineLabel
          .replace("{line}", problem.line).replace("{column}", problem.column || 1);
        item.appendChild(link);
        item.appendChild(document.createTextNode(" "));
      }
      if (problem.key) {
        var key = document.createElement("code");
        key.textContent = problem.key;
        item.appendChild(key);
        item.appendChild(document.createTextNode(" "));
      }
      item.appendChild(document.createTextNode(problem.message));
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
  }

  function check() {
    asked += 1;
    var mine = asked;
    if (status) { status.textContent = form.dataset.checking; }
    var body = new FormData();
    body.append("text", area.value);
    fetch(form.dataset.checkUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {"X-CSRFToken": token}
    })
      .then(function (response) { return response.json(); })
      .then(function (data) { if (mine === asked) { show(data); } })
      .catch(function () { if (status) { status.textContent = ""; } });
  }

  area.addEventListener("input", function () {
    numberLines();
    clearTimeout(timer);
    timer = setTimeout(check, 600);
  });
  area.addEventListener("scroll", function () { gutter.scrollTop = area.scrollTop; });
  box.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-line]");
    if (!link) { return; }
    event.preventDefault();
    goTo(parseInt(link.dataset.line, 10), parseInt(link.dataset.column, 10));
  });
  numberLines();
})();
