'use strict';
// The 10,000-route workload shared by openapi.bench.js and openapi-compare.js, so the two
// measure the same declarations.

const RESOURCES_PER_ROUTER = 100;

function listItems(_req, res) { res.json([]); }
function createItem(_req, res) { res.json({}); }
function getItem(_req, res) { res.json({}); }
function updateItem(_req, res) { res.json({}); }
function deleteItem(_req, res) { res.end(); }

/** The routes of one resource: [method, path, options, handler]. Varied statuses and options. */
function resourceRoutes(n) {
  const base = `/r${n}/items`;
  return [
    ['get', base, n % 10 === 0 ? { summary: 'List the items', description: 'All of them.' } : {}, listItems],
    ['post', base, { statusCode: 201, tags: ['write'], responses: { 422: { description: 'Invalid item' } } }, createItem],
    ['get', `${base}/:id`, n % 7 === 0 ? { responses: { 404: { description: 'Not found' }, default: { description: 'Error' } } } : {}, getItem],
    ['put', `${base}/:id`, n % 13 === 0 ? { deprecated: true } : {}, updateItem],
    ['delete', `${base}/:id`, { statusCode: 204 }, deleteItem],
  ];
}

/**
 * `count` declarations, [router group, method, path, options, handler]: 5 routes a resource,
 * 100 resources a router (group). Made before timing starts.
 */
function declarations(count) {
  const out = [];
  for (let n = 0; out.length < count; n++) {
    for (const route of resourceRoutes(n)) {
      if (out.length < count) out.push([Math.floor(n / RESOURCES_PER_ROUTER), ...route]);
    }
  }
  return out;
}

/** Declares them on bare Express: one `express.Router({ mergeParams: true })` a group, at `/t{g}/:tenant`. */
function declareBare(express, app, list) {
  let router;
  let group = -1;
  for (const [g, method, path, , handler] of list) {
    if (g !== group) {
      group = g;
      router = express.Router({ mergeParams: true });
      app.use(`/t${g}/:tenant`, router);
    }
    router[method](path, handler);
  }
}

/** Declares them through `createApi` (one `api.router` a group, tagged) and mounts /openapi.json. */
function declareApi(lib, app, list) {
  const api = lib.createApi(app, { title: 'Bench', version: '1.0.0', tags: ['bench'] });
  let router;
  let group = -1;
  for (const [g, method, path, options, handler] of list) {
    if (g !== group) {
      group = g;
      router = api.router(`/t${g}/:tenant`, { tags: [`group ${g}`] });
    }
    router[method](path, options, handler);
  }
  api.docs({ docsPath: false, redocPath: false });
  return api;
}

module.exports = { declarations, declareBare, declareApi };
