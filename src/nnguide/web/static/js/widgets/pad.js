// Widget view (DigitsPad): section 8's drawing pad for a fitted nnguide classifier from the
// notebook. Draw a digit; the kernel reads it with the model, live, as the page's pad does.
import { coalesced } from "../api.js";
import { el, place } from "../dom.js";
import { percent } from "../format.js";
import { t } from "../i18n.js";
import { grey, paint, pixelCanvas } from "../digits/images.js";
import { createPad } from "../digits/pad.js";
import { createProbabilities } from "../sections/digits.js";

export async function mount(root, { api }) {
  const info = await api.pad.describe({});
  const blank = () => new Array(info.side * info.side).fill(0);
  const padArea = place(root, "pad", el("div", { className: "pad-area" }));
  const padBox = el("div", { className: "pad-box" });
  const seen = el("figure", { className: "pad-seen" });
  const seenCanvas = pixelCanvas(blank(), info.side, grey(info.pixel_max), { size: 112, label: t("widget.pad_seen_label") });
  seen.append(seenCanvas, el("figcaption", { text: t("widget.pad_seen_caption", { side: info.side }) }));
  const probsBox = el("div", { className: "pad-probs" });
  const guess = el("p", { className: "pad-guess", text: t("widget.pad_prompt"), attrs: { "aria-live": "polite" } });
  probsBox.append(guess);
  const probs = createProbabilities(probsBox, t("widget.pad_probabilities"), info.classes.length);
  padArea.append(padBox, seen, probsBox);

  const predict = coalesced(
    (ink) => api.digits.predict({ ink }),
    (result) => {
      if (!pad.inked) return; // cleared while the answer was on its way
      paint(seenCanvas, result.image, grey(info.pixel_max));
      probs.update(result.probabilities, result.predicted);
      root.dataset.predicted = result.predicted;
      guess.textContent = t("widget.pad_guess", { digit: info.classes[result.predicted], share: percent(result.probabilities[result.predicted], 1) });
    },
    (err) => {
      guess.textContent = err.message;
    },
  );
  let frame = 0;
  const redraw = () => {
    if (!pad.inked || frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      predict(pad.ink());
    });
  };
  const pad = createPad(padBox, {
    onChange: redraw,
    onClear: () => {
      paint(seenCanvas, blank(), grey(info.pixel_max));
      probs.update(info.blank.probabilities, -1);
      delete root.dataset.predicted;
      guess.textContent = t("widget.pad_prompt");
    },
  });
  // Before any ink: what the model says for an empty pad, as the kernel computed it.
  probs.update(info.blank.probabilities, -1);
}
