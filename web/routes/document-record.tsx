/** A document of the client (intervention, invoice, quote), tab Données: create and edit. */
import { action, createAsync, useAction, useNavigate, useParams, useSearchParams, useSubmission } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { ConfirmDelete } from '../components/confirm-delete';
import { createContactChoice, DocumentContactField } from '../components/document-contact';
import { DocumentHeader } from '../components/document-header';
import { DocumentLifecycle } from '../components/document-lifecycle';
import { SelectField, TextField } from '../components/fields';
import { FormActions } from '../components/form-actions';
import { InterventionNotes, InterventionTimes, TechnicianField } from '../components/intervention-fields';
import { LinesEditor } from '../components/lines-editor';
import { RecordForm } from '../components/record-form';
import { ErrorBox, Loader } from '../components/status';
import { hasLifecycle } from '../../shared/documents';
import { t } from '../i18n';
import { api, type CarnetDocument, type DocumentCreate, type DocumentType, getDocument } from '../lib/api';
import { useClientRecord } from '../lib/client-context';
import { shown } from '../lib/display-options';
import { displayModuleOf, documentFormValue, documentInput, linesInvalid } from '../lib/document-form';
import { createDraft, fieldErrors } from '../lib/forms';
import { formatAddress } from '../lib/format';

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
  const isIntervention = type === 'intervention';
  const draft = createDraft(`document.${clientId()}.${props.document?.id ?? `new.${type}`}`, documentFormValue(type, props.document));
  const { form, setForm } = draft;
  const contact = createContactChoice(isIntervention, form);
  const save = useAction(saveDocument);
  const submission = useSubmission(saveDocument);
  const remove = useAction(deleteDocument);
  const removal = useSubmission(deleteDocument);
  const [confirming, setConfirming] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const navigate = useNavigate();
  const errors = () => fieldErrors(submission.error);
  const show = (field: string) => shown(displayModuleOf(type), field);
  const locked = () => Boolean(props.document && hasLifecycle(type) && props.document.status !== 'draft');
  const part = {
    form,
    setForm,
    get errors() {
      return errors();
    },
  };

  const submit = () => {
    if (linesInvalid(form.lines)) return;
    setSaved(false);
    const current = props.document ? { id: props.document.id, version: props.document.version } : null;
    const value = structuredClone({ ...form, contactId: contact.value(), lines: form.lines.map((l) => ({ ...l })) });
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
  };

  return (
    <>
      <DocumentHeader type={type} document={props.document} clientId={clientId()} />
      <Show when={props.document}>{(doc) => <DocumentLifecycle document={doc()} />}</Show>
      <RecordForm
        draft={draft}
        onSubmit={submit}
        onCancel={props.document ? undefined : () => navigate(`/clients/${clientId()}/documents`)}
      >
        {/* An issued document is frozen: its fields are shown, not editable (the bar above says why). */}
        <fieldset class="plain-fieldset" disabled={locked()}>
          <div class="form-grid">
            <Show when={props.document}>
              {(doc) => (
                <TextField
                  label={t('document.number')}
                  value={doc().number ?? t('document.status.draft')}
                  onInput={() => undefined}
                  disabled
                />
              )}
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
              <InterventionTimes {...part} />
            </Show>
            <Show when={isIntervention || show('addressId')}>
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
            <Show when={record.contactsOn() && show('contactId')}>
              <DocumentContactField {...part} choice={contact} intervention={isIntervention} />
            </Show>
            <Show when={isIntervention && show('technicianUserId')}>
              <TechnicianField {...part} />
            </Show>
          </div>
          <Show when={isIntervention}>
            <InterventionNotes {...part} />
          </Show>
          <Show when={!isIntervention}>
            <LinesEditor
              lines={form.lines}
              onLineChange={(i, field, value) => setForm('lines', i, field, value)}
              onLinesChange={(lines) => setForm('lines', lines)}
              errors={errors()}
            />
          </Show>
        </fieldset>
        <Show when={!locked()}>
          <FormActions
            pending={submission.pending ?? false}
            error={submission.error}
            saved={saved()}
            submitLabel={props.document ? t('common.save') : t('common.create')}
            onDelete={props.document ? () => setConfirming(true) : undefined}
          />
        </Show>
        <ErrorBox error={removal.error} />
      </RecordForm>
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
