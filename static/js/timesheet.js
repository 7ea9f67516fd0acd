// Adds timesheet rows without reloading the page (issue 5 §3); no inline script (CSP).
(function () {
  "use strict";
  var button = document.getElementById("add-row");
  var rows = document.getElementById("rows");
  var template = document.getElementById("row-template");
  if (!button || !rows || !template) { return; }
  button.addEventListener("click", function () {
    var fragment = template.content.cloneNode(true);
    var count = rows.querySelectorAll(".timesheet-row").length + 1;
    var number = fragment.querySelector(".row-number");
    if (number) { number.textContent = String(count); }
    rows.appendChild(fragment);
    var added = rows.querySelectorAll(".timesheet-row");
    var first = added[added.length - 1].querySelector("input");
    if (first) { first.focus(); }
  });
})();
