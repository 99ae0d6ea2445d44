/* Tickable checklists, kept in the browser per checklist and item wording.
 * Plain JavaScript, no framework, no network. */
(function () {
  "use strict";
  var PB = window.PB;
  var el = PB.el, htmlToText = PB.htmlToText, copyText = PB.copyText;

  /* ---- checklists: ticks kept per page, language, item and item wording ---- */

  function Checklist(root) {
    var key = ["pb-checklist", root.getAttribute("data-lang"), root.getAttribute("data-playbook"),
               root.getAttribute("data-checklist")].join(":");
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input[type=checkbox]"));
    var progress = root.querySelector(".pb-progress");
    var doneWord = root.getAttribute("data-done");

    function load() {
      try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
    }
    function save(state) {
      try { localStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* private mode: ticks stay on the page only */ }
    }
    var completed = root.querySelector(".pb-completed");
    function show() {
      var n = boxes.filter(function (b) { return b.checked; }).length;
      // "{done} / {total}" in the page's own words (Arabic: «{done} من {total}», which reads right in RTL)
      var pattern = root.getAttribute("data-progress");
      progress.textContent = pattern ? pattern.replace("{done}", n).replace("{total}", boxes.length)
        : n + " / " + boxes.length + " " + doneWord;
      root.classList.toggle("pb-checklist--done", n === boxes.length);
      // A run is complete when every item is ticked: keep the moment, once per run.
      var s = load();
      if (n === boxes.length && !s.completed_at) {
        s.completed_at = new Date().toISOString();
        save(s);
      } else if (n < boxes.length && s.completed_at) {
        delete s.completed_at;
        save(s);
      }
      completed.textContent = s.completed_at
        ? completed.getAttribute("data-label") + " " + new Date(s.completed_at).toLocaleString(document.documentElement.lang)
        : "";
    }
    function record() {
      var s = load();
      return {
        playbook: root.getAttribute("data-playbook"), checklist: root.getAttribute("data-checklist"),
        title: root.getAttribute("data-title"), language: root.getAttribute("data-lang"), page: location.href,
        completed_at: s.completed_at || null,
        items: boxes.map(function (b) {
          var tick = (s.ticks || {})[b.getAttribute("data-item")];
          return { id: b.getAttribute("data-item"), text: b.parentNode.querySelector(".pb-item-text").textContent,
                   done: b.checked, at: b.checked && tick ? tick.at : null };
        })
      };
    }
    root.querySelector(".pb-export").addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(record(), null, 2)], { type: "application/json" });
      var a = el("a");
      a.href = URL.createObjectURL(blob);
      a.download = root.getAttribute("data-playbook") + "-" + root.getAttribute("data-checklist") + ".json";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    });
    root.querySelector(".pb-print").addEventListener("click", function () {
      document.body.setAttribute("data-print-only", root.getAttribute("data-checklist"));
      root.classList.add("pb-print-target");
      window.print();
      root.classList.remove("pb-print-target");
      document.body.removeAttribute("data-print-only");
    });
    var state = load();
    var ticks = state.ticks || {};
    boxes.forEach(function (box) {
      var saved = ticks[box.getAttribute("data-item")];
      // A reworded item has a new hash: its old tick no longer applies.
      box.checked = !!saved && saved.hash === box.getAttribute("data-hash");
      box.addEventListener("change", function () {
        var s = load();
        s.ticks = s.ticks || {};
        if (box.checked) {
          s.ticks[box.getAttribute("data-item")] = { hash: box.getAttribute("data-hash"), at: new Date().toISOString() };
        } else {
          delete s.ticks[box.getAttribute("data-item")];
        }
        save(s);
        show();
      });
    });
    root.querySelector(".pb-checklist__actions").hidden = false;
    root.querySelector(".pb-reset").addEventListener("click", function () {
      try { localStorage.removeItem(key); } catch (e) { /* nothing stored */ }
      boxes.forEach(function (b) { b.checked = false; });
      show();
    });
    show();
  }

  PB.ready(function () {
    document.querySelectorAll(".pb-checklist").forEach(function (r) { Checklist(r); });
  });
})();
