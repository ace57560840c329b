// The page: one api over HTTP, one state backed by the address bar, the reader's language;
// then every <… data-mount="name"> element gets sections/name.js mounted into it (see host.js).
import { createHttpApi } from "./api.js";
import { mountSection } from "./host.js";
import { setLanguage, translateDocument } from "./i18n.js";
import { applyLanguage, chooseLanguage, languageMenu } from "./language.js";
import { createState, urlBackend } from "./state.js";
import { themeChooser } from "./theme.js";

themeChooser(document.body, null); // the reader's theme at once; its menu once the words are in
const api = createHttpApi(document.baseURI);
try {
  const [fields, { languages, default: fallbackCode }] = await Promise.all([api.fields(), api.meta.languages()]);
  const backend = urlBackend(window);
  const state = createState({ fields, backend });
  const codes = languages.map((l) => l.code);
  const lang = chooseLanguage(codes, { asked: state.get("lang"), fallback: fallbackCode });
  const [catalog, fallback] = await Promise.all([api.catalog(lang), lang === fallbackCode ? null : api.catalog(fallbackCode)]);
  const t = setLanguage(catalog, lang, fallback ?? {});
  applyLanguage(document, t);
  translateDocument(document, t);
  themeChooser(document.body, document.querySelector("[data-place=theme]"));
  languageMenu(document.querySelector("[data-place=language]"), languages, lang, (code) => {
    state.set({ lang: code });
    backend.reload();
  });
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
