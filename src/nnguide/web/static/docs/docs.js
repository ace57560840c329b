// /docs: Swagger UI over the app's own openapi.json (a relative URL, so any path prefix works).
// A file, not an inline script, so the page's policy needs no 'unsafe-inline' for scripts.
// No validator badge: it would send the schema to a server on the internet.
window.ui = window.SwaggerUIBundle({
  url: new URL("openapi.json", document.baseURI).href,
  dom_id: "#swagger-ui",
  validatorUrl: null,
  deepLinking: true,
  presets: [window.SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
