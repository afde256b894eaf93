import type { Context } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { authConfig, mailConfig, tableConfig } from '../lib/config';
import { instrumented } from '../lib/monitoring';
import { app } from './app';

// A missing variable fails the cold start, not the first request that needs it.
tableConfig();
mailConfig();
authConfig();

/** The API on Lambda behind an HTTP API (payload v2): the same Hono app as locally. */
const respond = handle(app);
export const handler = instrumented((event: LambdaEvent, context: Context) => respond(event, context));
