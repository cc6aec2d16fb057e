// Builds the front end into build/static (served by Django's staticfiles and whitenoise).
// GOV.UK Frontend comes from npm; nothing is loaded from a CDN.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "build", "static");

mkdirSync(join(out, "localoffer"), { recursive: true });
mkdirSync(join(out, "govuk"), { recursive: true });

for (const name of ["main", "print"]) {
  const result = sass.compile(join(root, "frontend", "scss", `${name}.scss`), {
    loadPaths: [join(root, "node_modules")],
    style: "compressed",
    quietDeps: true,
    silenceDeprecations: ["import", "global-builtin", "slash-div"],
  });
  writeFileSync(join(out, "localoffer", `${name}.css`), result.css);
}
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk", "govuk-frontend.min.js"));
cpSync(join(govuk, "assets"), join(out, "govuk", "assets"), { recursive: true });
cpSync(join(root, "frontend", "js"), join(out, "localoffer"), { recursive: true });
console.log(`Front end built into ${out}`);
