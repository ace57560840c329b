// Taking the model away: the model file nnguide fit --save writes, and a numpy-only script.
// Both are made by the server from the current weights when asked.
import { el, uid } from "../dom.js";

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
  const download = el("button", { text: "Download model", attrs: { type: "button" } });
  const copyButton = el("button", { text: "Copy Python", attrs: { type: "button" } });
  const savePy = el("button", { text: "Download Python", attrs: { type: "button" } });
  row.append(download, copyButton, savePy);
  const status = el("p", { className: "message wb-export-status", attrs: { role: "status" } });
  const details = el("details", { className: "wb-script" });
  details.append(el("summary", { text: "The Python script" }));
  const scriptId = uid("script");
  details.append(el("label", { className: "sr-only", text: "Python script", attrs: { for: scriptId } }));
  const script = el("textarea", { attrs: { id: scriptId, rows: "14", readonly: "", spellcheck: "false" } });
  details.append(script);
  const snippetTitle = el("p", { className: "table-title", text: "Reload the downloaded model with nnguide:" });
  snippetTitle.hidden = true; // until the first export fills the snippet in
  const snippet = el("pre", { className: "wb-snippet" });
  box.append(row, status, details, snippetTitle, snippet);
  container.append(box);

  async function run(what) {
    status.textContent = "Preparing…";
    try {
      const ex = await getExport();
      script.value = ex.python;
      snippet.textContent = ex.snippet;
      snippetTitle.hidden = false;
      if (what === "model") {
        save(box, `${ex.basename}.json`, ex.model_file, "application/json");
        status.textContent = `Saved ${ex.basename}.json: the file nnguide fit --save writes (nnguide predict ${ex.basename}.json data.csv).`;
      } else if (what === "copy") {
        const done = await copy(doc, ex.python, script);
        status.textContent = done
          ? `Copied: a numpy-only script with the weights in it. Save it as ${ex.basename}.py and run python ${ex.basename}.py data.csv.`
          : "Your browser did not let the page copy; the script is selected below: press Ctrl+C (⌘C).";
      } else {
        save(box, `${ex.basename}.py`, ex.python, "text/x-python");
        status.textContent = `Saved ${ex.basename}.py: run python ${ex.basename}.py data.csv.`;
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
