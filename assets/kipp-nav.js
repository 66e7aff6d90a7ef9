/* The navbar's menu on phones and narrow windows: the "Menu" button opens and closes the
   page links, edition, language and account (kipp.css hides them below 992 px unless the
   navbar is open); following a link closes it. The same for the Dash pages' navbar and
   the plain pages' (dashboard/templates/navbar.html): one listener on the document. */
(function () {
  "use strict";

  function setOpen(navbar, open) {
    navbar.classList.toggle("kipp-nav-open", open);
    var button = navbar.querySelector(".kipp-nav-toggle");
    if (button) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) {
      return;
    }
    var navbar = target.closest(".kipp-navbar");
    if (!navbar) {
      return;
    }
    if (target.closest(".kipp-nav-toggle")) {
      setOpen(navbar, !navbar.classList.contains("kipp-nav-open"));
    } else if (target.closest(".kipp-nav-links a")) {
      setOpen(navbar, false);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var open = document.querySelector(".kipp-navbar.kipp-nav-open");
    if (open) {
      setOpen(open, false);
      var button = open.querySelector(".kipp-nav-toggle");
      if (button) {
        button.focus();
      }
    }
  });
})();
