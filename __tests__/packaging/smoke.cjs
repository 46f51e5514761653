// Packaging fixture: the package from CommonJS, `require` as the README shows it.
'use strict';

const express = require('express');
const { createApi, status } = require('express-status-routes');
const exercise = require('./exercise.cjs');

setTimeout(() => {
  console.error('smoke.cjs: timed out');
  process.exit(2);
}, 20_000).unref();

exercise({
  express,
  createApi,
  created: status.HTTP_201_CREATED,
  via: 'require',
  exportNames: Object.keys(require('express-status-routes')).sort(),
}).catch((err) => {
  console.error(err);
  process.exit(1);
});
