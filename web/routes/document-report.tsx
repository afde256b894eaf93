/**
 * A document's "Rapport" tab: "Envoyer par email" with the four recipients of the seed (main
 * contact, address contact, a secondary contact, myself) and the send history, whose statuses
 * follow SES's events without a reload, first (on the left on a laptop, above on a phone), so that
 * the actions and their result are in view; the PDF beside or below them keeps its place.
 */
import { action, createAsync, json, useAction, useParams, useSubmission } from '@solidjs/router';
import { createSignal, createUniqueId, Show } from 'solid-js';
import { ConfirmDialog } from '../components/dialog';
import { hasLifecycle } from '../../shared/documents';
import { DocumentHeader } from '../components/document-header';
import { DocumentLifecycle } from '../components/document-lifecycle';
import { PdfPreview } from '../components/pdf-preview';
import { SendHistory } from '../components/send-history';
import { SelectField, TextArea, TextField } from '../components/fields';
import { ErrorBox, Loader } from '../components/status';
import { t, tMaybe } from '../i18n';
import {
  api,
  ApiError,
  getDocument,
  getRecipients,
  listSends,
  type CarnetDocument,
  type Recipient,
  type Recipients,
  type SendCreate,
} from '../lib/api';
import { useClientRecord } from '../lib/client-context';
import { newIdempotencyKey } from '../lib/values';

// A send changes the history and the recipients only: the document (and so its PDF) is not read again.
const sendDocument = action(
  async (clientId: string, documentId: string, request: SendCreate, idempotencyKey: string) =>
    json(await api.send(clientId, documentId, request, idempotencyKey), {
      revalidate: [listSends.keyFor(clientId, documentId), getRecipients.keyFor(clientId, documentId)],
    }),
  'sendDocument',
);

export function DocumentReport() {
  const params = useParams<{ clientId: string; documentId: string }>();
  const document = createAsync(() => getDocument(params.clientId, params.documentId));
  return (
    <Loader>
      <Show when={document()}>
        {(doc) => (
          <>
            <DocumentHeader type={doc().type} document={doc()} clientId={params.clientId} />
            <div class="report">
              <div class="report__side">
                <Show
                  when={!(hasLifecycle(doc().type) && doc().status === 'draft')}
                  fallback={
                    <section class="send" aria-labelledby="send-title">
                      <h3 id="send-title">{t('report.send')}</h3>
                      <p class="notice">{t('report.draftNotice')}</p>
                      <DocumentLifecycle document={doc()} />
                    </section>
                  }
                >
                  <SendSection document={doc()} />
                </Show>
                <SendHistory document={doc()} />
              </div>
              <PdfPreview document={doc()} />
            </div>
          </>
        )}
      </Show>
    </Loader>
  );
}

function reasonText(reason: string | null | undefined): string {
  return tMaybe(`report.reason.${reason ?? 'other'}`) ?? t('report.reason.other');
}

function recipientText(r: Recipient): string {
  return t('report.recipientLine', { name: r.name ?? '', email: r.email ?? '' }).replace(/^\s+/, '');
}

function RecipientButton(props: { label: string; recipient: Recipient; onPick: (r: Recipient) => void }) {
  const reasonId = createUniqueId();
  return (
    <div class="send-target">
      <button
        type="button"
        class="button send-target__button"
        disabled={!props.recipient.available}
        aria-describedby={props.recipient.available ? undefined : reasonId}
        onClick={() => props.onPick(props.recipient)}
      >
        <span class="send-target__kind">{props.label}</span>
        <span class="send-target__who">
          {props.recipient.email ? recipientText(props.recipient) : (props.recipient.name ?? t('common.none'))}
        </span>
      </button>
      <Show when={!props.recipient.available}>
        <p class="send-target__reason" id={reasonId}>
          {reasonText(props.recipient.reason)}
        </p>
      </Show>
    </div>
  );
}

/** The document's own contact first, then the others, each once. */
function orderedContacts(recipients: Recipients): Recipient[] {
  const own = recipients.documentContact;
  const others = recipients.contacts.filter((c) => !own || c.contactId !== own.contactId);
  return own ? [own, ...others] : others;
}

