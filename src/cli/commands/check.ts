/**
 * `streamscope check <url|recording> --expect <spec>...`: assertions on a stream for CI. The
 * grammar, the judging and the run live in core (src/core/diagnostics); this file parses flags,
 * loads the recording and prints the report.
 */
import { runCheck, type CheckResult, type CheckSource } from '../../core/diagnostics/check-runner';
import { parseExpectation, type Expectation } from '../../core/diagnostics/expect-parser';
import { formatMs } from '../../core/diagnostics/expectations';
import { redactUrlsInText } from '#shared/redact';
import { boolFlag, commandArgs, listFlag, requirePositionals, timeoutFlag, type ParsedArgs } from '../args';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../errors';
import { escapeForTerminal as safe, escapeJsonControls } from '#shared/control-chars';
import { colour, createOutput, type Output } from '../output';
import { plural } from '../plural';
import { openRecordingInput, printUnreadable, printWarnings } from '../recording-input';
import { REQUEST_FLAG_NAMES, REQUEST_FLAGS, REQUEST_FLAGS_HELP, requestFromFlags } from '../request-flags';

export const summary = 'assert things about a stream or a recording (for CI); exit 0 when all hold';

const OPTIONS = {
  ...REQUEST_FLAGS,
  expect: { type: 'string', short: 'e', multiple: true },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  'no-redact': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Seconds a live check runs at most unless --timeout says otherwise. */
const DEFAULT_TIMEOUT_S = 30;

const HELP = `usage: streamscope check <url|recording> [request options] --expect <spec>... [--json] [--timeout s]

Runs a live stream (or replays a recording, HAR or raw .sse file at full speed) through the
diagnostics and judges each --expect assertion. Exit 0 when all hold, 1 otherwise, 2 for usage errors.

  -e, --expect <spec>       an assertion, repeatable:
        event=<type> [within <duration>]      an event of that type arrives (in time)
        event(<filter>) [within <duration>]   an event matching the filter arrives
        count(<filter>) <cmp> <n>             how many events match (count() = all events)
        json(<path>) <op> <value>             some event's JSON data has that value at path
        no-diagnostics[>=info|warning|error]  no diagnostic at or above the severity
        first-event <cmp> <duration>          time from the request to the first event
        status <cmp> <code>                   the HTTP status of the first response
      filters: *, type=<type>, json(<path>)<op><value>, data=<text>, data~<text>,
               decoded.<path><op><value> (what a protocol decoder read)
      cmp: = != < <= > >=   op: cmp or ~ (contains)   duration: 500ms, 10s, 2m
      --json                one JSON object with the verdicts and diagnostics
      --timeout <seconds>   live runs stop after this long (default ${DEFAULT_TIMEOUT_S}); a run also stops
                            when the stream ends, or once every assertion is decided (nothing
                            later could change any verdict)
      --no-redact           print URL credentials (user:password@, token/key-like query parameters)
                            as they are (by default they show as "[redacted]")
  -h, --help                this help

request flags (URLs only; the same as tail's). check follows one response unless --reconnect.
${REQUEST_FLAGS_HELP}`;

export async function run(argv: string[]): Promise<number> {
  const args = commandArgs(argv, OPTIONS, HELP);
  if (!args) return EXIT_OK;
  const [target] = requirePositionals(args, ['url|recording']) as [string];
  const expectations = listFlag(args, 'expect').map(parseSpec);
  const timeout = timeoutFlag(args) ?? DEFAULT_TIMEOUT_S;
  const source = await sourceFromArgs(target, args);
  if (source === null) return EXIT_FAILED;

  // Warnings known up front (an import's synthetic timing) first; a cut-off file is known at its end.
  const warnings = source.kind === 'recording' ? source.recording.warnings : [];
  printWarnings(warnings);
  const printed = warnings.length;
  let result: CheckResult;
  try {
    result = await runCheck({ source, expectations, timeoutMs: timeout * 1000 });
  } catch (err) {
    // A recording is read as it is judged: damage past its first read surfaces here, as in replay.
    if (source.kind !== 'recording') throw err;
    printUnreadable(target, err);
    return EXIT_FAILED;
  }
  printWarnings(warnings.slice(printed));
  // CI logs are shared and kept: credentials in the URL stay out of them unless asked for.
  if (!boolFlag(args, 'no-redact')) result = redactResult(result);
  const out = createOutput();
  if (boolFlag(args, 'json')) out.line(escapeJsonControls(JSON.stringify(jsonReport(result))));
  else printReport(out, result);
  await out.flush();
  return result.ok ? EXIT_OK : EXIT_FAILED;
}

/** The report with URL credentials redacted in the source, the errors and the diagnostics. */
function redactResult(result: CheckResult): CheckResult {
  return {
    ...result,
    source: redactUrlsInText(result.source),
    errors: result.errors.map(redactUrlsInText),
    diagnostics: result.diagnostics.map((d) => ({ ...d, message: redactUrlsInText(d.message) })),
  };
}

function parseSpec(spec: string): Expectation {
  const parsed = parseExpectation(spec);
  if (!parsed.ok) throw new UsageError(`--expect "${spec}": ${parsed.error}`);
  return parsed.expectation;
}

/** The URL's request, or the recording; null when the file cannot be read (already said: exit 1). */
async function sourceFromArgs(target: string, args: ParsedArgs): Promise<CheckSource | null> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    const { request, sendOnOpen } = requestFromFlags(target, args);
    // One response is what a CI assertion is about; reconnecting is opt-in.
    request.reconnect ??= false;
    return { kind: 'url', request, sendOnOpen };
  }
  const given = REQUEST_FLAG_NAMES.find((name) => args.values[name] !== undefined);
  if (given) throw new UsageError(`--${given} applies to URLs, not to a recording`);
  // Read exactly as `replay` reads it: the same exit code and warnings for the same file.
  const recording = await openRecordingInput(target);
  return recording === null ? null : { kind: 'recording', name: target, recording };
}

