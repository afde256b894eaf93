/** What every section of "Paramètres" is given and how it is framed. */
import type { JSX } from 'solid-js';
import { t } from '../../i18n';
import type { Me } from '../../lib/api';

/** A section of the page: a component given who is signed in (always an admin here). */
export type SettingsSection = (props: { me: Me }) => JSX.Element;

/** A section's panel, named by its heading. */
export function Panel(props: { id: string; title: string; children: JSX.Element }) {
  return (
    <section class="panel" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.children}
    </section>
  );
}

export const roleOptions = () => [
  { value: 'member', label: t('settings.role.member') },
  { value: 'admin', label: t('settings.role.admin') },
];
