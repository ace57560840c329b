// WCAG contrast of every visible text inside the given selectors: a list of the texts below
// 4.5:1, each with its ratio. Used by the browser tests through page.evaluate. Text in an SVG
// is read against what is behind the chart (the paper or a panel), except where it sits on
// something drawn: a house number on its badge, the map's labels on their white halo.
(roots) => {
  const rgb = (s) => { const p = s.match(/[\d.]+/g).map(Number); return p.length > 3 && p[3] < 0.5 ? null : p; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const paper = (el) => {
    for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c) return c; }
    return [255, 253, 248];
  };
  const behind = (el) => {
    if (el.matches("svg .house-num")) return rgb(getComputedStyle(el.previousElementSibling).fill) || [255, 255, 255];
    if (el.closest("svg .off-map")) return [255, 255, 255];
    if (el instanceof SVGElement) return paper(el.closest("svg").parentElement);
    return paper(el);
  };
  const low = [];
  for (const root of document.querySelectorAll(roots)) {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const el = walk.currentNode.parentElement;
      if (!walk.currentNode.textContent.trim() || !el.checkVisibility() || el.closest(":disabled, [aria-disabled=true], .sr-only")) continue;
      const style = getComputedStyle(el);
      const fg = rgb(el instanceof SVGElement ? style.fill : style.color);
      if (!fg) continue;
      const r = ratio(fg, behind(el));
      if (r < 4.5) low.push(`${r.toFixed(2)} ${el.tagName}.${el.getAttribute("class")} "${el.textContent.trim().slice(0, 30)}"`);
    }
  }
  return low;
}
