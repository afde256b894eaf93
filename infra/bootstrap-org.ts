/**
 * Creates the first organisation of a deployed stage and invites its admin:
 *
 *   npm run deploy -- --outputs-file cdk.out/outputs.json
 *   npx tsx infra/bootstrap-org.ts --name "Plomberie Martin" --admin-email alice@example.com
 *
 * Runs with the operator's AWS credentials. It builds no key and writes no item itself: it calls
 * the domain verbs (createOrganization, createUser), pointed at the stage's table and user pool.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { userCreate } from '../shared/schemas';

const usage = `Usage: npx tsx infra/bootstrap-org.ts --name "<organisation>" --admin-email <email>
  [--first-name <name>] [--last-name <name>]
  [--stage dev] [--region eu-west-3] [--outputs cdk.out/outputs.json]`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    'admin-email': { type: 'string' },
    'first-name': { type: 'string' },
    'last-name': { type: 'string' },
    stage: { type: 'string', default: 'dev' },
    region: { type: 'string' },
    outputs: { type: 'string', default: 'cdk.out/outputs.json' },
  },
});

const name = values.name?.trim();
if (!name) fail('--name is required');
const admin = userCreate.safeParse({
  email: values['admin-email'],
  firstName: values['first-name'] ?? null,
  lastName: values['last-name'] ?? null,
  role: 'admin',
});
if (!admin.success)
  fail(`--admin-email, --first-name, --last-name: ${admin.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);

const stackName = `Carnet-${values.stage}`;
if (!fs.existsSync(values.outputs)) {
  fail(`${values.outputs} not found: deploy with \`npm run deploy -- --outputs-file ${values.outputs}\` first`);
}
const outputs = (JSON.parse(fs.readFileSync(values.outputs, 'utf8')) as Record<string, Record<string, string>>)[stackName];
const tableName = outputs?.TableName;
const userPoolId = outputs?.UserPoolId;
const clientId = outputs?.UserPoolClientId;
if (!tableName || !userPoolId || !clientId) fail(`${values.outputs} has no outputs for stack ${stackName}`);

// The same variables the stack gives the API function (functions/lib/config.ts reads them on first use).
process.env.TABLE_NAME = tableName;
process.env.COGNITO_USER_POOL_ID = userPoolId;
process.env.COGNITO_CLIENT_ID = clientId;
process.env.AWS_REGION = values.region ?? process.env.AWS_REGION ?? userPoolId.split('_')[0];
process.env.STAGE = values.stage;

const { createOrganization } = await import('../functions/organizations');
const { createUser } = await import('../functions/users');

try {
  const organization = await createOrganization({ name });
  console.log(`Organisation "${organization.name}" created: ${organization.id}`);
  const user = await createUser(organization.id, admin.data);
  console.log(`Admin ${user.email} invited (user ${user.id}); Cognito mails the temporary password.`);
  console.log(`Temporary password (valid 7 days, to change at first sign-in): ${user.temporaryPassword}`);
} catch (error) {
  console.error(`Failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
