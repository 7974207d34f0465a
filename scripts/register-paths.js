/**
 * Makes `@jm/<lib>` (and `@jm/<lib>/<path>`) resolve to the compiled library in
 * dist/libs/<lib>/src at runtime, mirroring the `paths` of tsconfig.base.json.
 * Use: node -r ./scripts/register-paths.js dist/services/<name>/src/main.js
 */
'use strict';
const Module = require('node:module');
const path = require('node:path');

const libsRoot = path.join(__dirname, '..', 'dist', 'libs');
const originalResolve = Module._resolveFilename;
const WORKSPACE = /^@jm\/([a-z-]+)(?:\/(.*))?$/;

Module._resolveFilename = function resolveWithPaths(request, ...rest) {
  const m = WORKSPACE.exec(request);
  if (m) return originalResolve.call(this, path.join(libsRoot, m[1], 'src', m[2] ?? ''), ...rest);
  return originalResolve.call(this, request, ...rest);
};
