/**
 * The session tab strip for daily use: labels that tell sessions apart (host and path, a tooltip
 * with method and URL), one Tab stop with arrow keys (roving tabindex, close buttons out of the
 * Tab order), middle-click closes, a context menu duplicates, renames and closes others, and when
 * the tabs overflow, visible buttons scroll the strip.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { App } from './harness';
import { launchAppForFile } from './helpers';
import { until } from '../support/wait';

let app: App;
let page: Page;

const tabs = () => page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab');
const selectedTab = () => page.getByRole('tablist', { name: 'Session tabs' }).getByRole('tab', { selected: true });
const label = (i: number) => tabs().nth(i).locator('.tab-title').textContent();

async function open(path: string): Promise<void> {
  const before = await tabs().count();
  await page.getByRole('button', { name: 'New session' }).click();
  await page.getByLabel('URL', { exact: true }).fill(`${app.demoUrl}${path}`);
  await page.getByLabel('Reconnect').selectOption('off');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await until(
    'a new tab',
    () => tabs().count(),
    (n) => n === before + 1,
  );
}

launchAppForFile(
  (launched) => {
    app = launched;
    page = launched.page;
  },
  { viewport: { width: 1024, height: 700 } },
);

describe('session tab strip', () => {
  it('labels tabs by host and path, tells equal ones apart, and shows method and URL as the tooltip', async () => {
    await open('/scenarios/typed-events?count=3&interval=30');
    await open('/sse?interval=200&duration=1');
    await open('/scenarios/typed-events?count=2&interval=30');
    const host = new URL(app.demoUrl).host;
    expect(await label(0)).toBe(`${host}/scenarios/typed-events`);
    expect(await label(1)).toBe(`${host}/sse`);
    expect(await label(2)).toBe(`${host}/scenarios/typed-events · 2`);
    expect(await tabs().nth(1).getAttribute('title')).toBe(`GET ${app.demoUrl}/sse?interval=200&duration=1`);
  });

  it('is one Tab stop: arrow keys, Home and End move the selection, nothing inside a tab takes focus', async () => {
    expect(await page.locator('[role="tablist"][aria-label="Session tabs"] [tabindex="0"]').count()).toBe(1);
    // Nothing inside a tab is focusable (the × is a mouse shortcut; Delete closes from the keyboard).
    expect(await page.locator('[role="tab"] [tabindex], [role="tab"] button, [role="tab"] input').count()).toBe(0);
    await selectedTab().focus();
    expect(await selectedTab().getAttribute('data-session-id')).toBe(
      await tabs().nth(2).getAttribute('data-session-id'),
    );
    await page.keyboard.press('ArrowLeft');
    await until(
      'second tab selected',
      () => tabs().nth(1).getAttribute('aria-selected'),
      (v) => v === 'true',
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-selected'))).toBe('true');
    await page.keyboard.press('Home');
    await until(
      'first tab selected',
      () => tabs().nth(0).getAttribute('aria-selected'),
      (v) => v === 'true',
    );
    await page.keyboard.press('End');
    await until(
      'last tab selected',
      () => tabs().nth(2).getAttribute('aria-selected'),
      (v) => v === 'true',
    );
    await page.keyboard.press('ArrowRight');
    await until(
      'wrapped to the first tab',
      () => tabs().nth(0).getAttribute('aria-selected'),
      (v) => v === 'true',
    );
    // One Tab press leaves the strip: focus lands outside the tablist, not on a close button.
    await page.keyboard.press('Tab');
    const outside = await page.evaluate(
      () => !document.activeElement?.closest('[role="tablist"]') && document.activeElement !== document.body,
    );
    expect(outside).toBe(true);
  });

  it('renames, duplicates and closes others from the context menu, and closes on middle-click', async () => {
    await tabs().nth(1).click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Tab actions' });
    await menu.waitFor();
    await menu.getByRole('menuitem', { name: 'Rename…' }).click();
    const box = page.getByLabel('Tab name');
    await box.fill('my stream');
    await box.press('Enter');
    await until(
      'renamed',
      () => label(1),
      (t) => t === 'my stream',
    );
    expect(await tabs().nth(1).getAttribute('title')).toContain(`GET ${app.demoUrl}/sse`);

    // Keyboard: Shift+F10 on the focused tab opens the same menu; Esc gives the focus back.
    await tabs().nth(1).click();
    await page.keyboard.press('Shift+F10');
    await menu.waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('menuitem');
    await page.keyboard.press('Escape');
    await until(
      'menu closed',
      () => menu.count(),
      (n) => n === 0,
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tab');

    await tabs().nth(1).click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Duplicate' }).click();
    await until(
      'duplicated',
      () => tabs().count(),
      (n) => n === 4,
    );
    expect(await tabs().nth(3).getAttribute('title')).toBe(`GET ${app.demoUrl}/sse?interval=200&duration=1`);

    await tabs().nth(3).click({ button: 'middle' });
    await until(
      'middle-click closed it',
      () => tabs().count(),
      (n) => n === 3,
    );

    await tabs().nth(1).click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Close others' }).click();
    await until(
      'only the renamed tab left',
      () => tabs().count(),
      (n) => n === 1,
    );
    expect(await label(0)).toBe('my stream');
    expect(await tabs().nth(0).getAttribute('aria-selected')).toBe('true');
  });

  it('shows scroll buttons when the tabs overflow, and they scroll the strip', async () => {
    const left = page.getByRole('button', { name: 'Scroll tabs left' });
    const right = page.getByRole('button', { name: 'Scroll tabs right' });
    expect(await right.count()).toBe(0);
    for (let i = 0; i < 2; i++) await open(`/scenarios/typed-events?count=1&interval=10&n=${i}`);
    // A narrow window makes three tabs overflow the strip.
    await page.setViewportSize({ width: 720, height: 700 });
    await right.waitFor();
    const strip = page.getByRole('tablist', { name: 'Session tabs' });
    const scrollLeft = () => strip.evaluate((el) => Math.round(el.scrollLeft));
    await strip.evaluate((el) => (el.scrollLeft = 0));
    await until(
      'left button disabled at the start',
      () => left.isDisabled(),
      (v) => v,
    );
    expect(await right.isEnabled()).toBe(true);
    await right.click();
    await until('scrolled right', scrollLeft, (x) => x > 0);
    await until(
      'left button enabled',
      () => left.isEnabled(),
      (v) => v,
    );
    await left.click();
    await until('scrolled back', scrollLeft, (x) => x === 0);
    await app.screenshot('tab-strip-overflow-720');
    await page.setViewportSize({ width: 1024, height: 700 });
    expect(app.consoleErrors).toEqual([]);
  });
});
