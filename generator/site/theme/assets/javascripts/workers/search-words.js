/* What staff type, per language: the word lists the search worker (search-stemmed.js)
 * uses. Loaded by that worker before it changes lunr's query handling; a list here
 * changes ranking, measured by `make search-eval` (see BENCHMARK.md). */
self.playbookSearchWords = {
  // Words for "the customer" weigh as little as words on most pages, even where a page
  // uses one rarely ("покупатель" in "тайный покупатель", mystery shopper).
  CUSTOMER: {
    en: ["customer", "client", "buyer", "consumer", "guest", "person", "people"],
    fi: ["asiakas", "ostaja", "kuluttaja", "henkilö", "ihminen"],
    ru: ["клиент", "покупатель", "заказчик", "потребитель", "человек", "гость"],
    ar: ["عميل", "العميل", "زبون", "الزبون", "مستهلك", "شخص"]
  },
  // Words staff type around what they mean, which lunr's stop-word lists lack:
  // contractions, fillers, question words and "do/get" verbs, colloquial forms.
  STOP: {
    en: "wont dont cant didnt doesnt isnt wasnt im ive hes shes theyre guy lady someone something " +
        "really just still please help what whats do does get got keeps",
    fi: "miten mitä mikä jotain joku jokin koko ajan aina ihan tosi vähän mä sä mun sun niinku " +
        "sit nyt saada tehdä voi mitäs vaikka saako voiko voinko saanko pitääkö kannattaako",
    ru: "вообще блин короче типа сейчас вот ну что-то какой-то сделать делать очень просто " +
        "постоянно всегда опять",
    ar: "شي شيء مين ايش شو وش اللي الي ليش كيف يعني عشان علشان بس هذا هاد هيك مره جدا كتير " +
        "كثير لنا لي اقدر اقدر ممكن يمكن يصير وين متى"
  },
  // Finnish verb forms the Snowball stemmer leaves whole: the MA-infinitive ("palaamaan",
  // "huutamasta", "uhkailemalla") and the -minen noun ("kiroileminen"). Cut back to the
  // verb stem before stemming, so that "palaamaan" finds "palaa" and "palata"; likewise
  // the "by way of" ending ("sähköpostitse", "puhelimitse").
  FI_VERB: /(m[aä]{2}n|m[aä]ss[aä]|m[aä]st[aä]|m[aä]ll[aä]|m[aä]tt[aä]|minen|misen|mista|mist[aä]|itse)$/,
  // Spelling variants folded before stemming, in the index and in the query alike:
  // Russian ё is mostly typed as е; Arabic is typed with or without diacritics and
  // tatweel and with any form of alef (the Arabic stemmer folds only the first alef; it
  // handles ى, ة and the hamza seats itself, so they are left to it), the spoken
  // present-tense prefix بـ is dropped, and the definite
  // article with a joined preposition is taken off first ("بالايميل": the stemmer made
  // "ايميلال" of it, and "ميل" of "ايميل").
  FOLD: {
    ru: function (w) { return w.replace(/ё/g, "е"); },
    ar: function (w) {
      return w.replace(/[\u064B-\u065F\u0670\u0640]/g, "").replace(/[أإآٱ]/g, "ا")
        .replace(/^(?:وال|بال|فال|كال|لل|ال)(?=[^\s]{3,}$)/, "")
        // spoken present tense: "بيشتم", "بتصرخ", "بنرد" are "يشتم", "تصرخ", "نرد"
        .replace(/^ب(?=[يتن][^\s]{2,}$)/, "");
    }
  },
  // Negation. "customer not happy" found the page on happy customers first: the stop-word
  // filter drops "not" in the index and in the query alike. A word after a negation (and
  // after the little words between, "ei ole", "is not very") is also indexed as
  // "~!stem"; a query word after a negation looks for that form where the index has it.
  NEGATION: {
    en: "not no never isn't isnt doesn't doesnt don't dont won't wont can't cant wasn't wasnt didn't didnt aren't arent",
    fi: "ei en et emme ette eivät eikä",
    ru: "не ни нет",
    ar: "غير مو مش ما لا ليس مب"
  },
  BETWEEN: {
    en: "is was are be been very really too at all",
    fi: "ole ollut olla yhtään ihan kovin kovinkaan",
    ru: "был была были очень совсем особо",
    ar: "هو هي كان كانت"
  }
};
