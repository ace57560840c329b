// The same network diagram as before, now 64 inputs wide: a few pixels stand for all of them.
// Drawn at its on-screen width, so its words stay inside their shapes on a phone too.
import { chartFrame, words } from "../charts/frame.js";
import { t } from "../i18n.js";

/** info: the API's /digits/info answer (n_features pixels, n_classes digits, n_parameters). */
export function createDigitsDiagram(container, { n_features: n, n_classes: classes, n_parameters: total }) {
  const frame = chartFrame(container, {
    label: t("digits.diagram_label", { n, classes }),
    className: "digits-diagram",
    max: 640,
  });
  const svg = frame.svg;
  const height = 350;
  const shown = [1, 2, 3, null, n - 1, n]; // null is the "⋮" for the pixels not drawn
  const inY = (i) => 40 + i * 48;
  const outY = (d) => 28 + d * 29;

  function draw() {
    const width = frame.width();
    const narrow = width < 480;
    svg.attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height);
    svg.selectAll("*").remove();
    const inX = narrow ? 90 : 120;
    const boxW = 74;
    const boxX = width - boxW - (narrow ? 8 : 130);
    const outX = boxX - 40;
    const edges = svg.append("g");
    shown.forEach((p, i) => {
      if (p === null) return;
      for (let d = 0; d < classes; d++) {
        edges.append("line").attr("class", "net-edge thin").attr("x1", inX + 18).attr("y1", inY(i)).attr("x2", outX - 12).attr("y2", outY(d));
      }
    });
    shown.forEach((p, i) => {
      if (p === null) {
        svg.append("text").attr("class", "net-label").attr("x", inX).attr("y", inY(i) + 5).attr("text-anchor", "middle").text("⋮");
        svg.append("text").attr("class", "net-label muted").attr("x", inX - 26).attr("y", inY(i) + 5).attr("text-anchor", "end").text(words(t("digits.diagram_more", { n: n - 5 })));
        return;
      }
      svg.append("circle").attr("class", "net-node input").attr("cx", inX).attr("cy", inY(i)).attr("r", 18);
      svg.append("text").attr("class", "net-label").attr("x", inX - 24).attr("y", inY(i) + 5).attr("text-anchor", "end").text(words(t("digits.pixel", { p })));
    });
    for (let d = 0; d < classes; d++) {
      svg.append("circle").attr("class", "net-node output").attr("cx", outX).attr("cy", outY(d)).attr("r", 12);
      svg.append("text").attr("class", "net-label").attr("x", outX).attr("y", outY(d) + 4).attr("text-anchor", "middle").text(String(d));
    }
    svg.append("rect").attr("class", "net-node softmax").attr("x", boxX).attr("y", 16).attr("width", boxW).attr("height", outY(classes - 1) - 4);
    svg.append("text").attr("class", "net-label").attr("x", boxX + boxW / 2).attr("y", outY(4) + 18).attr("text-anchor", "middle").text("softmax");
    // What comes out: below the box on a phone, beside it on a wide screen; never on top of it.
    const outText = narrow ? { x: width - 4, y: outY(classes - 1) + 34, anchor: "end" } : { x: boxX + boxW + 12, y: outY(4) + 10, anchor: "start" };
    svg.append("text").attr("class", "net-label").attr("x", outText.x).attr("y", outText.y).attr("text-anchor", outText.anchor).text(words(t("digits.probabilities", { classes })));
    svg.append("text").attr("class", "net-value weight").attr("x", width / 2).attr("y", height - 8).attr("text-anchor", "middle")
      .text(words(t(narrow ? "digits.diagram_total_narrow" : "digits.diagram_total", { n, classes, total })));
  }
  frame.onResize(draw);
  draw();
}
