// The page's only door to the Python core. Every endpoint is declared once, in ENDPOINTS;
// sections receive the api object built from it and never see a URL or call fetch, so the
// same sections run against another transport (a notebook kernel) given an object with the
// same functions: api.<group>.<name>(args) → Promise of the answer, plus api.fields() and
// api.catalog(lang).

import { t } from "./i18n.js";

/**
 * A failure's words in the reader's language; English until the catalog is in (the first
 * requests, api.fields() and api.catalog(), can fail before there is one).
 */
function say(key, english, params) {
  const text = t(key, params);
  return text === key ? english : text;
}

/**
 * name → [method, path]. Paths are relative to the page, so the guide works under any path
 * prefix (a JupyterHub proxy, /nnguide/ behind a web server). For GET, `{name}` in the path
 * takes that argument and the other arguments become the query string; POST sends them as
 * the JSON body.
 */
export const ENDPOINTS = {
  "regression.dataset": ["GET", "api/regression/datasets/{dataset}"],
  "regression.evaluate": ["POST", "api/regression/evaluate"],
  "regression.train": ["POST", "api/regression/train"],
  "regression.landscape": ["POST", "api/regression/landscape"],
  "regression.predict": ["POST", "api/regression/predict"],
  "regression.compare": ["POST", "api/regression/compare"],
  "softmax.compute": ["POST", "api/softmax"],
  "softmax.reference": ["GET", "api/softmax/reference"],
  "classify.houses": ["GET", "api/classify/houses"],
  "classify.evaluate": ["POST", "api/classify/evaluate"],
  "classify.train": ["POST", "api/classify/train"],
  "classify.leaveOneOut": ["POST", "api/classify/leave-one-out"],
  "shapes.parameters": ["GET", "api/shapes/parameters"],
  "digits.info": ["GET", "api/digits/info"],
  "digits.train": ["POST", "api/digits/train"],
  "digits.predict": ["POST", "api/digits/predict"],
  "digits.start": ["POST", "api/digits/start"],
  // Part 2: a hidden layer on the ten labelled houses.
  "network.start": ["POST", "api/network/start"],
  "network.view": ["POST", "api/network/view"],
  "network.train": ["POST", "api/network/train"],
  "network.backprop": ["POST", "api/network/backprop"],
  "network.leaveOneOut": ["POST", "api/network/leave-one-out"],
  "network.activations": ["GET", "api/network/activations"],
  "data.datasets": ["GET", "api/data/datasets"],
  "data.dataset": ["GET", "api/data/datasets/{name}"],
  "data.inspect": ["POST", "api/data/inspect"],
  "data.start": ["POST", "api/data/start"],
  "data.train": ["POST", "api/data/train"],
  "data.view": ["POST", "api/data/view"],
  "data.export": ["POST", "api/data/export"],
  "meta.languages": ["GET", "api/languages"],
};

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/** The api object over HTTP; `base` is the page's address (its directory is the app's root). */
export function createHttpApi(base = document.baseURI) {
  async function request(method, url, body) {
    const init = { method, headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch {
      throw new ApiError(say("api.server_silent", "The nnguide server is not answering. Is it still running?"), 0);
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new ApiError(data.detail || say("api.request_failed", `request failed (${response.status})`, { status: String(response.status) }), response.status);
    }
    return data;
  }

  function call(method, path, args = {}) {
    const rest = { ...args };
    const filled = path.replace(/\{(\w+)\}/g, (_, key) => {
      const value = rest[key];
      delete rest[key];
      return encodeURIComponent(value);
    });
    const url = new URL(filled, base);
    if (method === "GET") {
      for (const [key, value] of Object.entries(rest)) url.searchParams.set(key, String(value));
      return request(method, url);
    }
    return request(method, url, rest);
  }

  const api = {};
  for (const [name, [method, path]] of Object.entries(ENDPOINTS)) {
    const [group, fn] = name.split(".");
    api[group] ??= {};
    api[group][fn] = (args) => call(method, path, args);
  }
  let fields = null;
  /** Each endpoint's request fields as JSON Schema (defaults, ranges, choices), from the API. */
  api.fields = () => {
    fields ??= request("GET", new URL("openapi.json", base)).then(fieldsFromOpenApi);
    return fields;
  };
  /** The message catalog for a language (static/i18n/<lang>.json). */
  api.catalog = (lang) => request("GET", new URL(`static/i18n/${encodeURIComponent(lang)}.json`, base));
  return api;
}

/**
 * The api object over a notebook widget's channel to its kernel (anywidget's custom messages).
 * `model` is the widget's model (send, on, off); `names` the calls the kernel answers and
 * `fields` their request fields, as the kernel gave them; `catalog` the words. Each call sends
 * {type: "nnguide:call", id, name, args}; the kernel answers {type: "nnguide:answer", id, ok,
 * data | error}. Ids carry a per-view prefix, since every view of a model hears every answer.
 * close() stops listening and fails the calls still waiting.
 */
export function createKernelApi(model, { names, fields, catalog, timeout = 120_000 }) {
  const prefix = `${Math.random().toString(36).slice(2)}:`;
  const pending = new Map();
  let next = 0;
  const onMessage = (msg) => {
    if (msg?.type !== "nnguide:answer" || !pending.has(msg.id)) return;
    const { resolve, reject, timer } = pending.get(msg.id);
    pending.delete(msg.id);
    clearTimeout(timer);
    if (msg.ok) resolve(msg.data);
    else reject(new ApiError(msg.error || say("api.kernel_failed", "the kernel could not answer"), 422));
  };
  model.on("msg:custom", onMessage);
  function call(name, args = {}) {
    return new Promise((resolve, reject) => {
      const id = `${prefix}${(next += 1)}`;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new ApiError(say("api.kernel_silent", "The notebook's kernel is not answering. Is it still running?"), 0));
      }, timeout);
      pending.set(id, { resolve, reject, timer });
      model.send({ type: "nnguide:call", id, name, args });
    });
  }
  const api = {};
  for (const name of names) {
    const [group, fn] = name.split(".");
    api[group] ??= {};
    api[group][fn] = (args) => call(name, args);
  }
  api.fields = async () => fields;
  api.catalog = async () => catalog;
  api.close = () => {
    model.off("msg:custom", onMessage);
    for (const { reject, timer } of pending.values()) {
      clearTimeout(timer);
      reject(new ApiError(say("api.view_closed", "This view was closed."), 0));
    }
    pending.clear();
  };
  return api;
}

