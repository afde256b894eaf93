import middy from '@middy/core';
import { handle } from 'hono/aws-lambda';
import { app } from './app';

/** The API on Lambda behind an HTTP API (payload v2): the same Hono app as locally. */
export const handler = middy(handle(app));
