// Live preview only: `playbook serve` lists this file in docs/mkdocs.<lang>.preview.yml; the
// published site never loads it. It shows the problems of the last save over the page being
// previewed, in the page's language, and takes them away once the file is fixed. The
// problems come from _preview/problems.json beside it (same origin, no inline script).
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) return;
  var url = me.src.replace(/preview\.js(\?.*)?$/, "problems.json");
  var shown = null;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(data) {
    var problems = (data && data.problems) || [];
    var key = JSON.stringify(problems);
    if (key === shown) return;
    shown = key;
    var old = document.getElementById("pb-preview-problems");
    if (old) old.remove();
    if (!problems.length) return;
    var ui = data.ui || {};
    var box = el("section", "pb-preview-problems");
    box.id = "pb-preview-problems";
    box.setAttribute("role", "alert");
    box.appendChild(el("h2", "", ui.title || "The last save has a mistake"));
    var list = el("ol");
    problems.forEach(function (p) {
      var item = el("li");
      var where = el("div", "pb-where");
      where.appendChild(document.createTextNode((ui.file || "File") + " "));
      var file = el("code", "", p.file);
      file.setAttribute("dir", "ltr");
      where.appendChild(file);
      where.appendChild(document.createTextNode(", " + (ui.line || "line") + " " + p.line
        + (p.where ? " (" + p.where + ")" : "")));
      item.appendChild(where);
      var message = el("div", "pb-message", p.message);
      message.setAttribute("dir", "ltr");
      message.setAttribute("lang", "en");
      item.appendChild(message);
      if (p.fix) {
        var fix = el("div", "pb-fix");
        fix.appendChild(el("strong", "", (ui.fix || "How to fix:") + " "));
        var words = el("span", "", p.fix);
        words.setAttribute("dir", "ltr");
        words.setAttribute("lang", "en");
        fix.appendChild(words);
        item.appendChild(fix);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function poll() {
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(render, function () {})
      .finally(function () { setTimeout(poll, 300); });
  }
  poll();
})();
