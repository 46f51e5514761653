// OperationIds.derived: `{name}{sanitised template}_{method}`, from a table of cases.

import { OperationIds } from '../lib/openapi-operation-ids';
import type { HttpMethod } from '../lib/registry';

describe('OperationIds.derived', () => {
  it.each<[label: string, name: string, template: string, method: HttpMethod, id: string]>([
    ['a named handler', 'createItem', '/items', 'post', 'createItem_items_post'],
    ['parameters sanitised', 'getItem', '/items/{id}', 'get', 'getItem_items__id__get'],
    ['an anonymous handler: no leading underscores', '', '/items', 'post', 'items_post'],
    ['an anonymous handler at the root: the method alone', '', '/', 'get', 'get'],
    // Records made by hand (Registry.add is public) may carry an empty template.
    ['a named handler with an empty template keeps its name', 'health', '', 'get', 'health_get'],
  ])('%s', (_label, name, template, method, id) => {
    const ids = new OperationIds();
    expect(ids.derived(ids.nameId(name), template, method)).toBe(id);
  });
});
