// Copies GOV.UK Frontend's script and assets beside the compiled CSS (static/build, not committed).
import { cpSync, mkdirSync } from "node:fs";
const src = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("static/build/govuk", { recursive: true });
cpSync(`${src}/govuk-frontend.min.js`, "static/build/govuk/govuk-frontend.min.js");
cpSync(`${src}/assets`, "static/build/govuk/assets", { recursive: true });
