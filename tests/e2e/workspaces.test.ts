/**
 * Workspaces end to end (#16 item 7, #20 item 4): saved requests keep no secret in clear in
 * localStorage; an environment's {{variables}} are substituted at connect time and a secret one
 * never reaches a recording, a HAR or an export; collections are renamed, reordered, duplicated;
 * a Postman collection imports with its folders and variables, a bad file is one line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { downloadText, launchAppForFile, openVariables, reloadWithTabs } from './helpers';

let app: App;
let page: Page;

launchAppForFile(
  (launched) => {
    app = launched;
    page = launched.page;
  },
  { ownBrowser: true },
);

const storage = () => page.evaluate(() => JSON.stringify({ ...localStorage }));
const saved = () => page.getByRole('dialog', { name: 'Saved requests' });
const tree = () => saved().getByRole('list', { name: 'Collections' });
const tabs = () => page.getByRole('tablist', { name: 'Session tabs' });

async function openSaved(): Promise<void> {
  if (!(await saved().isVisible())) await page.getByRole('button', { name: /^Saved/ }).click();
}

describe('workspaces', () => {
  it('saves a request without its Authorization header or api_key in clear (#20)', async () => {
    await page
      .getByLabel('URL', { exact: true })
      .fill(`${app.demoUrl}/scenarios/typed-events?api_key=raw-key-1&count=2`);
    await page.getByRole('button', { name: /& body$/ }).click();
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Header 1 name').fill('Authorization');
    await page.getByLabel('Header 1 value').fill('Bearer raw-secret-1');
    await openSaved();
    await saved().getByLabel('Name for this request').fill('with secret');
    await saved().getByRole('button', { name: 'Save current' }).click();
    await tree()
      .getByRole('button', { name: /^with secret GET/ })
      .waitFor();
    const stored = await storage();
    expect(stored).toContain('with secret');
    expect(stored).not.toContain('raw-secret-1');
    expect(stored).not.toContain('raw-key-1');
    // Loading it back shows where a secret was, so the user sets it again (or as a variable).
    await tree()
      .getByRole('button', { name: /^with secret GET/ })
      .click();
    expect(await page.getByLabel('Header 1 value').inputValue()).toBe('[redacted]');
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toContain('api_key=[redacted]');
  });

  it('substitutes environment variables at connect time; a secret one stays out of the recording, HAR and export', async () => {
    await openVariables(page);
    const vars = page.getByRole('dialog', { name: 'Environment variables' });
    await vars.getByRole('button', { name: 'New environment' }).click();
    await vars.getByLabel('Environment name').fill('Local demo');
    await vars.getByRole('button', { name: 'Add variable' }).click();
    await vars.getByLabel('Variable 1 name').fill('baseUrl');
    await vars.getByLabel('Variable 1 value').fill(app.demoUrl);
    await vars.getByRole('button', { name: 'Add variable' }).click();
    await vars.getByLabel('Variable 2 name').fill('token');
    await vars.getByLabel('Variable 2 value').fill('env-secret-2');
    await vars.getByLabel('Variable 2 secret').check();
    expect(await vars.getByLabel('Variable 2 value').getAttribute('type')).toBe('password');
    await app.screenshot('workspaces-variables');
    await page.keyboard.press('Escape');
    // The new environment is the active one: the environment menu's button is named after it.
    await page.getByRole('button', { name: 'Environment: Local demo' }).waitFor();

    await page
      .getByLabel('URL', { exact: true })
      .fill('{{baseUrl}}/scenarios/typed-events?count=6&interval=150&tenant={{token}}');
    await page.getByLabel('Header 1 value').fill('Bearer {{token}}');
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Header 2 name').fill('X-Trace');
    await page.getByLabel('Header 2 value').fill('t-{{token}}');
    await page.getByLabel('Reconnect').selectOption('off');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Record from now' }).click();
    await tabs().getByText('CLOSED', { exact: true }).waitFor({ timeout: 15_000 });
    // The session ran against the substituted URL: the demo answered with its events.
    expect(await page.getByRole('grid', { name: 'Events' }).getByText('notification').count()).toBeGreaterThan(0);

    const recording = (await downloadText(page, () => page.getByRole('button', { name: 'Save', exact: true }).click()))
      .text;
    const har = (await downloadText(page, () => page.getByRole('button', { name: 'Export HAR…' }).click())).text;
    for (const text of [recording, har]) {
      expect(text).toContain('/scenarios/typed-events');
      expect(text).not.toContain('env-secret-2');
      expect(text).toContain('t-[redacted]');
    }

    await openSaved();
    await saved().getByLabel('Name for this request').fill('typed events');
    await saved().getByRole('button', { name: 'Save current' }).click();
    const exported = (await downloadText(page, () => saved().getByRole('button', { name: 'Export…' }).click())).text;
    expect(exported).toContain('"{{baseUrl}}/scenarios/typed-events?count=6&interval=150&tenant={{token}}"');
    expect(exported).toContain('"Bearer {{token}}"');
    expect(exported).not.toContain('env-secret-2');
    // The secret lives only in the environment the user marked it in.
    const stored = JSON.parse(await storage()) as Record<string, string>;
    expect(stored['streamscope.environments']).toContain('env-secret-2');
    for (const [key, value] of Object.entries(stored))
      if (key !== 'streamscope.environments') expect(value, key).not.toContain('env-secret-2');
  });

  it('an undefined variable is one line, and nothing connects', async () => {
    await page.keyboard.press('Escape');
    const before = await tabs().getByRole('tab').count();
    await page.getByLabel('URL', { exact: true }).fill('{{nowhere}}/stream');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText('Connect failed: {{nowhere}} is not defined in the active environment').waitFor();
    expect(await tabs().getByRole('tab').count()).toBe(before);
  });

  it('renames, reorders and duplicates in collections', async () => {
    await openSaved();
    const rows = () => tree().locator('.workspace-row > .link strong, .workspace-row > .folder-name').allTextContents();
    expect(await rows()).toEqual(['Saved', 'with secret', 'typed events']);
    await saved().getByRole('button', { name: 'Move typed events up' }).click();
    await saved().getByRole('button', { name: 'Rename typed events' }).click();
    await saved().getByLabel('New name for typed events').fill('Typed (demo)');
    await saved().getByLabel('New name for typed events').press('Enter');
    await saved().getByRole('button', { name: 'Duplicate with secret' }).click();
    await saved().getByRole('button', { name: 'New folder in Saved' }).click();
    expect(await rows()).toEqual(['Saved', 'Typed (demo)', 'with secret', 'with secret copy', 'New folder']);
    await saved().getByRole('button', { name: 'Delete with secret copy' }).click();
    await reloadWithTabs(page);
    await openSaved();
    expect(await rows()).toEqual(['Saved', 'Typed (demo)', 'with secret', 'New folder']);
  });

  it('imports a Postman collection with its folders and variables; a bad file is one line', async () => {
    const postman = readFileSync(
      join(__dirname, '..', 'shared', 'fixtures', 'postman-llm-streams.postman_collection.json'),
    );
    await saved()
      .getByLabel('Import collections file')
      .setInputFiles({ name: 'llm.postman_collection.json', mimeType: 'application/json', buffer: postman });
    await saved()
      .getByRole('status')
      .filter({ hasText: /^Imported Postman collection: 1 collection\(s\), 1 environment\(s\)\. 2 not imported: / })
      .waitFor();
    await tree().getByText('LLM streams', { exact: true }).waitFor();
    await tree().getByText('Nested', { exact: true }).waitFor();
    await tree()
      .getByRole('button', { name: /^Events with an API key GET https:\/\/events\.example\.com/ })
      .waitFor();
    await app.screenshot('workspaces-collections');

    await saved()
      .getByLabel('Import collections file')
      .setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    const alert = saved().getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /^notes\.json: not a workspace, Postman collection v2\.1 or Insomnia export/,
    );

    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /^Environment: / }).click();
    const envs = await page.getByRole('menu', { name: 'Environment' }).getByRole('menuitemradio').allTextContents();
    expect(envs).toEqual(['No environment', 'Local demo', 'LLM streams variables']);
    await page.keyboard.press('Escape');
    expect(app.consoleErrors).toEqual([]);
  });
});
