/* KIPP Live, Partisipasi OPD: the OPD table's rows, drawn in the browser from the texts the
 * page sends on the table body's data-opd-rows attribute
 * (dashboard/builders/participation_table.py, opd_rows_data).
 *
 * - It draws the very elements React draws of the server's opd_table rows
 *   (tests/test_participation_table_browser.py keeps them equal); every text is a text
 *   node, never markup.
 * - React owns the body and its attribute, not these rows (it gives the body no
 *   children): when a refresh brings new rows, React changes the attribute, or puts in
 *   a new body, and the observer below draws the rows again.
 * - Sending 600 rows as Dash components cost each refresh 60-100 ms of the server's time;
 *   Dash's renderer, given them by a clientside callback, took minutes. Drawn here: a few ms.
 */
(function () {
  "use strict";

  var ATTRIBUTE = "data-opd-rows";
  var SELECTOR = "tbody[" + ATTRIBUTE + "]";

  function node(tag, className, children) {
    var element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    children.forEach(function (child) {
      element.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return element;
  }

  function badge(texts, done) {
    return node("span", "kipp-participation-badge badge " + (done ? "bg-success" : "bg-danger"), [
      node("span", "d-none d-sm-inline", [texts[0]]),
      node("span", "d-sm-none", [texts[1]]),
    ]);
  }

  function row(data, r) {
    // [done, short name, name, kind, submitted, note, passed, finalists, late, late?, first]
    var done = r[0] === 1;
    var submitted = r[5] === null
      ? [r[4]]
      : [r[4], node("br", null, []), node("small", "text-body-secondary", [r[5]])];
    var late = r[9] === 1 ? node("span", "kipp-participation-late", [r[8]]) : r[8];
    return node("tr", done ? null : "kipp-participation-missing", [
      node("td", null, [badge(data.status[r[0]], done)]),
      node("td", null, [
        node("strong", "kipp-text", [r[1]]),
        node("br", null, []),
        node("small", "text-body-secondary kipp-text", [r[2]]),
      ]),
      node("td", "d-none d-md-table-cell", [node("bdi", null, [data.kinds[r[3]]])]),
      node("td", "text-end", submitted),
      node("td", "text-end", [r[6]]),
      node("td", "text-end", [r[7]]),
      node("td", "text-end", [late]),
      node("td", "kipp-participation-first", [r[10]]),
    ]);
  }

  function draw(body) {
    var text = body.getAttribute(ATTRIBUTE);
    if (body.kippDrawn === text) {
      return; // these rows are drawn already (our own drawing is a mutation too)
    }
    body.kippDrawn = text;
    var data = JSON.parse(text);
    var rows = document.createDocumentFragment();
    data.rows.forEach(function (r) {
      rows.appendChild(row(data, r));
    });
    body.textContent = "";
    body.appendChild(rows);
  }

  function drawAll() {
    document.querySelectorAll(SELECTOR).forEach(draw);
  }

  new MutationObserver(drawAll).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: [ATTRIBUTE],
  });
  drawAll();
})();
