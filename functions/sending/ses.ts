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

/** A mail SES accepted, as the local stack's mailbox simulator needs it. */
export interface AcceptedMail {
  messageId: string;
  source: string;
  subject: string;
  to: string[];
  cc: string[];
  /** The SES message tags it was sent with (SES events carry them back in `mail.tags`). */
  tags: Record<string, string>;
}

export interface OutgoingMail {
  raw: Uint8Array;
  /** SES message tags: names and values of letters, digits, `_` and `-` only (others are left out). */
  tags: Record<string, string>;
  envelope: Omit<AcceptedMail, 'messageId' | 'tags'>;
}

type AcceptedListener = (mail: AcceptedMail) => void | Promise<void>;
const listeners = new Set<AcceptedListener>();

/**
 * Called after SES accepted each mail, before the send is recorded: the local stack plugs its SES
 * event simulator in here (infra/local/ses-simulator.ts), and fault tests their faults. Nothing
 * listens on AWS. Returns the function that unplugs it.
 */
export function onMailAccepted(listener: AcceptedListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const TAG = /^[A-Za-z0-9_-]{1,256}$/;

/** Sends the raw message with its tags; its SES MessageId (the key SES events carry). */
export async function sendRawEmail(mail: OutgoingMail): Promise<string> {
  const tags = Object.entries(mail.tags).filter(([name, value]) => TAG.test(name) && TAG.test(value));
  const { configurationSet } = mailConfig();
  const out = await ses().send(
    new SendRawEmailCommand({
      RawMessage: { Data: mail.raw },
      Tags: tags.map(([Name, Value]) => ({ Name, Value })),
      ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
    }),
  );
  if (!out.MessageId) throw new Error('SES answered without a MessageId');
  const accepted: AcceptedMail = { messageId: out.MessageId, tags: Object.fromEntries(tags), ...mail.envelope };
  for (const listener of listeners) {
    // A listener never makes an accepted mail look refused.
    await Promise.resolve()
      .then(() => listener(accepted))
      .catch(() => undefined);
  }
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
