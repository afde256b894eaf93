/**
 * A document of the client (intervention, invoice, quote), tab Données: create and edit.
 * The intervention's contact picker offers the contacts at its address plus those without one.
 */
import { action, createAsync, useAction, useNavigate, useParams, useSearchParams, useSubmission } from '@solidjs/router';
import { createEffect, createSignal, Show } from 'solid-js';
import { ConfirmDelete } from '../components/confirm-delete';
import { DocumentHeader } from '../components/document-header';
import { DraftNotice } from '../components/draft-notice';
import { SelectField, TextArea, TextField } from '../components/fields';
import { emptyLine, LinesEditor, parseLine, type LineFormValue } from '../components/lines-editor';
import { FormActions } from '../components/form-actions';
import { ErrorBox, Loader } from '../components/status';
import { t } from '../i18n';
import {
  api,
  getDocument,
  listEligibleContacts,
  listUsers,
  type CarnetDocument,
  type DocumentCreate,
  type DocumentType,
  type EligibleContact,
  type Page,
  type User,
} from '../lib/api';
import { useClientRecord } from '../lib/client-context';
import { shown } from '../lib/display-options';
import { createDraft, fieldErrors } from '../lib/forms';
import { centsToInput, formatAddress, personName, timeInput, todayIso, toTimestamp } from '../lib/format';
import { orEmpty, orNull } from '../lib/values';

