// Small behaviour for every page, loaded with `defer` (no inline script: the Content-Security-
// Policy allows scripts from this site only). A <select data-autosubmit> (the pilot switcher,
// the language) submits its form when it changes; without JavaScript its <noscript> button does.
"use strict";

document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.requestSubmit();
  }
});
