/** The one registry of demo scenarios, in the order /scenarios lists them. */
import type { ScenarioInfo } from '#shared/api';
import type { Scenario } from './types';
import { typedEvents } from './typed-events';
import { disconnect, resume, retry } from './numbered';
import { bom, cr, crlf, multiline } from './framing';
import { heartbeat } from './heartbeat';
import { status204, status401, status500, wrongContentType } from './statuses';
import { slowDrip } from './slow-drip';
import { bigEvent } from './big-event';
import { firehose } from './firehose';
import { anthropicMessages, gemini, openaiChat, openaiResponses } from './llm';
import { fixtureScenarios } from './fixture-files';
import { ollamaChat } from './ndjson';

export type { Scenario, ScenarioContext } from './types';

export const SCENARIOS: readonly Scenario[] = [
  typedEvents,
  resume,
  retry,
  multiline,
  heartbeat,
  crlf,
  cr,
  bom,
  disconnect,
  status204,
  status401,
  status500,
  wrongContentType,
  slowDrip,
  bigEvent,
  firehose,
  openaiChat,
  openaiResponses,
  anthropicMessages,
  gemini,
  ollamaChat,
  ...fixtureScenarios,
];

const byName = new Map(SCENARIOS.map((s) => [s.name, s]));

/** The scenario served at /scenarios/<name>, or undefined. */
export function findScenario(name: string): Scenario | undefined {
  return byName.get(name);
}

/** What /scenarios lists: name, description, suggested path and method. */
export function scenarioInfos(): ScenarioInfo[] {
  return SCENARIOS.map((s) => ({
    name: s.name,
    description: s.description,
    path: `/scenarios/${s.name}${s.query ? `?${s.query}` : ''}`,
    method: s.method,
  }));
}
