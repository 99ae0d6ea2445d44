/* Look-ups in a lunr index for the search worker (search-stemmed.js): the index words
 * a prefix reaches, and the likely corrections of a mistyped word. Plain functions of
 * the index; loaded by that worker before it changes lunr's query handling. */
(function () {
  "use strict";
  // Prefixes of index words within one edit (Damerau) of `stem`, at most FUZZY_MAX: the
  // typo's likely corrections.
  var FUZZY_MAX = 1;
  function nearPrefixes(index, stem) {
    var found = {};
    Object.keys(index.invertedIndex).forEach(function (term) {
      if (term[0] !== stem[0]) return;  // staff rarely mistype the first letter
      var best = prefixDistance(stem, term);
      if (best && best.d <= 1) {
        var p = term.slice(0, best.j);
        if (p.length >= 3) found[p] = true;
      }
    });
    // A shorter prefix (a letter dropped) reaches far more words ("yel": yelp as well as
    // yell): used only when no correction of the stem's own length exists.
    // Of equally near corrections, the one the index uses most (yell, not yelp, for "yele").
    var all = Object.keys(found);
    var full = all.filter(function (p) { return p.length >= stem.length; });
    var uses = {};
    (full.length ? full : all).forEach(function (p) { uses[p] = frequency(index, expand(index, p)); });
    return Object.keys(uses).sort(function (a, b) { return uses[b] - uses[a]; }).slice(0, FUZZY_MAX);
  }

  function frequency(index, terms) {
    return terms.reduce(function (sum, term) {
      var posting = index.invertedIndex[term] || {};
      return sum + Object.keys(posting).reduce(function (n, field) {
        if (field === "_index") return n;
        return n + Object.keys(posting[field]).reduce(function (k, ref) {
          return k + ((posting[field][ref].position || []).length || 1);
        }, 0);
      }, 0);
    }, 0);
  }

  // The smallest edit distance between `a` and a prefix of `b`, and that prefix's length.
  function prefixDistance(a, b) {
    var n = a.length, m = Math.min(b.length, n + 1), prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= m; j++) prev[j] = j;
    for (i = 1; i <= n; i++) {
      cur = [i];
      for (j = 1; j <= m; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
        }
      }
      prev2 = prev;
      prev = cur;
    }
    var best = null;
    for (j = Math.max(1, n - 1); j <= m; j++) {
      if (!best || prev[j] <= best.d) best = {d: prev[j], j: j};  // ties: the longer prefix
    }
    return best;
  }

  function expand(index, prefix) {
    return index.tokenSet.intersect(lunr.TokenSet.fromString(prefix + "*")).toArray();
  }

  self.playbookSearchLookup = {nearPrefixes: nearPrefixes, expand: expand};
})();
