/* Search from disk (file://). Browsers refuse `new Worker()` for file: pages, so
 * Material's search worker would never start. On file: pages only, Worker is replaced
 * by a hidden frame (worker-frame.html, beside the worker) that runs the same worker
 * scripts and passes messages both ways. Loaded before Material's bundle. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  // Material reads each language's sitemap.xml for the hreflang links in the head: from
  // disk the browser refuses, with an error per language. The links serve search engines.
  document.querySelectorAll('link[rel="alternate"][hreflang]').forEach(function (l) { l.remove(); });
  if (!window.Worker) return;

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
    frame.addEventListener("load", function () {
      ready = true;
      queue.splice(0).forEach(function (m) { frame.contentWindow.postMessage(m, "*"); });
    });
    window.addEventListener("message", function (e) {
      if (e.source !== frame.contentWindow) return;
      var event = new MessageEvent("message", { data: e.data });
      if (typeof self.onmessage === "function") self.onmessage(event);
      target.dispatchEvent(event);
    });
    (document.body || document.documentElement).appendChild(frame);
    this.postMessage = function (m) {
      if (ready) frame.contentWindow.postMessage(m, "*"); else queue.push(m);
    };
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);
    this.terminate = function () { frame.remove(); };
  }
  window.Worker = FrameWorker;
})();
