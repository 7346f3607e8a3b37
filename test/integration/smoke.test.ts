import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestUser } from '../helpers/app.js';

let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.user('root', { admin: true });
});
afterAll(() => t.close());

describe('smoke', () => {
  it('creates and reads a component', async () => {
    const created = await t.request(admin, {
      method: 'POST',
      url: '/api/components',
      payload: { name: 'billing', title: 'Billing' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const page = await t.request(admin, { method: 'GET', url: '/api/components/default/billing' });
    expect(page.json().component.title).toBe('Billing');
  });
});
