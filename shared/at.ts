/**
 * Indexed reads that must find something (`noUncheckedIndexedAccess` is on): the item, or an error
 * naming what was missing, clearer than "cannot read properties of undefined" three lines later.
 * Used by tests, benches and scripts; domain code checks and answers with an AppError instead.
 */
export function at<T>(list: readonly T[], index: number, what = 'the list'): T {
  const value = list[index < 0 ? list.length + index : index];
  if (value === undefined) throw new Error(`${what} has no item ${index} (it has ${list.length})`);
  return value;
}

/** The value under `key`, or an error naming the missing key. */
export function entry<T>(record: Readonly<Record<string, T>>, key: string, what = 'the record'): T {
  const value = record[key];
  if (value === undefined) throw new Error(`${what} has no ${key}`);
  return value;
}
