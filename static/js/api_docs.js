// The API documentation (Swagger UI, a third-party React app) with a landmark and heading
// levels a screen reader can follow (axe `region` and `heading-order`, issue 15), and examples
// that scroll with the keyboard. Swagger UI renders the title as <h1> and its section headings
// as <h3>/<h4>; they read here as level 2 (tags, "Schemas") and 3 (the parts of an opened
// operation). Re-applied as Swagger UI renders.
"use strict";

const root = document.getElementById("swagger-ui");
const levels = [
  [".opblock-tag, .models > h4, .models-control", "2"],
  [".opblock-section-header h4, .responses-wrapper h4, .opblock-description-wrapper h4", "3"],
];

function apply() {
  for (const info of root.querySelectorAll(".information-container:not([role])")) {
    info.setAttribute("role", "banner");
  }
  // Examples scroll sideways: reachable with the keyboard (axe scrollable-region-focusable).
  for (const example of root.querySelectorAll("pre:not([tabindex])")) {
    example.tabIndex = 0;
  }
  for (const [selector, level] of levels) {
    for (const heading of root.querySelectorAll(selector)) {
      if (/^H[1-6]$/.test(heading.tagName) && heading.getAttribute("aria-level") !== level) {
        heading.setAttribute("aria-level", level);
      }
    }
  }
}

if (root) {
  apply();
  new MutationObserver(apply).observe(root, { childList: true, subtree: true });
}
