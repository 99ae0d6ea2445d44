/* Shared helpers of the playbook widgets (tree.js, amount.js, script.js, checklist.js).
 * Loaded first. Every piece of page text the widgets show comes from the page itself
 * (HTML the generator escaped, or JSON embedded with tojson). */
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

  /* Runs fn once the page is parsed. */
  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  /* Material wraps wide tables in a scrolling box that a keyboard cannot reach: such a box
   * gets a tab stop while it overflows (WCAG 2.1.1; axe scrollable-region-focusable). */
  function reachableScroll() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }
  ready(reachableScroll);
  window.addEventListener("resize", reachableScroll);

  window.PB = { el: el, htmlToText: htmlToText, copyText: copyText, ready: ready };
})();
