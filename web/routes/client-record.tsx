/** The client record ("Fiche client") and its tabs: Données, Contacts, Adresses, Documents (long because the four tabs share the record's state). */
import { A, action, createAsync, useAction, useNavigate, useParams, useSubmission, type RouteSectionProps } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { ClientForm, clientFormValue, clientInput, type ClientFormValue } from '../components/client-form';
import { ConfirmDelete } from '../components/confirm-delete';
import { AddressContacts } from '../components/address-contacts';
import { EmailLink, PhoneLink } from '../components/contact-links';
import { LinkedRow } from '../components/linked-row';
import { Column, ListTable } from '../components/list-table';
import { TabHeader } from '../components/tab-header';
import { Empty, ErrorBox, Loader, Notice } from '../components/status';
import { StatusBadge } from '../components/document-lifecycle';
import { t } from '../i18n';
import { usePageTitle } from '../lib/page-title';
import { api, ApiError, getMe, getOverview, listClientDocuments, type DocumentType } from '../lib/api';
import { ClientContext, useClientRecord } from '../lib/client-context';
import { shown } from '../lib/display-options';
import { formatAddress, formatDate, formatMoney, personName } from '../lib/format';

const saveClient = action(
  async (clientId: string, version: number, value: ClientFormValue) =>
    api.patchClient(clientId, version, { ...clientInput(value), archived: value.archived }),
  'saveClient',
);
const deleteClient = action(async (clientId: string, version: number) => api.deleteClient(clientId, version), 'deleteClient');

export function ClientRecord(props: RouteSectionProps) {
  const params = useParams<{ clientId: string }>();
  const overview = createAsync(() => getOverview(params.clientId));
  const me = createAsync(() => getMe());
  const contactsOn = () => me.latest?.modules.secondaryContacts === true;
  const base = () => `/clients/${params.clientId}`;
  usePageTitle(() => overview.latest?.client.name);

  return (
    <section class="page">
      <Loader>
        <Show when={overview()}>
          {(current) => (
            <ClientContext.Provider value={{ overview: current, me: () => me.latest, contactsOn }}>
              <header class="page-header">
                <div>
                  <p class="eyebrow">{t('client.record')}</p>
                  <h1>{current().client.name}</h1>
                </div>
              </header>
              <nav class="tabs" aria-label={t('client.tabs')}>
                <A href={base()} end>
                  {t('client.tab.details')}
                </A>
                <Show when={contactsOn()}>
                  <A href={`${base()}/contacts`}>{t('client.tab.contacts')}</A>
                </Show>
                <A href={`${base()}/addresses`}>{t('client.tab.addresses')}</A>
                <A href={`${base()}/documents`}>{t('client.tab.documents')}</A>
              </nav>
              <div class="tab-panel">
                <Loader>{props.children}</Loader>
              </div>
            </ClientContext.Provider>
          )}
        </Show>
      </Loader>
    </section>
  );
}

export function ClientDetailsTab() {
  const record = useClientRecord();
  const client = () => record.overview().client;
  const save = useAction(saveClient);
  const submission = useSubmission(saveClient);
  const remove = useAction(deleteClient);
  const removal = useSubmission(deleteClient);
  const [confirming, setConfirming] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const navigate = useNavigate();
  const removalError = () => {
    const error = removal.error;
    return error instanceof ApiError && error.status === 409 ? null : error;
  };

  return (
    <>
      <TabHeader title={t('client.tab.details')} module="client" />
      <ClientForm
        draftKey={`client.${client().id}`}
        initial={clientFormValue(client())}
        editing
        pending={submission.pending ?? false}
        error={submission.error}
        submitLabel={t('common.save')}
        onSubmit={(value, done) => {
          setSaved(false);
          save(client().id, client().version, value).then(
            (updated) => {
              done(clientFormValue(updated));
              setSaved(true);
            },
            () => undefined,
          );
        }}
        actions={
          <button type="button" class="button button--danger" onClick={() => setConfirming(true)}>
            {t('common.delete')}
          </button>
        }
      />
      <Show when={saved() && !submission.pending}>
        <Notice>{t('common.saved')}</Notice>
      </Show>
      <Show when={removal.error instanceof ApiError && (removal.error as ApiError).status === 409}>
        <p class="error-box" role="alert">
          {t('client.deleteHasDocuments')}
        </p>
      </Show>
      <ErrorBox error={removalError()} />
      <ConfirmDelete
        open={confirming()}
        name={client().name}
        pending={removal.pending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          remove(client().id, client().version).then(
            () => navigate('/clients', { replace: true }),
            () => setConfirming(false),
          );
        }}
      />
    </>
  );
}

