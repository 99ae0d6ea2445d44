/* The reader's language, remembered on this device. Every page records its language
 * (localStorage, also from disk); the site's root page (site/index.html, which lists the
 * site's languages in data-languages, the default first) opens the language the reader
 * read last on this device, else the first of the browser's preferred languages that the
 * site has, else the default. Without scripts the root page's <noscript> refresh opens
 * the default language. */
(function () {
  "use strict";
  var KEY = "playbook-language";
  var root = document.documentElement;
  var offered = root.getAttribute("data-languages");

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  if (!offered) {
    try { if (root.lang) window.localStorage.setItem(KEY, root.lang); } catch (e) { /* storage off: nothing kept */ }
    return;
  }
  var codes = offered.split(" ");

  function match(tag) {
    // fi-FI is Finnish; sv is offered for sv-FI; a site language pt-BR for pt-BR only
    tag = String(tag || "").toLowerCase();
    for (var i = 0; i < codes.length; i++) if (codes[i].toLowerCase() === tag) return codes[i];
    var primary = tag.split("-")[0];
    for (var j = 0; j < codes.length; j++) if (codes[j].toLowerCase() === primary) return codes[j];
    return null;
  }

  var target = codes.indexOf(stored()) >= 0 ? stored() : null;
  var preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (var k = 0; !target && k < preferred.length; k++) target = match(preferred[k]);
  window.location.replace((target || codes[0]) + "/index.html");
})();
