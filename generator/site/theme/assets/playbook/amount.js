/* Amount questions of decision trees: staff type an amount, the tree picks the range.
 * Plain JavaScript, no framework, no network. */
(function () {
  "use strict";
  var PB = window.PB;
  var el = PB.el;
  /* Digits of every script the site's languages use: Arabic-Indic (U+0660..) and
   * Persian (U+06F0..) become 0-9. */
  function westernDigits(text) {
    return text.replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x0660); })
               .replace(/[\u06f0-\u06f9]/g, function (d) { return String(d.charCodeAt(0) - 0x06f0); });
  }
  /* Currency signs and codes staff may type around the number. */
  var CURRENCY = /[\u20ac$\u00a3\u20bd\u00a5]|\b(?:eur|usd|gbp|rub|sar|aed|euroa?|euros?)\b|\u0435\u0432\u0440\u043e|\u0440\u0443\u0431\.?|\u0440\.|\u064a\u0648\u0631\u0648|\u0631\u064a\u0627\u0644|\u062f\u0631\u0647\u0645|\u0631\.\u0633\.?|\u062f\.\u0625\.?/gi;

  /* What staff typed, read as an amount: {value: number} or {error: "empty" | "negative" | "text"}.
   * Accepts "1 500,50", "1,500.50", "1500.5", "١٢٠٫٥٠", "۱۲۰٫۵۰", "١٬٥٠٠" and a currency sign.
   * The Arabic decimal separator ٫ is always the decimal one; otherwise the last "," or "." is,
   * unless exactly three digits follow it (then it groups thousands, as in "1.500" or "1,500"). */
  function parseAmount(text) {
    var raw = westernDigits(String(text || ""))
      .replace(/[\s\u00a0\u2007\u202f\u200e\u200f\u061c\u2066-\u2069']/g, "")
      .replace(CURRENCY, "");
    if (raw === "") return { error: "empty" };
    if (/^[-\u2212\u2012\u2013]/.test(raw) || /[-\u2212]$/.test(raw)) return { error: "negative" };
    if (/[^0-9.,\u066b\u066c]/.test(raw) || !/[0-9]/.test(raw)) return { error: "text" };
    raw = raw.replace(/\u066c/g, "");
    if (raw.indexOf("\u066b") >= 0) {
      if (raw.split("\u066b").length > 2) return { error: "text" };
      raw = raw.replace(/[.,]/g, "").replace("\u066b", ".");
    } else {
      var last = Math.max(raw.lastIndexOf(","), raw.lastIndexOf("."));
      if (last >= 0 && raw.length - last - 1 !== 3) {
        raw = raw.slice(0, last).replace(/[.,]/g, "") + "." + raw.slice(last + 1);
      } else {
        raw = raw.replace(/[.,]/g, "");
      }
    }
    var value = Number(raw);
    return isNaN(value) ? { error: "text" } : { value: value };
  }
  PB.parseAmount = parseAmount;

  /* The number staff typed, or NaN. */
  function readAmount(text) {
    var read = parseAmount(text);
    return read.error ? NaN : read.value;
  }
  PB.readAmount = readAmount;

  /* An amount in the page's language with the company's currency, in the digits staff typed
   * (Arabic-Indic typed, Arabic-Indic written): "30 €", "€30", "٣٠ €". Whole amounts without
   * decimals. No bidi marks: the page and the clipboard isolate a value where it needs it. */
  function formatAmount(value, typed, currency) {
    var digits = /[\u0660-\u0669]/.test(typed) ? "arab" : /[\u06f0-\u06f9]/.test(typed) ? "arabext" : "latn";
    var whole = Math.round(value * 100) % 100 === 0;
    var lang = document.documentElement.lang || navigator.language;
    try {
      return new Intl.NumberFormat(lang + "-u-nu-" + digits, {
        style: "currency", currency: currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2
      }).format(value).replace(/[\u200e\u200f\u061c]/g, "");
    } catch (e) {
      return String(value) + "\u00a0" + currency;
    }
  }
  PB.formatAmount = formatAmount;

  /* The amount typed into a tree, kept for this tab (sessionStorage, by tree id: the same in
   * every language) with the step it answered, so that the script opened from the outcome
   * and the ticket summary can use it. Null when the path no longer goes through that step. */
  function amountKey(tree) { return "pb-tree-amount:" + tree.data.id; }
  PB.typedAmount = function (tree, path) {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(amountKey(tree))); } catch (e) { saved = null; }
    if (!saved || !path) return saved;
    var at = path.indexOf(saved.node);
    return at >= 0 && path[at + 1] === saved.next ? saved : null;
  };
  function rememberAmount(tree, node, next, typed, value) {
    try {
      sessionStorage.setItem(amountKey(tree), JSON.stringify({ node: node, next: next, typed: typed, value: value }));
    } catch (e) { /* private mode: the amount is simply not carried */ }
  }

  /* On an amount question, staff type the amount and the tree picks the range for them. */
  PB.amountForm = function (tree, node, path) {
    var ui = tree.data.ui;
    var form = el("form", "pb-amount");
    var label = el("label", "pb-field");
    label.appendChild(el("span", "", ui.amount_label));
    // as the page draws it before this runs (partials/tree.html.j2): the same room
    var row = el("span", "pb-field__row");
    var input = el("input");
    input.type = "text";
    input.setAttribute("inputmode", "decimal");
    input.setAttribute("dir", "auto");
    input.autocomplete = "off";
    input.setAttribute("spellcheck", "false");
    row.appendChild(input);
    row.appendChild(el("span", "pb-unit", ui.currency_symbol));
    label.appendChild(row);
    var go = el("button", "md-button md-button--primary", ui.amount_go);
    go.type = "submit";
    var status = el("span", "pb-amount__status");
    status.setAttribute("role", "status");
    form.appendChild(label);
    form.appendChild(go);
    form.appendChild(status);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var read = parseAmount(input.value), value = read.value;
      var match = read.error ? null : node.answers.filter(function (a) {
        return (a.over === null || value > a.over) && (a.up_to === null || value <= a.up_to);
      })[0];
      if (!match) {
        // in the page's language: nothing typed, a negative amount, or not a number at all
        status.textContent = read.error === "empty" ? ui.amount_empty
          : read.error === "negative" ? ui.amount_negative : ui.amount_invalid;
        input.setAttribute("aria-invalid", "true");
        return;
      }
      input.removeAttribute("aria-invalid");
      rememberAmount(tree, path[path.length - 1], match.next, input.value.trim(), value);
      tree.go(path.concat([match.next]));
    });
    return form;
  };
})();
