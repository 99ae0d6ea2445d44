/* Runs before Material's bundle: swap its search worker for search-stemmed.js, which
 * loads Material's own worker (named in the query string) and adds stemming to queries. */
(function () {
  "use strict";
  var el = document.getElementById("__config");
  if (!el) return;
  var config = JSON.parse(el.textContent);
  var material = config.search.split("/").pop();
  config.search = config.search.replace(/[^/]+$/, "search-stemmed.js") + "?worker=" + encodeURIComponent(material);
  el.textContent = JSON.stringify(config);
})();
