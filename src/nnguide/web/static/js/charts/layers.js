// A network drawn from its layer sizes: one column of neurons per layer, every neuron joined
// to every neuron of the next layer. It serves every Part 2 figure: the trained network with
// each hidden neuron's picture as its node, the shape explorer (any sizes: at most MAX_DRAWN
// neurons of a layer are drawn, a dashed "⋮" node counting the rest), and backpropagation
// (forward values and error signals on the nodes, gradients on the edges).
import * as d3 from "../d3.js";
import { MAX_DRAWN, drawnIndices } from "../classify/graph.js";
import { t } from "../i18n.js";

export { MAX_DRAWN };

/**
 * container: the element to draw in (drawn at its width, 300–760 px, so text keeps its size).
 * update(spec) with
 *   sizes          [n₀, n₁, …]: neurons per layer, inputs first
 *   titles         a title above each column ("inputs", "hidden", …)
 *   nodeLabels     per layer, a label per neuron (inputs are labelled on their left,
 *                  outputs on their right, others inside the node)
 *   weights        per layer gap, the (nᵢ × nᵢ₊₁) matrix: edge width ∝ |w|, dashed if w < 0
 *   strength       like weights, used for the widths instead (e.g. gradients); sign as weights
 *   edgeLabels     like weights, a string per edge (shown when given and drawn 460 px or wider)
 *   nodeValues     per layer, a string under each node; nodeNotes: a second line
 *   pictures       per layer, an image URL per neuron or null: drawn as a square node
 *   softmax        draw the softmax after the last layer
 *   highlight      {layer, source, target}: one edge (layer = its gap, 0-based) to stand out
 */
