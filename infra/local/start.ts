import { ensureWebBuilt } from './web-build';

/**
 * `npm start`: the whole of Carnet on this machine. Ctrl-C stops every child process.
 */
const started = Date.now();
// Logs and metrics indented for a terminal, metrics written even so (Powertools' dev mode turns them off).
process.env.POWERTOOLS_DEV ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'false';
// Imported only now: the logger and the metrics read these variables when loaded.
const { startLocalStack } = await import('./stack');
const log = (line: string) => console.log(`  ${line}`);

console.log('Carnet — démarrage de la pile locale\n');
let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
let stopping = false;

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal} reçu : arrêt de Carnet…`);
  await stack?.stop();
  console.log('Arrêté. Les données restent dans', stack?.dataDir ?? '.data');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('Ctrl-C'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  try {
    ensureWebBuilt(log);
  } catch (error) {
    // The API and the mailbox are still worth running; the page at / says what to do.
    console.error(`  Attention : ${(error as Error).message}. L’API démarre quand même.`);
  }
  stack = await startLocalStack({ log });
} catch (error) {
  console.error(`\nCarnet n’a pas pu démarrer : ${(error as Error).message}`);
  process.exit(1);
}

const c = stack.credentials;
console.log(`
Carnet est prêt en ${((Date.now() - started) / 1000).toFixed(1)} s.

  Application web     ${c.webUrl}
  API                 ${c.apiUrl}   (référence : ${c.webUrl}/api/docs)
  Boîte mail locale   ${c.mailboxUrl}
  Cognito local       ${c.cognito.endpoint}   (pool ${c.cognito.userPoolId})
  Données             ${stack.dataDir}
`);
for (const org of c.organizations) {
  console.log(`  ${org.name}`);
  for (const u of org.users) console.log(`    ${u.role.padEnd(6)} ${u.email.padEnd(40)} mot de passe : ${u.password}`);
  console.log(`    clé API ${org.apiKey}\n`);
}
console.log(`Identifiants enregistrés dans ${stack.dataDir}/local-credentials.json. Ctrl-C pour arrêter.`);
