/* Loaded before Material's bundle. Search from disk (file://): browsers refuse
 * `new Worker()` for file: pages, so Material's search worker would never start. On
 * file: pages only, Worker is replaced by a hidden frame (worker-frame.html, beside the
 * worker) that runs the same worker scripts and passes messages both ways. */
(function () {
  "use strict";
  // Material fetches sitemap.xml beside every hreflang link of the head when it starts,
  // for its own language selector, which we replace (partials/alternate.html). Our links
  // name the same page in each language, so those fetches miss (404s in the console), and
  // from disk the browser refuses them. The links are taken out while Material starts and
  // put back once the page has loaded, for search engines that read the rendered page.
  var alternates = Array.prototype.slice.call(document.querySelectorAll('link[rel="alternate"][hreflang]'));
  alternates.forEach(function (l) { l.remove(); });
  if (location.protocol !== "file:") {
    window.addEventListener("load", function () {
      alternates.forEach(function (l) { document.head.appendChild(l); });
    });
    return;
  }
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
