import { inject } from 'vitest';

/**
 * The embedded stack started by test/global-setup.ts. Integration tests refuse to run without it
 * rather than skipping silently.
 */
export function stack() {
  const s = inject('stack');
  if (!s)
    throw new Error(
      'The integration tests need the embedded stack: run them with `npx vitest run test/integration` (the global setup starts it).',
    );
  return s;
}

export type Org = ReturnType<typeof stack>['credentials']['organizations'][number];

export function orgs(): [Org, Org] {
  const [a, b] = stack().credentials.organizations;
  if (!a || !b) throw new Error('The embedded stack seeded fewer than two organisations');
  return [a, b];
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
  ddbRequests: number;
}

/** A call to the API with a credential (an API key or a token); JSON in, JSON out. */
export async function api<T = any>(
  credential: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const res = await fetch(`${stack().apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${credential}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (a PDF, an HTML page): keep the text
  }
  return {
    status: res.status,
    body: parsed as T,
    headers: res.headers,
    ddbRequests: Number(res.headers.get('x-carnet-ddb-requests') ?? NaN),
  };
}

/** Sign-in with cognito-local (USER_PASSWORD_AUTH), as the web app does. */
export async function signIn(email: string, password: string): Promise<{ accessToken: string; idToken: string; refreshToken: string }> {
  const { cognito } = stack().credentials;
  const res = await fetch(cognito.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: cognito.clientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  });
  const body = (await res.json()) as { AuthenticationResult?: { AccessToken: string; IdToken: string; RefreshToken: string } };
  if (!body.AuthenticationResult) throw new Error(`sign-in failed for ${email}: ${JSON.stringify(body)}`);
  return {
    accessToken: body.AuthenticationResult.AccessToken,
    idToken: body.AuthenticationResult.IdToken,
    refreshToken: body.AuthenticationResult.RefreshToken,
  };
}

/** Reads until `done` holds (asynchronous outcomes: SES events, delivery statuses), or fails saying what. */
export async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
