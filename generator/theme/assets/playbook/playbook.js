/* Playbook pages: decision-tree widget, fill-in scripts with copy, tickable checklists.
 * Plain JavaScript, no framework, no network. Every piece of page text it shows comes
 * from the page itself (HTML the generator escaped, or JSON embedded with tojson). */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function htmlToText(html) {
    var d = document.createElement("div");
    d.innerHTML = html;
    return d.textContent.replace(/\s+/g, " ").trim();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = el("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      ok ? resolve() : reject(new Error("copy refused"));
    });
  }

  /* ---- decision trees: the path lives in the URL fragment: #tree-ID:start/node/node ---- */

  function Tree(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector(".pb-tree-data").textContent);
    this.prefix = "tree-" + this.data.id + ":";
    this.view = el("div", "pb-widget");
    this.view.setAttribute("aria-live", "polite");
    root.insertBefore(this.view, root.firstChild);
    root.classList.add("pb-tree--live");
    var details = root.querySelector("details.pb-tree-static");
    if (details) details.removeAttribute("open");
  }

  Tree.prototype.nextOf = function (id) {
    var node = this.data.nodes[id];
    return (node && node.answers || []).map(function (a) { return a.next; });
  };

  /* The path from the fragment, cut at the first step that the tree does not allow. */
  Tree.prototype.pathFromHash = function () {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash.indexOf(this.prefix) !== 0) return [this.data.start];
    var ids = hash.slice(this.prefix.length).split("/");
    var path = [this.data.start];
    for (var i = ids[0] === this.data.start ? 1 : 0; i < ids.length; i++) {
      if (this.nextOf(path[path.length - 1]).indexOf(ids[i]) < 0) break;
      path.push(ids[i]);
    }
    return path;
  };

  Tree.prototype.go = function (path) {
    location.hash = this.prefix + path.join("/");
  };

  Tree.prototype.answerLabel = function (from, to) {
    var answers = this.data.nodes[from].answers || [];
    for (var i = 0; i < answers.length; i++) if (answers[i].next === to) return answers[i].label;
    return "";
  };

  Tree.prototype.render = function () {
    var self = this, ui = this.data.ui, path = this.pathFromHash();
    var id = path[path.length - 1], node = this.data.nodes[id];
    this.path = path;
    this.view.textContent = "";
    this.view.setAttribute("data-node", id);

    if (path.length > 1) {
      var nav = el("nav", "pb-crumbs");
      nav.setAttribute("aria-label", ui.path);
      nav.appendChild(el("p", "pb-crumbs__title", ui.path));
      var list = el("ol");
      path.slice(0, -1).forEach(function (step, i) {
        var li = el("li");
        var a = el("a", "pb-crumb");
        a.href = "#" + self.prefix + path.slice(0, i + 1).join("/");
        a.innerHTML = self.data.nodes[step].question;
        var chosen = el("span", "pb-crumb__answer");
        chosen.innerHTML = self.answerLabel(step, path[i + 1]);
        li.appendChild(a);
        li.appendChild(document.createTextNode(" → "));
        li.appendChild(chosen);
        list.appendChild(li);
      });
      nav.appendChild(list);
      this.view.appendChild(nav);
    }

    var card = el("div", "pb-card");
    if (node.question !== undefined) {
      var q = el("p", "pb-card__question");
      q.innerHTML = node.question;
      card.appendChild(q);
      var buttons = el("div", "pb-card__answers");
      node.answers.forEach(function (answer) {
        var b = el("button", "md-button pb-answer");
        b.type = "button";
        b.innerHTML = answer.label;
        b.setAttribute("data-next", answer.next);
        b.addEventListener("click", function () { self.go(path.concat([answer.next])); });
        buttons.appendChild(b);
      });
      card.appendChild(buttons);
      if (node.amount) card.appendChild(this.amountForm(node, path));
    } else {
      card.classList.add("pb-card--outcome", "pb-kind-" + node.kind);
      card.appendChild(el("p", "pb-kind", node.kind_label));
      var body = el("div", "pb-card__outcome");
      body.innerHTML = node.outcome;
      card.appendChild(body);
      (node.links || []).forEach(function (link) {
        var a = el("a", "md-button pb-outcome-link", link.label);
        a.href = link.href;
        card.appendChild(a);
      });
      var copy = el("button", "md-button pb-copy-summary", ui.copy_summary);
      copy.type = "button";
      var status = el("span", "pb-copy-status");
      status.setAttribute("role", "status");
      copy.addEventListener("click", function () {
        copyText(self.summary()).then(function () { status.textContent = ui.copied; });
      });
      card.appendChild(copy);
      card.appendChild(status);
    }
    this.view.appendChild(card);

    var controls = el("div", "pb-controls");
    var back = el("button", "md-button pb-back", ui.back);
    back.type = "button";
    back.disabled = path.length < 2;
    back.addEventListener("click", function () { self.go(path.slice(0, -1)); });
    var restart = el("button", "md-button pb-restart", ui.start_over);
    restart.type = "button";
    restart.disabled = path.length < 2;
    restart.addEventListener("click", function () { self.go([self.data.start]); });
    controls.appendChild(back);
    controls.appendChild(restart);
    this.view.appendChild(controls);
  };

  /* On an amount question, staff type the amount and the tree picks the range for them. */
  Tree.prototype.amountForm = function (node, path) {
    var self = this, ui = this.data.ui;
    var form = el("form", "pb-amount");
    var label = el("label", "pb-field");
    label.appendChild(el("span", "", ui.amount_label));
    var input = el("input");
    input.type = "text";
    input.setAttribute("inputmode", "decimal");
    input.autocomplete = "off";
    label.appendChild(input);
    var go = el("button", "md-button md-button--primary", ui.amount_go);
    go.type = "submit";
    var status = el("span", "pb-amount__status");
    status.setAttribute("role", "status");
    form.appendChild(label);
    form.appendChild(go);
    form.appendChild(status);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      // Accept "1 500,50", "1,500.50" and "1500.5": the last separator is the decimal one.
      var raw = input.value.replace(/[\s\u00a0\u202f]/g, "").replace(/[^0-9.,]/g, "");
      var last = Math.max(raw.lastIndexOf(","), raw.lastIndexOf("."));
      if (last >= 0 && raw.length - last - 1 !== 3) {
        raw = raw.slice(0, last).replace(/[.,]/g, "") + "." + raw.slice(last + 1);
      } else {
        raw = raw.replace(/[.,]/g, "");
      }
      var value = raw === "" ? NaN : Number(raw);
      var match = isNaN(value) ? null : node.answers.filter(function (a) {
        return (a.over === null || value > a.over) && (a.up_to === null || value <= a.up_to);
      })[0];
      if (!match) {
        status.textContent = ui.amount_invalid;
        return;
      }
      self.go(path.concat([match.next]));
    });
    return form;
  };

  /* Plain text for a ticket or incident log: the questions, the answers, the outcome. */
  Tree.prototype.summary = function () {
    var self = this, path = this.path, lines = [htmlToText(this.data.title)];
    path.slice(0, -1).forEach(function (step, i) {
      lines.push((i + 1) + ". " + htmlToText(self.data.nodes[step].question) + " — " +
        htmlToText(self.answerLabel(step, path[i + 1])));
    });
    var last = this.data.nodes[path[path.length - 1]];
    if (last.outcome !== undefined) {
      lines.push(last.kind_label + ": " + htmlToText(last.outcome));
    }
    return lines.join("\n");
  };

  /* ---- scripts: fill in the placeholders, copy the filled text ---- */

  function Script(root) {
    var form = root.querySelector(".pb-fill");
    var inputs = form ? Array.prototype.slice.call(form.querySelectorAll("input")) : [];
    var ui = JSON.parse(root.getAttribute("data-ui"));
    if (form) {
      form.hidden = false;
      form.addEventListener("submit", function (e) { e.preventDefault(); });
    }

    function valueOf(name) {
      for (var i = 0; i < inputs.length; i++) {
        if (inputs[i].name === name) {
          return inputs[i].value.trim() || inputs[i].getAttribute("data-fallback") || "";
        }
      }
      return "";
    }
    function missing() {
      return inputs.filter(function (i) {
        return i.hasAttribute("data-required") && !i.value.trim();
      }).map(function (i) { return i.getAttribute("data-label"); });
    }

    var variants = Array.prototype.slice.call(root.querySelectorAll(".pb-variant"));
    function update() {
      var lacking = missing();
      variants.forEach(function (v) {
        v.querySelectorAll("mark.pb-ph").forEach(function (mark) {
          var value = valueOf(mark.getAttribute("data-ph"));
          if (!mark.hasAttribute("data-empty")) mark.setAttribute("data-empty", mark.textContent);
          mark.textContent = value || mark.getAttribute("data-empty");
          mark.classList.toggle("pb-ph--filled", !!value);
        });
        var button = v.querySelector(".pb-copy"), status = v.querySelector(".pb-copy-status");
        button.disabled = lacking.length > 0;
        status.textContent = lacking.length ? ui.copy_needs + " " + lacking.join(", ") : "";
      });
    }
    variants.forEach(function (v) {
      var row = v.querySelector(".pb-copy-row");
      row.hidden = false;
      v.querySelector(".pb-copy").addEventListener("click", function () {
        if (missing().length) return;
        var template = v.querySelector(".pb-say").getAttribute("data-template");
        var text = template.replace(/\{([a-z][a-z0-9_]*)\}/g, function (all, name) { return valueOf(name); });
        var status = v.querySelector(".pb-copy-status");
        copyText(text).then(function () { status.textContent = ui.copied; },
                            function () { status.textContent = ""; });
      });
    });
    inputs.forEach(function (i) { i.addEventListener("input", update); });
    update();
  }

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
      progress.textContent = n + " / " + boxes.length + " " + doneWord;
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

  function init() {
    var trees = Array.prototype.slice.call(document.querySelectorAll(".pb-tree")).map(function (r) {
      return new Tree(r);
    });
    function renderTrees() { trees.forEach(function (t) { t.render(); }); }
    renderTrees();
    window.addEventListener("hashchange", renderTrees);
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details.pb-tree-static").forEach(function (d) { d.setAttribute("open", ""); });
    });
    var hash = decodeURIComponent(location.hash.slice(1));
    trees.forEach(function (t) {
      if (hash.indexOf(t.prefix) === 0) t.root.scrollIntoView();
    });
    document.querySelectorAll(".pb-script").forEach(function (r) { Script(r); });
    document.querySelectorAll(".pb-checklist").forEach(function (r) { Checklist(r); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
