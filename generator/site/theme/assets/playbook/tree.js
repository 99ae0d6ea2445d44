/* Decision-tree widget: one question at a time, the path in the URL fragment.
 * Plain JavaScript, no framework, no network. */
(function () {
  "use strict";
  var PB = window.PB;
  var el = PB.el, htmlToText = PB.htmlToText, copyText = PB.copyText;

  /* ---- decision trees: the path lives in the URL fragment: #tree-ID:start/node/node ---- */

  function Tree(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector(".pb-tree-data").textContent);
    this.prefix = "tree-" + this.data.id + ":";
    // No live region: after each step focus moves to the new question or outcome, which
    // a screen reader then reads (and only that).
    this.view = el("div", "pb-widget");
    this.moved = [];  // script or checklist widgets shown inside the outcome, to put back
    root.insertBefore(this.view, root.firstChild);
    root.classList.add("pb-tree--live");
    var details = root.querySelector("details.pb-tree-static");
    if (details) details.removeAttribute("open");
  }

  Tree.prototype.nextOf = function (id) {
    var node = this.data.nodes[id];
    return (node && node.answers || []).map(function (a) { return a.next; });
  };

  /* The page's fragment, decoded; "" when it cannot be (a link with a broken escape such as
   * #%E0%A4%A must not take the tree away: the tree then starts at its start). */
  function fragment() {
    try {
      return decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return "";
    }
  }

  /* The path from the fragment, cut at the first step that the tree does not allow. */
  Tree.prototype.pathFromHash = function () {
    var hash = fragment();
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
    this.wantFocus = true;
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
    var hadFocus = this.view.contains(document.activeElement);
    this.path = path;
    this.putBack();
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
        a.addEventListener("click", function () { self.wantFocus = true; });
        a.innerHTML = self.data.nodes[step].question;
        var chosen = el("span", "pb-crumb__answer");
        chosen.innerHTML = self.answerLabel(step, path[i + 1]);
        li.appendChild(a);
        li.appendChild(document.createTextNode(" " + ui.arrow + " "));  // points the reading direction
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
      q.tabIndex = -1;
      var focusTarget = q;
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
      if (node.amount) card.appendChild(PB.amountForm(this, node, path));
    } else {
      card.classList.add("pb-card--outcome", "pb-kind-" + node.kind);
      var result = el("div", "pb-card__result");
      result.tabIndex = -1;
      result.appendChild(el("p", "pb-kind", node.kind_label));
      var body = el("div", "pb-card__outcome");
      body.innerHTML = node.outcome;
      result.appendChild(body);
      card.appendChild(result);
      focusTarget = result;
      var links = el("div", "pb-card__links");
      (node.links || []).forEach(function (link) { links.appendChild(self.outcomeLink(link, card)); });
      card.appendChild(links);
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
    // After an answer, Back, Start over or a step in the trail: on to the new question.
    if (this.wantFocus || hadFocus) focusTarget.focus();
    this.wantFocus = false;
  };

  /* "Open the script" / "Open the checklist": the script or checklist of this page opens
   * below the outcome (the same widget, moved, so what is filled in or ticked stays), and
   * the tree keeps its place; a second press puts it back. Other links are plain links. */
  Tree.prototype.outcomeLink = function (link, card) {
    var self = this;
    var heading = link.href.charAt(0) === "#" ? document.getElementById(link.href.slice(1)) : null;
    var widget = heading && heading.nextElementSibling;
    if (!widget || !/\bpb-(script|checklist)\b/.test(widget.className)) {
      var a = el("a", "md-button pb-outcome-link", link.label);
      a.href = link.href;
      return a;
    }
    var button = el("button", "md-button pb-outcome-link", link.label);
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      self.putBack();
      if (open) { button.focus(); return; }
      var panel = el("section", "pb-inline");
      var title = el("h3", "pb-inline__title", heading.textContent.replace(/[¶#]\s*$/, "").trim());
      title.tabIndex = -1;
      panel.appendChild(title);
      var marker = el("p", "pb-moved", self.data.ui.moved);
      widget.parentNode.insertBefore(marker, widget);
      panel.appendChild(widget);
      card.appendChild(panel);
      self.moved.push({ widget: widget, marker: marker, panel: panel, button: button });
      button.setAttribute("aria-expanded", "true");
      title.focus();
    });
    return button;
  };

  Tree.prototype.putBack = function () {
    this.moved.splice(0).forEach(function (m) {
      m.marker.parentNode.insertBefore(m.widget, m.marker);
      m.marker.remove();
      m.panel.remove();
      m.button.setAttribute("aria-expanded", "false");
    });
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

  PB.ready(function () {
    var trees = Array.prototype.slice.call(document.querySelectorAll(".pb-tree")).map(function (r) {
      return new Tree(r);
    });
    // The language switcher carries the tree's place: the node ids are the same in every
    // language, and the other page keeps what its tree allows.
    function keepPlace() {
      document.querySelectorAll(".md-select__link[hreflang]").forEach(function (a) {
        a.href = a.href.split("#")[0] + location.hash;
      });
    }
    function renderTrees() { trees.forEach(function (t) { t.render(); }); keepPlace(); }
    renderTrees();
    window.addEventListener("hashchange", renderTrees);
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details.pb-tree-static").forEach(function (d) { d.setAttribute("open", ""); });
    });
    var hash = fragment();
    trees.forEach(function (t) {
      if (hash.indexOf(t.prefix) === 0) t.root.scrollIntoView();
    });
  });
})();
