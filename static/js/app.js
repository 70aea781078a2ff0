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

// Forms (templates/includes/foutoverzicht.html): after a submit with errors, focus moves to the
// error summary at the top, so a screen reader reads it and a phone shows it. A link in it
// moves focus to its field and scrolls the field's label or legend into view, as GOV.UK does.
// The browser's own checks (a bubble at one field at a time) give way to the server's error
// summary, as GOV.UK does; without JavaScript they stay.
for (const form of document.querySelectorAll("form")) {
  if (form.querySelector(".field")) {
    form.noValidate = true;
  }
}
const foutoverzicht = document.querySelector("[data-foutoverzicht]");
if (foutoverzicht instanceof HTMLElement) {
  foutoverzicht.focus();
  // A form posted from a page opened at "#inhoud" (the skip link) comes back at that fragment,
  // and the browser focuses the fragment's target after this script: focus the summary again.
  if (window.location.hash) {
    window.addEventListener("load", () => setTimeout(() => foutoverzicht.focus(), 0), { once: true });
  }
}
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("[data-foutoverzicht] a[href^='#']") : null;
  if (!link) {
    return;
  }
  const veld = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
  if (!veld) {
    return;
  }
  event.preventDefault();
  const kop = veld.closest("fieldset")?.querySelector("legend") || document.querySelector(`label[for="${CSS.escape(veld.id)}"]`) || veld;
  kop.scrollIntoView();
  veld.focus({ preventScroll: true });
});

// --- Scrolling tables (issue 15, WCAG 2.1.1; axe scrollable-region-focusable) ---
// A table wider than the screen scrolls inside its box (div.scroll). When it does, the box
// takes keyboard focus, so it can be scrolled with the arrow keys; it is named after the
// table's caption when it has one.
function scrollBoxes() {
  document.querySelectorAll(".scroll").forEach((box, i) => {
    if (box.scrollWidth <= box.clientWidth || box.hasAttribute("tabindex")) {
      return;
    }
    box.tabIndex = 0;
    const caption = box.querySelector("caption");
    if (caption) {
      caption.id ||= `tabel-${i + 1}`;
      box.setAttribute("role", "region");
      box.setAttribute("aria-labelledby", caption.id);
    }
  });
}
scrollBoxes();
window.addEventListener("resize", scrollBoxes);
