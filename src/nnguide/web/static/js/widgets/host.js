// A notebook widget's host: what main.js is for the page. It builds the contract's three
// arguments for a widget — an api that talks to the kernel, a state backed by the widget's
// traits, the words — and mounts one section or widget view into the widget's element.
//
// The widget's model says what to mount in `_view`: {name, dir: "sections" | "widgets",
// keys: {state key → trait}, registry: {state key → spec}}. Keys the page's REGISTRY already
// declares (the shape explorer's p_n, p_h, p_m) keep their declaration; a widget view declares its
// own (its sliders' ranges come from the widget's data).
import { createKernelApi } from "../api.js";
import { mountSection } from "../host.js";
import { setLanguage } from "../i18n.js";
import { REGISTRY, createState } from "../state.js";

/**
 * State in a widget's traits: a slider moved in Python moves on the page, and back. A trait
 * that holds a list of numbers (Network's hidden sizes, [8, 4]) is a state key's text "8,4".
 */
export function traitsBackend(model, keys) {
  const text = (value) => (typeof value === "boolean" ? (value ? "1" : "0") : String(value));
  const asTrait = (trait, value) =>
    Array.isArray(model.get(trait)) ? String(value).split(",").filter((s) => s.trim() !== "").map(Number) : value;
  let writing = false;
  const handlers = [];
  return {
    read: () =>
      Object.entries(keys)
        .filter(([, trait]) => model.get(trait) !== null && model.get(trait) !== undefined)
        .map(([key, trait]) => [key, text(model.get(trait))]),
    write(_patch, values) {
      writing = true; // our own change: not reported back to us as an outside one
      try {
        for (const [key, value] of Object.entries(values)) if (keys[key]) model.set(keys[key], asTrait(keys[key], value));
      } finally {
        writing = false;
      }
      model.save_changes();
    },
    subscribe(fn) {
      for (const [key, trait] of Object.entries(keys)) {
        const handler = () => {
          if (writing) return;
          const value = model.get(trait);
          fn(key, value === null || value === undefined ? null : text(value));
        };
        model.on(`change:${trait}`, handler);
        handlers.push([`change:${trait}`, handler]);
      }
    },
    close() {
      for (const [event, handler] of handlers) model.off(event, handler);
    },
  };
}

export async function render({ model, el, load, catalogs }) {
  const view = model.get("_view");
  const root = document.createElement("div");
  root.className = "nnguide nnguide-widget";
  root.dataset.widget = view.name;
  el.append(root);
  // The widget's language (its lang trait), English where a word is missing.
  const lang = catalogs[model.get("lang")] ? model.get("lang") : "en";
  const catalog = catalogs[lang];
  const api = createKernelApi(model, { names: model.get("_calls"), fields: model.get("_fields"), catalog });
  const backend = traitsBackend(model, view.keys);
  const registry = {};
  for (const key of Object.keys(view.keys)) registry[key] = view.registry[key] ?? REGISTRY[key];
  // The widget's words are the page's t() too, for every module that imports it (controls.js…).
  const t = setLanguage(catalog, lang, catalogs.en);
  root.lang = lang;
  root.dir = t.dir;
  try {
    const state = createState({ registry, fields: await api.fields(), backend });
    await mountSection(root, view.name, { api, state, t }, { load: (name) => load(`js/${view.dir}/${name}.js`) });
  } catch (err) {
    const note = document.createElement("p");
    note.className = "notice error";
    note.textContent = t("page.section_failed", { error: err.message });
    root.append(note);
  }
  // anywidget calls this when the view goes away: stop listening, fail what still waits.
  return () => {
    api.close();
    backend.close();
    root.remove();
  };
}
