/**
 * Long because sign-in, the new-password challenge, refresh, revocation and the tab-shared session are one state machine.
 * Sign-in through Cognito's JSON API with plain fetch (no AWS SDK in the browser):
 * USER_PASSWORD_AUTH, the NEW_PASSWORD_REQUIRED challenge of invited users, REFRESH_TOKEN_AUTH
 * before expiry or after a 401. When the session cannot be refreshed the app keeps everything on
 * screen, asks for the password again, and the requests that were waiting go on afterwards.
 */
import { createSignal } from 'solid-js';
import { cognitoEndpoint, loadConfig } from './config';

export interface Session {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  /** epoch milliseconds */
  expiresAt: number;
  email: string;
}

interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
}

interface InitiateAuthResponse {
  AuthenticationResult?: AuthenticationResult;
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
}

export type SignInResult = { kind: 'signed-in' } | { kind: 'new-password'; challenge: NewPasswordChallenge };

export interface NewPasswordChallenge {
  session: string;
  username: string;
  email: string;
}

/** A refusal from Cognito, by its exception name (NotAuthorizedException, InvalidPasswordException…). */
export class CognitoError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CognitoError';
  }
}

/**
 * Where the tokens live (docs/decisions.md, "Where the web app keeps its tokens"): in this tab's
 * sessionStorage, never in localStorage, so that the 30-day refresh token does not outlive the
 * browser session on disk and is not readable from every tab forever. A new tab of a signed-in
 * browser asks the open tabs for the session over a BroadcastChannel; signing out in one tab signs
 * out all of them, and revokes the refresh token at Cognito.
 */
const STORAGE_KEY = 'carnet.session';
const REFRESH_MARGIN_MS = 60_000;
const MIN_REFRESH_DELAY_MS = 10_000;

function readStoredSession(): Session | null {
  try {
    // A session left in localStorage by an earlier version is moved out of it.
    const legacy = localStorage.getItem(STORAGE_KEY);
    if (legacy) {
      localStorage.removeItem(STORAGE_KEY);
      sessionStorage.setItem(STORAGE_KEY, legacy);
    }
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

type TabMessage = { kind: 'ask' } | { kind: 'session'; session: Session } | { kind: 'signed-out' };
const tabs: BroadcastChannel | null = typeof BroadcastChannel === 'function' ? new BroadcastChannel('carnet.auth') : null;

const [session, setSessionSignal] = createSignal<Session | null>(readStoredSession());
const [expired, setExpired] = createSignal(false);

/** The signed-in session, or null when signed out. */
export { session };
/** True while the session has ended and the user is asked to sign in again over the current screen. */
export { expired as sessionExpired };

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let waitingForSignIn: Array<() => void> = [];

function setSession(next: Session | null): void {
  setSessionSignal(next);
  try {
    if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage unavailable (private mode): the session lives in memory only
  }
  scheduleRefresh();
}

function scheduleRefresh(): void {
  clearTimeout(refreshTimer);
  const current = session();
  if (!current || expired()) return;
  // Never sooner than in 10 s, so that a short-lived token cannot make a refresh loop.
  const delay = Math.max(MIN_REFRESH_DELAY_MS, current.expiresAt - Date.now() - REFRESH_MARGIN_MS);
  refreshTimer = setTimeout(() => {
    void refreshSession().then((ok) => {
      if (!ok) markExpired();
    });
  }, delay);
}

async function cognito<T>(target: string, body: unknown): Promise<T> {
  const config = await loadConfig();
  const response = await fetch(cognitoEndpoint(config), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const type = String(json.__type ?? json.code ?? 'UnknownError');
    throw new CognitoError(type.slice(type.lastIndexOf('#') + 1), String(json.message ?? ''));
  }
  return json as T;
}

/** When the access token expires: its `exp` claim, else ExpiresIn, else in an hour. */
function expiryOf(result: AuthenticationResult): number {
  try {
    const payload = result.AccessToken.split('.')[1] ?? '';
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    if (typeof claims.exp === 'number') return claims.exp * 1000;
  } catch {
    // not a JWT we can read: fall back on ExpiresIn
  }
  const seconds = Number(result.ExpiresIn);
  return Date.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000;
}

function toSession(result: AuthenticationResult, email: string, previousRefresh?: string): Session {
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    refreshToken: result.RefreshToken ?? previousRefresh ?? '',
    expiresAt: expiryOf(result),
    email,
  };
}

function signedIn(next: Session): void {
  const previous = session();
  const otherUser = previous !== null && expired() && previous.email.toLowerCase() !== next.email.toLowerCase();
  setExpired(false);
  setSession(next);
  if (otherUser) {
    // Someone else signed in over a screen that belongs to the previous user: start afresh.
    waitingForSignIn = [];
    location.assign('/');
    return;
  }
  const waiting = waitingForSignIn;
  waitingForSignIn = [];
  for (const resume of waiting) resume();
}

export async function signIn(email: string, password: string): Promise<SignInResult> {
  const config = await loadConfig();
  const answer = await cognito<InitiateAuthResponse>('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: config.cognito.clientId,
    AuthParameters: { USERNAME: email.trim(), PASSWORD: password },
  });
  if (answer.AuthenticationResult) {
    signedIn(toSession(answer.AuthenticationResult, email.trim()));
    return { kind: 'signed-in' };
  }
  if (answer.ChallengeName === 'NEW_PASSWORD_REQUIRED' && answer.Session) {
    return {
      kind: 'new-password',
      challenge: {
        session: answer.Session,
        username: answer.ChallengeParameters?.USER_ID_FOR_SRP ?? email.trim(),
        email: email.trim(),
      },
    };
  }
  throw new CognitoError(answer.ChallengeName ?? 'UnsupportedChallenge', '');
}