function SendSection(props: { document: CarnetDocument }) {
  const record = useClientRecord();
  const recipients = createAsync(() => getRecipients(props.document.clientId, props.document.id));
  const send = useAction(sendDocument);
  const submission = useSubmission(sendDocument);
  const [target, setTarget] = createSignal<Recipient | null>(null);
  const [chosenContact, setChosenContact] = createSignal('');
  const [subject, setSubject] = createSignal('');
  const [message, setMessage] = createSignal('');
  const [sentNotice, setSentNotice] = createSignal(false);
  const [sendError, setSendError] = createSignal<unknown>();
  // The same send retried (same body) keeps its Idempotency-Key, so it is never sent twice.
  let lastAttempt: { body: string; key: string } | null = null;

  // The picked contact, as the latest recipients describe it (a bounce makes it unavailable).
  const chosenRecipient = (all: Recipients) => orderedContacts(all).find((c) => c.contactId === chosenContact());

  const targetText = () => {
    const recipient = target();
    return recipient ? recipientText(recipient) : '';
  };

  const refOf = (recipient: Recipient): SendCreate['to'][number] =>
    recipient.kind === 'contact' && recipient.contactId ? { kind: 'contact', contactId: recipient.contactId } : { kind: recipient.kind };

  // The dialog opens with the mail exactly as it will go (the organisation's template, filled in).
  const pick = (recipient: Recipient) => {
    setSentNotice(false);
    setSendError(undefined);
    setSubject('');
    setMessage('');
    setTarget(recipient);
    api.previewSend(props.document.clientId, props.document.id, { to: [refOf(recipient)] }).then(
      (preview) => {
        // What the user already typed is kept.
        if (target() !== recipient) return;
        if (!subject()) setSubject(preview.subject);
        if (!message()) setMessage(preview.text);
      },
      (error: unknown) => setSendError(error),
    );
  };

  const confirm = () => {
    const recipient = target();
    if (!recipient) return;
    const request: SendCreate = {
      to: [refOf(recipient)],
      ...(subject().trim() ? { subject: subject().trim() } : {}),
      ...(message().trim() ? { message: message().trim() } : {}),
    };
    const body = JSON.stringify(request);
    const key = lastAttempt?.body === body ? lastAttempt.key : newIdempotencyKey();
    lastAttempt = { body, key };
    setSendError(undefined);
    send(props.document.clientId, props.document.id, request, key).then(
      () => {
        lastAttempt = null;
        setTarget(null);
        setChosenContact('');
        setSubject('');
        setMessage('');
        setSentNotice(true);
      },
      (error: unknown) => {
        // A refusal by SES is recorded as a failed send: a new attempt needs a new key.
        if (error instanceof ApiError && error.status !== 0 && error.status !== 409 && error.status < 500) {
          lastAttempt = null;
        }
        if (error instanceof ApiError && error.status === 502) lastAttempt = null;
        setSendError(error);
      },
    );
  };

  return (
    <section class="send" aria-labelledby="send-title">
      <h3 id="send-title">{t('report.send')}</h3>
      <Loader>
        <Show when={recipients()}>
          {(r) => (
            <div class="send__targets">
              <RecipientButton label={t('report.mainContact')} recipient={r().mainContact} onPick={pick} />
              <RecipientButton label={t('report.addressContact')} recipient={r().addressContact} onPick={pick} />
              <Show when={record.contactsOn()}>
                <div class="send-target send-target--contacts">
                  <Show when={orderedContacts(r()).length > 0} fallback={<p class="muted">{t('report.noContacts')}</p>}>
                    <SelectField
                      label={t('report.secondaryContacts')}
                      value={chosenContact()}
                      onChange={setChosenContact}
                      options={[
                        { value: '', label: t('report.chooseContact') },
                        ...orderedContacts(r()).map((c) => ({
                          value: c.contactId ?? '',
                          disabled: !c.available,
                          label:
                            (c.available
                              ? recipientText(c)
                              : t('report.unavailable', { name: c.name ?? '', reason: reasonText(c.reason) })) +
                            (r().documentContact && c.contactId === r().documentContact?.contactId
                              ? ` ${t('report.documentContact')}`
                              : ''),
                        })),
                      ]}
                    />
                    <button
                      type="button"
                      class="button button--small"
                      disabled={!chosenRecipient(r())?.available}
                      onClick={() => {
                        const contact = chosenRecipient(r());
                        if (contact?.available) pick(contact);
                      }}
                    >
                      {t('report.sendToContact')}
                    </button>
                  </Show>
                </div>
              </Show>
              <Show when={r().self}>{(self) => <RecipientButton label={t('report.self')} recipient={self()} onPick={pick} />}</Show>
            </div>
          )}
        </Show>
      </Loader>
      <Show when={sentNotice()}>
        <p class="notice" role="status">
          {t('report.sent')}
        </p>
      </Show>
      <ConfirmDialog
        open={target() !== null}
        title={t('report.confirmTitle')}
        confirmLabel={submission.pending ? t('report.sending') : t('report.confirm')}
        pending={submission.pending}
        onCancel={() => {
          setTarget(null);
          setSendError(undefined);
        }}
        onConfirm={confirm}
      >
        <p>
          {t('report.confirmText', {
            document: `${t(`document.type.${props.document.type}`)} ${props.document.number}`,
            recipient: targetText(),
          })}
        </p>
        <p class="muted">{t('report.previewNote')}</p>
        <TextField label={t('report.subject')} value={subject()} onInput={setSubject} />
        <TextArea label={t('report.message')} value={message()} onInput={setMessage} rows={10} />
        <ErrorBox error={sendError()} />
      </ConfirmDialog>
    </section>
  );
}