/**
 * {endpoint name → {field → JSON Schema}} for every endpoint in ENDPOINTS: the body's
 * properties for POST, the path and query parameters for GET. References are resolved and a
 * nullable field's schema is merged with its non-null branch, so `default`, `minimum`,
 * `maximum` and `enum` sit at the top of each field's schema.
 */
export function fieldsFromOpenApi(doc) {
  const resolve = (schema) => {
    let s = schema ?? {};
    while (s.$ref) s = { ...doc.components.schemas[s.$ref.split("/").pop()], ...omit(s, "$ref") };
    if (s.anyOf) {
      const branch = s.anyOf.map(resolve).find((b) => b.type !== "null") ?? {};
      s = { ...branch, ...omit(s, "anyOf") };
    }
    return s;
  };
  const out = {};
  for (const [name, [method, path]] of Object.entries(ENDPOINTS)) {
    const op = doc.paths?.[`/${path}`]?.[method.toLowerCase()];
    if (!op) continue;
    const fields = {};
    for (const p of op.parameters ?? []) fields[p.name] = resolve(p.schema);
    const body = op.requestBody?.content?.["application/json"]?.schema;
    for (const [key, schema] of Object.entries(resolve(body).properties ?? {})) fields[key] = resolve(schema);
    out[name] = fields;
  }
  return out;
}

function omit(obj, key) {
  const { [key]: _, ...rest } = obj;
  return rest;
}

/**
 * Coalesce calls: at most one request in flight; while one is running, only the latest
 * arguments are kept and sent next. Every answer is delivered in order, so a figure always
 * moves forward to the newest value and never jumps back.
 */
export function coalesced(call, onResult, onError = () => {}) {
  let busy = false;
  let queued = null;
  async function run(args) {
    busy = true;
    try {
      onResult(await call(args), args);
    } catch (err) {
      onError(err, args);
    } finally {
      busy = false;
      if (queued !== null) {
        const next = queued;
        queued = null;
        run(next);
      }
    }
  }
  return (args) => {
    if (busy) queued = args;
    else run(args);
  };
}
