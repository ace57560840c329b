// A chart's frame: an <svg> drawn at the width it has on screen (one SVG unit is one pixel),
// so every chart's text is set at the same true size, on a phone as on a wide screen, and
// redrawn when that width changes. It also gives the chart its accessible name. A chart keeps
// its mathematical orientation in a right-to-left page (x grows to the right, titles and ticks
// anchored as drawn): its SVG is laid out left to right; Arabic words in it still read right to left.
import * as d3 from "../d3.js";
import { fixed } from "../format.js";
import { language } from "../i18n.js";

/**
 * container: the element the chart fills. label: the chart's accessible name (role=img).
 * Returns {svg, width(), onResize(fn)}; width() is the current drawing width in px.
 */
export function chartFrame(container, { label, className = "", min = 280, max = 760 } = {}) {
  const svg = d3.select(container).append("svg").attr("role", "img").attr("class", `chart ${className}`.trim()).attr("direction", "ltr");
  if (label) svg.attr("aria-label", label);
  let drawn = 0;
  let redraw = null;
  const width = () => Math.max(min, Math.min(max, Math.round(container.clientWidth || 560)));
  new ResizeObserver(() => {
    const w = width();
    if (redraw && Math.abs(w - drawn) > 4) {
      drawn = w;
      redraw();
    }
  }).observe(container);
  return {
    svg,
    width() {
      drawn = width();
      return drawn;
    },
    onResize(fn) {
      redraw = fn;
    },
  };
}

/**
 * Words for an SVG text in a chart: in a right-to-left language they are embedded right to
 * left (RLE … PDF), so "اضغط زر GD" keeps its word order in the chart's left-to-right layout.
 */
export function words(text) {
  return text && language().dir === "rtl" ? `\u202b${text}\u202c` : text;
}

/**
 * Writes `str` into the SVG text `sel` (a d3 selection, text-anchor and x already set) as
 * <tspan> lines no wider than `maxWidth` px, broken between words, centred on `y` as a block.
 * Returns the number of lines (0 for no text).
 */
export function wrapLines(sel, str, maxWidth, { x, y, lineHeight = 1.25 } = {}) {
  sel.text(null).attr("x", x).attr("y", y);
  if (!str) return 0;
  const lines = [];
  const probe = sel.append("tspan").attr("x", x);
  let line = "";
  for (const word of str.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    probe.text(words(next));
    if (line && probe.node().getComputedTextLength() > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  lines.push(line);
  probe.remove();
  const first = -((lines.length - 1) * lineHeight) / 2;
  lines.forEach((l, i) => {
    sel
      .append("tspan")
      .attr("x", x)
      .attr("dy", `${i === 0 ? first + 0.35 : lineHeight}em`)
      .text(words(l));
  });
  return lines.length;
}

/** The widest of these SVG texts, in px (0 when none). */
export function widest(selection) {
  let w = 0;
  selection.each(function measure() {
    w = Math.max(w, this.getBBox().width);
  });
  return w;
}

/** A visible caption under a figure: what it shows, in a sentence. */
export function caption(figure, text) {
  let cap = figure.querySelector(":scope > figcaption.caption");
  if (!cap) {
    cap = document.createElement("figcaption");
    cap.className = "caption";
    figure.append(cap);
  }
  cap.textContent = text;
  return cap;
}

/**
 * The tick text d3 gives a linear scale with `count` ticks (",f" at the ticks' precision:
 * "0.05", "0.10", "1,000"), written in the reader's locale: `axis.tickFormat(tickText(x, 6))`.
 */
export function tickText(scale, count = 10) {
  const domain = scale.domain();
  const digits = d3.precisionFixed(d3.tickStep(domain[0], domain.at(-1), count));
  return (v) => fixed(v, Number.isFinite(digits) ? digits : 6);
}
