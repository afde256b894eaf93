import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mailConfig } from '../lib/config';

/**
 * SES v1 SendRawEmail (the local stand-in speaks it too). Only throttling and clearly transient
 * errors are retried by the SDK; a timeout is not retried locally, where a closed port must fail fast.
 */
let cached: { endpoint: string | undefined; client: SESClient } | undefined;

function ses(): SESClient {
  const cfg = mailConfig();
  if (!cached || cached.endpoint !== cfg.endpoint) {
    cached?.client.destroy();
    cached = {
      endpoint: cfg.endpoint,
      client: new SESClient({
        region: cfg.region,
        ...(cfg.endpoint ? { endpoint: cfg.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
        maxAttempts: cfg.endpoint ? 1 : 3,
        requestHandler: { connectionTimeout: 2000, requestTimeout: 10_000 },
      }),
    };
  }
  return cached.client;
}

/** Sends the raw message; its SES MessageId (the key SES events carry). */
export async function sendRawEmail(raw: Uint8Array): Promise<string> {
  const { configurationSet } = mailConfig();
  const out = await ses().send(
    new SendRawEmailCommand({
      RawMessage: { Data: raw },
      ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
    }),
  );
  if (!out.MessageId) throw new Error('SES answered without a MessageId');
  return out.MessageId;
}

/** Why SES failed, for the send's `error` and the 502 (no stack, no host or port). */
export function sesErrorText(error: unknown): string {
  const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code;
  if (code && /^E[A-Z]+$/.test(code)) return `${code}: Amazon SES could not be reached`;
  const name = e?.name && e.name !== 'Error' ? e.name : 'Error';
  const message = (e?.message ?? String(error))
    .replace(/https?:\/\/\S+/g, '[endpoint]')
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b|\blocalhost:\d+/g, '[host]');
  return `${name}: ${message}`.slice(0, 500);
}
