// Text in every SVG inside a root: never cut off by its SVG, never overlapping other text,
// and inside the node (circle or box) its centre sits on. A list of problems, empty when fine.
(root) => {
  const problems = [];
  for (const svg of root.querySelectorAll("svg")) {
    if (!svg.checkVisibility()) continue;
    const frame = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim() && t.checkVisibility()
      && getComputedStyle(t).visibility !== "hidden" && getComputedStyle(t).opacity !== "0");
    const boxes = texts.map((t) => ({ t, r: t.getBoundingClientRect() }));
    for (const { t, r } of boxes) {
      if (r.left < frame.left - 1 || r.right > frame.right + 1 || r.top < frame.top - 1 || r.bottom > frame.bottom + 1) {
        problems.push(`cut off: "${t.textContent}"`);
      }
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r, b = boxes[j].r;
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > 1.5 && dy > 1.5) problems.push(`overlap: "${boxes[i].t.textContent}" / "${boxes[j].t.textContent}"`);
      }
    }
    // Text whose centre sits on a node (circle or box) must fit inside it.
    const shapes = [...svg.querySelectorAll("circle.net-node, rect.net-node")].map((s) => s.getBoundingClientRect());
    for (const { t, r } of boxes) {
      const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
      const host = shapes.find((s) => cx > s.left && cx < s.right && cy > s.top && cy < s.bottom);
      if (host && (r.left < host.left - 1 || r.right > host.right + 1)) problems.push(`spills out of its node: "${t.textContent}"`);
    }
  }
  return problems;
}
