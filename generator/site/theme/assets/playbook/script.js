/* Fill-in scripts: staff fill in the placeholders, then copy the filled text.
 * Plain JavaScript, no framework, no network. */
(function () {
  "use strict";
  var PB = window.PB;
  var el = PB.el, htmlToText = PB.htmlToText, copyText = PB.copyText;

  /* ---- scripts: fill in the placeholders, copy the filled text ---- */

  function Script(root) {
    var form = root.querySelector(".pb-fill");
    var inputs = form ? Array.prototype.slice.call(form.querySelectorAll("input")) : [];
    var ui = JSON.parse(root.getAttribute("data-ui"));
    if (form) {
      form.hidden = false;
      form.addEventListener("submit", function (e) { e.preventDefault(); });
    }

    /* A typed value that ends in a full stop (a date such as "12.6.", an abbreviation) before
       the template's own full stop: the two are one. */
    function endsSentence(value, after) {
      return /\.$/.test(value) && /^\./.test(after);
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
          var next = mark.nextSibling ? mark.nextSibling.textContent : "";
          mark.textContent = value ? (endsSentence(value, next) ? value.slice(0, -1) : value)
                                   : mark.getAttribute("data-empty");
          mark.classList.toggle("pb-ph--filled", !!value);
        });
        var button = v.querySelector(".pb-copy"), status = v.querySelector(".pb-copy-status");
        button.disabled = lacking.length > 0;
        status.textContent = lacking.length ? ui.copy_needs + " " + lacking.join(ui.comma) : "";
      });
    }
    variants.forEach(function (v) {
      var row = v.querySelector(".pb-copy-row");
      row.hidden = false;
      v.querySelector(".pb-copy").addEventListener("click", function () {
        if (missing().length) return;
        var template = v.querySelector(".pb-say").getAttribute("data-template");
        // On a right-to-left page each filled value is wrapped in Unicode isolates (FSI ... PDI),
        // so a phone number, e-mail or Latin name keeps its own order in the customer's mail app.
        var text = template.replace(/\{([a-z][a-z0-9_]*)\}(\.?)/g, function (all, name, dot) {
          var value = valueOf(name);
          if (endsSentence(value, dot)) dot = "";  // "by Fri 12.6." + "." is one full stop
          return (ui.rtl && value ? "\u2068" + value + "\u2069" : value) + dot;
        });
        var status = v.querySelector(".pb-copy-status");
        copyText(text).then(function () { status.textContent = ui.copied; },
                            function () { status.textContent = ""; });
      });
    });
    inputs.forEach(function (i) { i.addEventListener("input", update); });
    update();
  }

  PB.ready(function () {
    document.querySelectorAll(".pb-script").forEach(function (r) { Script(r); });
  });
})();
