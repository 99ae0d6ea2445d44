// Live preview only: `playbook serve` lists this file in docs/mkdocs.<lang>.preview.yml; the
// published site never loads it. It shows the problems of the last save over the page being
// previewed, in the page's language, and takes them away once the file is fixed. The
// problems come from _preview/problems.json beside it (same origin, no inline script).
// File names, line numbers and `code` keep their left-to-right order inside Arabic text
// (each in its own isolated, dir="ltr" element).
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

  function ltr(tag, text) {
    var node = el(tag, "", text);
    node.setAttribute("dir", "ltr");
    return node;
  }

  // A message's text with its `code` parts (keys, ids, file names) as isolated <code dir="ltr">.
  function words(parent, text, lang, pageLang) {
    if (lang !== pageLang) {
      parent.setAttribute("lang", lang);
      parent.setAttribute("dir", "ltr");
    }
    String(text).split(/(`[^`]+`)/).forEach(function (part) {
      if (/^`[^`]+`$/.test(part)) parent.appendChild(ltr("code", part.slice(1, -1)));
      else if (part) parent.appendChild(document.createTextNode(part));
    });
    return parent;
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
    var pageLang = data.lang || document.documentElement.lang;
    var box = el("section", "pb-preview-problems");
    box.id = "pb-preview-problems";
    box.setAttribute("role", "alert");
    box.setAttribute("lang", pageLang);
    box.setAttribute("dir", data.dir || "ltr");
    box.appendChild(el("h2", "", ui.title || "The last save has a mistake"));
    var list = el("ol");
    problems.forEach(function (p) {
      var item = el("li");
      var where = el("div", "pb-where");
      where.appendChild(document.createTextNode((ui.file || "File") + " "));
      where.appendChild(ltr("bdi", p.file)).className = "pb-file";
      where.appendChild(document.createTextNode(", " + (ui.line || "line") + " "));
      where.appendChild(ltr("bdi", String(p.line))).className = "pb-line";
      if (p.where) {
        where.appendChild(document.createTextNode(" ("));
        where.appendChild(words(el("bdi", "pb-place"), p.where, pageLang, pageLang));
        where.appendChild(document.createTextNode(")"));
      }
      item.appendChild(where);
      item.appendChild(words(el("div", "pb-message"), p.message, p.message_lang, pageLang));
      if (p.fix) {
        var fix = el("div", "pb-fix");
        fix.appendChild(el("strong", "", (ui.fix || "How to fix:") + " "));
        fix.appendChild(words(el("span"), p.fix, p.fix_lang, pageLang));
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
