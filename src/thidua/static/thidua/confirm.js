// Confirmation before an irreversible or official action. A submit button (or a form) carrying
// data-confirm="…what cannot be undone…" first opens the page's <dialog id="confirm-dialog"> (in base.html, so its
// title and buttons are translated by the server) with that message; "Confirm" sends the form with the button that
// was pressed, "Cancel" or Escape leaves the page as it was. Without JavaScript the form is sent directly.
(function () {
  "use strict";

  function ask(message, proceed) {
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") {
      if (window.confirm(message)) { proceed(); }
      return;
    }
    dialog.querySelector("#confirm-message").textContent = message;
    dialog.returnValue = "";
    dialog.addEventListener("close", function onClose() {
      dialog.removeEventListener("close", onClose);
      if (dialog.returnValue === "confirm") { proceed(); }
    });
    dialog.showModal();
    dialog.querySelector("#confirm-cancel").focus();  // the safe choice has the focus
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;
    var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (!message || form.getAttribute("data-confirmed") === "1") { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    ask(message, function () {
      form.setAttribute("data-confirmed", "1");
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit(submitter);
      } else {
        if (submitter && submitter.name) {
          var carried = document.createElement("input");
          carried.type = "hidden";
          carried.name = submitter.name;
          carried.value = submitter.value;
          form.appendChild(carried);
        }
        form.submit();
      }
      form.removeAttribute("data-confirmed");
    });
  }, true);
})();
