// Mounting a section: what the page (main.js) does for each [data-mount] element, and what any
// other host (a notebook widget, a test page) does for the sections it shows.
import { el } from "./dom.js";
import { num, rate } from "./format.js";

/**
 * Load sections/<name>.js and call its mount(root, {api, state, t}). Values a link held for
 * this section that the state registry could not use are listed in a note at its top, and a
 * section that fails to start says so in place of its figures. A host whose modules do not
 * sit beside this file (a notebook widget, which gets them as text) passes `load(name)` to
 * import the section's module itself.
 */
export async function mountSection(root, name, { api, state, t }, { load } = {}) {
  const rejected = state.rejected(name);
  if (rejected.length) {
    const note = rejectedNote(rejected, t);
    const heading = root.querySelector(":scope > h2, :scope > section > h2");
    if (heading) heading.after(note);
    else root.prepend(note);
  }
  try {
    const mod = await (load ? load(name) : import(`./sections/${name}.js`));
    await mod.mount(root, { api, state, t });
  } catch (err) {
    root.append(el("p", { className: "notice error section-failed", text: t("page.section_failed", { error: err.message }) }));
    console.error(err);
  }
}

const range = (e) => ({ min: num(e.min, 12), max: num(e.max, 12) });

/** "This link's … could not be used: Weight (w): “NaN” is not a number from 0 to 0.4." */
export function rejectedNote(rejected, t) {
  const note = el("div", { className: "notice state-note", attrs: { role: "status" } });
  note.append(el("p", { text: t("state.rejected", { count: rejected.length }) }));
  const list = el("ul");
  for (const r of rejected) {
    const e = r.expected;
    const expected = {
      number: () => t("state.expect.number", range(e)),
      int: () => t("state.expect.int", range(e)),
      bool: () => t("state.expect.bool"),
      choice: () => t("state.expect.choice", { choices: e.choices.map((c) => (typeof c === "number" ? rate(c) : String(c))).join(", ") }),
      text: () => t("state.expect.text", { max: e.max }),
      pattern: () => t("state.expect.pattern", { example: e.example }),
    }[e.kind]();
    const text = r.text.length > 40 ? `${r.text.slice(0, 40)}…` : r.text;
    list.append(el("li", { text: t("state.rejected_value", { label: t(`state.key.${r.key}`), key: r.key, value: text, expected }) }));
  }
  note.append(list);
  return note;
}
