// Follows a report being generated (R-F5): asks the status endpoint about once a second, updates the
// progress bar and the live status text, and reloads the page when the report is done. Without JavaScript
// the page offers a refresh link instead. No inline script (CSP).
(function () {
  "use strict";
  var region = document.getElementById("report-progress");
  if (!region || region.getAttribute("data-in-progress") !== "true" || !window.fetch) { return; }
  var url = region.getAttribute("data-status-url");
  var interval = parseInt(region.getAttribute("data-poll-interval"), 10) || 1000;
  var bar = document.getElementById("report-progress-bar");
  var text = document.getElementById("report-status-text");
  var failures = 0;
  var MAX_FAILURES = 5;

  function show(data) {
    if (bar) {
      bar.value = data.progress;
      bar.textContent = data.progress + " %";
    }
    var message = data.text + (data.status === "running" && data.stage ? " " + data.stage : "");
    // Change the live region only when the words change, so screen readers are not flooded.
    if (text && text.textContent !== message) { text.textContent = message; }
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        show(data);
        if (data.done) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, interval);
      })
      .catch(function () {
        failures += 1;
        if (failures >= MAX_FAILURES) { return; }  // the refresh link stays on the page
        window.setTimeout(poll, interval * 2);
      });
  }

  window.setTimeout(poll, interval);
})();
