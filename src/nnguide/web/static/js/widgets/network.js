// Widget view (Network): the shape explorer of section 11, hidden layers and all — the same
// component the page mounts, with its state (p_n, p_h, p_m) in the widget's traits.
import { mountShapeExplorer } from "../part2/explorer.js";

export function mount(root, { api, state }) {
  mountShapeExplorer(root, { api, state });
}
