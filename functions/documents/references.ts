import type { DocumentType } from '../../shared/documents';
import { isContactEligible } from '../../shared/eligibility';
import { documentCountPart } from '../addresses/parts';
import { clientExists } from '../clients/parts';
import { assertContactsModuleOn } from '../contacts';
import { assertExistsPart as contactExistsPart, assertUnchangedPart, contactForRules } from '../contacts/parts';
import { getUser } from '../users';
import { AppError, notFound, unprocessable } from '../lib/errors';
import { transact, type TransactItem } from '../lib/store';

/**
 * What a document refers to (its address, its contact, its technician): the transaction parts
 * that keep those references true until the write, each with the error its failure means
 * ('retry': read again and run the transaction again).
 */
export type Failure = AppError | 'retry';

export interface References {
  items: TransactItem[];
  failures: Failure[];
  technicianName: string | null;
}

interface Refs {
  addressId: string | null;
  contactId: string | null;
  technicianUserId: string | null;
}

const invalidReference = (path: string, what: string) =>
  unprocessable('invalid_reference', `${path} is not ${what} of this client`, [{ path, message: `is not ${what} of this client` }]);

/**
 * Reads what the rules need (the contact of an intervention, the technician) and returns the parts
 * that keep them true: the address's documentCount moves (which proves it is there), the contact is
 * checked unchanged since it was read.
 */
export async function references(
  orgId: string,
  clientId: string,
  next: Refs & { type: DocumentType },
  before: (Refs & { technicianName: string | null }) | null,
): Promise<References> {
  const items: TransactItem[] = [];
  const failures: Failure[] = [];
  const addressChanged = !before || before.addressId !== next.addressId;
  const contactChanged = !before || before.contactId !== next.contactId;

  if (addressChanged && next.addressId) {
    items.push(documentCountPart(orgId, clientId, next.addressId, 1));
    failures.push(invalidReference('addressId', 'an address'));
  }
  if (addressChanged && before?.addressId) {
    items.push(documentCountPart(orgId, clientId, before.addressId, -1));
    failures.push('retry');
  }

  // The intervention rule holds on create and whenever the address or the contact changes.
  const checkContact = next.contactId && (contactChanged || (next.type === 'intervention' && addressChanged));
  if (checkContact && next.contactId) {
    if (contactChanged) await assertContactsModuleOn(orgId);
    if (next.type === 'intervention') {
      const contact = await contactForRules(orgId, clientId, next.contactId);
      if (!contact) {
        // Under a client that is not ours (or not there), the answer is the client's 404, as on every route.
        if (!(await clientExists(orgId, clientId))) throw notFound('Client');
        throw invalidReference('contactId', 'a contact');
      }
      if (!isContactEligible(contact, next.addressId)) {
        throw unprocessable('contact_not_eligible', 'The contact is neither at the intervention address nor without address', [
          { path: 'contactId', message: 'is neither at the intervention address nor without address' },
        ]);
      }
      items.push(assertUnchangedPart(orgId, clientId, contact));
      failures.push('retry');
    } else {
      items.push(contactExistsPart(orgId, clientId, next.contactId));
      failures.push(invalidReference('contactId', 'a contact'));
    }
  }

  return { items, failures, technicianName: await technicianNameOf(orgId, next, before) };
}

async function technicianNameOf(orgId: string, next: Refs, before: (Refs & { technicianName: string | null }) | null) {
  if (next.technicianUserId === (before?.technicianUserId ?? null)) return before?.technicianName ?? null;
  if (!next.technicianUserId) return null;
  try {
    const user = await getUser(orgId, next.technicianUserId);
    return [user.firstName, user.lastName].filter(Boolean).join(' ') || user.email;
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') {
      throw unprocessable('invalid_reference', 'intervention.technicianUserId is not a user of this organisation', [
        { path: 'intervention.technicianUserId', message: 'is not a user of this organisation' },
      ]);
    }
    throw error;
  }
}

class Retry extends Error {}
const MAX_ATTEMPTS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the transaction `build` assembles; a 'retry' failure (and a transaction conflict) builds
 * and runs it again after a pause, with jitter so that 50 simultaneous creations spread out
 * instead of colliding in lockstep.
 */
export async function transactWithRetry(build: (attempt: number) => Promise<{ items: TransactItem[]; failures: Failure[] }>) {
  for (let attempt = 1; ; attempt++) {
    const { items, failures } = await build(attempt);
    try {
      await transact(items, (reasons) => {
        const failure = failures[reasons.indexOf('ConditionalCheckFailed')];
        if (failure === undefined) return undefined;
        if (failure === 'retry') throw new Retry();
        return failure;
      });
      return;
    } catch (error) {
      const retry =
        error instanceof Retry || (error instanceof AppError && error.code === 'conflict' && error.extra.reason === 'transaction_conflict');
      if (!retry) throw error;
      if (attempt >= MAX_ATTEMPTS) throw new AppError('conflict', 'Too many simultaneous changes; try again');
      await sleep(Math.random() * Math.min(100, 5 * attempt));
    }
  }
}