interface DocumentFormValue {
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

function documentFormValue(type: DocumentType, d?: CarnetDocument): DocumentFormValue {
  return {
    title: orEmpty(d?.title),
    date: d?.date ?? todayIso(),
    addressId: orEmpty(d?.addressId),
    contactId: orEmpty(d?.contactId),
    startTime: d ? timeInput(d.intervention?.start) : type === 'intervention' ? '09:00' : '',
    endTime: d ? timeInput(d.intervention?.end) : type === 'intervention' ? '10:00' : '',
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
      : type === 'intervention'
        ? []
        : [emptyLine()],
  };
}

function documentInput(type: DocumentType, v: DocumentFormValue): DocumentCreate {
  return {
    type,
    title: orNull(v.title),
    date: v.date || null,
    addressId: v.addressId || null,
    contactId: v.contactId || null,
    lines: v.lines.map((l) => {
      const p = parseLine(l);
      return {
        description: p.description,
        quantity: p.quantity ?? 0,
        unitPriceCents: p.unitPriceCents ?? 0,
        vatRate: p.vatRate,
      };
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

const saveDocument = action(async (clientId: string, existing: { id: string; version: number } | null, input: DocumentCreate) => {
  if (!existing) return api.createDocument(clientId, input);
  const { type: _type, ...patch } = input;
  return api.patchDocument(clientId, existing.id, existing.version, patch);
}, 'saveDocument');
const deleteDocument = action(
  async (clientId: string, documentId: string, version: number) => api.deleteDocument(clientId, documentId, version),
  'deleteDocument',
);

function isDocumentType(value: string | undefined): value is DocumentType {
  return value === 'intervention' || value === 'invoice' || value === 'quote';
}

export function DocumentRecord() {
  const params = useParams<{ clientId: string; documentId?: string }>();
  const [search] = useSearchParams<{ type?: string }>();
  const document = createAsync(async () => (params.documentId ? getDocument(params.clientId, params.documentId) : undefined));
  const type = (): DocumentType => document()?.type ?? (isDocumentType(search.type) ? search.type : 'invoice');
  return (
    <Loader>
      <Show when={`${params.documentId ?? 'new'}.${params.documentId ? '' : type()}`} keyed>
        <Show when={!params.documentId || document()}>
          <DocumentForm document={document()} type={type()} />
        </Show>
      </Show>
    </Loader>
  );
}

function DocumentForm(props: { document: CarnetDocument | undefined; type: DocumentType }) {
  const record = useClientRecord();
  const clientId = () => record.overview().client.id;
  const type = props.type;
  const draft = createDraft(`document.${clientId()}.${props.document?.id ?? `new.${type}`}`, documentFormValue(type, props.document));
  const { form, setForm } = draft;
  const save = useAction(saveDocument);
  const submission = useSubmission(saveDocument);
  const remove = useAction(deleteDocument);
  const removal = useSubmission(deleteDocument);
  const [confirming, setConfirming] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const navigate = useNavigate();
  const errors = () => fieldErrors(submission.error);
  const isIntervention = type === 'intervention';
  const show = (field: string) => shown(type, field);

  // The intervention rule, from the API: contacts at the address plus contacts without one.
  const eligible = createAsync(
    async (): Promise<Page<EligibleContact> | undefined> =>
      isIntervention && record.contactsOn() && form.addressId ? listEligibleContacts(clientId(), form.addressId) : undefined,
  );
  const technicians = createAsync(async (): Promise<User[] | null> => {
    if (!isIntervention) return null;
    try {
      return (await listUsers()).items.filter((u) => u.status === 'active');
    } catch {
      return null; // members may not list users: they can pick themselves
    }
  });

  // A contact that is no longer eligible after the address changed is dropped from the form.
  createEffect(() => {
    const page = eligible.latest;
    if (!isIntervention || !page || !form.contactId) return;
    if (!page.items.some((c) => c.id === form.contactId)) setForm('contactId', '');
  });

  const contactOptions = () => {
    const none = { value: '', label: t('document.noContact') };
    if (isIntervention) {
      const page = eligible.latest;
      return [
        none,
        ...(page?.items ?? []).map((c) => ({
          value: c.id,
          label: t('document.contactOption', {
            name: personName(c) || t('person.noName'),
            why: c.match === 'address' ? t('document.contactAtAddress') : t('document.contactWithoutAddress'),
          }),
        })),
      ];
    }
    return [none, ...record.overview().contacts.map((c) => ({ value: c.id, label: personName(c) || t('person.noName') }))];
  };

  const contactHint = () => {
    if (!isIntervention) return undefined;
    if (!form.addressId) return t('document.chooseAddressFirst');
    if (record.overview().contacts.length === 0) return t('document.noContactsForClient');
    const page = eligible.latest;
    if (page && page.items.length === 0) return t('document.noContactsHere');
    return t('document.contactRule');
  };

  const technicianOptions = () => {
    const list = technicians.latest;
    const me = record.me()?.user;
    const users = list ?? (me ? [{ id: me.id, email: me.email, firstName: me.firstName, lastName: me.lastName }] : []);
    return [{ value: '', label: t('document.noTechnician') }, ...users.map((u) => ({ value: u.id, label: personName(u) || u.email }))];
  };

  const linesInvalid = () =>
    form.lines.some((l) => {
      const p = parseLine(l);
      return p.quantity === null || p.unitPriceCents === null;
    });

  const showAddress = () => isIntervention || show('addressId');
  const showContact = () => record.contactsOn() && show('contactId');

  return (
    <>
      <DocumentHeader type={type} document={props.document} clientId={clientId()} />
      <form
        class="record-form"
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          if (linesInvalid()) return;
          setSaved(false);
          const current = props.document ? { id: props.document.id, version: props.document.version } : null;
          const value = structuredClone({ ...form, lines: form.lines.map((l) => ({ ...l })) });
          save(clientId(), current, documentInput(type, value)).then(
            (doc) => {
              draft.clear(documentFormValue(type, doc));
              if (!current) {
                draft.clear(documentFormValue(type));
                navigate(`/clients/${clientId()}/documents/${doc.id}`, { replace: true });
              } else setSaved(true);
            },
            () => undefined,
          );
        }}
      >
        <DraftNotice draft={draft} />
        <div class="form-grid">
          <Show when={props.document}>
            {(doc) => <TextField label={t('document.number')} value={doc().number} onInput={() => undefined} disabled />}
          </Show>
          <Show when={isIntervention || show('title')}>
            <TextField label={t('document.title')} value={form.title} onInput={(v) => setForm('title', v)} error={errors().title} />
          </Show>
          <TextField
            label={t('document.date')}
            type="date"
            value={form.date}
            onInput={(v) => setForm('date', v)}
            error={errors().date}
            required
          />
          <Show when={isIntervention}>
            <TextField
              label={t('document.startTime')}
              type="time"
              value={form.startTime}
              onInput={(v) => setForm('startTime', v)}
              error={errors()['intervention.start']}
            />
            <TextField
              label={t('document.endTime')}
              type="time"
              value={form.endTime}
              onInput={(v) => setForm('endTime', v)}
              error={errors()['intervention.end']}
            />
          </Show>
          <Show when={showAddress()}>
            <SelectField
              label={t('document.address')}
              value={form.addressId}
              onChange={(v) => setForm('addressId', v)}
              options={[
                { value: '', label: t('document.noAddress') },
                ...record.overview().addresses.map((a) => ({ value: a.id, label: `${a.label} — ${formatAddress(a)}` })),
              ]}
              error={errors().addressId}
              required={isIntervention}
            />
          </Show>
          <Show when={showContact()}>
            <SelectField
              label={t('document.contact')}
              value={form.contactId}
              onChange={(v) => setForm('contactId', v)}
              options={contactOptions()}
              hint={contactHint()}
              disabled={isIntervention && contactOptions().length <= 1}
              error={errors().contactId}
            />
          </Show>
          <Show when={isIntervention && show('technicianUserId')}>
            <SelectField
              label={t('document.technician')}
              value={form.technicianUserId}
              onChange={(v) => setForm('technicianUserId', v)}
              options={technicianOptions()}
              error={errors()['intervention.technicianUserId']}
            />
          </Show>
        </div>
        <Show when={isIntervention}>
          <Show when={show('description')}>
            <TextArea
              label={t('document.description')}
              value={form.description}
              onInput={(v) => setForm('description', v)}
              error={errors()['intervention.description']}
            />
          </Show>
          <Show when={show('report')}>
            <TextArea
              label={t('document.report')}
              value={form.report}
              onInput={(v) => setForm('report', v)}
              error={errors()['intervention.report']}
              rows={5}
            />
          </Show>
        </Show>
        <Show when={!isIntervention}>
          <LinesEditor
            lines={form.lines}
            onLineChange={(i, field, value) => setForm('lines', i, field, value)}
            onLinesChange={(lines) => setForm('lines', lines)}
            errors={errors()}
          />
        </Show>
        <FormActions
          pending={submission.pending ?? false}
          error={submission.error}
          saved={saved()}
          submitLabel={props.document ? t('common.save') : t('common.create')}
          onDelete={props.document ? () => setConfirming(true) : undefined}
        />
        <ErrorBox error={removal.error} />
      </form>
      <ConfirmDelete
        open={confirming()}
        name={props.document?.number ?? ''}
        pending={removal.pending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          const doc = props.document;
          if (!doc) return;
          remove(clientId(), doc.id, doc.version).then(
            () => {
              draft.clear();
              navigate(`/clients/${clientId()}/documents`, { replace: true });
            },
            () => setConfirming(false),
          );
        }}
      />
    </>
  );
}
