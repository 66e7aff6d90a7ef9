/* KIPP Live, a juror's score sheet (/penilaian/<stage>/<innovation>).
   Checks each score as it is typed, shows the running sheet score by the engine's rule,
   and saves a draft a second after the last change. What is typed is kept in this
   browser (localStorage) until the server has it: a dropped network loses nothing, the
   save is retried with a growing pause and at once when the browser is back online.
   A save from another tab or device first is refused by the server (a stale revision):
   the juror is shown both and chooses. Before the first score the juror declares a
   conflict of interest or none (the score fields wait, disabled); the page reloads to
   the state the server then gives. Not loaded by the Dash pages (app.py ignores
   assets/jury). A submission the juror confirmed while offline waits the same way and is
   sent once the network is back (the page says so; it stays a draft until then). */
(function () {
  "use strict";
  var SCORE = /^(\d{1,3})(?:[.,](\d{1,2}))?$/;
  var DEBOUNCE_MS = 1000;
  var RETRY_MIN_MS = 1000;
  var RETRY_MAX_MS = 30000;

  var root, config, texts, revision, editable;
  var timer = null, retryTimer = null, retryDelay = RETRY_MIN_MS;
  var inFlight = false, again = false, edits = 0, stopped = false, offline = false;
  var submitWaiting = false, submitting = false;

  function byId(id) {
    return document.getElementById(id);
  }

  function all(selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  /* A typed score in hundredths: null for empty, NaN for anything not 0–100 (2 decimals). */
  function centi(text) {
    text = text.trim();
    if (text === "") {
      return null;
    }
    var found = SCORE.exec(text);
    if (!found) {
      return NaN;
    }
    var fraction = (found[2] || "") + "00";
    var value = parseInt(found[1], 10) * 100 + parseInt(fraction.slice(0, 2), 10);
    return value > 10000 ? NaN : value;
  }

  function formatCenti(value) {
    var whole = Math.floor(value / 100);
    var rest = String(value % 100);
    return whole + config.decimal + (rest.length < 2 ? "0" + rest : rest);
  }

  function check(input) {
    var value = centi(input.value);
    var error = byId(input.dataset.error);
    var bad = typeof value === "number" && isNaN(value);
    input.classList.toggle("is-invalid", bad);
    input.setAttribute("aria-invalid", bad ? "true" : "false");
    error.textContent = bad ? texts.invalid : "";
    return !bad;
  }

  /* SCORING.md 3: Σ(bobot × score) / Σ bobot, half-up, over the criteria scored so far. */
  function showRunning() {
    var weighted = 0, weight = 0, scored = 0, total = 0;
    all("input.kipp-sheet-score").forEach(function (input) {
      var value = centi(input.value);
      var w = config.weights[input.dataset.code] || 0;
      total += 1;
      if (typeof value === "number" && !isNaN(value)) {
        weighted += w * value;
        weight += w;
        scored += 1;
      }
    });
    var score = scored && weight > 0 ? Math.floor((2 * weighted + weight) / (2 * weight)) : null;
    byId("sheet-score").textContent = score === null ? "–" : formatCenti(score);
    byId("sheet-progress").textContent =
      scored >= total && total > 0
        ? texts.running_complete
        : texts.running_partial.replace("{scored}", scored).replace("{total}", total);
  }

  function collect() {
    var body = { scores: {}, comments: {}, note: byId("sheet-note").value };
    all("input.kipp-sheet-score").forEach(function (input) {
      if (!isNaN(centi(input.value))) {
        body.scores[input.dataset.code] = input.value.trim();
      }
    });
    all("textarea[name=comment]").forEach(function (area) {
      body.comments[area.dataset.code] = area.value;
    });
    return body;
  }

  function fill(values) {
    all("input.kipp-sheet-score").forEach(function (input) {
      var code = input.dataset.code;
      if (Object.prototype.hasOwnProperty.call(values.scores, code)) {
        input.value = values.scores[code];
      }
      check(input);
    });
    all("textarea[name=comment]").forEach(function (area) {
      var code = area.dataset.code;
      if (Object.prototype.hasOwnProperty.call(values.comments, code)) {
        area.value = values.comments[code];
      }
    });
    byId("sheet-note").value = values.note || "";
    showRunning();
  }

  // ------------------------------------------------------------ kept in this browser
  function keep() {
    try {
      var draft = collect();
      draft.base = revision;
      localStorage.setItem(config.storage, JSON.stringify(draft));
    } catch (e) {
      /* storage full or refused: the save itself still goes out */
    }
  }

  function forget() {
    try {
      localStorage.removeItem(config.storage);
    } catch (e) {
      /* nothing kept */
    }
  }

  function kept() {
    try {
      return JSON.parse(localStorage.getItem(config.storage) || "null");
    } catch (e) {
      return null;
    }
  }

  function say(text) {
    byId("sheet-saved").textContent = text;
  }

  function status(text, css) {
    var line = byId("sheet-status");
    line.textContent = text;
    line.hidden = !text;
    line.className = "alert kipp-sheet-status " + (css || "alert-secondary");
  }

  // ------------------------------------------------------------ saving
  function changed() {
    edits += 1;
    keep();
    say(offline ? texts.offline : texts.pending);
    clearTimeout(timer);
    timer = setTimeout(save, DEBOUNCE_MS);
  }

  function retry() {
    if (submitWaiting) {
      submit();
    } else {
      save();
    }
  }

  function retryLater() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(retry, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  }

  function post(action, body) {
    body.revision = revision;
    body.action = action;
    return fetch(config.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": root.dataset.csrf },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(
        function (data) {
          return { status: response.status, data: data };
        },
        function () {
          return { status: response.status, data: {} };
        }
      );
    });
  }

  function applySaved(sheet, sentAt) {
    revision = sheet.revision;
    if (edits === sentAt) {
      // Nothing typed since this save left: the server's figures are the page's.
      forget();
      byId("sheet-score").textContent = sheet.score;
      byId("sheet-progress").textContent = sheet.progress;
      say(sheet.saved);
    }
  }

  function save() {
    clearTimeout(timer);
    clearTimeout(retryTimer);
    if (stopped || !editable) {
      return;
    }
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    var sentAt = edits;
    say(texts.saving);
    post("save", collect())
      .then(function (answer) {
        inFlight = false;
        offline = false;
        retryDelay = RETRY_MIN_MS;
        handle(answer, sentAt);
      })
      .catch(function () {
        // No answer: the network is down or the server away. What was typed is kept.
        inFlight = false;
        offline = true;
        say(texts.offline);
        retryLater();
      })
      .then(function () {
        if (again && !inFlight) {
          again = false;
          save();
        }
      });
  }

  function handle(answer, sentAt) {
    var data = answer.data || {};
    if (answer.status === 200) {
      applySaved(data.sheet, sentAt);
      if (edits !== sentAt) {
        again = true;
      }
    } else if (answer.status === 409) {
      conflict(data.sheet);
    } else if (answer.status === 423) {
      forget();
      window.location.reload();
    } else if (answer.status === 400 && data.errors) {
      all("input.kipp-sheet-score").forEach(function (input) {
        if (data.errors[input.dataset.code]) {
          input.classList.add("is-invalid");
          byId(input.dataset.error).textContent = data.errors[input.dataset.code];
        }
      });
      say(texts.pending);
    } else if (answer.status >= 500 || answer.status === 429) {
      say(texts.error);
      retryLater();
    } else {
      // Closed window, an expired session, a refusal: say so and stop saving.
      stopped = true;
      status(data.message || texts.error, "alert-warning");
      say(texts.pending);
    }
  }

  // ------------------------------------------------------------ two tabs, one sheet
  function conflict(theirs) {
    stopped = true;
    var mine = collect();
    var box = byId("sheet-conflict");
    box.textContent = "";
    var lead = document.createElement("p");
    lead.textContent = texts.conflict;
    box.appendChild(lead);
    var table = document.createElement("table");
    table.className = "table table-sm kipp-sheet-compare";
    var head = table.insertRow();
    ["", texts.conflict_theirs, texts.conflict_mine].forEach(function (text) {
      var cell = document.createElement("th");
      cell.textContent = text;
      head.appendChild(cell);
    });
    all("section.kipp-sheet-criterion[data-code]").forEach(function (section) {
      var code = section.dataset.code;
      var row = table.insertRow();
      row.insertCell().textContent = section.querySelector(".kipp-sheet-name").textContent;
      row.insertCell().textContent = theirs.scores[code] || "–";
      row.insertCell().textContent = mine.scores[code] || "–";
    });
    box.appendChild(table);
    var buttons = document.createElement("div");
    buttons.className = "kipp-sheet-dialog-buttons";
    box.appendChild(buttons);
    function choice(id, label, css, then) {
      var button = document.createElement("button");
      button.type = "button";
      button.id = id;
      button.className = "btn " + css;
      button.textContent = label;
      button.addEventListener("click", function () {
        box.hidden = true;
        stopped = false;
        revision = theirs.revision;
        then();
      });
      buttons.appendChild(button);
    }
    choice("sheet-keep-theirs", texts.keep_theirs, "btn-outline-dark", function () {
      fill(theirs);
      forget();
      say(theirs.saved);
    });
    choice("sheet-keep-mine", texts.keep_mine, "btn-dark", function () {
      fill(mine);
      changed();
      save();
    });
    box.hidden = false;
    box.scrollIntoView({ block: "center" });
  }

  // ------------------------------------------------------------ submitting
  function lock(sheet) {
    editable = false;
    fill(sheet); // the values as on record, written the page's way ("70,25", not "70.25")
    root.dataset.editable = "false";
    all("#sheet-form input, #sheet-form textarea").forEach(function (field) {
      field.readOnly = true;
    });
    var button = byId("sheet-submit");
    if (button) {
      button.remove();
    }
    byId("sheet-score").textContent = sheet.score;
    byId("sheet-progress").textContent = sheet.progress;
    say("");
    status(sheet.status, "alert-success");
  }

  function submit() {
    clearTimeout(timer);
    clearTimeout(retryTimer);
    if (submitting) {
      // One submission at a time: the retry timer and the "online" event may both fire
      // while the first is on its way; a second would find the sheet already locked.
      return;
    }
    submitting = true;
    var body = collect();
    post("submit", body)
      .then(function (answer) {
        var data = answer.data || {};
        submitting = false;
        submitWaiting = false;
        retryDelay = RETRY_MIN_MS;
        if (answer.status === 200) {
          forget();
          revision = data.sheet.revision;
          lock(data.sheet);
        } else if (answer.status === 409) {
          conflict(data.sheet);
        } else if (answer.status === 423) {
          // Already locked (a submission whose answer was lost): show the sheet as on record.
          forget();
          window.location.reload();
        } else {
          status(data.message || texts.error, "alert-warning");
        }
      })
      .catch(function () {
        // No answer: the juror's confirmed submission waits for the network, kept here.
        submitting = false;
        submitWaiting = true;
        keep();
        say(texts.offline);
        status(texts.submit_offline, "alert-warning");
        retryLater();
      });
  }

  function askToSubmit() {
    var inputs = all("input.kipp-sheet-score");
    var ok = inputs.map(check).every(Boolean);
    var missing = inputs.filter(function (input) {
      return input.value.trim() === "";
    }).length;
    if (!ok || missing) {
      var first = inputs.filter(function (input) {
        return input.value.trim() === "" || input.classList.contains("is-invalid");
      })[0];
      if (first) {
        first.focus();
      }
      if (missing) {
        status(texts.incomplete.replace("{missing}", missing), "alert-warning");
      } else {
        // Every field filled but one holds what is no score (101, "abc"): say so in the
        // bar too, not only under the field a phone may have scrolled out of view.
        status(texts.fix_invalid, "alert-warning");
      }
      return;
    }
    status("", "");
    byId("sheet-confirm").showModal();
  }

  // ------------------------------------------------------------ the declaration
  function declare(body, button) {
    button.disabled = true;
    fetch(config.declare, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": root.dataset.csrf },
      body: JSON.stringify(body),
    })
      .then(function (response) {
        if (response.status === 200) {
          // Declared: the server renders what follows (open fields, or awaiting the committee).
          window.location.reload();
          return;
        }
        return response.json().then(
          function (data) {
            button.disabled = false;
            status(data.message || texts.error, "alert-warning");
          },
          function () {
            button.disabled = false;
            status(texts.error, "alert-warning");
          }
        );
      })
      .catch(function () {
        button.disabled = false;
        status(texts.declare_offline, "alert-warning");
      });
  }

  function startDeclaration() {
    var none = byId("declare-none");
    if (!none) {
      return;
    }
    none.addEventListener("click", function () {
      declare({ conflict: false }, none);
    });
    var send = byId("declare-send");
    // Drawn disabled: a tap before this script runs would do nothing, silently.
    none.disabled = false;
    send.disabled = false;
    var reason = byId("declare-reason");
    send.addEventListener("click", function () {
      var text = reason.value.trim();
      reason.classList.toggle("is-invalid", !text);
      byId("declare-error").textContent = text ? "" : texts.declare_missing;
      if (!text) {
        reason.focus();
        return;
      }
      declare({ conflict: true, reason: text }, send);
    });
  }

  // ------------------------------------------------------------ start
  function start() {
    root = byId("sheet");
    if (!root) {
      return;
    }
    config = JSON.parse(byId("sheet-state").textContent);
    texts = config.texts;
    revision = config.sheet.revision;
    editable = root.dataset.editable === "true";
    startDeclaration();
    var draft = kept();
    // Typed before this script ran (a slow phone, a fast hand): not yet sent, sent now.
    var typedEarly = all("input.kipp-sheet-score").some(function (input) {
      return input.value !== (config.sheet.scores[input.dataset.code] || "");
    });
    if (editable && typedEarly && !draft) {
      all("input.kipp-sheet-score").forEach(check);
      changed();
    } else if (editable && draft) {
      if (draft.base === revision) {
        fill(draft); // typed here, never acknowledged: send it now
        changed();
      } else {
        fill(draft);
        conflict(config.sheet);
      }
    } else if (!editable) {
      forget();
    }
    showRunning();
    all("input.kipp-sheet-score").forEach(function (input) {
      input.addEventListener("input", function () {
        check(input);
        showRunning();
        if (editable) {
          changed();
        }
      });
    });
    all("textarea").forEach(function (area) {
      area.addEventListener("input", function () {
        if (editable) {
          changed();
        }
      });
    });
    var button = byId("sheet-submit");
    if (button) {
      button.addEventListener("click", askToSubmit);
      button.disabled = false; // drawn disabled until this script listens
    }
    byId("sheet-confirm").addEventListener("close", function () {
      if (byId("sheet-confirm").returnValue === "yes") {
        submit();
      }
    });
    window.addEventListener("online", function () {
      retryDelay = RETRY_MIN_MS;
      if (submitWaiting) {
        submit();
      } else if (kept() && editable && !stopped) {
        save();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
