/**
 * Sending a document by email. recipients.ts: who it can go to; send.ts: a send, in three steps
 * (prepare.ts → record.ts → outcome.ts); history.ts: a document's sends; ses-notification.ts and
 * delivery-events.ts: what SES then says about them; suppressions.ts: addresses that failed.
 */
export { recipientsOf, type Sender } from './recipients';
export { sendDocument, type SendResult } from './send';
export { previewSend } from './prepare';
export { getSend, listSends } from './history';
export { processSesNotification, recordDeliveryEvents, type DeliveryEvent, type EventsOutcome } from './delivery-events';
export { parseSesNotification, type SesNotification } from './ses-notification';
export { onMailAccepted, type AcceptedMail } from './ses';
export { liftSuppression, listSuppressions, type LiftActor } from './suppressions';
