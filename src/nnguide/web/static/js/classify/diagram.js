// The classifier as a network: area and bathrooms → two scores → softmax → P(Good), P(Bad).
// Drawn at its on-screen width. Weights show five significant digits, so the numbers add up
// by hand: −0.0010143 × 2,104 + 0.89550 × 3 − 0.42350 gives z Good to the third decimal.
import { chartFrame, widest, words } from "../charts/frame.js";
import { fixed, num, sig } from "../format.js";
import { t } from "../i18n.js";
import { className } from "./names.js";

const R = 27;
/** The score nodes' names; a circle grows to hold a long one ("z Mauvaise"). */
const SCORE_NAMES = { Good: "classify.node_z_good", Bad: "classify.node_z_bad" };

export function createClassifierDiagram(container) {
  const frame = chartFrame(container, { label: t("classify.diagram_label"), className: "clf-diagram", max: 600 });
  const svg = frame.svg;
  const height = 262;
  const inputs = [{ name: "area", short: words(t("classify.node_area")), y: 78 }, { name: "bathrooms", short: words(t("classify.node_baths")), y: 190 }];
  const outs = [{ name: "Good", y: 78 }, { name: "Bad", y: 190 }];
  const edges = [];
  inputs.forEach((inp, i) => outs.forEach((out, j) => edges.push({ i, j, inp, out })));
  const gEdges = svg.append("g");
  const lines = gEdges.selectAll("line.net-edge.w").data(edges).join("line").attr("class", "net-edge w-edge");
  const outLines = gEdges.selectAll("line.out").data(outs).join("line").attr("class", "net-edge plain out");
  const probLines = gEdges.selectAll("line.prob").data(outs).join("line").attr("class", "net-edge plain prob");
  const wLabels = svg.selectAll("text.w").data(edges).join("text").attr("class", "net-value weight w").attr("text-anchor", "middle");
  const inNodes = svg.selectAll("circle.in").data(inputs).join("circle").attr("class", "net-node input in").attr("r", R);
  const inNames = svg.selectAll("text.inname").data(inputs).join("text").attr("class", "net-label inname").attr("text-anchor", "middle").text((d) => d.short);
  const inVals = svg.selectAll("text.inval").data(inputs).join("text").attr("class", "net-value inval").attr("text-anchor", "middle");
  const zNodes = svg.selectAll("circle.out").data(outs).join("circle").attr("class", "net-node output out").attr("r", R);
  const zNames = svg.selectAll("text.outname").data(outs).join("text").attr("class", "net-label outname").attr("text-anchor", "middle").text((d) => t(SCORE_NAMES[d.name]));
  const zVals = svg.selectAll("text.zval").data(outs).join("text").attr("class", "net-value zval").attr("text-anchor", "middle");
  const bVals = svg.selectAll("text.bval").data(outs).join("text").attr("class", "net-value bias bval").attr("text-anchor", "middle");
  const softmax = svg.append("rect").attr("class", "net-node softmax-node").attr("rx", 6);
  const softmaxLabel = svg.append("text").attr("class", "net-label").attr("text-anchor", "middle").text("softmax");
  const pNodes = svg.selectAll("circle.prob").data(outs).join("circle").attr("class", (d) => `net-node prob ${d.name.toLowerCase()}`).attr("r", R);
  const pVals = svg.selectAll("text.pval").data(outs).join("text").attr("class", "net-value pval").attr("text-anchor", "middle");
  const pNames = svg.selectAll("text.pname").data(outs).join("text").attr("class", "net-label pname").attr("text-anchor", "middle").text((d) => `P(${className(d.name)})`);
  let last = null;

  function draw() {
    const width = frame.width();
    // Columns: inputs, scores, softmax, probabilities. Weight labels need the most room.
    // Measured: a score circle holds its name ("z Mauvaise"), and the last column leaves room
    // for the wider of its circle and its name below it ("P(Mauvaise)").
    const RZ = Math.max(R, Math.ceil(widest(zNames) / 2) + 3);
    const X0 = R + 6;
    const X2 = width - Math.max(R, Math.ceil(widest(pNames) / 2)) - 6;
    // On a phone, what a bigger score circle takes is given back by the softmax's gaps, so
    // the weights keep their room.
    const gap = width < 480 ? 34 - Math.min(10, RZ - R) : 34;
    const XS = X2 - R - gap;
    const X1 = XS - RZ - gap;
    // Bigger score circles: the second row moves down, so that the first score's value and
    // the second one's bias keep apart.
    const grow = 2 * (RZ - R);
    inputs[1].y = outs[1].y = 190 + grow;
    const H = height + grow;
    svg.attr("viewBox", `0 0 ${width} ${H}`).attr("width", width).attr("height", H);
    lines.attr("x1", X0 + R).attr("y1", (d) => d.inp.y).attr("x2", X1 - RZ).attr("y2", (d) => d.out.y);
    // Straight edges on their lines; crossing edges near their start, where they are apart.
    const t = (d) => (d.i === d.j ? 0.5 : 0.26);
    wLabels
      .attr("x", (d) => X0 + R + (X1 - RZ - X0 - R) * t(d))
      .attr("y", (d) => d.inp.y + (d.out.y - d.inp.y) * t(d) + (d.i === d.j ? -7 : d.i === 0 ? 14 : -6));
    inNodes.attr("cx", X0).attr("cy", (d) => d.y);
    inNames.attr("x", X0).attr("y", (d) => d.y + 4);
    inVals.attr("x", X0).attr("y", (d) => d.y + R + 16);
    zNodes.attr("cx", X1).attr("cy", (d) => d.y).attr("r", RZ);
    zNames.attr("x", X1).attr("y", (d) => d.y + 4);
    zVals.attr("x", X1).attr("y", (d) => d.y + RZ + 16);
    bVals.attr("x", X1).attr("y", (d) => d.y - RZ - 8);
    outLines.attr("x1", X1 + RZ).attr("x2", XS - 15).attr("y1", (d) => d.y).attr("y2", (d) => d.y);
    probLines.attr("x1", XS + 15).attr("x2", X2 - R).attr("y1", (d) => d.y).attr("y2", (d) => d.y);
    softmax.attr("x", XS - 15).attr("y", 40).attr("width", 30).attr("height", 188 + grow);
    softmaxLabel.attr("transform", `translate(${XS + 5},${134 + grow / 2}) rotate(-90)`);
    pNodes.attr("cx", X2).attr("cy", (d) => d.y);
    pVals.attr("x", X2).attr("y", (d) => d.y + 5);
    pNames.attr("x", X2).attr("y", (d) => d.y + R + 16);
  }
  frame.onResize(draw);
  draw();

  return {
    /** weights[i][j], bias[j]; house: one row of the API's houses (its values flow through). */
    update(weights, bias, house) {
      last = [weights, bias, house];
      wLabels.text((d) => sig(weights[d.i][d.j], 5));
      bVals.text((d, j) => `b ${sig(bias[j], 5)}`);
      inVals.text((d, i) => (house ? num(i === 0 ? house.area : house.bathrooms, 2) : ""));
      zVals.text((d, j) => (house ? fixed(house.outputs[j], 3) : ""));
      pVals.text((d, j) => (house ? fixed(house.probabilities[j], 3) : ""));
      return last;
    },
  };
}
