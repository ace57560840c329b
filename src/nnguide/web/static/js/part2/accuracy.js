// Training accuracy and the hidden list's accuracy after each step, on one chart: each count
// is drawn on a scale from none to all of its houses, so 10 of 10 and 37 of 37 meet at the top.
import * as d3 from "../d3.js";
import { percent } from "../format.js";
import { t } from "../i18n.js";

export function createAccuracyChart(container, { height = 190 } = {}) {
  const width = 560;
  const m = { top: 20, right: 150, bottom: 34, left: 52 };
  const svg = d3.select(container).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("class", "accuracy-chart")
    .attr("aria-label", t("part2.accuracy_chart"));
  const gx = svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - m.bottom})`);
  const gy = svg.append("g").attr("class", "axis").attr("transform", `translate(${m.left},0)`);
  svg.append("text").attr("class", "axis-label").attr("x", width - m.right).attr("y", height - 4).attr("text-anchor", "end").text(t("part2.axis_step"));
  svg.append("text").attr("class", "axis-label").attr("x", 6).attr("y", 12).text(t("part2.axis_right"));
  const train = svg.append("path").attr("class", "acc-line train");
  const held = svg.append("path").attr("class", "acc-line held");
  const trainEnd = svg.append("text").attr("class", "acc-end train").attr("dy", "0.35em");
  const heldEnd = svg.append("text").attr("class", "acc-end held").attr("dy", "0.35em");
  const empty = svg.append("text").attr("class", "axis-label").attr("x", (m.left + width - m.right) / 2).attr("y", height / 2).attr("text-anchor", "middle");

  return {
    /** log: [{step, correct, held_out_correct}]; n, nHeld: how many houses each counts. */
    update(log, { n, nHeld }) {
      empty.text(log.length < 2 ? t("part2.log_starts") : "");
      const x = d3.scaleLinear().domain([0, Math.max(log.at(-1)?.step ?? 0, 1)]).range([m.left, width - m.right]);
      const share = d3.scaleLinear().domain([0, 1]).range([height - m.bottom, m.top]);
      const yTrain = d3.scaleLinear().domain([0, n]).range(share.range());
      const yHeld = d3.scaleLinear().domain([0, nHeld || 1]).range(share.range());
      // Steps are whole numbers written without grouping ("d"), alike in every language's digits.
      gx.call(d3.axisBottom(x).ticks(Math.min(6, x.domain()[1]), "d"));
      gy.call(d3.axisLeft(share).tickValues([0, 0.5, 1]).tickFormat((v) => percent(v)));
      const line = (y, key) => d3.line().defined((p) => p[key] !== null && p[key] !== undefined).x((p) => x(p.step)).y((p) => y(p[key]));
      train.attr("d", log.length ? line(yTrain, "correct")(log) : null);
      const heldLog = nHeld ? log : [];
      held.attr("d", heldLog.length ? line(yHeld, "held_out_correct")(heldLog) : null);
      const end = log.at(-1);
      const ends = [];
      if (end) ends.push({ node: trainEnd, y: yTrain(end.correct), text: t("part2.end_training", { k: end.correct, n }) });
      if (end && nHeld && end.held_out_correct !== null && end.held_out_correct !== undefined) {
        ends.push({ node: heldEnd, y: yHeld(end.held_out_correct), text: t("part2.end_hidden", { k: end.held_out_correct, n: nHeld }) });
      }
      // Two labels at the right end; the lower one moves down when they would touch.
      if (ends.length === 2 && Math.abs(ends[0].y - ends[1].y) < 14) {
        const [hi, lo] = ends[0].y <= ends[1].y ? ends : [ends[1], ends[0]];
        lo.y = hi.y + 14;
      }
      trainEnd.text("");
      heldEnd.text("");
      for (const e of ends) e.node.attr("x", width - m.right + 6).attr("y", e.y).text(e.text);
    },
  };
}
