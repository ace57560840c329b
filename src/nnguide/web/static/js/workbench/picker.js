// Loading data: a bundled dataset (or the teacher's file), a CSV file from the computer
// (file input, or dropped anywhere on the section), or CSV text pasted in.
import { el, uid } from "../dom.js";
import { num } from "../format.js";

/** The page sends a file's text in one request, and the server reads at most 1 MB. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** A file that is not UTF-8 goes as base64 (a third larger), so the server can say where. */
const MAX_BASE64_SOURCE = Math.floor((MAX_FILE_BYTES * 3) / 4) - 1024;

export function cliHint(name) {
  const shown = /^[\w.-]+\.csv$/i.test(name) ? name : "FILE.csv";
  return `train on it with the command line instead: nnguide fit ${shown} --target COLUMN`;
}

function base64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/**
 * Read a File as the server wants it: {text} for UTF-8, {base64} otherwise; a file past
 * the limit is refused here with the limit and the command line.
 */
export async function readFile(file) {
  if (file.size > MAX_FILE_BYTES) {
    const size = `${num(file.size / 1e6, 1)} MB`;
    throw new Error(`${file.name}: the file is ${size}; the limit is 1 MB in the page (5,000 rows, 50 features); ${cliHint(file.name)}`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    if (bytes.length > MAX_BASE64_SOURCE) {
      throw new Error(`${file.name}: the data is not UTF-8 text; save it as UTF-8 CSV`);
    }
    return { base64: base64(bytes) };
  }
}

/**
 * The picker. `datasets`: the API's list. Callbacks: onDataset(name), onFile(File),
 * onPaste(text). Returns {select, showSource(entry | null), problem(text | null), current(label)}.
 */
export function createPicker(container, { datasets, onDataset, onFile, onPaste }) {
  const box = el("div", { className: "wb-picker" });
  const row = el("div", { className: "wb-load-row" });

  const selId = uid("dataset");
  const pick = el("div", { className: "control" });
  const label = el("label", { text: "Dataset", attrs: { for: selId } });
  const select = el("select", { attrs: { id: selId } });
  for (const d of datasets) {
    const text = d.kind === "server" ? `${d.name} (from this server)` : `${d.name}: ${d.description}`;
    select.append(new Option(text, d.name));
  }
  const own = new Option("your own data", "");
  own.hidden = true;
  select.append(own);
  select.addEventListener("change", () => select.value && onDataset(select.value));
  pick.append(label, select);

  const fileId = uid("csv");
  const fileBox = el("div", { className: "control" });
  const fileInput = el("input", { attrs: { id: fileId, type: "file", accept: ".csv,.txt,text/csv,text/plain" } });
  fileBox.append(el("label", { text: "CSV file", attrs: { for: fileId } }), fileInput);
  fileInput.addEventListener("change", () => {
    if (fileInput.files?.length) onFile(fileInput.files[0]);
    fileInput.value = ""; // the same file can be chosen again after editing it
  });
  row.append(pick, fileBox);

  const hint = el("p", { className: "wb-drop-hint", text: "…or drop a CSV file anywhere on this section." });

  const details = el("details", { className: "wb-paste" });
  details.append(el("summary", { text: "Paste CSV text" }));
  const pasteId = uid("paste");
  details.append(el("label", { text: "Paste CSV", attrs: { for: pasteId } }));
  const area = el("textarea", { attrs: { id: pasteId, rows: "6", spellcheck: "false", placeholder: "x,y,label\n1.5,2.0,a\n…" } });
  const use = el("button", { text: "Use pasted data", attrs: { type: "button" } });
  use.addEventListener("click", () => onPaste(area.value));
  details.append(area, use);

  const source = el("p", { className: "wb-source" });
  const problem = el("div", { className: "notice error wb-problem", attrs: { role: "alert" } });
  problem.hidden = true;
  box.append(row, hint, details, source, problem);
  container.append(box);

  return {
    select,
    /** Show which data is loaded: a dataset entry, or own data with its name. */
    current(name, entry) {
      if (entry) {
        select.value = entry.name;
        own.hidden = true;
      } else {
        own.textContent = `your own data: ${name}`;
        own.hidden = false;
        select.value = "";
      }
      source.replaceChildren();
      if (entry?.source) {
        source.append(el("strong", { text: "Source: " }), entry.source, ". ", el("strong", { text: "Licence: " }), entry.licence, ".");
      } else if (entry?.kind === "server") {
        source.textContent = "Offered by the server this guide runs on (nnguide serve --data).";
      } else if (name) {
        source.textContent = `Loaded from ${name}; it stays in this browser tab (the server keeps nothing).`;
      }
    },
    problem(text) {
      problem.textContent = text ?? "";
      problem.hidden = !text;
    },
  };
}