function jsonReport(result: CheckResult): Record<string, unknown> {
  return {
    ok: result.ok,
    source: result.source,
    endedBy: result.endedBy,
    events: result.events,
    durationMs: Math.round(result.durationMs),
    assertions: result.outcomes.map((o) => ({
      spec: o.spec,
      ok: o.ok,
      observed: o.observed,
      decidedAtMs: o.decidedAtMs === null ? null : Math.round(o.decidedAtMs),
      judgedOverMs: Math.round(o.decidedAtMs ?? result.durationMs),
    })),
    diagnostics: result.diagnostics.map((d) => ({
      severity: d.severity,
      rule: d.rule,
      message: d.message,
      refs: d.refs,
      link: d.link,
      connection: d.connection,
    })),
    errors: result.errors,
  };
}

const ENDED_BY: Record<CheckResult['endedBy'], string> = {
  'stream-end': 'stream ended',
  'recording-cut-off': 'recording cut off: the stream was still open when it stopped',
  timeout: 'timeout',
  decided: 'every assertion decided',
};

const SEVERITY_COLOUR = { info: colour.blue, warning: colour.yellow, error: colour.red } as const;

function printReport(out: Output, result: CheckResult): void {
  out.line(`${colour.bold('check')} ${safe(result.source)}`);
  out.line(
    colour.dim(`  ${plural(result.events, 'event')} in ${formatMs(result.durationMs)} (${ENDED_BY[result.endedBy]})`),
  );
  for (const message of result.errors) out.line(`  ${colour.red('error')} ${safe(message)}`);
  if (result.outcomes.length > 0) {
    out.line('');
    out.line('assertions:');
    const width = Math.min(48, Math.max(...result.outcomes.map((o) => o.spec.length)));
    for (const o of result.outcomes) {
      const mark = o.ok ? colour.green('✓') : colour.red('✗');
      const span =
        o.decidedAtMs === null
          ? `judged over the whole run (${formatMs(result.durationMs)})`
          : `decided at ${formatMs(o.decidedAtMs)}`;
      out.line(
        `  ${mark} ${safe(o.spec).padEnd(width)}  ${colour.dim('observed:')} ${safe(o.observed)}  ${colour.dim(`[${span}]`)}`,
      );
    }
  }
  out.line('');
  if (result.diagnostics.length === 0) {
    out.line('diagnostics: none');
  } else {
    out.line(`diagnostics (${result.diagnostics.length}):`);
    for (const d of result.diagnostics) {
      out.line(`  ${SEVERITY_COLOUR[d.severity](d.severity.padEnd(7))} ${d.rule}: ${safe(d.message)}`);
      out.line(colour.dim(`          ${d.link}`));
    }
  }
  out.line('');
  const failed = result.outcomes.filter((o) => !o.ok).length;
  const total = result.outcomes.length;
  out.line(
    result.ok
      ? colour.green(`PASS: ${total} of ${plural(total, 'assertion holds', 'assertions hold')}`)
      : colour.red(`FAIL: ${failed} of ${plural(total, 'assertion')} failed`),
  );
}
