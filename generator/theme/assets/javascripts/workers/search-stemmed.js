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
 *    within one edit. */
(function () {
  "use strict";
  var COMMON_SHARE = 0.5;   // on at least this share of the pages: a common word
  var COMMON_BOOST = 0.01;  // ... weighs this much (still found, but does not rank)
  // Words for "the customer" weigh as little as words on most pages, even where a page
  // uses one rarely ("покупатель" in "тайный покупатель", mystery shopper).
  var CUSTOMER = {
    en: ["customer", "client", "buyer", "consumer", "guest", "person", "people"],
    fi: ["asiakas", "ostaja", "kuluttaja", "henkilö", "ihminen"],
    ru: ["клиент", "покупатель", "заказчик", "потребитель", "человек", "гость"],
    ar: ["عميل", "العميل", "زبون", "الزبون", "مستهلك", "شخص"]
  };
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

  var lang = "en";
  var typed = {};         // stem -> the word staff typed (last query)
  var alt = {};           // stem -> index terms found for it by a shorter prefix or a typo lookup
  var matched = {};       // result ref -> index terms it matched (last query)
  var pages = null;       // the index's pages (locations without #), counted once

  // Learn the index language from Material's set-up message.
  var listen = self.addEventListener;
  self.addEventListener = function (type, fn, options) {
    if (type !== "message") return listen.call(self, type, fn, options);
    return listen.call(self, type, function (ev) {
      if (ev.data && ev.data.type === 0 && ev.data.data && ev.data.data.config) {
        lang = (ev.data.data.config.lang || ["en"])[0];
        pages = null;
      }
      return fn.apply(this, arguments);
    }, options);
  };

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
      return code !== "en" && lunr[code] && stack.indexOf(lunr[code].stemmer) >= 0;
    })[0] || (stack.indexOf(lunr.stemmer) >= 0 ? "en" : null);
  }

  // Words staff type around what they mean, which lunr's stop-word lists lack:
  // contractions, fillers, question words and "do/get" verbs, colloquial forms.
  var STOP = {
    en: "wont dont cant didnt doesnt isnt wasnt im ive hes shes theyre guy lady someone something " +
        "really just still please help what whats do does get got keeps",
    fi: "miten mitä mikä jotain joku jokin koko ajan aina ihan tosi vähän mä sä mun sun niinku " +
        "sit nyt saada tehdä voi mitäs vaikka saako voiko voinko saanko pitääkö kannattaako",
    ru: "вообще блин короче типа сейчас вот ну что-то какой-то сделать делать очень просто " +
        "постоянно всегда опять",
    ar: "شي شيء مين ايش شو وش اللي الي ليش كيف يعني عشان علشان بس هذا هاد هيك مره جدا كتير " +
        "كثير لنا لي اقدر اقدر ممكن يمكن يصير وين متى"
  };
  var stopSets = {};

  function stopWord(word) {
    var folded = FOLD[lang] ? FOLD[lang](word) : word;
    var set = stopSets[lang] = stopSets[lang] || STOP[lang] && STOP[lang].split(" ").reduce(function (o, w) {
      o[FOLD[lang] ? FOLD[lang](w) : w] = true;
      return o;
    }, {});
    if (set && set[folded]) return true;
    var filter = lang === "en" ? lunr.stopWordFilter : (lunr[lang] || {}).stopWordFilter;
    return !!filter && !filter(new lunr.Token(folded));
  }

  // Finnish verb forms the Snowball stemmer leaves whole: the MA-infinitive ("palaamaan",
  // "huutamasta", "uhkailemalla") and the -minen noun ("kiroileminen"). Cut back to the
  // verb stem before stemming, so that "palaamaan" finds "palaa" and "palata"; likewise
  // the "by way of" ending ("sähköpostitse", "puhelimitse").
  var FI_VERB = /(m[aä]{2}n|m[aä]ss[aä]|m[aä]st[aä]|m[aä]ll[aä]|m[aä]tt[aä]|minen|misen|mista|mist[aä]|itse)$/;

  function stem(index, word) {
    if (word.length < 4) return word;
    if (lang === "fi" && word.length >= 8 && FI_VERB.test(word)) word = word.replace(FI_VERB, function (end) { return end === "itse" ? "i" : ""; });
    var out = index ? index.pipeline.runString(word) : [word];
    return out.length === 1 && out[0] ? out[0] : word;
  }

  function isPrefixTerm(clause) {
    var t = clause.term;
    return clause.presence !== lunr.Query.presence.PROHIBITED && !("editDistance" in clause) &&
      t.indexOf("*") === t.length - 1 && t.length > 1;
  }

  var current = null;  // the index Material built

  // Spelling variants folded before stemming, in the index and in the query alike:
  // Russian ё is mostly typed as е; Arabic is typed with or without diacritics and
  // tatweel and with any form of alef (the Arabic stemmer folds only the first alef; it
  // handles ى, ة and the hamza seats itself, so they are left to it), and the definite
  // article with a joined preposition is taken off first ("بالايميل": the stemmer made
  // "ايميلال" of it, and "ميل" of "ايميل").
  var FOLD = {
    ru: function (w) { return w.replace(/ё/g, "е"); },
    ar: function (w) {
      return w.replace(/[\u064B-\u065F\u0670\u0640]/g, "").replace(/[أإآٱ]/g, "ا")
        .replace(/^(?:وال|بال|فال|كال|لل|ال)(?=[^\s]{3,}$)/, "");
    }
  };

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

  // Negation. "customer not happy" found the page on happy customers first: the stop-word
  // filter drops "not" in the index and in the query alike. A word after a negation (and
  // after the little words between, "ei ole", "is not very") is also indexed as
  // "~!stem"; a query word after a negation looks for that form where the index has it.
  var NEGATION = {
    en: "not no never isn't isnt doesn't doesnt don't dont won't wont can't cant wasn't wasnt didn't didnt aren't arent",
    fi: "ei en et emme ette eivät eikä",
    ru: "не ни нет",
    ar: "غير مو مش ما لا ليس مب"
  };
  var BETWEEN = {
    en: "is was are be been very really too at all",
    fi: "ole ollut olla yhtään ihan kovin kovinkaan",
    ru: "был была были очень совсем особо",
    ar: "هو هي كان كانت"
  };
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

  function patch() {
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
          var fused = lang === "ru" ? stem(current, "не" + word) : null;
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
          if (lang === "fi" && terms.length && stemNow.length >= FI_SHORTER_MIN) {
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

  var loaded = importScripts(name);
  if (loaded && typeof loaded.then === "function") loaded.then(patch);  // iframe shim
  else patch();
})();
