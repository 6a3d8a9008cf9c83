// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "/static/build/govuk/govuk-frontend.min.js";
initAll();
