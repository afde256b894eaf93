import type { Role } from '../../shared/schemas';
import type { RequestMetrics } from '../lib/metrics';

/** Who is calling: from the credential alone (a Cognito token or an API key). */
export interface Actor {
  orgId: string;
  role: Role;
  userId: string | null;
  apiKeyId: string | null;
  /** The user's full name or the API key's name: shown as "sent by". */
  name: string;
  email: string | null;
  /** Key for per-principal settings (display options): the user id, or `apikey:<id>`. */
  principalId: string;
}

export interface AppEnv {
  Variables: {
    actor: Actor;
    metrics: RequestMetrics;
  };
}
