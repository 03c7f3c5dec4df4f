// The resize function wired to the local stand-ins, as the Lambda's cold start wires it in AWS.

import type { ResizeDependencies } from '../core/edge/resize-variant.ts';
import { silentLogger } from '../core/platform/logger.ts';
import { resizeDependencies } from '../functions/resize-image/dependencies.ts';
import type { StandIns } from './stand-ins.ts';

export function localResizeDependencies(
  standIns: StandIns,
  overrides: Partial<ResizeDependencies> = {},
): ResizeDependencies {
  return resizeDependencies(standIns.clients, standIns.config, {
    logger: silentLogger(),
    ...overrides,
  });
}
