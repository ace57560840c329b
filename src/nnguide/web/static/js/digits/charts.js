// Train and test curves against epochs: one chart for accuracy, one for loss.
// Each chart is drawn at the size its box has on screen (and redrawn when that changes),
// so it fills the space beside the controls on a wide screen and stays legible on a phone.
import { words } from "../charts/frame.js";
import * as d3 from "../d3.js";
import { fixed, num } from "../format.js";
import { t } from "../i18n.js";

const NS = "http://www.w3.org/2000/svg";

/** One key for both charts: a solid line for the training set, a dashed one for the test set. */
export function createCurveLegend(container) {
  const key = document.createElement("p");
  key.className = "curve-legend";
  for (const [cls, text] of [["train", t("digits.legend_train")], ["test", t("digits.legend_test")]]) {
    const item = document.createElement("span");
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("width", "26");
    svg.setAttribute("height", "10");
    svg.setAttribute("aria-hidden", "true");
    const line = document.createElementNS(NS, "line");
    line.setAttribute("class", `curve curve-${cls}`);
    line.setAttribute("x1", "1");
    line.setAttribute("x2", "25");
    line.setAttribute("y1", "5");
    line.setAttribute("y2", "5");
    svg.append(line);
    item.append(svg, text);
    key.append(item);
  }
  container.append(key);
  return key;
}

export function createCurves(container, { label, percent = false }) {
  const m = { top: 24, right: 16, bottom: 38, left: 50 };
  const svg = d3.select(container).append("svg").attr("class", "digits-curves").attr("role", "img");
  svg.append("title").text(t("digits.curves_title", { label }));
  const gx = svg.append("g").attr("class", "axis");
  const gy = svg.append("g").attr("class", "axis").attr("transform", `translate(${m.left},0)`);
  const xLabel = svg.append("text").attr("class", "axis-label").attr("text-anchor", "end").text(words(t("digits.axis_epoch")));
  svg.append("text").attr("class", "axis-label").attr("x", 4).attr("y", 14).text(words(label));
  const lines = {
    train: svg.append("path").attr("class", "curve curve-train"),
    test: svg.append("path").attr("class", "curve curve-test"),
  };
  let points = [];

  function draw() {
    const width = Math.max(240, Math.round(container.clientWidth || 420));
    // Wide and low beside the controls; never so low that the curves flatten out.
    const height = Math.round(Math.min(225, Math.max(180, width * 0.3)));
    svg.attr("viewBox", `0 0 ${width} ${height}`); // CSS shows it at 100% width: one unit, one pixel
    const last = points.length ? points[points.length - 1].epoch : 0;
    const x = d3.scaleLinear().domain([0, Math.max(last, 1)]).range([m.left, width - m.right]);
    const hi = percent ? 1 : Math.max(d3.max(points, (p) => Math.max(p.train, p.test)) ?? 1, 0.1);
    const y = d3.scaleLinear().domain([0, hi]).range([height - m.bottom, m.top]).nice();
    // d3's own tick labels, with the decimals d3 would choose, in the reader's number style.
    const xTicks = Math.max(3, Math.floor(width / 90));
    const [x0, x1] = x.domain();
    const xDecimals = d3.precisionFixed(Math.abs(d3.tickStep(x0, x1, xTicks)));
    gx.attr("transform", `translate(0,${height - m.bottom})`).call(d3.axisBottom(x).ticks(xTicks).tickFormat((v) => fixed(v, xDecimals)));
    // Percent charts say "(%)" in their title and tick plain numbers, so the only percentages
    // on the page are the one-decimal readings.
    gy.call(d3.axisLeft(y).ticks(5).tickFormat(percent ? (v) => num(100 * v) : (v) => num(v, 2)));
    xLabel.attr("x", width - m.right).attr("y", height - 4);
    for (const key of ["train", "test"]) {
      lines[key].attr("d", points.length ? d3.line().x((p) => x(p.epoch)).y((p) => y(p[key]))(points) : null);
    }
  }

  let seenWidth = 0;
  new ResizeObserver(() => {
    if (container.clientWidth !== seenWidth) {
      seenWidth = container.clientWidth;
      draw();
    }
  }).observe(container);

  return {
    /** points: [{epoch, train, test}] in order. */
    update(next) {
      points = next;
      draw();
    },
  };
}
