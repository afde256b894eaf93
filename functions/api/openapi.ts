import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { z } from 'zod';
import { problem } from '../../shared/schemas';
import type { Actor, AppEnv } from './context';
import { AppError } from '../lib/errors';
import { validationError } from '../lib/validation';

/** A sub-app whose validation failures become 400 problem+json naming each field. */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target === 'json' ? 'body' : result.target);
    },
  });
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problem } },
});

/** The problem answers every route may give. */
export const errors = {
  400: problemResponse('Invalid request (bad JSON, schema violation, unknown field)'),
  401: problemResponse('Missing or invalid credential'),
  404: problemResponse('Not found (or another organisation’s)'),
};

export const params = {
  client: z.object({ clientId: z.string().max(64) }),
  address: z.object({ clientId: z.string().max(64), addressId: z.string().max(64) }),
  contact: z.object({ clientId: z.string().max(64), contactId: z.string().max(64) }),
};

/** A route with the problem answers added; its literal path is kept, for the web client's types (`hc<AppType>`). */
export function route<P extends string, R extends Omit<RouteConfig, 'path'> & { path: P }>(config: R) {
  return createRoute({ ...config, responses: { ...errors, ...config.responses } });
}

export const ifMatchHeader = z.object({ 'if-match': z.string().max(100).optional() });

export function requireAdmin(actor: Actor) {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'Only an administrator can do this');
}
