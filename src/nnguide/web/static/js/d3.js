// d3 as an ES module: the vendored, pinned bundle (see vendor/d3-7.9.0/README.md). Every chart
// imports d3 from here, so this is the one line to change to swap the build.
export * from "../vendor/d3-7.9.0/d3.esm.min.js";
