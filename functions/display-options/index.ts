import { withDefaults, type DisplayOptions } from '../../shared/display-options';
import { orgPartition } from '../lib/keys';
import { getItem, now, putItem } from '../lib/store';

/** "Options d'affichage": one item per user under the organisation. */
const key = (orgId: string, userId: string) => ({ pk: orgPartition(orgId), sk: `DISPLAY#${userId}` });

export async function getDisplayOptions(orgId: string, userId: string): Promise<DisplayOptions> {
  const item = await getItem<{ options: Record<string, Record<string, boolean>> }>(key(orgId, userId));
  return withDefaults(item?.options);
}

export async function saveDisplayOptions(
  orgId: string,
  userId: string,
  options: Partial<Record<string, Record<string, boolean>>>,
): Promise<DisplayOptions> {
  const full = withDefaults(options);
  await putItem({ ...key(orgId, userId), type: 'displayOptions', options: full, updatedAt: now() });
  return full;
}
