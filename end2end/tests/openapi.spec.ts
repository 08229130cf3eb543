import { expect, test } from '@playwright/test';

// The machine interfaces' document, checked by an independent validator against the official
// OpenAPI 3.1 schema (the router tests check that every documented answer matches it:
// server/tests/openapi.rs). One project is enough: no page is involved.
test('the OpenAPI document is valid OpenAPI 3.1', async ({ request }, info) => {
  test.skip(info.project.name !== 'js', 'the document does not depend on JavaScript');
  const res = await request.get('/openapi.json');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/json');
  const doc = await res.json();
  const { Validator } = await import('@seriousme/openapi-schema-validator');
  const validator = new Validator();
  const result = await validator.validate(doc);
  expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe('3.1');
  for (const path of ['/open311/v2/requests.{format}', '/open311/v2/servicerequestupdates.{format}', '/healthz', '/calendar/{token}.ics']) {
    expect(Object.keys(doc.paths)).toContain(path);
  }
});
