/* Material's search worker, tuned for what staff type. Loads Material's own worker (named
 * in this script's query string) and changes how lunr reads a query; the index and the
 * result list stay Material's. Measured by `make search-eval` (see BENCHMARK.md).
 *
 * 1. Stemming. Material adds a trailing wildcard to every term ("vihaisen" -> "vihaisen*")
 *    and lunr runs no stemmer on wildcard terms, while the index holds stems ("vihai").
 *    The part before the wildcard goes through the language's lunr stemmer: "vihai*".
 *    This is done where lunr parses the query, so Material's own check of which words a
 *    result contains sees the stem too (it used to label every stemmed word "Missing").
 * 2. Stop words ("how", "kuka", "как", "على") are dropped: wildcard terms skip lunr's
 *    stop-word filter, so "the*" matched "them", "then", "there"...
 * 3. Words on most pages, and the words for "customer" ("customer", "asiakas", "клиент",
 *    "عميل"), count for little: a title boost made them outweigh the word that names the
 *    situation.
 * 4. A stem of 6+ letters also matches one letter shorter, for less (consonant gradation,
 *    fleeting vowels); a word that matches nothing is tried with a shorter prefix (endings
 *    the stemmer does not know), then, from 5 letters, within one edit (typos).
 * 5. The "Missing:" label names what staff typed, and is not shown for a word found
 *    within one edit.
 * The word lists per language are in search-words.js (written per build from the language
 * packs, generator/languages/<code>/language.yaml `search:`), the index look-ups (prefixes,
 * typo corrections) in search-lookup.js; both are loaded before the patch applies. */
