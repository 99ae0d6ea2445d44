/* Tickable checklists on shared PCs: each encounter is its own run.
 * A run lives in this browser tab only (sessionStorage: it survives a reload, not a new
 * tab or window) and only on the day it started; "New encounter" starts a fresh one.
 * Reset asks first. "Print as a record" prints one page: titles, ticks, times and blank
 * fields for the staff member, case number and notes. Plain JavaScript, no network. */
(function () {
  "use strict";
  var PB = window.PB;
  var el = PB.el;

  function today() { return new Date().toDateString(); }

  function Checklist(root) {
    var key = ["pb-checklist", root.getAttribute("data-lang"), root.getAttribute("data-playbook"),
               root.getAttribute("data-checklist")].join(":");
    var boxes = Array.prototype.slice.call(root.querySelectorAll("input[type=checkbox]"));
    var progress = root.querySelector(".pb-progress");
    var completed = root.querySelector(".pb-completed");
    var started = root.querySelector(".pb-started");
    var doneWord = root.getAttribute("data-done");
    var lang = document.documentElement.lang;

    function fresh() { return { started_at: new Date().toISOString(), day: today(), ticks: {} }; }
    function load() {
      var s = null;
      try { s = JSON.parse(sessionStorage.getItem(key)); } catch (e) { s = null; }
      // A run from an earlier day is someone else's encounter: never shown as current.
      return s && s.day === today() ? s : null;
    }
    function save(state) {
      try { sessionStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* ticks stay on the page only */ }
    }
    function run() { return load() || fresh(); }
    function time(iso) {
      return new Date(iso).toLocaleString(lang, { dateStyle: "short", timeStyle: "short" });
    }

    function show() {
      var s = load();
      var n = boxes.filter(function (b) { return b.checked; }).length;
      // "{done} / {total}" in the page's own words (Arabic: «{done} من {total}», which reads right in RTL)
      var pattern = root.getAttribute("data-progress");
      progress.textContent = pattern ? pattern.replace("{done}", n).replace("{total}", boxes.length)
        : n + " / " + boxes.length + " " + doneWord;
      root.classList.toggle("pb-checklist--done", n === boxes.length);
      if (s && n === boxes.length && !s.completed_at) { s.completed_at = new Date().toISOString(); save(s); }
      if (s && n < boxes.length && s.completed_at) { delete s.completed_at; save(s); }
      started.textContent = s ? started.getAttribute("data-label") + " " + time(s.started_at) : "";
      completed.textContent = s && s.completed_at ? completed.getAttribute("data-label") + " " + time(s.completed_at) : "";
    }
    function apply() {
      var ticks = (load() || {}).ticks || {};
      boxes.forEach(function (box) {
        var saved = ticks[box.getAttribute("data-item")];
        // A reworded item has a new hash: its old tick no longer applies.
        box.checked = !!saved && saved.hash === box.getAttribute("data-hash");
      });
      show();
    }

    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        var s = run();
        if (box.checked) {
          s.ticks[box.getAttribute("data-item")] = { hash: box.getAttribute("data-hash"), at: new Date().toISOString() };
        } else {
          delete s.ticks[box.getAttribute("data-item")];
        }
        save(s);
        show();
      });
    });

    root.querySelector(".pb-new").addEventListener("click", function () {
      save(fresh());
      apply();
      if (boxes[0]) boxes[0].focus();
    });

    var reset = root.querySelector(".pb-reset"), confirm = root.querySelector(".pb-confirm");
    function asking(on) {
      confirm.hidden = !on;
      reset.setAttribute("aria-expanded", on ? "true" : "false");
    }
    reset.addEventListener("click", function () {
      asking(true);
      confirm.querySelector(".pb-confirm__no").focus();
    });
    confirm.querySelector(".pb-confirm__no").addEventListener("click", function () { asking(false); reset.focus(); });
    confirm.querySelector(".pb-confirm__yes").addEventListener("click", function () {
      try { sessionStorage.removeItem(key); } catch (e) { /* nothing stored */ }
      apply();
      asking(false);
      reset.focus();
    });

    function record() {
      var s = load() || {};
      return {
        playbook: root.getAttribute("data-playbook"), checklist: root.getAttribute("data-checklist"),
        title: root.getAttribute("data-title"), language: root.getAttribute("data-lang"), page: location.href,
        started_at: s.started_at || null, completed_at: s.completed_at || null,
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
      window.addEventListener("afterprint", function done() {
        window.removeEventListener("afterprint", done);
        root.classList.remove("pb-print-target");
        document.body.removeAttribute("data-print-only");
      });
      window.print();
    });

    root.querySelector(".pb-run").hidden = false;
    root.querySelector(".pb-checklist__actions").hidden = false;
    apply();
  }

  PB.ready(function () {
    document.querySelectorAll(".pb-checklist").forEach(function (r) { Checklist(r); });
  });
})();
