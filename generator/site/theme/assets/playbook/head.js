/* Loaded in the head, before the page is drawn and before Material's bundle. Plain
 * JavaScript, no network of its own.
 *
 * 1. Scripts run: <html> gets the class pb-js, so the page widgets (tree, script, checklist)
 *    take their room from the first paint (playbook.css) and the page does not jump when
 *    they start. Without scripts the class is never set and the pages show what works
 *    without them (the whole tree, no dead fill-in forms).
 * 2. Search runs our wrapper worker (workers/search-stemmed.js, which loads Material's own
 *    worker named in its query string and stems query prefixes) instead of Material's.
 * 3. Search starts when the reader wants it: the index and the worker are fetched when the
 *    search box is first focused (or the page was opened from a search result), not on
 *    every page view. A first visit then costs what a plain Material page costs.
 * 4. From disk (file://) browsers refuse `new Worker()`: the worker runs in a hidden frame
 *    (worker-frame.html, beside the worker) that passes messages both ways.
 * 5. Material fetches sitemap.xml beside every hreflang link of the head, for its own
 *    language selector, which we replace (partials/alternate.html): those fetches miss, and
 *    from disk the browser refuses them. The links are taken out while Material starts and
 *    put back once the page has loaded, for search engines that read the rendered page. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("pb-js");

  var fromDisk = location.protocol === "file:";

  /* ---- 5. hreflang links out while Material starts ---- */
  var alternates = Array.prototype.slice.call(document.querySelectorAll('link[rel="alternate"][hreflang]'));
  alternates.forEach(function (l) { l.remove(); });
  if (!fromDisk) {
    window.addEventListener("load", function () {
      alternates.forEach(function (l) { document.head.appendChild(l); });
    });
  }

  /* ---- 3. search wanted: the first focus on the search box, or a page opened from a result ---- */
  var wanted = false, waiting = [];
  function want() {
    if (wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }
  function whenWanted(go) { if (wanted) go(); else waiting.push(go); }
  // Material marks words of a result's page with ?h=…: that needs the index at once.
  if (fromDisk || /[?&]h=/.test(location.search)) wanted = true;
  document.addEventListener("focusin", function (e) {
    if (e.target && e.target.matches && e.target.matches("[data-md-component=search-query], .md-search__input")) want();
  });
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "__search" && e.target.checked) want();
  });

  // Material asks for the index with XMLHttpRequest when it starts: sent once search is wanted.
  var XHR = window.XMLHttpRequest;
  if (XHR && !fromDisk) {
    var open = XHR.prototype.open, send = XHR.prototype.send;
    XHR.prototype.open = function (method, url) {
      this.pbIndex = /\/search\/search_index\.json(\?|$)/.test(String(url));
      return open.apply(this, arguments);
    };
    XHR.prototype.send = function () {
      var self = this, args = arguments;
      if (!this.pbIndex || wanted) return send.apply(this, args);
      whenWanted(function () { send.apply(self, args); });
    };
  }

  /* ---- 2. and 4.: the search worker ---- */
  var RealWorker = window.Worker;
  if (!RealWorker) return;

  function ourWorker(url) {
    var address = new URL(url, location.href);
    var name = address.pathname.split("/").pop();
    if (!/^search\.[^/]*\.js$/.test(name)) return address.href;  // not Material's search worker
    address.pathname = address.pathname.replace(/[^/]+$/, "search-stemmed.js");
    address.search = "?worker=" + encodeURIComponent(name);
    return address.href;
  }

  var nativePost = window.postMessage;  // the browser's own (a window's methods are its own properties)

  /* A worker in a hidden frame, for pages opened from disk. */
  function FrameWorker(url) {
    var target = new EventTarget(), queue = [], ready = false, self = this;
    var script = new URL(url, location.href);
    var frameUrl = new URL("worker-frame.html", script);
    frameUrl.search = script.search;  // the wrapped worker's own parameters
    frameUrl.searchParams.set("script", script.pathname.split("/").pop());
    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    frame.tabIndex = -1;
    frame.title = "";
    frame.src = frameUrl.href;
    // A browser that lets file: pages reach each other (Chromium's
    // --allow-file-access-from-files) makes the frame same-origin: its window.postMessage is
    // then the frame's own (which sends to us, see worker-frame.js), so the browser's is used.
    function send(m) {
      var w = frame.contentWindow, same = false;
      try { same = !!w.document; } catch (e) { same = false; }
      if (same) nativePost.call(w, m, "*"); else w.postMessage(m, "*");
    }
    frame.addEventListener("load", function () {
      ready = true;
      queue.splice(0).forEach(send);
    });
    window.addEventListener("message", function (e) {
      if (e.source !== frame.contentWindow) return;
      var event = new MessageEvent("message", { data: e.data });
      if (typeof self.onmessage === "function") self.onmessage(event);
      target.dispatchEvent(event);
    });
    (document.body || document.documentElement).appendChild(frame);
    this.postMessage = function (m) {
      if (ready) send(m); else queue.push(m);
    };
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);
    this.terminate = function () { frame.remove(); };
  }

  /* Material's search worker, started when search is wanted; messages wait until then. */
  function LaterWorker(url, options) {
    var target = new EventTarget(), queue = [], real = null, self = this;
    function forward(e) {
      var event = new MessageEvent("message", { data: e.data });
      if (typeof self.onmessage === "function") self.onmessage(event);
      target.dispatchEvent(event);
    }
    whenWanted(function () {
      real = new RealWorker(url, options);
      real.addEventListener("message", forward);
      real.addEventListener("error", function (e) { target.dispatchEvent(new Event("error")); });
      queue.splice(0).forEach(function (m) { real.postMessage(m); });
    });
    this.postMessage = function (m) { if (real) real.postMessage(m); else queue.push(m); };
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);
    this.terminate = function () { if (real) real.terminate(); waiting.length = 0; };
  }

  window.Worker = function (url, options) {
    var address = ourWorker(url);
    if (fromDisk) return new FrameWorker(address);
    if (address !== new URL(url, location.href).href) return new LaterWorker(address, options);
    return new RealWorker(url, options);
  };
})();
