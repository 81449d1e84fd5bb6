// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can forbid inline scripts.
document.addEventListener("DOMContentLoaded", function () {
  // A <select data-auto-submit> sends its form as soon as it changes (the language switch).
  document.querySelectorAll("select[data-auto-submit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
