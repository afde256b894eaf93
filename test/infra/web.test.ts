import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Auth } from '../../infra/constructs/auth';
import { DOCS_INIT_SCRIPT, DOCS_INIT_SCRIPT_PATH, REDOC_SCRIPT_PATH } from '../../functions/api/docs-page';
import { spaRewriteFunctionCode, Web } from '../../infra/constructs/web';
import { at } from '../../shared/at';
import { redocScriptFile } from '../../infra/docs-renderer';

type Request = { uri: string; headers?: Record<string, unknown> };
// CloudFront Functions run the source as a script defining `handler`: evaluate it the same way.
const spaRewrite = new Function(`${spaRewriteFunctionCode}\nreturn handler;`)() as (event: { request: Request }) => Request;

describe('SPA rewrite (CloudFront Function)', () => {
  it.each([
    ['/', '/index.html'],
    ['/clients', '/index.html'],
    ['/clients/123', '/index.html'],
    ['/clients/123/documents/456/', '/index.html'],
    ['/settings/modules', '/index.html'],
    ['/index.html', '/index.html'],
    ['/assets/app.js', '/assets/app.js'],
    ['/assets/index-4f3a2b.css', '/assets/index-4f3a2b.css'],
    ['/config.json', '/config.json'],
    ['/favicon.ico', '/favicon.ico'],
    ['/api/v1/x', '/api/v1/x'],
    ['/api/v1/clients/123', '/api/v1/clients/123'],
    ['/api/docs', '/api/docs'],
    ['/api', '/api'],
    // A dot in a folder name does not make a file.
    ['/clients/j.dupont/overview', '/index.html'],
    // Only the /api/ prefix is the API.
    ['/apiary', '/index.html'],
  ])('%s → %s', (uri, expected) => {
    expect(spaRewrite({ request: { uri, headers: {} } }).uri).toBe(expected);
  });

  it('keeps the rest of the request', () => {
    const request = { uri: '/clients/1', headers: { host: { value: 'x' } }, querystring: { a: { value: '1' } } };
    expect(spaRewrite({ request })).toEqual({ ...request, uri: '/index.html' });
  });
});

describe('web without a build of the app', () => {
  let tmp: string;
  let template: Template;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk.out-carnet-web-'));
    const app = new App({ outdir: tmp });
    const stack = new Stack(app, 'WebOnly', { env: { region: 'eu-west-3' } });
    const auth = new Auth(stack, 'Auth', { stage: 'test' });
    new Web(stack, 'Web', {
      api: { domainName: 'abc123.execute-api.eu-west-3.amazonaws.com', originVerify: 'test-origin-verify' },
      auth,
      distDirectory: path.join(tmp, 'no-such-dist'),
    });
    template = Template.fromJSON(app.synth().getStackByName('WebOnly').template);
  });

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('deploys a placeholder index.html and config.json, in one deployment, without failing', () => {
    const deployments = template.findResources('Custom::CDKBucketDeployment');
    expect(Object.keys(deployments)).toHaveLength(1);
    const deployment = at(Object.values(deployments) as { Properties: Record<string, any> }[], 0, 'deployments');
    // Source.data('index.html'), Source.jsonData('config.json') and the /api/docs renderer's two scripts.
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(4);
    expect(deployment.Properties.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
  });

  it('writes config.json with the API path and the Cognito pool', () => {
    const assets = fs.readdirSync(tmp).filter((f) => f.startsWith('asset.'));
    const configs = assets
      .map((a) => path.join(tmp, a, 'config.json'))
      .filter((f) => fs.existsSync(f))
      .map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
    expect(configs).toHaveLength(1);
    // Pool and client ids are deploy-time values: markers replaced by the deployment.
    expect(configs[0]).toEqual({
      apiUrl: '/api/v1',
      cognito: { region: 'eu-west-3', userPoolId: expect.stringMatching(/^<<marker:/), clientId: expect.stringMatching(/^<<marker:/) },
    });
    const pages = assets.map((a) => path.join(tmp, a, 'index.html')).filter((f) => fs.existsSync(f));
    expect(pages).toHaveLength(1);
    expect(fs.readFileSync(at(pages, 0, 'index.html pages'), 'utf8')).toContain('npm run build');
  });

  it('deploys the /api/docs renderer (Redoc and its start-up script) with the site, even without the app', () => {
    const assets = fs.readdirSync(tmp).filter((f) => f.startsWith('asset.'));
    const find = (urlPath: string) => assets.map((a) => path.join(tmp, a, ...urlPath.slice(1).split('/'))).filter((f) => fs.existsSync(f));
    const [redoc] = find(REDOC_SCRIPT_PATH);
    expect(redoc, REDOC_SCRIPT_PATH).toBeDefined();
    // Buffer.equals: a deep toEqual over 2 MB would take the test's whole timeout.
    expect(fs.readFileSync(redoc ?? '').equals(fs.readFileSync(redocScriptFile()))).toBe(true);
    const [init] = find(DOCS_INIT_SCRIPT_PATH);
    expect(fs.readFileSync(init ?? '', 'utf8')).toBe(DOCS_INIT_SCRIPT);
    // Real files (a dot in the last segment): the SPA rewrite passes them to the bucket unchanged.
    for (const uri of [REDOC_SCRIPT_PATH, DOCS_INIT_SCRIPT_PATH]) expect(spaRewrite({ request: { uri } }).uri).toBe(uri);
  });
});
