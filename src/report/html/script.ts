// The one inline script of the dashboard: search, filter, sort and paginate the service table
// embedded as JSON. It builds rows with textContent only (never innerHTML), so a service name is
// always text; links are made only for http(s) URLs. Everything else on the page works without it.
export const TABLE_SCRIPT = `(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('svc-data').textContent);
  var L = D.labels, rows = D.rows, view = rows.slice(), page = 0, size = 50, sortK = -1, sortDir = 1;
  var q = document.getElementById('svc-q'), selA = document.getElementById('svc-app'), selX = document.getElementById('svc-act'),
      prob = document.getElementById('svc-prob'), tb = document.getElementById('svc-body'), info = document.getElementById('svc-info');
  var coll = typeof Intl !== 'undefined' ? new Intl.Collator(document.documentElement.lang) : null;
  function cmp(a, b) { a = a == null ? '' : a; b = b == null ? '' : b; if (typeof a === 'number' && typeof b === 'number') return a - b; return coll ? coll.compare(String(a), String(b)) : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0; }
  function apply() {
    var s = q.value.trim().toLowerCase(), a = selA.value, x = selX.value, p = prob.checked;
    view = rows.filter(function (r) {
      return (!a || r[1] === a) && (!x || r[3] === x) && (!p || r[6]) && (!s || (r[0] + ' ' + r[1] + ' ' + r[2]).toLowerCase().indexOf(s) >= 0);
    });
    if (sortK >= 0) view.sort(function (r1, r2) { return sortDir * cmp(r1[sortK], r2[sortK]); });
    page = 0;
    draw();
  }
  function cell(tr, text, cls) { var td = document.createElement('td'); td.textContent = text == null ? '' : String(text); if (cls) td.className = cls; tr.appendChild(td); return td; }
  function draw() {
    var pages = Math.max(1, Math.ceil(view.length / size));
    if (page >= pages) page = pages - 1;
    var frag = document.createDocumentFragment();
    view.slice(page * size, page * size + size).forEach(function (r) {
      var tr = document.createElement('tr');
      cell(tr, r[2], 'name');
      cell(tr, r[1]);
      cell(tr, L.actions[r[3]] || r[3]);
      cell(tr, L.by[r[4]] || r[4]);
      cell(tr, r[5] ? L.yes : '');
      cell(tr, L.problems[r[6]] || '', r[6] ? 'bad' : '');
      cell(tr, r[7]);
      var td = cell(tr, '');
      if (typeof r[8] === 'string' && /^https?:\\/\\//i.test(r[8])) {
        var a = document.createElement('a'); a.href = r[8]; a.rel = 'noopener noreferrer'; a.target = '_blank'; a.textContent = L.link; td.appendChild(a);
      }
      cell(tr, r[0], 'id');
      frag.appendChild(tr);
    });
    tb.replaceChildren(frag);
    info.textContent = L.shown.replace('{shown}', view.length).replace('{total}', rows.length) + ' · ' + L.page + ' ' + (page + 1) + '/' + pages;
  }
  q.addEventListener('input', apply);
  selA.addEventListener('change', apply);
  selX.addEventListener('change', apply);
  prob.addEventListener('change', apply);
  document.getElementById('svc-prev').addEventListener('click', function () { if (page > 0) { page--; draw(); } });
  document.getElementById('svc-next').addEventListener('click', function () { if ((page + 1) * size < view.length) { page++; draw(); } });
  Array.prototype.forEach.call(document.querySelectorAll('#svc th[data-k]'), function (th) {
    th.addEventListener('click', function () {
      var k = Number(th.getAttribute('data-k'));
      sortDir = sortK === k ? -sortDir : 1; sortK = k;
      Array.prototype.forEach.call(document.querySelectorAll('#svc th[data-k]'), function (o) { o.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
      apply();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('a[data-app]'), function (el) {
    el.addEventListener('click', function () { selA.value = el.getAttribute('data-app'); prob.checked = false; q.value = ''; apply(); });
  });
  draw();
})();`;