export function ClientContactsTab() {
  const record = useClientRecord();
  const base = () => `/clients/${record.overview().client.id}`;
  const addressLabel = (addressId: string | null) =>
    addressId ? (record.overview().addresses.find((a) => a.id === addressId)?.label ?? t('common.none')) : t('contact.noAddress');
  return (
    <>
      <TabHeader title={t('contact.title')} module="contact">
        <Show when={record.contactsOn()}>
          <A href={`${base()}/contacts/new`} class="button button--primary">
            {t('contact.new')}
          </A>
        </Show>
      </TabHeader>
      <Show when={record.contactsOn()} fallback={<Empty>{t('contact.moduleOff')}</Empty>}>
        <Show when={record.overview().contacts.length > 0} fallback={<Empty>{t('contact.empty')}</Empty>}>
          <ListTable
            caption={t('contact.title')}
            head={
              <>
                <Column>{t('person.lastName')}</Column>
                <Show when={shown('contact', 'jobTitle')}>
                  <Column narrow>{t('person.jobTitle')}</Column>
                </Show>
                <Column narrow>{t('person.email')}</Column>
                <Column>{t('person.phone')}</Column>
                <Show when={shown('contact', 'addressId')}>
                  <Column>{t('contact.address')}</Column>
                </Show>
              </>
            }
          >
            <For each={record.overview().contacts}>
              {(contact) => (
                <LinkedRow href={`${base()}/contacts/${contact.id}`} label={personName(contact) || t('person.noName')}>
                  <Show when={shown('contact', 'jobTitle')}>
                    <td class="hide-narrow">{contact.jobTitle}</td>
                  </Show>
                  <td class="hide-narrow">
                    <EmailLink email={contact.email} />
                  </td>
                  <td>
                    <PhoneLink phone={contact.phone ?? contact.mobile} e164={contact.phone ? contact.phoneE164 : contact.mobileE164} />
                  </td>
                  <Show when={shown('contact', 'addressId')}>
                    <td>
                      <Show when={contact.addressId} fallback={addressLabel(null)}>
                        {(addressId) => (
                          <A href={`${base()}/addresses/${addressId()}`} onClick={(event) => event.stopPropagation()}>
                            {addressLabel(addressId())}
                          </A>
                        )}
                      </Show>
                    </td>
                  </Show>
                </LinkedRow>
              )}
            </For>
          </ListTable>
        </Show>
      </Show>
    </>
  );
}

export function ClientAddressesTab() {
  const record = useClientRecord();
  const base = () => `/clients/${record.overview().client.id}`;
  return (
    <>
      <TabHeader title={t('address.title')} module="address">
        <A href={`${base()}/addresses/new`} class="button button--primary">
          {t('address.new')}
        </A>
      </TabHeader>
      <Show when={record.overview().addresses.length > 0} fallback={<Empty>{t('address.empty')}</Empty>}>
        <ul class="cards">
          <For each={record.overview().addresses}>
            {(address) => (
              <li class="card">
                <h3>
                  <A href={`${base()}/addresses/${address.id}`}>{address.label}</A>
                </h3>
                <p>{formatAddress(address)}</p>
                <Show when={shown('address', 'country') && address.country}>
                  <p>{address.country}</p>
                </Show>
                <div class="card__sub">
                  <p class="card__label">{t('address.siteContact')}</p>
                  <Show
                    when={personName(address.siteContact) || address.siteContact.email || address.siteContact.phone}
                    fallback={<p class="muted">{t('address.noSiteContact')}</p>}
                  >
                    <p>{personName(address.siteContact)}</p>
                    <Show when={address.siteContact.phone}>
                      <p>
                        <PhoneLink phone={address.siteContact.phone} e164={address.siteContact.phoneE164} />
                      </p>
                    </Show>
                    <Show when={address.siteContact.email}>
                      <p>
                        <EmailLink email={address.siteContact.email} />
                      </p>
                    </Show>
                  </Show>
                  <Show when={shown('address', 'siteContact.info') && address.siteContact.info}>
                    <p class="muted">{address.siteContact.info}</p>
                  </Show>
                </div>
                <AddressContacts addressId={address.id} />
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}

const DOCUMENT_TYPES: DocumentType[] = ['intervention', 'invoice', 'quote'];

export function ClientDocumentsTab() {
  const record = useClientRecord();
  const base = () => `/clients/${record.overview().client.id}`;
  const documents = createAsync(() => listClientDocuments(record.overview().client.id));
  return (
    <>
      <TabHeader title={t('client.tab.documents')}>
        <For each={DOCUMENT_TYPES}>
          {(type) => (
            <A href={`${base()}/documents/new?type=${type}`} class="button">
              {t(`documents.new.${type}`)}
            </A>
          )}
        </For>
      </TabHeader>
      <Loader>
        <Show when={documents()}>
          {(page) => (
            <Show when={page().items.length > 0} fallback={<Empty>{t('documents.emptyClient')}</Empty>}>
              <ListTable
                caption={t('documents.list')}
                head={
                  <>
                    <Column>{t('document.number')}</Column>
                    <Column>{t('document.type')}</Column>
                    <Column>{t('document.date')}</Column>
                    <Column narrow>{t('document.title')}</Column>
                    <Column num>{t('document.total')}</Column>
                  </>
                }
              >
                <For each={page().items}>
                  {(doc) => (
                    <LinkedRow href={`${base()}/documents/${doc.id}`} label={doc.number ?? t('document.status.draft')}>
                      <td>
                        {t(`document.type.${doc.type}`)} <StatusBadge document={doc} />
                      </td>
                      <td class="nowrap">{formatDate(doc.date)}</td>
                      <td class="hide-narrow">{doc.title}</td>
                      <td class="num nowrap">{doc.type === 'intervention' ? '' : formatMoney(doc.totals.grossCents)}</td>
                    </LinkedRow>
                  )}
                </For>
              </ListTable>
            </Show>
          )}
        </Show>
      </Loader>
    </>
  );
}
