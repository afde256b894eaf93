import sesModule from 'aws-ses-v2-local';
import { getStoreReadonly, saveEmail, type Email } from 'aws-ses-v2-local/dist/store';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { assertPortFree } from './ports';

/**
 * The SES stand-in (aws-ses-v2-local, in this process): SendRawEmail on `endpoint`, the mailbox
 * viewer at `/`, every mail as JSON at `GET /store`. Mails are also kept in `file`, so the mailbox
 * still shows them after a restart.
 */
export interface LocalSes {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSes(port: number, file: string): Promise<LocalSes> {
  await assertPortFree(port, 'the SES stand-in (mailbox)', 'SES_PORT');
  if (existsSync(file) && getStoreReadonly().emails.length === 0) {
    try {
      for (const email of JSON.parse(readFileSync(file, 'utf8')) as Email[]) saveEmail(email);
    } catch {
      // A damaged mailbox file is not worth failing the start for: it is rewritten below.
    }
  }
  // A CommonJS module: its default export sits on `default` under ESM interop.
  const sesServer = ((sesModule as unknown as { default?: typeof sesModule }).default ?? sesModule) as typeof sesModule;
  const server: Server = await sesServer({ host: '127.0.0.1', port });
  let saved = getStoreReadonly().emails.length;
  const persist = () => {
    const emails = getStoreReadonly().emails;
    if (emails.length === saved) return;
    saved = emails.length;
    writeFileSync(file, JSON.stringify(emails));
  };
  const timer = setInterval(persist, 1000);
  timer.unref();
  return {
    endpoint: `http://localhost:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        persist();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
