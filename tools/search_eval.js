/* Runs the built site's own search worker in node, exactly as the browser does:
 * search-stemmed.js (our wrapper) loads Material's worker bundle, which loads lunr's
 * language support; the built search_index.json is sent as Material's SETUP message and
 * each query as a QUERY message. Used by `make search-eval` (tools/search_eval.py).
 *
 * Usage: [SEARCH_FRAME=1] node tools/search_eval.js SITE_LANG_DIR < queries.json > results.json
 * queries.json: ["query", ...]; results.json: [[{location, title, missing}, ...], ...]
 * (one list of result groups per query, best first, as the search dialog lists them). */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const siteDir = path.resolve(process.argv[2]);
const workers = path.join(siteDir, "assets", "javascripts", "workers");
const material = fs.readdirSync(workers).find(n => /^search\.[0-9a-f]+\.min\.js$/.test(n));
const indexFile = path.join(siteDir, "search", "search_index.json");
const index = JSON.parse(fs.readFileSync(indexFile, "utf8"));

// A dedicated-worker global scope, enough for Material's worker.
const listeners = [];
const replies = [];
let base = workers;
globalThis.self = globalThis;
globalThis.location = { href: "file://" + workers + "/search-stemmed.js?worker=" + material, search: "?worker=" + material };
globalThis.addEventListener = (type, fn) => { if (type === "message") listeners.push(fn); };
globalThis.postMessage = msg => replies.push(msg);
// SEARCH_FRAME=1: the order of the frame that runs search when the site is opened from
// disk (Material's worker first, then the wrapper, whose own import is then a no-op).
const frame = !!process.env.SEARCH_FRAME;
const loaded = new Set();
globalThis.importScripts = (...urls) => {
  for (const url of urls) {
    if (frame && loaded.has(url)) continue;
    loaded.add(url);
    const file = path.resolve(base, url);
    vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
  }
};
const quiet = console.warn;
console.warn = () => {};

function missingOf(doc) {
  return Object.keys(doc.terms || {}).filter(k => !doc.terms[k]);
}

function marked(doc, word) {
  const marks = ((doc.title || "") + " " + (doc.text || "")).match(/<mark>[^<]*<\/mark>/g) || [];
  const head = word.toLowerCase().slice(0, Math.max(3, Math.floor(word.length * 0.6)));
  return marks.some(m => m.slice(6, -7).toLowerCase().startsWith(head));
}

async function send(message) {
  replies.length = 0;
  for (const fn of listeners) await fn({ data: message });
  // Material's handler is async; let its promise settle.
  for (let i = 0; i < 20 && !replies.length; i++) await new Promise(r => setImmediate(r));
  return replies[replies.length - 1];
}

(async () => {
  if (frame) importScripts(material);
  importScripts("search-stemmed.js");
  const ready = await send({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } });
  if (!ready || ready.type !== 1) throw new Error("search worker did not become ready");
  const queries = JSON.parse(fs.readFileSync(0, "utf8"));
  const out = [];
  for (const q of queries) {
    const reply = await send({ type: 2, data: q });
    out.push(reply.data.items.map(group => {
      // A group is one page: its own entry first or among its sections.
      const page = group.find(d => !d.location.includes("#")) || group[0];
      const top = group[0];
      return {
        location: page.location.split("#")[0],
        title: page.title,
        // "Missing:" labels of the entries shown, and those that are false: the word is
        // highlighted in that very entry (what the staff review found on 56 of 59 results).
        missing: [...new Set(group.flatMap(missingOf))],
        false_missing: [...new Set(group.flatMap(d => missingOf(d).filter(w => marked(d, w))))],
        text: (top.text || "").replace(/<[^>]+>/g, "").slice(0, 200),
        ...(process.env.SEARCH_DEBUG ? {score: top.score, top: top.location, dtitle: top.title, terms: top.terms, docs: group} : {}),
      };
    }));
  }
  process.stdout.write(JSON.stringify(out));
})().catch(err => { quiet(err && err.stack || String(err)); process.exit(1); });
