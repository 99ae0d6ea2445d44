/* Material's search worker, plus stemming of what staff type.
 *
 * Material adds a trailing wildcard to every query term ("vihaisen" -> "vihaisen*"), and
 * lunr runs no stemmer on wildcard terms, while the index holds stems ("vihai"). So an
 * inflected Finnish or Russian word finds nothing. Here the part before the wildcard goes
 * through the index's own search pipeline (the language's lunr stemmer) first:
 * "vihaisen*" -> "vihai*", which matches every form sharing the stem. */
(function () {
  "use strict";
  var name = new URLSearchParams(self.location.search).get("worker") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) {
    throw new Error("search-stemmed.js: unexpected worker name " + name);
  }
  importScripts(name);

  var query = lunr.Index.prototype.query;
  lunr.Index.prototype.query = function (fn) {
    var pipeline = this.pipeline;
    return query.call(this, function (q) {
      fn.call(q, q);
      q.clauses.forEach(function (clause) {
        var term = clause.term;
        if (clause.usePipeline || term.indexOf("*") !== term.length - 1 || term.length < 4) return;
        var stemmed = pipeline.runString(term.slice(0, -1));
        if (stemmed.length === 1 && stemmed[0]) clause.term = stemmed[0] + "*";
      });
    });
  };
})();
