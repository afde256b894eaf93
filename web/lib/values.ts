/** Between form values (strings, '' when empty) and API values (trimmed, null when empty). */
export function orNull(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

export function orEmpty(value: string | null | undefined): string {
  return value ?? '';
}

/** `orEmpty` over the named fields of an API record (absent when creating): the form's strings. */
export function formStrings<K extends string>(
  record: Partial<Record<K, string | null>> | null | undefined,
  keys: readonly K[],
): Record<K, string> {
  return Object.fromEntries(keys.map((key) => [key, orEmpty(record?.[key])])) as Record<K, string>;
}

/** `orNull` over the named fields of a form: the API's values. */
export function apiStrings<K extends string>(form: Record<K, string>, keys: readonly K[]): Record<K, string | null> {
  return Object.fromEntries(keys.map((key) => [key, orNull(form[key])])) as Record<K, string | null>;
}

/** A fresh key for POST …/sends (Idempotency-Key), even outside a secure context. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
