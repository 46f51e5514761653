// Default summaries and operationIds: words and identifiers from handler names and paths.

const NON_ID_CHARS = /[^A-Za-z0-9_]/g;

/** `text` with every character outside `[A-Za-z0-9_]` turned into `_`, as FastAPI does. */
export function toIdentifier(text: string): string {
  return text.replace(NON_ID_CHARS, '_');
}

/** `'bound createItem'` → `'createItem'`: what `Function.prototype.bind` adds is not the name. */
export function cleanHandlerName(name: string): string {
  return name.startsWith('bound ') ? name.replace(/^(?:bound )+/, '') : name;
}

/**
 * Words of an identifier or a path, title-cased: `getItemById` → `Get Item By Id`,
 * `create_item` → `Create Item`, `get /items/{id}` → `Get Items Id`, `getHTTPStatus` →
 * `Get HTTP Status`.
 */
export function titleCase(text: string): string {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u);
  let out = '';
  for (const word of words) {
    if (word === '') continue;
    out += (out === '' ? '' : ' ') + word.charAt(0).toUpperCase() + word.slice(1);
  }
  return out;
}
