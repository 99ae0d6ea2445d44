/* Amount questions of decision trees: staff type an amount, the tree picks the range.
 * Plain JavaScript, no framework, no network. */
(function () {
  "use strict";
  var PB = window.PB;
  var el = PB.el;
  /* The number staff typed, or NaN. Accepts "1 500,50", "1,500.50" and "1500.5": the last
   * separator is the decimal one unless exactly three digits follow it. */
  function readAmount(text) {
    var raw = text.replace(/[\s\u00a0\u202f]/g, "").replace(/[^0-9.,]/g, "");
    var last = Math.max(raw.lastIndexOf(","), raw.lastIndexOf("."));
    if (last >= 0 && raw.length - last - 1 !== 3) {
      raw = raw.slice(0, last).replace(/[.,]/g, "") + "." + raw.slice(last + 1);
    } else {
      raw = raw.replace(/[.,]/g, "");
    }
    return raw === "" ? NaN : Number(raw);
  }
  PB.readAmount = readAmount;

  /* On an amount question, staff type the amount and the tree picks the range for them. */
  PB.amountForm = function (tree, node, path) {
    var ui = tree.data.ui;
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
      var value = readAmount(input.value);
      var match = isNaN(value) ? null : node.answers.filter(function (a) {
        return (a.over === null || value > a.over) && (a.up_to === null || value <= a.up_to);
      })[0];
      if (!match) {
        status.textContent = ui.amount_invalid;
        return;
      }
      tree.go(path.concat([match.next]));
    });
    return form;
  };
})();
