/** Between form values (strings, '' when empty) and API values (trimmed, null when empty). */
export function orNull(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

export function orEmpty(value: string | null | undefined): string {
  return value ?? '';
}

/** A fresh key for POST …/sends (Idempotency-Key), even outside a secure context. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
