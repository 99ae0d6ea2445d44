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
    var lang = document.documentElement.lang || undefined;
    /* What a field's kind makes of the typed text: an amount in the page's number format with
     * the currency, a date in the page's long date format; other kinds as typed. */
    function shown(input) {
      var typed = input.value.trim(), kind = input.getAttribute("data-kind");
      if (!typed) return input.getAttribute("data-fallback") || "";
      if (kind === "amount") {
        var read = PB.parseAmount(typed);
        return read.error ? typed : PB.formatAmount(read.value, typed, input.getAttribute("data-currency"));
      }
      if (kind === "date" && /^\d{4}-\d{2}-\d{2}$/.test(typed)) {
        var d = typed.split("-");
        return new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(new Date(+d[0], d[1] - 1, +d[2]));
      }
      return typed;
    }
    /* What is wrong with a typed value, in the page's language; "" when nothing is. */
    function problem(input) {
      var typed = input.value.trim(), kind = input.getAttribute("data-kind");
      if (!typed) return "";
      if (kind === "amount") {
        var read = PB.parseAmount(typed);
        return read.error === "negative" ? ui.amount_negative : read.error ? ui.amount_invalid : "";
      }
      if (kind === "phone") {
        return /^\+?[0-9\u0660-\u0669\u06f0-\u06f9]{4,16}$/.test(typed.replace(/[\s().\-\u00a0]/g, "")) ? "" : ui.phone_invalid;
      }
      if (kind === "email") return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(typed) ? "" : ui.email_invalid;
      return "";
    }
    function valueOf(name) {
      for (var i = 0; i < inputs.length; i++) {
        if (inputs[i].name === name) return shown(inputs[i]);
      }
      return "";
    }
    function missing() {
      return inputs.filter(function (i) {
        return i.hasAttribute("data-required") && !i.value.trim();
      }).map(function (i) { return i.getAttribute("data-label"); });
    }
    function wrong() {
      return inputs.filter(function (i) {
        var text = problem(i), error = i.parentNode.parentNode.querySelector(".pb-field__error");
        if (error) error.textContent = text;
        if (text) i.setAttribute("aria-invalid", "true"); else i.removeAttribute("aria-invalid");
        return !!text;
      }).map(function (i) { return i.getAttribute("data-label"); });
    }
    /* On a right-to-left page a value is wrapped in Unicode isolates (FSI ... PDI) only where it
     * would otherwise be reordered inside the sentence: Latin or Cyrillic letters, or digits
     * mixed with spaces, signs or a currency (a phone number, an amount, an e-mail address).
     * Never when the value is the whole text, and never inside a value. */
    function needsIsolates(value) {
      if (!ui.rtl || !value) return false;
      if (/[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]/.test(value)) return true;
      return /[0-9\u0660-\u0669\u06f0-\u06f9]/.test(value) && /[^0-9\u0660-\u0669\u06f0-\u06f9]/.test(value);
    }

    var variants = Array.prototype.slice.call(root.querySelectorAll(".pb-variant"));
    function update() {
      var lacking = missing(), bad = wrong();
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
        button.disabled = lacking.length > 0 || bad.length > 0;
        status.textContent = lacking.length ? ui.copy_needs + " " + lacking.join(ui.comma)
          : bad.length ? ui.check_field + " " + bad.join(ui.comma) : "";
      });
    }
    variants.forEach(function (v) {
      var row = v.querySelector(".pb-copy-row");
      row.hidden = false;
      v.querySelector(".pb-copy").addEventListener("click", function () {
        if (missing().length || wrong().length) return;
        var template = v.querySelector(".pb-say").getAttribute("data-template");
        var alone = /^\s*\{[a-z][a-z0-9_]*\}\.?\s*$/.test(template);
        var text = template.replace(/\{([a-z][a-z0-9_]*)\}(\.?)/g, function (all, name, dot) {
          var value = valueOf(name);
          if (endsSentence(value, dot)) dot = "";  // "by Fri 12.6." + "." is one full stop
          return (!alone && needsIsolates(value) ? "\u2068" + value + "\u2069" : value) + dot;
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
