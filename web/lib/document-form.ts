/** A document's form values (strings, as typed) and the API's body made from them. */
import type { SetStoreFunction } from 'solid-js/store';
import { emptyLine, isBlankLine, type LineFormValue, parseLine } from '../components/lines-editor';
import type { CarnetDocument, DocumentCreate, DocumentType } from './api';
import { centsToInput, timeInput, todayIso, toTimestamp } from './format';
import { orEmpty, orNull } from './values';

export interface DocumentFormValue {
  title: string;
  date: string;
  addressId: string;
  contactId: string;
  startTime: string;
  endTime: string;
  technicianUserId: string;
  description: string;
  report: string;
  lines: LineFormValue[];
}

/** What the parts of the document's form are given: the values, their setter, the API's field errors. */
export interface DocumentFormPart {
  form: DocumentFormValue;
  setForm: SetStoreFunction<DocumentFormValue>;
  errors: Record<string, string>;
}

export function documentFormValue(type: DocumentType, d?: CarnetDocument): DocumentFormValue {
  const intervention = type === 'intervention';
  return {
    title: orEmpty(d?.title),
    date: d?.date ?? todayIso(),
    addressId: orEmpty(d?.addressId),
    contactId: orEmpty(d?.contactId),
    startTime: d ? timeInput(d.intervention?.start) : intervention ? '09:00' : '',
    endTime: d ? timeInput(d.intervention?.end) : intervention ? '10:00' : '',
    technicianUserId: orEmpty(d?.intervention?.technicianUserId),
    description: orEmpty(d?.intervention?.description),
    report: orEmpty(d?.intervention?.report),
    lines: d
      ? d.lines.map((l) => ({
          description: l.description,
          quantity: String(l.quantity).replace('.', ','),
          unitPrice: centsToInput(l.unitPriceCents),
          vatRate: String(l.vatRate),
        }))
      : intervention
        ? []
        : [emptyLine()],
  };
}

/** True while a line's quantity or price is missing or does not parse (the editor says which). */
export function linesInvalid(lines: LineFormValue[]): boolean {
  return lines.some((l) => {
    if (isBlankLine(l)) return false;
    const p = parseLine(l);
    return p.quantity === null || p.unitPriceCents === null;
  });
}

/** Credit notes follow the invoices' display options. */
export const displayModuleOf = (type: DocumentType) => (type === 'credit_note' ? 'invoice' : type);

export function documentInput(type: DocumentType, v: DocumentFormValue): DocumentCreate {
  return {
    // A credit note is only ever patched (its type is not sent): created from its invoice.
    type: type === 'credit_note' ? 'invoice' : type,
    title: orNull(v.title),
    date: v.date || null,
    addressId: v.addressId || null,
    contactId: v.contactId || null,
    lines: v.lines
      .filter((l) => !isBlankLine(l))
      .map((l) => {
        const p = parseLine(l);
        return { description: p.description, quantity: p.quantity ?? 0, unitPriceCents: p.unitPriceCents ?? 0, vatRate: p.vatRate };
      }),
    intervention:
      type === 'intervention'
        ? {
            start: toTimestamp(v.date, v.startTime),
            end: toTimestamp(v.date, v.endTime),
            technicianUserId: v.technicianUserId || null,
            description: orNull(v.description),
            report: orNull(v.report),
          }
        : null,
  };
}
