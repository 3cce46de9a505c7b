// The files shipped for running `watch` in production: Prometheus alert rules checked by promtool,
// and every metric the rules and the Grafana dashboard name is one that watch exposes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { WATCH_METRICS } from '../../src/core/watch/metrics';

const root = resolve(__dirname, '..', '..');
const alertsPath = join(root, 'deploy', 'prometheus', 'alerts.yml');
const dashboardPath = join(root, 'deploy', 'grafana', 'streamscope-dashboard.json');

/** The series a PromQL expression reads whose name says they come from watch. */
function streamscopeSeries(expr: string): string[] {
  return [...expr.matchAll(/\b(streamscope_[a-z_]+)/g)].map((m) => m[1]!);
}

const exposed = new Set<string>(
  Object.values(WATCH_METRICS).flatMap((name) => [name, `${name}_bucket`, `${name}_count`, `${name}_sum`]),
);

describe('deploy files', () => {
  it('promtool accepts the alert rules', () => {
    const out = execFileSync('promtool', ['check', 'rules', alertsPath], { encoding: 'utf8' });
    expect(out).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('alerts cover a stream down, stalled, slow and failing its assertions, on metrics watch exposes', () => {
    const doc = parse(readFileSync(alertsPath, 'utf8')) as {
      groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
    };
    const rules = doc.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining(['StreamDown', 'StreamStalled', 'StreamLatencyHigh', 'StreamAssertionFailing']),
    );
    for (const rule of rules) for (const series of streamscopeSeries(rule.expr)) expect(exposed).toContain(series);
  });

  it('the hosted CI workflow builds the container image and runs watch in it', () => {
    const workflow = parse(readFileSync(join(root, '.github', 'workflows', 'container.yml'), 'utf8')) as {
      jobs: Record<string, { steps: Array<{ run?: string }> }>;
    };
    const runs = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ''));
    expect(runs.some((r) => r.includes('docker build'))).toBe(true);
    expect(runs.some((r) => r.includes('/healthz') && r.includes('/metrics'))).toBe(true);
    // The image runs the same command the README documents.
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toMatch(
      /ENTRYPOINT \["node", "bin\/streamscope\.js", "watch"/,
    );
  });

  it('the Grafana dashboard is valid JSON whose queries name only exposed metrics', () => {
    const dashboard = JSON.parse(readFileSync(dashboardPath, 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(8);
    const used = new Set(exprs.flatMap(streamscopeSeries));
    for (const series of used) expect(exposed).toContain(series);
    // Every stream-level metric appears on the dashboard.
    for (const name of [
      WATCH_METRICS.events,
      WATCH_METRICS.latency,
      WATCH_METRICS.lastEventAge,
      WATCH_METRICS.stalls,
    ]) {
      expect([...used].some((s) => s.startsWith(name))).toBe(true);
    }
  });
});