export function createLayerDiagram(container, { label = t("chart.network_label") } = {}) {
  const svg = d3.select(container).append("svg").attr("class", "layers").attr("role", "img").attr("aria-label", label).attr("direction", "ltr");
  const gEdges = svg.append("g").attr("class", "edges");
  const gLabels = svg.append("g").attr("class", "edge-labels");
  const gNodes = svg.append("g").attr("class", "nodes");
  const gTitles = svg.append("g").attr("class", "titles");
  const soft = svg.append("g").attr("class", "softmax-mark");
  soft.append("rect").attr("class", "softmax-box").attr("rx", 6);
  soft.append("text").attr("class", "layers-label softmax-word").attr("text-anchor", "middle");
  // Measures the input and output names as they are drawn (a name's length in letters says
  // little: "Mauvaise", "Buena", "جيد" are set in different widths).
  const probe = svg.append("text").attr("class", "layers-label name").attr("visibility", "hidden").attr("aria-hidden", "true");
  let last = null;
  let drawnWidth = 0;

  function render(spec) {
    const { sizes } = spec;
    const width = Math.max(300, Math.min(760, Math.round(container.clientWidth || 560)));
    drawnWidth = container.clientWidth;
    const narrow = width < 460;
    const cols = sizes.map((n) => drawnIndices(n));
    const rows = d3.max(cols, (c) => c.length);
    const hasPictures = (spec.pictures ?? []).some((p) => p?.some(Boolean));
    const S = hasPictures ? (narrow ? 40 : 56) : 0; // a picture node's side
    const R = narrow ? 12 : 15; // a circle node's radius
    const lines = (spec.nodeValues ? 1 : 0) + (spec.nodeNotes ? 1 : 0);
    const nodeH = Math.max(S, 2 * R);
    const gap = nodeH + 10 + lines * 15 + (rows > 6 ? 0 : 8);
    const top = spec.titles ? 30 : 12;
    const height = top + rows * gap + 6;
    const inLabels = spec.nodeLabels?.[0];
    const outLabels = spec.nodeLabels?.at(-1);
    const textW = (list) =>
      list
        ? d3.max(list, (s) => {
            probe.text(String(s));
            // Not laid out (a hidden section): an estimate from the letters.
            return probe.node().getComputedTextLength() || String(s).length * (narrow ? 6.6 : 7.4);
          }) + 10
        : 0;
    const left = Math.max(R + 6, textW(inLabels) + R);
    const softW = spec.softmax ? (narrow ? 30 : 38) : 0;
    const right = Math.max(R + 6, textW(outLabels) + R + softW);
    probe.text("");
    const xOf = (l) => (sizes.length === 1 ? width / 2 : left + (l * (width - left - right)) / (sizes.length - 1));
    const yOf = (k, count) => top + ((rows - count) * gap) / 2 + k * gap + nodeH / 2 + 4;
    svg.attr("viewBox", `0 0 ${width} ${height}`).attr("data-layers", sizes.join(","));

    const nodes = cols.flatMap((col, l) =>
      col.map((d, k) => {
        const picture = d.more ? null : spec.pictures?.[l]?.[d.i - 1] ?? null;
        return { ...d, l, k, x: xOf(l), y: yOf(k, col.length), picture, half: picture ? S / 2 : R, id: d.more ? `${l}-more` : `${l}-${d.i}` };
      }),
    );
    const byLayer = d3.group(nodes, (d) => d.l);

    // Edges: every drawn neuron to every drawn neuron of the next layer.
    const edges = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const W = spec.strength?.[l] ?? spec.weights?.[l];
      const signs = spec.weights?.[l] ?? W;
      const biggest = W ? d3.max(W.flat(), Math.abs) || 1 : 1;
      for (const a of byLayer.get(l)) {
        for (const b of byLayer.get(l + 1)) {
          const hidden = a.more || b.more;
          const w = hidden || !W ? null : W[a.i - 1][b.i - 1];
          const sign = hidden || !signs ? 1 : Math.sign(signs[a.i - 1][b.i - 1]);
          edges.push({
            id: `${l}:${a.id}>${b.id}`,
            l,
            a,
            b,
            hidden,
            width: w === null ? 1.2 : 0.6 + 5 * Math.sqrt(Math.abs(w) / biggest),
            negative: sign < 0,
            text: hidden || narrow ? "" : spec.edgeLabels?.[l]?.[a.i - 1]?.[b.i - 1] ?? "",
            picked: spec.highlight && spec.highlight.layer === l && spec.highlight.source === a.i - 1 && spec.highlight.target === b.i - 1,
          });
        }
      }
    }
    gEdges
      .selectAll("line")
      .data(edges, (d) => d.id)
      .join("line")
      .attr("class", (d) => `layers-edge${d.hidden ? " hidden-edge" : ""}${d.negative ? " negative" : ""}${d.picked ? " picked" : ""}`)
      .attr("x1", (d) => d.a.x + d.a.half)
      .attr("y1", (d) => d.a.y)
      .attr("x2", (d) => d.b.x - d.b.half)
      .attr("y2", (d) => d.b.y)
      .attr("stroke-width", (d) => (d.picked ? d.width + 2 : d.width))
      .attr("data-layer", (d) => d.l + 1);
    // Edge labels: each at its own fraction of the way, by target, so neighbours do not collide.
    const labelled = edges.filter((d) => d.text);
    gLabels
      .selectAll("text")
      .data(labelled, (d) => d.id)
      .join("text")
      .attr("class", (d) => `layers-edge-label${d.picked ? " picked" : ""}`)
      .attr("text-anchor", "middle")
      .attr("dy", "0.35em")
      .each(function (d) {
        const n = byLayer.get(d.l + 1).length;
        const t = n === 1 ? 0.5 : 0.28 + (0.44 * (d.b.k)) / (n - 1);
        const x1 = d.a.x + d.a.half;
        const x2 = d.b.x - d.b.half;
        d3.select(this).attr("x", x1 + t * (x2 - x1)).attr("y", d.a.y + t * (d.b.y - d.a.y));
      })
      .text((d) => d.text);

    const g = gNodes
      .selectAll("g.layers-node")
      .data(nodes, (d) => d.id)
      .join((enter) => {
        const e = enter.append("g").attr("class", "layers-node");
        e.append("circle");
        e.append("image").attr("preserveAspectRatio", "none");
        e.append("rect").attr("class", "picture-frame");
        e.append("text").attr("class", "layers-label name");
        e.append("text").attr("class", "layers-value value").attr("text-anchor", "middle");
        e.append("text").attr("class", "layers-value note").attr("text-anchor", "middle");
        e.append("title");
        return e;
      })
      .attr("transform", (d) => `translate(${d.x},${d.y})`)
      .attr("data-layer", (d) => d.l)
      .attr("data-neuron", (d) => (d.more ? "more" : d.i))
      .classed("more", (d) => Boolean(d.more));
    const lastLayer = sizes.length - 1;
    g.select("circle")
      .attr("r", (d) => (d.picture ? 0 : R))
      .attr("class", (d) => `layers-dot${d.more ? " more-node" : d.l === 0 ? " input" : d.l === lastLayer ? " output" : " hidden"}`);
    g.select("image")
      .attr("href", (d) => d.picture ?? null)
      .attr("x", -S / 2)
      .attr("y", -S / 2)
      .attr("width", (d) => (d.picture ? S : 0))
      .attr("height", (d) => (d.picture ? S : 0));
    g.select("rect.picture-frame")
      .attr("x", -S / 2)
      .attr("y", -S / 2)
      .attr("width", (d) => (d.picture ? S : 0))
      .attr("height", (d) => (d.picture ? S : 0));
    const nameOf = (d) => (d.more ? "⋮" : spec.nodeLabels?.[d.l]?.[d.i - 1] ?? "");
    g.select("text.name")
      .text(nameOf)
      .attr("text-anchor", (d) => (d.more || (d.l !== 0 && d.l !== lastLayer) ? "middle" : d.l === 0 ? "end" : "start"))
      .attr("x", (d) => (d.more || (d.l !== 0 && d.l !== lastLayer) ? 0 : d.l === 0 ? -d.half - 6 : d.half + 6 + softW))
      .attr("dy", "0.35em")
      .classed("inside", (d) => d.l !== 0 && d.l !== lastLayer && !d.picture)
      .attr("visibility", (d) => (d.picture ? "hidden" : "visible"));
    g.select("text.value")
      .attr("y", (d) => d.half + 13)
      .text((d) => (d.more ? t("chart.layers_more", { count: d.more }) : spec.nodeValues?.[d.l]?.[d.i - 1] ?? ""));
    g.select("text.note")
      .attr("y", (d) => d.half + 27)
      .text((d) => (d.more ? "" : spec.nodeNotes?.[d.l]?.[d.i - 1] ?? ""));
    g.select("title").text((d) => {
      if (d.more) return t("chart.layers_more_title", { count: d.more });
      const layer = spec.titles?.[d.l] ?? t("chart.layers_layer");
      return nameOf(d) ? t("chart.layers_node_named", { layer, index: d.i, name: nameOf(d) }) : t("chart.layers_node", { layer, index: d.i });
    });

    gTitles
      .selectAll("text")
      .data(spec.titles ?? [])
      .join("text")
      .attr("class", "layers-title")
      .attr("text-anchor", (d, l) => (l === 0 && sizes.length > 1 ? "start" : l === lastLayer && sizes.length > 1 ? "end" : "middle"))
      .attr("x", (d, l) => (l === 0 && sizes.length > 1 ? 2 : l === lastLayer && sizes.length > 1 ? width - 2 : xOf(l)))
      .attr("y", 14)
      .text((d) => d);

    soft.attr("visibility", spec.softmax ? "visible" : "hidden");
    if (spec.softmax) {
      const outs = byLayer.get(lastLayer);
      const y0 = d3.min(outs, (d) => d.y) - R - 6;
      const y1 = d3.max(outs, (d) => d.y) + R + 6;
      const x = xOf(lastLayer) + R + 4;
      soft.select("rect").attr("x", x).attr("y", y0).attr("width", softW - 8).attr("height", y1 - y0);
      soft.select("text").attr("transform", `translate(${x + (softW - 8) / 2 + 4},${(y0 + y1) / 2}) rotate(-90)`).text("softmax");
    }
    svg.attr("data-edges", edges.filter((d) => !d.hidden).length);
  }

  new ResizeObserver(() => {
    if (last && Math.abs(container.clientWidth - drawnWidth) > 8) render(last);
  }).observe(container);

  return {
    update(spec) {
      last = spec;
      render(spec);
    },
    describe(text) {
      svg.attr("aria-label", text);
    },
  };
}
