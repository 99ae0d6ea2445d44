/* Inside worker-frame.html: gives the worker scripts what a worker has (postMessage to
 * its owner, importScripts, message events) and loads them in order: Material's worker
 * (?worker=) first, then the script that wraps it (?script=). Only plain file names and
 * relative paths inside the site are accepted. */
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var owner = window.parent;
  var safe = /^(\.\.\/)?[A-Za-z0-9._\/-]+\.js(\?[A-Za-z0-9._=&%-]*)?$/;
  var loaded = {};
  var parsing = true;

  /* While the frame is parsed, scripts are written in place (run in order, before the
   * next; the promise tells when the frame is parsed, so when they ran); later (Material
   * loads the language stemmers on set-up, awaiting the result), they are appended one
   * after the other and a promise tells when they ran. */
  function load(names) {
    names = names.filter(function (n) { return safe.test(n) && n.indexOf("//") < 0 && !loaded[n]; });
    names.forEach(function (n) { loaded[n] = true; });
    if (parsing) {
      names.forEach(function (n) { document.write('<script src="' + n + '"><\/script>'); });
      return parsed;
    }
    return names.reduce(function (done, n) {
      return done.then(function () {
        return new Promise(function (resolve, reject) {
          var s = document.createElement("script");
          s.src = n;
          s.onload = resolve;
          s.onerror = function () { reject(new Error("could not load " + n)); };
          document.head.appendChild(s);
        });
      });
    }, Promise.resolve());
  }

  var parsed = new Promise(function (resolve) {
    document.addEventListener("DOMContentLoaded", function () { parsing = false; resolve(); });
  });
  // Material's worker looks for an iframe-worker shim in `parent`; this frame is not
  // that shim (and its owner may be another origin), so `parent` is hidden from it.
  window.parent = undefined;
  window.postMessage = function (message) { owner.postMessage(message, "*"); };
  // A worker hears its owner only.
  window.addEventListener("message", function (e) {
    if (e.source !== owner) e.stopImmediatePropagation();
  }, true);
  window.importScripts = function () { return load(Array.prototype.slice.call(arguments)); };
  // The wrapper reads its own parameters (?worker=) from its script address.
  var rest = new URLSearchParams(location.search);
  rest.delete("script");
  load([params.get("worker") || "", (params.get("script") || "") + (rest.toString() ? "?" + rest : "")]);
})();