export async function completeNewPassword(challenge: NewPasswordChallenge, newPassword: string): Promise<void> {
  const config = await loadConfig();
  const answer = await cognito<InitiateAuthResponse>('RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ClientId: config.cognito.clientId,
    Session: challenge.session,
    ChallengeResponses: { USERNAME: challenge.username, NEW_PASSWORD: newPassword },
  });
  if (!answer.AuthenticationResult) throw new CognitoError(answer.ChallengeName ?? 'UnsupportedChallenge', '');
  signedIn(toSession(answer.AuthenticationResult, challenge.email));
}

let refreshing: Promise<boolean> | undefined;

/** New tokens from the refresh token; false when the session is over. Concurrent calls share one. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const current = session();
    if (!current?.refreshToken) return false;
    try {
      const config = await loadConfig();
      const answer = await cognito<InitiateAuthResponse>('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: config.cognito.clientId,
        AuthParameters: { REFRESH_TOKEN: current.refreshToken },
      });
      if (!answer.AuthenticationResult) return false;
      // Signed out (or in as someone else) meanwhile: this answer belongs to a session that is over.
      if (session()?.refreshToken !== current.refreshToken) return false;
      setSession(toSession(answer.AuthenticationResult, current.email, current.refreshToken));
      return true;
    } catch (error) {
      // A network failure is not the end of the session; a refused token is.
      return !(error instanceof CognitoError) && session() !== null;
    }
  })().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

function markExpired(): void {
  if (session()) setExpired(true);
}

/** The access token for the API, refreshed first when it is about to expire. */
export async function accessToken(): Promise<string> {
  let current = session();
  if (current && !expired() && current.expiresAt - Date.now() < REFRESH_MARGIN_MS) {
    if (!(await refreshSession())) markExpired();
    current = session();
  }
  if (!current || expired()) {
    await untilSignedIn();
    current = session();
  }
  if (!current) throw new CognitoError('NotSignedIn', '');
  return current.accessToken;
}

/** After a 401: refresh, or ask the user to sign in again; resolves when a new token is there. */
export async function recoverFromUnauthorized(): Promise<void> {
  if (!expired() && (await refreshSession())) return;
  markExpired();
  await untilSignedIn();
}

function untilSignedIn(): Promise<void> {
  return new Promise((resolve) => waitingForSignIn.push(resolve));
}

/** Ends the session here and in the other tabs; the refresh token is revoked at Cognito. */
export function signOut(): void {
  const refreshToken = session()?.refreshToken;
  endSession();
  tabs?.postMessage({ kind: 'signed-out' } satisfies TabMessage);
  if (refreshToken) void revokeRefreshToken(refreshToken);
}

function endSession(): void {
  clearTimeout(refreshTimer);
  waitingForSignIn = [];
  setExpired(false);
  setSession(null);
  try {
    sessionStorage.clear();
  } catch {
    // storage may be unavailable (private mode); nothing to clear then
  }
}

/** RevokeToken: the refresh token (and the tokens it issued) stop working at once. */
export async function revokeRefreshToken(refreshToken: string): Promise<void> {
  try {
    const config = await loadConfig();
    await cognito('RevokeToken', { ClientId: config.cognito.clientId, Token: refreshToken });
  } catch {
    // Offline or already revoked: the local session is gone either way.
  }
}

tabs?.addEventListener('message', (event: MessageEvent<TabMessage>) => {
  const message = event.data;
  const current = session();
  if (message.kind === 'ask' && current && !expired()) tabs.postMessage({ kind: 'session', session: current } satisfies TabMessage);
  else if (message.kind === 'session' && !current) signedIn(message.session);
  else if (message.kind === 'signed-out' && current) endSession();
});
if (!session()) tabs?.postMessage({ kind: 'ask' } satisfies TabMessage);

scheduleRefresh();
