// Loading data: a bundled dataset (or the teacher's file), a CSV file from the computer
// (file input, or dropped anywhere on the section), or CSV text pasted in.
import { el, uid } from "../dom.js";
import { num } from "../format.js";
import { t } from "../i18n.js";

/** The page sends a file's text in one request, and the server reads at most 1 MB. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** A file that is not UTF-8 goes as base64 (a third larger), so the server can say where. */
const MAX_BASE64_SOURCE = Math.floor((MAX_FILE_BYTES * 3) / 4) - 1024;

export function cliHint(name) {
  const shown = /^[\w.-]+\.csv$/i.test(name) ? name : "FILE.csv";
  return t("workbench.cli_hint", { command: `nnguide fit ${shown} --target COLUMN` });
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
    const size = num(file.size / 1e6, 1);
    throw new Error(t("workbench.file_too_large", { name: file.name, size, rows: 5000, features: 50, hint: cliHint(file.name) }));
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    if (bytes.length > MAX_BASE64_SOURCE) {
      throw new Error(t("workbench.not_utf8", { name: file.name }));
    }
    return { base64: base64(bytes) };
  }
}

/** Bundled datasets' descriptions, by the API's description code. */
const DESCRIPTIONS = {
  "houses-3": "workbench.dataset_houses_3",
  "houses-10": "workbench.dataset_houses_10",
  "houses-labelled": "workbench.dataset_houses_labelled",
  portland: "workbench.dataset_portland",
  digits: "workbench.dataset_digits",
  iris: "workbench.dataset_iris",
  penguins: "workbench.dataset_penguins",
};

/** A dataset's description in the reader's language (as the API words it, for one we do not know). */
function describe(d) {
  const code = d.description_code;
  return code && DESCRIPTIONS[code.code] ? t(DESCRIPTIONS[code.code], code.params) : d.description;
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
  const label = el("label", { text: t("workbench.dataset"), attrs: { for: selId } });
  const select = el("select", { attrs: { id: selId } });
  for (const d of datasets) {
    const text = d.kind === "server" ? t("workbench.dataset_from_server", { name: d.name }) : t("workbench.dataset_option", { name: d.name, description: describe(d) });
    select.append(new Option(text, d.name));
  }
  const own = new Option(t("workbench.own_data"), "");
  own.hidden = true;
  select.append(own);
  select.addEventListener("change", () => select.value && onDataset(select.value));
  pick.append(label, select);

  const fileId = uid("csv");
  const fileBox = el("div", { className: "control" });
  // The browser draws a file input's button and "no file chosen" in its own language, not the
  // page's: the input is hidden from sight (still focusable, and named by "CSV file"), and a
  // label styled as a button opens it, with the chosen file's name beside it.
  const fileLabel = el("label", { text: t("workbench.csv_file"), attrs: { id: uid("csv-label"), for: fileId } });
  const fileStatus = el("span", { className: "wb-file-status", text: t("workbench.no_file_chosen"), attrs: { id: uid("csv-status") } });
  const fileInput = el("input", {
    className: "sr-only wb-file-input",
    attrs: { id: fileId, type: "file", accept: ".csv,.txt,text/csv,text/plain", "aria-labelledby": fileLabel.id, "aria-describedby": fileStatus.id },
  });
  const fileButton = el("label", { className: "wb-file-button", text: t("workbench.choose_file"), attrs: { for: fileId, "aria-hidden": "true" } });
  const fileRow = el("div", { className: "wb-file-row" });
  fileRow.append(fileInput, fileButton, fileStatus);
  fileBox.append(fileLabel, fileRow);
  fileInput.addEventListener("change", () => {
    if (fileInput.files?.length) {
      fileStatus.textContent = fileInput.files[0].name;
      onFile(fileInput.files[0]);
    }
    fileInput.value = ""; // the same file can be chosen again after editing it
  });
  row.append(pick, fileBox);

  const hint = el("p", { className: "wb-drop-hint", text: t("workbench.drop_hint") });

  const details = el("details", { className: "wb-paste" });
  details.append(el("summary", { text: t("workbench.paste_summary") }));
  const pasteId = uid("paste");
  details.append(el("label", { text: t("workbench.paste_label"), attrs: { for: pasteId } }));
  const area = el("textarea", { attrs: { id: pasteId, rows: "6", spellcheck: "false", placeholder: "x,y,label\n1.5,2.0,a\n…" } });
  const use = el("button", { text: t("workbench.use_pasted"), attrs: { type: "button" } });
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
        fileStatus.textContent = t("workbench.no_file_chosen");
        select.value = entry.name;
        own.hidden = true;
      } else {
        own.textContent = t("workbench.own_data_named", { name });
        own.hidden = false;
        select.value = "";
      }
      source.replaceChildren();
      if (entry?.source) {
        // A citation and a licence are quoted as their authors wrote them: marked as English,
        // so a screen reader reads them with English sounds on a page in another language.
        const quoted = (text) => el("span", { text, attrs: { lang: "en", translate: "no" } });
        source.append(el("strong", { text: t("workbench.source_label") }), quoted(entry.source), ". ", el("strong", { text: t("workbench.licence_label") }), quoted(entry.licence), ".");
      } else if (entry?.kind === "server") {
        source.textContent = t("workbench.offered_by_server");
      } else if (name) {
        source.textContent = t("workbench.loaded_from", { name });
      }
    },
    problem(text) {
      problem.textContent = text ?? "";
      problem.hidden = !text;
    },
  };
}
