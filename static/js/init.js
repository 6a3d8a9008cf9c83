// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "/static/build/govuk/govuk-frontend.min.js";
initAll();

// Wide data tables scroll inside their own box on a narrow screen, so the page itself never
// scrolls sideways (WCAG 2.2, 1.4.10 Reflow). The box is focusable and named, so a keyboard
// user can scroll it and a screen reader announces it. Without JavaScript the table is unchanged.
for (const table of document.querySelectorAll("main table")) {
  if (table.parentElement.classList.contains("cscp-table-scroll")) continue;
  const box = document.createElement("div");
  box.className = "cscp-table-scroll";
  box.setAttribute("role", "region");
  box.setAttribute("tabindex", "0");
  const caption = table.querySelector("caption");
  box.setAttribute("aria-label", (caption && caption.textContent.trim()) || "Table");
  table.parentNode.insertBefore(box, table);
  box.appendChild(table);
}
