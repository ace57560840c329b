// Decision regions: the area × bathrooms plane coloured by P(Good), the boundary, the houses.
const d3 = globalThis.d3;

const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

export function createRegions(container, { areaRange, bathRange }) {
  const width = 560;
  const height = 380;
  const m = { top: 14, right: 16, bottom: 44, left: 52 };
  const x = d3.scaleLinear().domain(areaRange).range([m.left, width - m.right]);
  const y = d3.scaleLinear().domain(bathRange).range([height - m.bottom, m.top]);
  const colour = d3.interpolateRgbBasis([css("--bad") || "#b42318", "#ffffff", css("--good") || "#1a7f37"]);
  const tint = (p) => d3.interpolateRgb("#ffffff", colour(p))(0.45);

  const svg = d3
    .select(container)
    .append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("role", "img")
    .attr("class", "regions")
    .attr("aria-label", "Houses by area and bathrooms, the plane shaded by the probability of Good");
  const cells = svg.append("g").attr("class", "cells");
  const boundary = svg.append("line").attr("class", "boundary-line");
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - m.bottom})`).call(d3.axisBottom(x).ticks(6).tickFormat(d3.format(",")));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(5));
  svg.append("text").attr("class", "axis-label").attr("x", width - m.right).attr("y", height - 6).attr("text-anchor", "end").text("area (sq ft)");
  svg.append("text").attr("class", "axis-label").attr("transform", "rotate(-90)").attr("x", -m.top).attr("y", 14).attr("text-anchor", "end").text("bathrooms");
  const held = svg.append("g").attr("class", "held-points");
  const points = svg.append("g").attr("class", "house-points");
  const symbol = d3.symbol().size(110);
  const shape = (label) => (label === "Good" ? d3.symbolCircle : d3.symbolTriangle);

  function draw(group, rows, kind) {
    const g = group
      .selectAll("g.house")
      .data(rows, (d) => d.house)
      .join((enter) => {
        const e = enter.append("g").attr("class", "house");
        e.append("path");
        e.append("title");
        if (kind === "train") e.append("text").attr("class", "house-num").attr("dy", -9).attr("text-anchor", "middle");
        return e;
      });
    // Houses on the same integer bathroom line: a small vertical nudge keeps overlapping ones apart.
    g.attr("transform", (d) => `translate(${x(d.area)},${y(d.bathrooms) + (kind === "held" ? 6 : 0)})`);
    g.attr("class", (d) => `house ${kind} ${d.label === "Good" ? "good" : "bad"}${d.correct ? "" : " wrong"}`);
    g.select("path").attr("d", (d) => symbol.type(shape(d.label))());
    g.select("title").text((d) => `House ${d.house + 1}: ${d3.format(",")(d.area)} sq ft, ${d.bathrooms} bathrooms — labelled ${d.label}, P(Good) = ${d.probabilities[0].toFixed(2)}, predicted ${d.predicted}`);
    if (kind === "train") g.select("text").text((d) => d.house + 1);
  }

  return {
    update(res) {
      const { areas, bathrooms, p_good: p } = res.grid;
      const dx = (x(areas[1]) - x(areas[0])) / 2;
      const dy = (y(bathrooms[0]) - y(bathrooms[1])) / 2;
      const flat = [];
      bathrooms.forEach((t, i) => areas.forEach((a, j) => flat.push({ a, t, p: p[i][j] })));
      cells
        .selectAll("rect")
        .data(flat)
        .join("rect")
        .attr("x", (d) => Math.max(m.left, x(d.a) - dx))
        .attr("y", (d) => Math.max(m.top, y(d.t) - dy))
        .attr("width", (d) => Math.min(x(d.a) + dx, width - m.right) - Math.max(m.left, x(d.a) - dx) + 0.5)
        .attr("height", (d) => Math.min(y(d.t) + dy, height - m.bottom) - Math.max(m.top, y(d.t) - dy) + 0.5)
        .attr("fill", (d) => tint(d.p));
      if (res.boundary) {
        const [[a0, t0], [a1, t1]] = res.boundary;
        boundary.attr("x1", x(a0)).attr("y1", y(t0)).attr("x2", x(a1)).attr("y2", y(t1)).attr("visibility", "visible");
      } else {
        boundary.attr("visibility", "hidden");
      }
      draw(held, res.held_out, "held");
      draw(points, res.houses, "train");
      svg.attr("data-boundary", res.boundary ? "yes" : "none");
    },
  };
}
