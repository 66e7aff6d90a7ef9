/* KIPP Live, Ringkasan Bupati: the "Cetak" button opens the browser's print dialog.
   A listener on the document, since the button arrives later with the page's content. */
document.addEventListener("click", function (event) {
  var button = event.target && event.target.closest && event.target.closest(".kipp-summary-print");
  if (button) {
    window.print();
  }
});
