// Taking the model away: the model file nnguide fit --save writes, and a numpy-only script.
// Both are made by the server from the current weights when asked.
import { el, uid } from "../dom.js";
import { t } from "../i18n.js";

function save(box, name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { attrs: { href: url, download: name } });
  a.hidden = true;
  box.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function copy(doc, text, fallback) {
  try {
    await doc.defaultView.navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard access (an http page on another machine, a denied permission):
    // select the script in its box so that Ctrl+C copies it.
    fallback.value = text;
    fallback.closest("details").open = true;
    fallback.focus();
    fallback.select();
    return doc.execCommand?.("copy") ?? false;
  }
}

/** The panel; `getExport()` resolves to the API's /export answer for the current model. */
export function createTakeaway(container, { getExport }) {
  const doc = container.ownerDocument;
  const box = el("div", { className: "wb-takeaway" });
  const row = el("div", { className: "buttons" });
  const download = el("button", { text: t("workbench.download_model"), attrs: { type: "button" } });
  const copyButton = el("button", { text: t("workbench.copy_python"), attrs: { type: "button" } });
  const savePy = el("button", { text: t("workbench.download_python"), attrs: { type: "button" } });
  row.append(download, copyButton, savePy);
  const status = el("p", { className: "message wb-export-status", attrs: { role: "status" } });
  const details = el("details", { className: "wb-script" });
  details.append(el("summary", { text: t("workbench.script_summary") }));
  const scriptId = uid("script");
  details.append(el("label", { className: "sr-only", text: t("workbench.script_label"), attrs: { for: scriptId } }));
  const script = el("textarea", { attrs: { id: scriptId, rows: "14", readonly: "", spellcheck: "false" } });
  details.append(script);
  const snippetTitle = el("p", { className: "table-title", text: t("workbench.reload_title") });
  snippetTitle.hidden = true; // until the first export fills the snippet in
  const snippet = el("pre", { className: "wb-snippet" });
  box.append(row, status, details, snippetTitle, snippet);
  container.append(box);

  async function run(what) {
    status.textContent = t("workbench.preparing");
    try {
      const ex = await getExport();
      script.value = ex.python;
      snippet.textContent = ex.snippet;
      snippetTitle.hidden = false;
      if (what === "model") {
        save(box, `${ex.basename}.json`, ex.model_file, "application/json");
        status.textContent = t("workbench.saved_model", { file: `${ex.basename}.json` });
      } else if (what === "copy") {
        const done = await copy(doc, ex.python, script);
        status.textContent = done
          ? t("workbench.copied_python", { file: `${ex.basename}.py` })
          : t("workbench.copy_refused");
      } else {
        save(box, `${ex.basename}.py`, ex.python, "text/x-python");
        status.textContent = t("workbench.saved_python", { file: `${ex.basename}.py` });
      }
    } catch (err) {
      status.textContent = err.message;
    }
  }
  download.addEventListener("click", () => run("model"));
  copyButton.addEventListener("click", () => run("copy"));
  savePy.addEventListener("click", () => run("python"));
  return {
    enable(on) {
      for (const b of [download, copyButton, savePy]) b.disabled = !on;
      if (!on) status.textContent = "";
    },
  };
}
