// Packaging fixture: the package from an ES module, named imports through Node's CommonJS interop.
import express from 'express';
import { createApi, HttpStatus } from 'express-status-routes';
import * as namespace from 'express-status-routes';
import exercise from './exercise.cjs';

setTimeout(() => {
  console.error('smoke.mjs: timed out');
  process.exit(2);
}, 20_000).unref();

// Node (>= 23) adds a 'module.exports' name to a CommonJS namespace; 'default' is always there.
const exportNames = Object.keys(namespace).filter((name) => name !== 'default' && name !== 'module.exports').sort();

try {
  await exercise({ express, createApi, created: HttpStatus.CREATED, via: 'import', exportNames });
} catch (err) {
  console.error(err);
  process.exit(1);
}
