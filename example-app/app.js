// The example app: an in-memory inventory API whose declared statuses drive the wire and /docs.
'use strict';

const express = require('express');
const { createApi, status } = require('express-status-routes');

const app = express();
app.use(express.json());

const api = createApi(app, {
  title: 'Inventory',
  version: '1.0.0',
  description: 'An in-memory inventory, the example app of express-status-routes.',
});

const itemSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    quantity: { type: 'integer', minimum: 0 },
    warehouseId: { type: 'string' },
  },
  required: ['id', 'name', 'quantity', 'warehouseId'],
};
const notFound = { [status.HTTP_404_NOT_FOUND]: { description: 'Item not found' } };

const items = new Map();
let lastId = 0;

/** The item named by `req.params.id`, or `undefined` after answering 404. */
function findItem(req, res) {
  const item = items.get(req.params.id);
  if (item === undefined) res.status(status.HTTP_404_NOT_FOUND).json({ detail: 'Item not found' });
  return item;
}

/** The fields a client may set, with defaults. */
function fields(body = {}) {
  return {
    name: String(body.name ?? 'Unnamed'),
    quantity: Number.isInteger(body.quantity) ? body.quantity : 0,
    warehouseId: String(body.warehouseId ?? 'main'),
  };
}

const inventory = api.router('/items', { tags: ['items'] });

inventory.get('/', { responseSchema: { type: 'array', items: itemSchema } }, function listItems() {
  return [...items.values()];
});

inventory.get('/:id', { responseSchema: itemSchema, responses: notFound }, function getItem(req, res) {
  return findItem(req, res);
});

inventory.post('/', { statusCode: status.HTTP_201_CREATED, responseSchema: itemSchema }, function createItem(req) {
  const item = { id: String(++lastId), ...fields(req.body) };
  items.set(item.id, item);
  return item;
});

inventory.put('/:id', { responseSchema: itemSchema, responses: notFound }, function replaceItem(req, res) {
  if (!findItem(req, res)) return undefined;
  const item = { id: req.params.id, ...fields(req.body) };
  items.set(item.id, item);
  return item;
});

inventory.delete('/:id', { statusCode: status.HTTP_204_NO_CONTENT, responses: notFound }, function deleteItem(req, res) {
  if (!findItem(req, res)) return;
  items.delete(req.params.id);
  res.end();
});

const stock = api.router('/warehouses/:warehouseId/items', { tags: ['warehouses'] });

stock.get('/', { responseSchema: { type: 'array', items: itemSchema } }, function listWarehouseItems(req) {
  return [...items.values()].filter((item) => item.warehouseId === req.params.warehouseId);
});

api.docs(); // GET /openapi.json, /docs (Swagger UI), /redoc (ReDoc)

module.exports = { app, api };
