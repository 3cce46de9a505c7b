/**
 * GraphQL in the app, against the demo server's /graphql (the real graphql-ws and graphql-sse
 * servers): the GraphQL request type (query, variables checked as typed with Connect held back
 * and the reason shown, operation name, transport), a subscription's results arriving per
 * operation over graphql-ws, a field error over graphql-sse's single connection mode shown as an
 * error in the list and in the detail, a refused operation, the request saved and loaded back;
 * axe and a screenshot in both themes at 1440×900.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile, reloadWithTabs, seriousA11yViolations } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;

launchAppForFile(
  (launched) => {
    app = launched;
    page = launched.page;
  },
  { viewport: { width: 1440, height: 900 } },
);

const THEMES = ['light', 'dark'] as const;
const grid = () => page.getByRole('grid', { name: 'Events' });
const badges = () => grid().locator('.decoded-badge').allTextContents();
const connectButton = () => page.getByRole('button', { name: 'Connect', exact: true });

async function setTheme(theme: (typeof THEMES)[number]): Promise<void> {
  const toggle = page.locator('.theme-toggle');
  for (let i = 0; i < 3 && (await toggle.textContent()) !== `Theme: ${theme}`; i++) await toggle.click();
  await until(
    `the ${theme} theme`,
    () => page.evaluate(() => document.documentElement.dataset.theme),
    (t) => t === theme,
  );
}

/** Fills the GraphQL editor (the options are open) and connects once Connect is enabled. */
async function subscribe(transport: 'ws' | 'distinct' | 'single', query: string, variables = ''): Promise<void> {
  await page.getByLabel('GraphQL transport').selectOption(transport);
  await page.getByLabel('GraphQL query').fill(query);
  await page.getByLabel('GraphQL variables').fill(variables);
  await connectButton().click();
}

describe('GraphQL', () => {
  it(
    'subscribes over graphql-ws and graphql-sse, shows each operation and its errors, saves the request',
    {
      timeout: 120_000,
    },
    async () => {
      const httpUrl = `${app.demoUrl.replace(/\/$/, '')}/graphql`;
      await page.getByLabel('URL', { exact: true }).fill(httpUrl);
      await page.getByRole('button', { name: /Headers.*body/ }).click();
      await page.getByLabel('GraphQL', { exact: true }).check();

      // Nothing to send yet: Connect waits, and says why.
      await page.getByRole('alert').filter({ hasText: 'GraphQL: enter a query' }).waitFor();
      expect(await connectButton().isDisabled()).toBe(true);
      await page
        .getByLabel('GraphQL query')
        .fill('subscription Ticks($count: Int) { ticks(count: $count, delayMs: 50) { n message } }');
      await page.getByLabel('GraphQL variables').fill('{"count": ');
      await page.getByRole('alert').filter({ hasText: 'GraphQL variables is not valid JSON' }).waitFor();
      expect(await page.getByLabel('GraphQL variables').getAttribute('aria-invalid')).toBe('true');
      expect(await connectButton().isDisabled()).toBe(true);
      await page.getByLabel('GraphQL variables').fill('[3]');
      await page.getByRole('alert').filter({ hasText: 'GraphQL variables must be a JSON object' }).waitFor();

      // graphql-ws: the transport choice turns the URL into ws://; three results, then complete.
      await page.getByLabel('GraphQL transport').selectOption('ws');
      expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe(httpUrl.replace(/^http/, 'ws'));
      await page.getByLabel('GraphQL variables').fill('{"count": 3}');
      await connectButton().click();
      await until(
        'three results and the completion of operation 1',
        badges,
        (b) =>
          b.filter((x) => /^graphql-ws next #1 Ticks · \d+\.\d ms$/.test(x)).length === 3 &&
          b.some((x) => x.startsWith('graphql-ws complete #1 Ticks')),
        30_000,
      );
      const all = await badges();
      expect(all.slice(0, 3)).toEqual([
        'graphql-ws connection_init',
        'graphql-ws connection_ack',
        'graphql-ws subscribe #1 Ticks',
      ]);
      const result = grid().getByRole('row').filter({ hasText: 'graphql-ws next #1 Ticks' }).first();
      expect(await result.locator('.c-id').innerText()).toBe('#1');
      expect(await result.innerText()).toContain('"message":"tick 1 of 3"');
      await page.getByText('CLOSED', { exact: true }).first().waitFor({ timeout: 20_000 });

      // graphql-sse, single connection mode: a tick, then a result whose field failed.
      await subscribe('single', 'subscription Failing { failing(after: 1, delayMs: 50) { n message } }');
      expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe(httpUrl);
      const failed = grid().locator('.decoded-badge.decoded-error', { hasText: 'the ticker failed after 1 ticks' });
      await failed.first().waitFor({ timeout: 30_000 });
      expect(await failed.first().innerText()).toMatch(
        /^graphql-sse next #1 Failing: the ticker failed after 1 ticks · \d+\.\d ms$/,
      );
      await until('the completion', badges, (b) => b.some((x) => x.startsWith('graphql-sse complete #1')));
      expect((await badges()).filter((x) => x.startsWith('graphql-sse next #1 Failing'))).toHaveLength(2);
      await grid()
        .getByRole('row')
        .filter({ has: page.locator('.decoded-error', { hasText: 'the ticker failed' }) })
        .first()
        .click();
      expect(await page.getByTestId('graphql-operation').innerText()).toBe('#1 Failing');
      expect(await page.getByRole('list', { name: 'GraphQL errors' }).innerText()).toBe(
        'the ticker failed after 1 ticks',
      );
      for (const theme of THEMES) {
        await setTheme(theme);
        expect(await seriousA11yViolations(page)).toEqual([]);
        await app.screenshot(`graphql-${theme}-1440`);
      }

      // A refused operation: its error message per operation, and the session's error banner.
      await subscribe('ws', 'subscription Nope { nope }');
      await grid()
        .locator('.decoded-badge.decoded-error', { hasText: 'graphql-ws error #1 Nope: Cannot query field "nope"' })
        .first()
        .waitFor({ timeout: 30_000 });
      await page
        .getByRole('alert')
        .filter({ hasText: 'graphql operation 1 failed: Cannot query field "nope" on type "Subscription".' })
        .first()
        .waitFor();

      // Saved like any request, and loaded back after a reload with every GraphQL field.
      await page.getByRole('button', { name: /^Saved/ }).click();
      const saved = page.getByRole('dialog', { name: 'Saved requests' });
      await saved.getByLabel('Name for this request').fill('refused subscription');
      await saved.getByRole('button', { name: 'Save current' }).click();
      await page.getByLabel('GraphQL', { exact: true }).uncheck();
      await reloadWithTabs(page);
      await page.getByRole('button', { name: /^Saved/ }).click();
      await saved.getByRole('button', { name: /^refused subscription / }).click();
      if (!(await page.getByLabel('GraphQL query').isVisible()))
        await page.getByRole('button', { name: /Headers.*body/ }).click();
      expect(await page.getByLabel('GraphQL', { exact: true }).isChecked()).toBe(true);
      expect(await page.getByLabel('GraphQL query').inputValue()).toBe('subscription Nope { nope }');
      expect(await page.getByLabel('GraphQL transport').inputValue()).toBe('ws');
      expect(app.consoleErrors).toEqual([]);
    },
  );
});
