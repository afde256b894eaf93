/**
 * Addresses that bounced hard or complained ("Adresses en échec"): no longer sent to until an
 * admin lifts the mark. Shared by functions/ (validation, OpenAPI) and web/ (types).
 */
import { z } from 'zod';

export const suppressionReason = z.enum(['bounced', 'complained']);

export const suppression = z.object({
  email: z.string(),
  reason: suppressionReason,
  /** When SES reported the bounce or complaint. */
  at: z.string(),
  /** The send that bounced (null for marks recorded before this was kept). */
  clientId: z.string().nullable(),
  documentId: z.string().nullable(),
  sendId: z.string().nullable(),
});

export const suppressionList = z.object({ items: z.array(suppression) });

export const suppressionParams = z.object({ email: z.string().min(1).max(320) });

export type SuppressionReason = z.infer<typeof suppressionReason>;
export type SuppressedAddress = z.infer<typeof suppression>;
