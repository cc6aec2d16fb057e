// Progressive enhancement only: every page works without this file.
// A relative import, so it resolves under any STATIC_URL and beside the hashed copies collectstatic makes.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { initAutocomplete } from "./autocomplete.js";

initAll();
initAutocomplete();