(function () {
  "use strict";
  var COMMON_SHARE = 0.5;   // on at least this share of the pages: a common word
  var COMMON_BOOST = 0.01;  // ... weighs this much (still found, but does not rank)
  var BACKOFF = 0.6;        // a prefix is shortened to no less than this share of the word
  var EXPANSION_BOOST = 0.3;  // longer words sharing a stem, next to the stem itself
  var SHORTER_MIN = 6;      // letters a stem needs before one letter shorter also counts
  var SHORTER_BOOST = 0.5;  // ... and how much that counts
  var FI_SHORTER_MIN = 7;   // Finnish: letters a stem needs before two letters shorter count
  var FI_SHORTER_BOOST = 0.3;
  var FUZZY_MIN = 4;        // letters a typed word needs before typos are tolerated
  var FUZZY_BOOST = 0.5;    // a match within one edit weighs less than an exact one
  var COORD_POWER = 2;      // how strongly matching more of the typed words counts

  // Under Material's iframe shim (site opened from disk) the worker runs in an iframe,
  // whose location is not this script's: read our own URL where the document has one.
  var own = (self.document && document.currentScript && document.currentScript.src) || self.location.href;
  var name = new URL(own, self.location.href).searchParams.get("worker") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) {
    throw new Error("search-stemmed.js: unexpected worker name " + name);
  }

  var lang = null;        // the index's language: from Material's set-up message or its stemmer
  var typed = {};         // stem -> the word staff typed (last query)
  var alt = {};           // stem -> index terms found for it by a shorter prefix or a typo lookup
  var matched = {};       // result ref -> index terms it matched (last query)
  var pages = null;       // the index's pages (locations without #), counted once
  // The word lists (search-words.js) and index look-ups (search-lookup.js): bound in
  // patch(), once those scripts have run (see the end of this file).
  var CUSTOMER, STOP, VERB, FOLD, NEGATION, BETWEEN, NEGATION_PREFIX, TWO_SHORTER, BUILTIN, nearPrefixes, expand;

  // Learn the index language from Material's set-up message, and cap every query before
  // lunr sees it (message type 2): a word of 30,000 letters kept the worker busy for 13 s
  // (one index look-up per letter it backed off), and no staff query is that long.
  var listen = self.addEventListener;
  self.addEventListener = function (type, fn, options) {
    if (type !== "message") return listen.call(self, type, fn, options);
    return listen.call(self, type, function (ev) {
      if (ev.data && ev.data.type === 0 && ev.data.data && ev.data.data.config) {
        lang = (ev.data.data.config.lang || [BUILTIN])[0];
        pages = null;
      }
      if (ev.data && ev.data.type === 2 && typeof ev.data.data === "string") {
        ev.data.data = capQuery(ev.data.data);
      }
      return fn.apply(this, arguments);
    }, options);
  };

  var MAX_QUERY = 200;  // characters of a query: a long sentence
  var MAX_WORD = 40;    // characters of a word: longer than any word of the four languages staff type
  function capQuery(text) {
    return text.slice(0, MAX_QUERY).replace(/\S{41,}/g, function (word) { return word.slice(0, MAX_WORD); });
  }

  // Results (message type 3): honest "Missing:" labels, in the words typed.
  var post = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.type === 3 && message.data && message.data.items) {
      message.data.items.forEach(function (group) { group.forEach(relabel); });
    }
    return post.apply(self, arguments);
  };

  function relabel(doc) {
    var terms = doc.terms || {};
    var out = {};
    Object.keys(terms).forEach(function (key) {
      var found = terms[key];
      if (!found && alt[key]) {
        found = (matched[doc.location] || []).some(function (t) { return alt[key].indexOf(t) >= 0; });
      }
      // Found: the stem (Material highlights it on the page); missing: what was typed.
      out[found ? key : (typed[key] || key)] = found;
    });
    doc.terms = out;
  }

  // The index's language, from its stemmer: when the site is opened from disk the worker
  // runs in a frame where Material's worker listens before this script does, so the
  // set-up message is not seen here.
  function languageOf(index) {
    var stack = (index.pipeline && index.pipeline._stack) || [];
    return Object.keys(CUSTOMER).filter(function (code) {
      return code !== BUILTIN && lunr[code] && stack.indexOf(lunr[code].stemmer) >= 0;
    })[0] || (stack.indexOf(lunr.stemmer) >= 0 ? BUILTIN : null);
  }

  var stopSets = {};

  function stopWord(word) {
    var folded = FOLD[lang] ? FOLD[lang](word) : word;
    var set = stopSets[lang] = stopSets[lang] || STOP[lang] && STOP[lang].split(" ").reduce(function (o, w) {
      o[FOLD[lang] ? FOLD[lang](w) : w] = true;
      return o;
    }, {});
    if (set && set[folded]) return true;
    var filter = lang === BUILTIN ? lunr.stopWordFilter : (lunr[lang] || {}).stopWordFilter;
    return !!filter && !filter(new lunr.Token(folded));
  }


  function stem(index, word) {
    if (word.length < 4) return word;
    var verb = VERB[lang];
    if (verb && word.length >= verb.min && verb.rx.test(word)) word = word.replace(verb.rx, function (end) { return verb.keep[end] || ""; });
    var out = index ? index.pipeline.runString(word) : [word];
    return out.length === 1 && out[0] ? out[0] : word;
  }

  function isPrefixTerm(clause) {
    var t = clause.term;
    return clause.presence !== lunr.Query.presence.PROHIBITED && !("editDistance" in clause) &&
      t.indexOf("*") === t.length - 1 && t.length > 1;
  }

  var current = null;  // the index Material built


  function fold(token) {
    var f = FOLD[lang];
    return f ? token.update(function (s) { return f(s); }) : token;
  }

  function languageOfPipeline(pipeline) {
    var stack = (pipeline && pipeline._stack) || [];
    return Object.keys(FOLD).filter(function (code) {
      return lunr[code] && stack.indexOf(lunr[code].stemmer) >= 0;
    })[0];
  }

  // Word pairs. The staff words are phrases ("win back", "money back", "take a break");
  // a query with two of a phrase's words next to each other ("how to win back a
  // customer") should find that phrase, not a page where "win" and "back" stand in
  // different sentences. Each pair of neighbouring words of a page's staff words (stop
  // words left out, not across a comma) is also indexed as one term, "~stem1_stem2"; the
  // "~" keeps the pairs out of reach of the single words' prefixes. (Pairs from titles
  // too were tried: section titles then outranked the pages; see BENCHMARK.md.)
  var PAIR_FIELDS = {keywords: true};
  var PAIR_BOOST = 3;        // a typed pair found among a page's staff phrases
  var field = null;  // the field being indexed

  // Negation: a word after a negation word (NEGATION), with at most a few BETWEEN words
  // between, is also indexed as "~!stem", and looked for so when typed so.
  var wordSets = {};
  function isIn(table, word) {
    var key = table === NEGATION ? "n" + lang : "b" + lang;
    var set = wordSets[key] = wordSets[key] || (table[lang] || "").split(" ").reduce(function (o, w) {
      o[FOLD[lang] ? FOLD[lang](w) : w] = true;
      return o;
    }, {});
    return !!set[FOLD[lang] ? FOLD[lang](word) : word];
  }
  function bare(token) { return token.toString().toLowerCase().replace(/[.,;:!?"«»“”()]+$/, ""); }
  function negated(words, i) {
    for (var j = i - 1; j >= 0 && j >= i - 3; j--) {
      if (isIn(NEGATION, words[j])) return true;
      if (!isIn(BETWEEN, words[j])) return false;
    }
    return false;
  }

  function markPhraseEnd(token, i, tokens) {
    if (/[,;.:]$/.test(token.toString())) token.metadata.phraseEnd = true;
    var before = [];
    for (var j = Math.max(0, i - 3); j < i; j++) {
      before.push(/[,;.:!?]$/.test(tokens[j].toString()) ? "." : bare(tokens[j]));
    }
    if (negated(before, before.length)) token.metadata.negated = true;
    return token;
  }

  function pair(token, i, tokens) {
    var out = [token];
    if (token.metadata.negated) out.push(token.clone(function () { return "~!" + token.toString(); }));
    var next = tokens[i + 1];
    if (PAIR_FIELDS[field] && next && !token.metadata.phraseEnd) {
      out.push(token.clone(function () { return "~" + token.toString() + "_" + next.toString(); }));
    }
    return out.length > 1 ? out : token;
  }

  // A language pack's `fold:` as a function: marks dropped, letters replaced, a prefix taken off.
  function folder(spec) {
    var marks = spec.marks ? new RegExp("[" + spec.marks + "]", "g") : null;
    var letters = spec.letters || {};
    var keys = Object.keys(letters);
    var letterRx = keys.length ? new RegExp("[" + keys.join("") + "]", "g") : null;
    var prefix = spec.prefix ? new RegExp(spec.prefix) : null;
    return function (w) {
      if (marks) w = w.replace(marks, "");
      if (letterRx) w = w.replace(letterRx, function (c) { return letters[c]; });
      if (prefix) w = w.replace(prefix, "");
      return w;
    };
  }

  function patch() {
    var w = self.playbookSearchWords, l = self.playbookSearchLookup;
    CUSTOMER = w.CUSTOMER; STOP = w.STOP; NEGATION = w.NEGATION; BETWEEN = w.BETWEEN;
    NEGATION_PREFIX = w.NEGATION_PREFIX; TWO_SHORTER = w.TWO_SHORTER; BUILTIN = w.BUILTIN;
    lang = lang || BUILTIN;
    // The packs' data as functions: spelling folds and verb endings (search-words.js is data only).
    FOLD = {}; VERB = {};
    Object.keys(w.FOLD).forEach(function (code) { FOLD[code] = folder(w.FOLD[code]); });
    Object.keys(w.VERB).forEach(function (code) {
      var v = w.VERB[code];
      VERB[code] = {rx: new RegExp(v.pattern), min: v.min || 0, keep: v.keep || {}};
    });
    nearPrefixes = l.nearPrefixes; expand = l.expand;
    lunr.Pipeline.registerFunction(markPhraseEnd, "playbook-phrase-end");
    lunr.Pipeline.registerFunction(pair, "playbook-pair");
    lunr.Pipeline.registerFunction(fold, "playbook-fold");
    // The fold goes in front of the language's stemmer, where the index is built and where
    // a query word is stemmed.
    var add = lunr.Builder.prototype.add;
    lunr.Builder.prototype.add = function () {
      var code = languageOfPipeline(this.pipeline);
      if (code && this.pipeline._stack.indexOf(fold) < 0) {
        lang = code;
        this.pipeline.before(lunr[code].stemmer, fold);
        if (this.searchPipeline._stack.indexOf(lunr[code].stemmer) >= 0) this.searchPipeline.before(lunr[code].stemmer, fold);
        else this.searchPipeline.add(fold);
      }
      if (this.pipeline._stack.indexOf(pair) < 0) {
        this.pipeline._stack.unshift(markPhraseEnd);
        this.pipeline.add(pair);
        Object.keys(this._fields).forEach(function (name) {
          var extract = this._fields[name].extractor;
          this._fields[name].extractor = function (doc) {
            field = String(doc.location).indexOf("#") < 0 ? name : null;  // pages, not sections
            return extract(doc);
          };
        }, this);
      }
      return add.apply(this, arguments);
    };

    var build = lunr.Builder.prototype.build;
    lunr.Builder.prototype.build = function () {
      current = build.apply(this, arguments);
      lang = languageOf(current) || lang;
      customerStems = null;
      return current;
    };

    // Stems and stop words, wherever a query is parsed (search and Material's term check).
    var parse = lunr.QueryParser.prototype.parse;
    lunr.QueryParser.prototype.parse = function () {
      var query = parse.apply(this, arguments);
      var raw = query.clauses.map(function (clause) { return clause.term.replace(/\*$/, ""); });
      var kept = query.clauses.filter(function (clause, i) {
        if (!isPrefixTerm(clause)) return true;
        var word = clause.term.slice(0, -1);
        if (stopWord(word) || isIn(NEGATION, word)) return false;
        var s = stem(current, word);
        if (current && negated(raw, i)) {
          // Russian writes many negated words as one ("не доволен" / "недоволен").
          var fused = NEGATION_PREFIX[lang] ? stem(current, NEGATION_PREFIX[lang] + word) : null;
          if (expand(current, "~!" + s).length) s = "~!" + s;
          else if (fused && expand(current, fused).length) s = fused;
        }
        if (s !== word) typed[s] = word;
        clause.term = s + "*";
        return true;
      });
      if (kept.length) query.clauses = kept;  // a query of stop words only stays as typed
      return query;
    };

    var query = lunr.Index.prototype.query;
    lunr.Index.prototype.query = function (fn) {
      var index = this;
      alt = {};
      var results = query.call(this, function (q) {
        fn.call(q, q);
        var extra = [];
        var active = q.clauses.filter(isPrefixTerm);
        active.forEach(function (clause, word) {
          var prefix = clause.term.slice(0, -1);
          var terms = expand(index, prefix);
          // Finnish and Russian endings the stemmer leaves ("uhkaileva" -> "uhkailev"):
          // shorten the prefix, down to BACKOFF of the word, until it finds something.
          for (var cut = prefix.length - 1; !terms.length && cut >= Math.max(4, Math.ceil(prefix.length * BACKOFF)); cut--) {
            terms = expand(index, prefix.slice(0, cut));
            if (terms.length) {
              alt[prefix] = terms;
              clause.term = prefix.slice(0, cut) + "*";
              typed[prefix.slice(0, cut)] = typed[prefix] || prefix;
            }
          }
          if (active.length > 1 && (customer(index, prefix) || share(index, terms) >= COMMON_SHARE)) {
            clause.boost *= COMMON_BOOST;
          }
          // Every word the prefix expands to counts once, so a page full of rare compounds
          // ("asiakas*": asiakaspalvelupiste, käyntiasiakas...) outscored the page that has
          // the word itself. Where the stem is a word of the index, it keeps the weight and
          // the other expansions share a fraction of it.
          var base = clause.term.slice(0, -1);
          if (index.invertedIndex[base] && terms.length > 1) {
            extra.push({term: base, boost: clause.boost, usePipeline: false, fields: clause.fields, word: word});
            clause.boost *= EXPANSION_BOOST;
          }
          // Consonant gradation and fleeting vowels ("keskeyttää" -> keskeyt, "keskeytä" ->
          // keskey): from 6 letters, the prefix one letter shorter also counts, for less.
          var stemNow = clause.term.slice(0, -1);
          if (terms.length && stemNow.length >= SHORTER_MIN) {
            extra.push({term: stemNow.slice(0, -1) + "*", boost: clause.boost * SHORTER_BOOST,
                        usePipeline: false, fields: clause.fields, word: word});
            alt[prefix] = expand(index, stemNow.slice(0, -1));
          }
          // Finnish stems of one word differ by more than a letter across its cases
          // ("valituksen" valituks, "valitus" valitus; "sähköpostilla" sähköpost,
          // "sähköposti" sähköpo; "puhelimessa" puhelim, "puhelin" puhel): from 7
          // letters, two letters shorter also counts, for less again.
          if (TWO_SHORTER[lang] && terms.length && stemNow.length >= FI_SHORTER_MIN) {
            extra.push({term: stemNow.slice(0, -2) + "*", boost: clause.boost * FI_SHORTER_BOOST,
                        usePipeline: false, fields: clause.fields, word: word});
            alt[prefix] = expand(index, stemNow.slice(0, -2));
          }
          // A typo ("yeling", "притензию", "compensaton"): the index words that begin
          // within one edit of the stem ("yele" -> yell), for less.
          if (!terms.length && (typed[prefix] || prefix).length >= FUZZY_MIN && prefix.length >= 4) {
            var near = nearPrefixes(index, prefix);
            if (near.length) {
              alt[prefix] = [];
              near.forEach(function (p) {
                alt[prefix] = alt[prefix].concat(expand(index, p));
                extra.push({term: p + "*", boost: clause.boost * FUZZY_BOOST,
                            usePipeline: false, fields: clause.fields, word: word});
              });
            }
          }
        });
        // Neighbouring words typed, in either order, against the indexed pairs.
        for (var i = 0; i + 1 < active.length; i++) {
          var a = active[i].term.slice(0, -1).replace(/^~!/, ""), b = active[i + 1].term.slice(0, -1).replace(/^~!/, "");
          var boost = PAIR_BOOST;  // a pair is rare even where one of its words is common
          [[a, b], [b, a]].forEach(function (ab) {
            extra.push({term: "~" + ab[0] + "*_" + ab[1] + "*", boost: boost, usePipeline: false,
                        wildcard: lunr.Query.wildcard.NONE, fields: active[i].fields, word: -1});
          });
        }
        extra.forEach(function (clause) { q.clause(clause); });
        words = active.map(function (clause, i) {
          var own = [clause].concat(extra.filter(function (e) { return e.word === i; }));
          var terms = {};
          own.forEach(function (c) {
            index.tokenSet.intersect(lunr.TokenSet.fromClause(c)).toArray().forEach(function (t) { terms[t] = true; });
          });
          return {terms: terms, weight: clause.boost < 0.1 ? COMMON_BOOST : 1};
        });
      });
      matched = {};
      results.forEach(function (r) { matched[r.ref] = Object.keys(r.matchData.metadata); });
      return coordinate(results);
    };
  }

  // Coordination: a page that matches more of the words typed comes before one that
  // matches a single word very strongly ("asks me to break the rules": "break" is a
  // staff word of the page about taking a break). Each typed word counts once per page,
  // wherever on the page it matched; common words and words for "customer" barely count.
  var words = [];
  function coordinate(results) {
    var total = words.reduce(function (sum, w) { return sum + w.weight; }, 0);
    if (words.length < 2 || !total) return results;
    var byPage = {};
    results.forEach(function (r) {
      var page = r.ref.split("#")[0];
      var seen = byPage[page] = byPage[page] || {};
      Object.keys(r.matchData.metadata).forEach(function (t) { seen[t] = true; });
    });
    var coord = {};
    Object.keys(byPage).forEach(function (page) {
      var got = words.reduce(function (sum, w) {
        return sum + (Object.keys(w.terms).some(function (t) { return byPage[page][t]; }) ? w.weight : 0);
      }, 0);
      coord[page] = Math.pow(got / total, COORD_POWER);
    });
    results.forEach(function (r) { r.score *= coord[r.ref.split("#")[0]]; });
    return results.sort(function (a, b) { return b.score - a.score; });
  }

  var customerStems = null;
  function customer(index, prefix) {
    if (!customerStems) {
      customerStems = (CUSTOMER[lang] || []).map(function (w) { return stem(index, w); });
    }
    return customerStems.some(function (s) { return prefix.indexOf(s) === 0 || s.indexOf(prefix) === 0 && prefix.length >= 4; });
  }





  // The share of pages (a page and its sections count once) holding any of these terms.
  function share(index, terms) {
    if (!pages) {
      pages = {};
      Object.keys(index.fieldVectors).forEach(function (key) {
        pages[key.slice(key.indexOf("/") + 1).split("#")[0]] = true;
      });
    }
    var hit = {};
    terms.forEach(function (term) {
      var posting = index.invertedIndex[term] || {};
      Object.keys(posting).forEach(function (field) {
        if (field === "_index") return;
        Object.keys(posting[field]).forEach(function (ref) { hit[ref.split("#")[0]] = true; });
      });
    });
    var total = Object.keys(pages).length;
    return total ? Object.keys(hit).length / total : 0;
  }

  var loaded = importScripts("search-words.js", "search-lookup.js", name);
  if (loaded && typeof loaded.then === "function") loaded.then(patch);  // iframe shim
  else patch();
})();
