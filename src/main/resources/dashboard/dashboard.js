// FlowNurture dashboard: the few behaviours htmx does not cover. Loaded from this server only (CSP: script-src 'self').
(function () {
  "use strict";

  // <button data-copy="element-id">: copies that element's text.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = "Copied";
      });
    }
  });

  // <form data-confirm="question">: submitted only when confirmed.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  }, true);
})();

// <form data-upload="/path">: sends the chosen file as the request body (CSV import), then opens the job's page.
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-upload]");
  if (!form) return;
  event.preventDefault();
  var file = form.querySelector("input[type=file]").files[0];
  var error = form.querySelector("[data-upload-error]");
  if (!file) return;
  fetch(form.getAttribute("data-upload"), {
    method: "POST",
    body: file,
    headers: { "Content-Type": "text/csv", "X-CSRF-Token": form.querySelector("input[name=_csrf]").value },
    credentials: "same-origin"
  }).then(function (response) {
    if (response.ok) {
      window.location.assign(response.url);
    } else {
      error.textContent = response.status === 413 ? "The file is too large for one upload." : "The upload failed (" + response.status + ").";
    }
  });
});

// <select data-refresh> in a form with a [data-refresh-button]: choosing an option re-renders the form (the workflow
// editor shows the fields of a newly chosen trigger, goal or exit type); without script the button does it.
document.addEventListener("change", function (event) {
  var select = event.target.closest("select[data-refresh]");
  var button = select && select.form && select.form.querySelector("[data-refresh-button]");
  if (button) button.click();
});
