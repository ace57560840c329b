// nnguide's widget module, as anywidget loads it (one ES module, from a blob: URL).
//
// The guide's figures are many small ES modules with relative imports ("../d3.js"), and a
// module loaded from a blob: URL has no base to resolve those against. So the Python side
// puts the source of every module a widget needs into BUNDLE (read from the installed
// package: nothing is fetched, no CDN), and this loader links them here: leaves first, each
// module's relative specifiers are rewritten to the blob: URLs of the modules they name.
//
// The linked graph is kept once per page and bundle version, shared by every widget: one d3,
// and one id counter in dom.js, so two widgets on a page never hand out the same id.
const BUNDLE = __NNGUIDE_BUNDLE__;

// `from "./x.js"`, `from "../x.js"`, `import "./x.js"`: the only forms our modules use.
const SPECIFIER = /(\bfrom\s*|\bimport\s*)(["'])(\.{1,2}\/[^"']+)\2/g;

function resolve(from, specifier) {
  return new URL(specifier, `https://nnguide.invalid/${from}`).pathname.slice(1);
}

function link(modules) {
  const urls = new Map();
  const visiting = new Set();
  const visit = (path) => {
    if (urls.has(path)) return urls.get(path);
    if (!(path in modules)) throw new Error(`nnguide: the widget bundle has no module ${path}`);
    if (visiting.has(path)) throw new Error(`nnguide: import cycle through ${path}`);
    visiting.add(path);
    const code = modules[path].replace(SPECIFIER, (_, keyword, quote, specifier) => `${keyword}${quote}${visit(resolve(path, specifier))}${quote}`);
    visiting.delete(path);
    const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
    urls.set(path, url);
    return url;
  };
  for (const path of Object.keys(modules)) visit(path);
  return urls;
}

function linked() {
  const key = Symbol.for(`nnguide.widgets/${BUNDLE.version}`);
  globalThis[key] ??= link(BUNDLE.modules);
  return globalThis[key];
}

export default {
  async render({ model, el }) {
    const urls = linked();
    const load = (path) => {
      if (!urls.has(path)) throw new Error(`nnguide: the widget bundle has no module ${path}`);
      return import(urls.get(path));
    };
    const host = await load(BUNDLE.entry);
    return host.render({ model, el, load, catalogs: BUNDLE.catalogs });
  },
};
