/* KIPP Live, Kendali Upacara: a presenter's clicker (or the keyboard) drives the reveal.
   Clickers send PageDown/PageUp, arrows or Space; each press clicks the page's own
   "Berikutnya" or "Kembali" button, so a key does exactly what a click does. */
(function () {
  var NEXT_KEYS = { ArrowRight: true, PageDown: true, " ": true };
  var BACK_KEYS = { ArrowLeft: true, PageUp: true };
  var spaceTaken = false;

  function typing(element) {
    if (!element) {
      return false;
    }
    var tag = element.tagName;
    if (element.closest && element.closest(".modal")) {
      return true; // an open dialog (the seri decision's) takes Space and Enter for itself
    }
    if (tag === "INPUT") {
      // A switch or a button keeps the clicker working; a text field takes the keys, and so
      // does a radio list (the seri order), whose arrows move between its choices.
      return !/^(checkbox|button|submit|reset)$/i.test(element.type || "");
    }
    return tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    var next = document.getElementById("control-next");
    if (!next || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) {
      return; // not the control page, or a browser shortcut such as Alt+Left
    }
    if (typing(document.activeElement)) {
      return;
    }
    var target = null;
    if (NEXT_KEYS[event.key]) {
      target = next;
    } else if (BACK_KEYS[event.key]) {
      target = document.getElementById("control-back");
    } else {
      return;
    }
    // No scrolling, and no second click from a focused button's own Space handling.
    event.preventDefault();
    spaceTaken = event.key === " ";
    if (event.repeat || !target || target.disabled) {
      return; // a key held down must not race through the reveal
    }
    var focused = document.activeElement;
    if (focused && focused !== target && focused.tagName === "BUTTON") {
      focused.blur(); // a button clicked earlier (Setujui, Reset) must not look pressed
    }
    target.click();
  });

  document.addEventListener("keyup", function (event) {
    if (event.key === " " && spaceTaken) {
      spaceTaken = false;
      event.preventDefault(); // a focused button would otherwise click itself on keyup
    }
  });
})();
