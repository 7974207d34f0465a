/**
 * Makes `@jm/shared` (and `@jm/shared/<path>`) resolve to the compiled library
 * in dist/libs/shared/src at runtime, mirroring the `paths` of tsconfig.base.json.
 * Use: node -r ./scripts/register-paths.js dist/services/<name>/src/main.js
 */
'use strict';
const Module = require('node:module');
const path = require('node:path');

const sharedRoot = path.join(__dirname, '..', 'dist', 'libs', 'shared', 'src');
const originalResolve = Module._resolveFilename;

Module._resolveFilename = function resolveWithPaths(request, ...rest) {
  if (request === '@jm/shared') return originalResolve.call(this, sharedRoot, ...rest);
  if (request.startsWith('@jm/shared/')) {
    return originalResolve.call(this, path.join(sharedRoot, request.slice('@jm/shared/'.length)), ...rest);
  }
  return originalResolve.call(this, request, ...rest);
};
