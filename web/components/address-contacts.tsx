/** The secondary contacts tied to an address, each a link to its record (module on only). */
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { t } from '../i18n';
import { useClientRecord } from '../lib/client-context';
import { personName } from '../lib/format';
import { EmailLink, PhoneLink } from './contact-links';

export function AddressContacts(props: { addressId: string; detailed?: boolean }) {
  const record = useClientRecord();
  const base = () => `/clients/${record.overview().client.id}`;
  const contacts = () => record.overview().contacts.filter((c) => c.addressId === props.addressId);
  return (
    <Show when={record.contactsOn()}>
      <section class="card__sub address-contacts" aria-label={t('address.contacts')}>
        <Show when={props.detailed} fallback={<p class="card__label">{t('address.contacts')}</p>}>
          <h3>{t('address.contacts')}</h3>
        </Show>
        <Show when={contacts().length > 0} fallback={<p class="muted">{t('address.noContacts')}</p>}>
          <ul class="address-contacts__list">
            <For each={contacts()}>
              {(contact) => (
                <li>
                  <A href={`${base()}/contacts/${contact.id}`}>{personName(contact) || t('person.noName')}</A>
                  <Show when={props.detailed && contact.jobTitle}>
                    <span class="muted"> · {contact.jobTitle}</span>
                  </Show>
                  <Show when={props.detailed && (contact.email || contact.phone || contact.mobile)}>
                    <span class="address-contacts__ways">
                      <EmailLink email={contact.email} />
                      <PhoneLink phone={contact.phone ?? contact.mobile} e164={contact.phone ? contact.phoneE164 : contact.mobileE164} />
                    </span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </Show>
  );
}
