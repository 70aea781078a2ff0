// The werkproces picker (kwalificaties/widgets.py, templates/kwalificaties/widgets/
// werkproces_picker.html), loaded with `defer` by the forms that use it. Without this script the
// picker is a plain grouped checkbox list; with it, the search box and the counts appear: the
// search filters the list as you type, and every "n van m gekozen" count follows the ticks.
// Filtering only hides items: ticked werkprocessen stay ticked and are posted whether they are
// shown or not.
"use strict";

(() => {
  // Case and accents do not matter: "beoordeelt" finds "Beoordeelt", "creme" finds "crème".
  const fold = (text) =>
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();

  const format = (template, values) =>
    template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));

  function setUp(picker) {
    const zoek = picker.querySelector("[data-wp-zoek]");
    const status = picker.querySelector("[data-wp-zoekstatus]");
    const groepen = [...picker.querySelectorAll("[data-wp-groep]")];
    const kerntaken = [...picker.querySelectorAll("[data-wp-kerntaak]")];
    // What a search matches for each werkproces: its code and name, its kerntaak and its
    // kwalificatie (name and crebo), so "kok" or "25180" shows a whole kwalificatie.
    const items = [...picker.querySelectorAll("[data-wp-item]")].map((item) => {
      const kerntaak = item.closest("[data-wp-kerntaak]").querySelector("legend");
      const groep = item.closest("[data-wp-groep]").querySelector("summary .wp-titel");
      return { item, tekst: fold([item.textContent, kerntaak.textContent, groep.textContent].join(" ")) };
    });

    function tel() {
      for (const n of picker.querySelectorAll("[data-wp-n]")) {
        const scope = n.closest("[data-wp-scope]");
        n.textContent = String(scope.querySelectorAll("input[type=checkbox]:checked").length);
      }
    }

    // The open state of the groups before a search opened them, restored when it is cleared.
    let openVoorZoeken = null;
    let meldTimer = null;

    function filter() {
      const woorden = fold(zoek.value).split(/\s+/).filter(Boolean);
      if (woorden.length && openVoorZoeken === null) {
        openVoorZoeken = groepen.map((g) => g.open);
      }
      let getoond = 0;
      for (const { item, tekst } of items) {
        const past = woorden.every((w) => tekst.includes(w));
        item.hidden = !past;
        if (past) getoond += 1;
      }
      for (const kerntaak of kerntaken) {
        kerntaak.hidden = !kerntaak.querySelector("[data-wp-item]:not([hidden])");
      }
      groepen.forEach((groep, i) => {
        const treffers = groep.querySelector("[data-wp-item]:not([hidden])") !== null;
        groep.hidden = !treffers;
        if (woorden.length) {
          groep.open = treffers;
        } else if (openVoorZoeken !== null) {
          // Back to how it was, but a group that now holds a tick stays open.
          groep.open = openVoorZoeken[i] || groep.querySelector("input:checked") !== null;
        }
      });
      if (!woorden.length) openVoorZoeken = null;
      // Announce the result once typing pauses, not on every key.
      window.clearTimeout(meldTimer);
      meldTimer = window.setTimeout(() => {
        if (!woorden.length) {
          status.textContent = "";
        } else if (getoond === 0) {
          status.textContent = picker.dataset.tekstGeen;
        } else {
          status.textContent = format(picker.dataset.tekstGetoond, { n: getoond, total: items.length });
        }
      }, 400);
    }

    picker.addEventListener("change", tel);
    zoek.addEventListener("input", filter);
    zoek.addEventListener("keydown", (event) => {
      // Enter in the search box must not submit the form half filled in.
      if (event.key === "Enter") event.preventDefault();
      if (event.key === "Escape" && zoek.value) {
        event.preventDefault();
        zoek.value = "";
        filter();
      }
    });
    // Without this script these stay hidden: a count that does not follow the ticks misleads.
    for (const el of picker.querySelectorAll("[data-wp-zoekblok], [data-wp-totaal], [data-wp-telling]")) {
      el.hidden = false;
    }
    tel();
    if (zoek.value) filter(); // a value the browser restored on "back"
  }

  document.querySelectorAll("[data-werkproces-picker]").forEach(setUp);

  // A link of the error summary to a werkproces ("Kies minstens één werkproces" points at the
  // first box) opens its kwalificatie first, so that the box can take the focus static/js/app.js
  // gives it. Capture phase: this runs before that handler.
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target instanceof Element ? event.target.closest("a[href^='#']") : null;
      if (!link) return;
      const doel = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      const groep = doel ? doel.closest("[data-wp-groep]") : null;
      if (groep) groep.open = true;
    },
    true,
  );
})();
