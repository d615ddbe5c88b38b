/* rectrack static site: full-text search over every recommendation, as you type, offline.
   The index (search-index.js, beside the pages) sets window.RECTRACK_SEARCH to
   {format: 2, statuses: [null, status, ...], countries: [{code, folder, reports: [report id,
   ...], threads: [[page name, [[report, number, text, status(, anchor)], ...]], ...]}, ...]}
   (tracker/site/render.py, search_index), expanded here into one row per recommendation:
   [key, text, href, status, country]. Results are built with textContent only: text from the
   store is never read as markup. */
(function () {
  "use strict";
  var data = window.RECTRACK_SEARCH;
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var country = document.getElementById("search-country");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var LIMIT = 100;
  if (!form || !input || !status || !results) { return; }
  if (!data || !data.countries) {
    status.textContent = "The search index (search-index.js) could not be loaded.";
    return;
  }
  var LABELS = {
    "fully-implemented": "fully implemented",
    "mostly-implemented": "mostly implemented",
    "partially-implemented": "partially implemented",
    "not-implemented": "not implemented",
    "no-longer-relevant": "no longer relevant"
  };
  var rows = [];
  data.countries.forEach(function (country) {
    country.threads.forEach(function (thread) {
      var page = country.folder + "/threads/" + thread[0] + ".html#";
      thread[1].forEach(function (member) {
        var report = country.reports[member[0]];
        var anchor = member.length > 4 ? member[4] : report + "--" + member[1];
        rows.push([report + "#" + member[1], member[2], page + anchor,
          data.statuses[member[3]], country.code]);
      });
    });
  });

  function fold(text) {
    var lower = text.toLowerCase();
    return lower.normalize ? lower.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : lower;
  }

  var haystacks = rows.map(function (row) { return fold(row[0] + " " + row[1]); });

  function render(query, where) {
    var terms = fold(query).split(/\s+/).filter(function (term) { return term !== ""; });
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (terms.length === 0) {
      status.textContent = "Type to search " + rows.length + " recommendations.";
      return;
    }
    var found = 0;
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < rows.length; i += 1) {
      var row = rows[i];
      if (where && row[4] !== where) { continue; }
      var text = haystacks[i];
      var all = true;
      for (var t = 0; t < terms.length; t += 1) {
        if (text.indexOf(terms[t]) === -1) { all = false; break; }
      }
      if (!all) { continue; }
      found += 1;
      if (found > LIMIT) { continue; }
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = row[2];
      link.className = "key";
      link.textContent = row[0];
      var note = document.createElement("small");
      note.textContent = " " + (row[3] ? LABELS[row[3]] || row[3] : "not assessed");
      var body = document.createElement("p");
      body.textContent = row[1];
      item.appendChild(link);
      item.appendChild(note);
      item.appendChild(body);
      fragment.appendChild(item);
    }
    results.appendChild(fragment);
    if (found === 0) {
      status.textContent = "No recommendation holds every word of \u201c" + query + "\u201d.";
    } else if (found > LIMIT) {
      status.textContent = found + " recommendations found; the first " + LIMIT + " are shown: add words to narrow the search.";
    } else {
      status.textContent = found + (found === 1 ? " recommendation" : " recommendations") + " found.";
    }
  }

  var pending = null;
  function schedule() {
    if (pending !== null) { window.clearTimeout(pending); }
    pending = window.setTimeout(function () {
      pending = null;
      render(input.value, country ? country.value : "");
    }, 120);
  }

  input.addEventListener("input", schedule);
  if (country) { country.addEventListener("change", schedule); }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    render(input.value, country ? country.value : "");
  });
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  if (country && params.get("country")) { country.value = params.get("country"); }
  render(input.value, country ? country.value : "");
}());
