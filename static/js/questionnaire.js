/* The questionnaire page (R-Q2, R-Q3): keeps the total, the number of answered items and the provisional
 * result up to date while the caseworker answers. All texts come from data-attributes that the server has
 * already translated; the thresholds are those of the rule set in force. Loaded with defer (CSP: no inline
 * scripts). Without JavaScript the page still works: the server computes the same numbers on each render. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-questionnaire]");
  if (!form) {
    return;
  }
  var output = document.getElementById("questionnaire-total");
  if (!output) {
    return;
  }
  var totalEl = output.querySelector("[data-total]");
  var answeredEl = output.querySelector("[data-answered]");
  var resultEl = output.querySelector("[data-result]");

  var need = parseInt(form.dataset.thresholdNeed, 10);
  var high = parseInt(form.dataset.thresholdHigh, 10);
  var itemCount = parseInt(form.dataset.itemCount, 10);
  var labels = {
    no_need: form.dataset.labelNoNeed || "",
    base: form.dataset.labelBase || "",
    high: form.dataset.labelHigh || "",
    incomplete: form.dataset.labelIncomplete || ""
  };

  function resultOf(total) {
    if (total < need) {
      return labels.no_need;
    }
    if (total < high) {
      return labels.base;
    }
    return labels.high;
  }

  function update() {
    var total = 0;
    var answered = 0;
    var checked = form.querySelectorAll("input[type=radio][data-points]:checked");
    var seen = {};
    Array.prototype.forEach.call(checked, function (radio) {
      if (seen[radio.name]) {
        return;
      }
      seen[radio.name] = true;
      var points = parseInt(radio.dataset.points, 10);
      if (!isNaN(points)) {
        total += points;
        answered += 1;
      }
    });
    var text = resultOf(total);
    if (answered < itemCount && labels.incomplete) {
      text += " (" + labels.incomplete + ")";
    }
    setText(totalEl, String(total));
    setText(answeredEl, String(answered));
    setText(resultEl, text);
  }

  // Only touch what changed, so that the live region does not repeat an unchanged total.
  function setText(element, text) {
    if (element && element.textContent !== text) {
      element.textContent = text;
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target && event.target.matches("input[type=radio][data-points]")) {
      update();
    }
  });
  // The browser may restore choices on "back"; start from what is checked now.
  window.addEventListener("pageshow", update);
  update();

  // After a failed save, move focus to the error summary so that it is read first.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
