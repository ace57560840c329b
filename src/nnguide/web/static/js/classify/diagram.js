// The classifier as a network: area and bathrooms → two scores → softmax → P(Good), P(Bad).
import * as d3 from "../d3.js";

const fmtW = (v) => {
  const a = Math.abs(v);
  if (a !== 0 && (a < 0.001 || a >= 1e5)) return v.toExponential(2).replace("-", "−");
  return d3.format(a < 1 ? ".4f" : ",.3~f")(v).replace("-", "−");
};

export function createClassifierDiagram(container) {
  const width = 560;
  const height = 250;
  const svg = d3.select(container).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("class", "clf-diagram").attr("aria-label", "Network: two inputs, two scores, softmax, two probabilities");
  const inputs = [{ name: "area", y: 70 }, { name: "bathrooms", y: 180 }];
  const outs = [{ name: "Good", y: 70 }, { name: "Bad", y: 180 }];
  const X0 = 70;
  const X1 = 300;
  const XS = 400;
  const X2 = 500;
  const edges = [];
  inputs.forEach((inp, i) => outs.forEach((out, j) => edges.push({ i, j, x1: X0 + 28, y1: inp.y, x2: X1 - 26, y2: out.y })));
  svg.selectAll("line.net-edge").data(edges).join("line").attr("class", "net-edge").attr("x1", (d) => d.x1).attr("y1", (d) => d.y1).attr("x2", (d) => d.x2).attr("y2", (d) => d.y2);
  const wLabels = svg.selectAll("text.w").data(edges).join("text").attr("class", "net-value weight w").attr("text-anchor", "middle")
    .attr("x", (d) => d.x1 + (d.x2 - d.x1) * (d.i === d.j ? 0.45 : 0.3))
    .attr("y", (d) => d.y1 + (d.y2 - d.y1) * (d.i === d.j ? 0.45 : 0.3) - 5);
  for (const inp of inputs) {
    svg.append("circle").attr("class", "net-node input").attr("cx", X0).attr("cy", inp.y).attr("r", 26);
    svg.append("text").attr("class", "net-label").attr("x", X0).attr("y", inp.y + 4).attr("text-anchor", "middle").text(inp.name === "area" ? "area" : "baths");
  }
  const inVals = svg.selectAll("text.inval").data(inputs).join("text").attr("class", "net-value inval").attr("x", X0).attr("y", (d) => d.y + 44).attr("text-anchor", "middle");
  svg.selectAll("line.out").data(outs).join("line").attr("class", "net-edge plain out").attr("x1", X1 + 26).attr("x2", XS - 20).attr("y1", (d) => d.y).attr("y2", (d) => d.y);
  svg.selectAll("line.prob").data(outs).join("line").attr("class", "net-edge plain prob").attr("x1", XS + 20).attr("x2", X2 - 26).attr("y1", (d) => d.y).attr("y2", (d) => d.y);
  svg.selectAll("circle.out").data(outs).join("circle").attr("class", "net-node output out").attr("cx", X1).attr("cy", (d) => d.y).attr("r", 26);
  svg.selectAll("text.outname").data(outs).join("text").attr("class", "net-label outname").attr("x", X1).attr("y", (d) => d.y + 4).attr("text-anchor", "middle").text((d) => `z ${d.name}`);
  const zVals = svg.selectAll("text.zval").data(outs).join("text").attr("class", "net-value zval").attr("x", X1).attr("y", (d) => d.y + 44).attr("text-anchor", "middle");
  const bVals = svg.selectAll("text.bval").data(outs).join("text").attr("class", "net-value bias bval").attr("x", X1).attr("y", (d) => d.y - 34).attr("text-anchor", "middle");
  svg.append("rect").attr("class", "net-node softmax-node").attr("x", XS - 20).attr("y", 40).attr("width", 40).attr("height", 170).attr("rx", 6);
  svg.append("text").attr("class", "net-label").attr("transform", `translate(${XS + 5},125) rotate(-90)`).attr("text-anchor", "middle").text("softmax");
  svg.selectAll("circle.prob").data(outs).join("circle").attr("class", (d) => `net-node prob ${d.name.toLowerCase()}`).attr("cx", X2).attr("cy", (d) => d.y).attr("r", 26);
  const pVals = svg.selectAll("text.pval").data(outs).join("text").attr("class", "net-value pval").attr("x", X2).attr("y", (d) => d.y + 5).attr("text-anchor", "middle");
  svg.selectAll("text.pname").data(outs).join("text").attr("class", "net-label pname").attr("x", X2).attr("y", (d) => d.y + 44).attr("text-anchor", "middle").text((d) => `P(${d.name})`);

  return {
    /** weights[i][j], bias[j]; house: one row of the API's houses (its values flow through). */
    update(weights, bias, house) {
      wLabels.text((d) => fmtW(weights[d.i][d.j]));
      bVals.text((d, j) => `b ${fmtW(bias[j])}`);
      inVals.text((d, i) => (house ? d3.format(",")(i === 0 ? house.area : house.bathrooms) : ""));
      zVals.text((d, j) => (house ? fmtW(house.outputs[j]) : ""));
      pVals.text((d, j) => (house ? house.probabilities[j].toFixed(3) : ""));
    },
  };
}
