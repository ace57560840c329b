// The page's only door to the Python core. Figures receive this object and never call fetch
// themselves, so the same figures could run against another transport (e.g. a notebook kernel).

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function request(method, path, body) {
  const init = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError("The nnguide server is not answering. Is it still running?", 0);
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(data.detail || `request failed (${response.status})`, response.status);
  }
  return data;
}

const post = (path) => (body) => request("POST", path, body);
const get = (path) => () => request("GET", path);

export const api = {
  regression: {
    dataset: (name) => get(`/api/regression/datasets/${encodeURIComponent(name)}`)(),
    evaluate: post("/api/regression/evaluate"),
    train: post("/api/regression/train"),
    landscape: post("/api/regression/landscape"),
    predict: post("/api/regression/predict"),
    compare: post("/api/regression/compare"),
  },
  // Later sections register their endpoints here: api.register("softmax", {...}).
  register(name, endpoints) {
    this[name] = endpoints;
  },
  post(path, body) {
    return request("POST", path, body);
  },
  get(path) {
    return request("GET", path);
  },
};

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
