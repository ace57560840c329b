// Train and test curves against epochs: one small chart for accuracy, one for loss.
const d3 = globalThis.d3;

export function createCurves(container, { label, percent = false, height = 190 }) {
  const width = 420;
  const m = { top: 26, right: 14, bottom: 34, left: 50 };
  const svg = d3.select(container).append("svg").attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img");
  svg.append("title").text(`${label}: training set and test set, by epoch`);
  const gx = svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - m.bottom})`);
  const gy = svg.append("g").attr("class", "axis").attr("transform", `translate(${m.left},0)`);
  svg.append("text").attr("class", "axis-label").attr("x", width - m.right).attr("y", height - 4).attr("text-anchor", "end").text("epoch");
  svg.append("text").attr("class", "axis-label").attr("x", 6).attr("y", 14).text(label);
  const lines = {
    train: svg.append("path").attr("class", "curve curve-train"),
    test: svg.append("path").attr("class", "curve curve-test"),
  };
  const legend = svg.append("g").attr("transform", `translate(${width - m.right - 190},6)`);
  [["train", "training set"], ["test", "test set"]].forEach(([key, text], i) => {
    legend.append("line").attr("class", `curve curve-${key}`).attr("x1", i * 110).attr("x2", i * 110 + 18).attr("y1", 6).attr("y2", 6);
    legend.append("text").attr("class", "axis-label").attr("x", i * 110 + 24).attr("y", 10).text(text);
  });

  return {
    /** points: [{epoch, train, test}] in order. */
    update(points) {
      const last = points.length ? points[points.length - 1].epoch : 0;
      const x = d3.scaleLinear().domain([0, Math.max(last, 1)]).range([m.left, width - m.right]);
      const hi = percent ? 1 : Math.max(d3.max(points, (p) => Math.max(p.train, p.test)) ?? 1, 0.1);
      const y = d3.scaleLinear().domain([0, hi]).range([height - m.bottom, m.top]).nice();
      gx.call(d3.axisBottom(x).ticks(6));
      gy.call(d3.axisLeft(y).ticks(5).tickFormat(percent ? d3.format(".0%") : d3.format(".2~f")));
      for (const key of ["train", "test"]) {
        lines[key].attr("d", d3.line().x((p) => x(p.epoch)).y((p) => y(p[key]))(points));
      }
    },
  };
}
