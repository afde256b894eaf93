/** Phone numbers and emails as links (tel:, mailto:), so that a click calls or writes. */
import { Show } from 'solid-js';
import { formatPhone } from '../lib/format';

/** `tel:+33142685300` from the API's E.164 form when it parsed, else from the digits as typed. */
function telHref(phone: string, e164?: string | null): string {
  return `tel:${e164 ?? phone.replace(/[^\d+]/g, '')}`;
}

// Inside a clickable row, following the link must not also open the row's record.
const keepInLink = (event: MouseEvent) => event.stopPropagation();

export function PhoneLink(props: { phone: string | null | undefined; e164?: string | null }) {
  return (
    <Show when={props.phone}>
      {(phone) => (
        <a class="nowrap" href={telHref(phone(), props.e164)} onClick={keepInLink}>
          {formatPhone(phone())}
        </a>
      )}
    </Show>
  );
}

export function EmailLink(props: { email: string | null | undefined }) {
  return (
    <Show when={props.email}>
      {(email) => (
        <a class="email" href={`mailto:${email()}`} onClick={keepInLink}>
          {email()}
        </a>
      )}
    </Show>
  );
}
