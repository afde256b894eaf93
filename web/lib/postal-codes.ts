/**
 * The communes of a French postal code, from the app's own `postal-codes/<département>.json`
 * (built from codes-postaux by web/build/postal-codes.ts), fetched once per département.
 */
const departments = new Map<string, Promise<Record<string, string[]>>>();

function department(code: string): Promise<Record<string, string[]>> {
  const key = code.slice(0, 2);
  let loading = departments.get(key);
  if (!loading) {
    loading = fetch(`/postal-codes/${key}.json`).then((res) => (res.ok ? (res.json() as Promise<Record<string, string[]>>) : {}));
    // A failure is not remembered: the next postal code typed tries again.
    loading.catch(() => departments.delete(key));
    departments.set(key, loading);
  }
  return loading;
}

/** The communes of a five-digit French postal code; [] when unknown or not yet a full code. */
export async function citiesOfPostalCode(postalCode: string): Promise<string[]> {
  const code = postalCode.trim();
  if (!/^\d{5}$/.test(code)) return [];
  try {
    return (await department(code))[code] ?? [];
  } catch {
    return [];
  }
}
