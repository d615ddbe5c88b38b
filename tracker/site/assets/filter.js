/* rectrack static site: the filters of a country page. Without JavaScript the form stays
   hidden and every thread is shown. Threads carry their topics, latest status, priority and
   flags as data attributes; a thread is shown when it matches every filter chosen. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("threads");
  if (!form || !list) { return; }
  var threads = Array.prototype.slice.call(list.querySelectorAll("article.thread"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var status = document.getElementById("filter-status");

  function words(value) {
    return value ? value.split(" ") : [];
  }

  function matches(thread, field, wanted) {
    if (!wanted) { return true; }
    var value = thread.getAttribute("data-" + field) || "";
    if (field === "topics") { return words(value).indexOf(wanted) !== -1; }
    if (field === "flags") {
      return wanted === "any" ? value !== "" : words(value).indexOf(wanted) !== -1;
    }
    return value === wanted;
  }

  function apply() {
    var chosen = selects.map(function (select) {
      return [select.getAttribute("data-filter"), select.value];
    });
    var shown = 0;
    threads.forEach(function (thread) {
      var visible = chosen.every(function (pair) { return matches(thread, pair[0], pair[1]); });
      thread.hidden = !visible;
      if (visible) { shown += 1; }
    });
    var filtered = chosen.some(function (pair) { return pair[1] !== ""; });
    status.textContent = filtered
      ? "Showing " + shown + " of " + threads.length + " threads."
      : "Showing all " + threads.length + " threads.";
  }

  selects.forEach(function (select) { select.addEventListener("change", apply); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
}());
