// The page: one api over HTTP, one state backed by the address bar, English words; then every
// <… data-mount="name"> element gets sections/name.js mounted into it (see host.js).
import { createHttpApi } from "./api.js";
import { mountSection } from "./host.js";
import { createT } from "./i18n.js";
import { createState, urlBackend } from "./state.js";
import { themeChooser } from "./theme.js";

themeChooser(document.body, document.querySelector("[data-place=theme]"));

const api = createHttpApi(document.baseURI);
try {
  const [fields, catalog] = await Promise.all([api.fields(), api.catalog("en")]);
  const t = createT(catalog, "en");
  const state = createState({ fields, backend: urlBackend(window) });
  for (const root of document.querySelectorAll("[data-mount]")) {
    mountSection(root, root.dataset.mount, { api, state, t });
  }
} catch (err) {
  // Without the API's field list or the words there is no page to build: say so at the top.
  const note = document.createElement("p");
  note.className = "notice error";
  note.textContent = `The guide could not start: ${err.message}`;
  document.querySelector("main")?.prepend(note);
  console.error(err);
}
