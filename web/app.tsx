/** The app: sign-in gate, the shell with the "Suivi client" menu, and the lazily loaded screens. */
import { A, createAsync, Navigate, query, Route, Router, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { createEffect, createMemo, createSignal, lazy, on, Show, type JSX } from 'solid-js';
import { LanguageSwitch } from './components/language-switch';
import { SignInAgain, SignInPage } from './components/sign-in';
import { Loader } from './components/status';
import { t } from './i18n';
import { getDisplayOptions, getMe } from './lib/api';
import { session, sessionExpired, signOut } from './lib/auth';
import { applyDisplayOptions, resetDisplayOptions } from './lib/display-options';
import { personName } from './lib/format';

const ClientsPage = lazy(() => import('./routes/clients').then((m) => ({ default: m.ClientsPage })));
const NewClientPage = lazy(() => import('./routes/clients').then((m) => ({ default: m.NewClientPage })));
const ClientRecord = lazy(() => import('./routes/client-record').then((m) => ({ default: m.ClientRecord })));
const ClientDetailsTab = lazy(() => import('./routes/client-record').then((m) => ({ default: m.ClientDetailsTab })));
const ClientContactsTab = lazy(() => import('./routes/client-record').then((m) => ({ default: m.ClientContactsTab })));
const ClientAddressesTab = lazy(() => import('./routes/client-record').then((m) => ({ default: m.ClientAddressesTab })));
const ClientDocumentsTab = lazy(() => import('./routes/client-record').then((m) => ({ default: m.ClientDocumentsTab })));
const AddressRecord = lazy(() => import('./routes/address-record').then((m) => ({ default: m.AddressRecord })));
const ContactRecord = lazy(() => import('./routes/contact-record').then((m) => ({ default: m.ContactRecord })));
const DocumentRecord = lazy(() => import('./routes/document-record').then((m) => ({ default: m.DocumentRecord })));
const DocumentReport = lazy(() => import('./routes/document-report').then((m) => ({ default: m.DocumentReport })));
const DirectoryPage = lazy(() => import('./routes/directory').then((m) => ({ default: m.DirectoryPage })));
const NewDirectoryContactPage = lazy(() => import('./routes/directory').then((m) => ({ default: m.NewDirectoryContactPage })));
const DocumentsPage = lazy(() => import('./routes/documents').then((m) => ({ default: m.DocumentsPage })));
const NewDocumentPage = lazy(() => import('./routes/documents').then((m) => ({ default: m.NewDocumentPage })));
const SettingsPage = lazy(() => import('./routes/settings/index').then((m) => ({ default: m.SettingsPage })));

function NotFound() {
  return (
    <section>
      <p>{t('app.notFound')}</p>
      <A href="/clients">{t('app.backHome')}</A>
    </section>
  );
}

const LISTS = ['/clients', '/contacts', '/interventions', '/invoices', '/quotes', '/settings'];

/**
 * The menu entry a screen belongs to. A record opened from a list (a document from Interventions,
 * a contact from the directory) stays under that list, not under Clients where its URL lives.
 */
function currentSection(pathname: string, previous: string): string {
  const list = LISTS.find((l) => pathname === l || pathname === `${l}/new`);
  if (list) return list;
  if (pathname === '/documents/new') return previous;
  if (pathname.startsWith('/clients/')) return previous === '/clients' || previous === '/settings' ? '/clients' : previous;
  return '';
}

/** A menu link: current on its own list (aria-current) and highlighted for the records under it. */
function NavLink(props: { href: string; section: string; children: JSX.Element }) {
  return (
    <A href={props.href} end classList={{ sidenav__section: props.section === props.href }}>
      {props.children}
    </A>
  );
}

function Shell(props: RouteSectionProps) {
  const me = createAsync(() => getMe());
  const displayOptions = createAsync(() => getDisplayOptions());
  const [menuOpen, setMenuOpen] = createSignal(false);
  const location = useLocation();
  const navigate = useNavigate();

  createEffect(() => {
    try {
      applyDisplayOptions(displayOptions());
    } catch {
      // the defaults stay; the shell does not fail for this
    }
  });
  createEffect(() => {
    void location.pathname;
    setMenuOpen(false);
  });
  const section = createMemo<string>((previous) => currentSection(location.pathname, previous), '/clients');

  const safeMe = () => {
    try {
      return me.latest;
    } catch {
      return undefined;
    }
  };
  const isAdmin = () => safeMe()?.user?.role === 'admin';
  const contactsOn = () => safeMe()?.modules.secondaryContacts === true;

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="topbar" classList={{ 'topbar--open': menuOpen() }}>
        <A href="/clients" class="brand">
          {t('app.name')}
        </A>
        <button
          type="button"
          class="button button--small menu-toggle"
          aria-expanded={menuOpen()}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen())}
        >
          {t('app.menu')}
        </button>
        <div class="topbar__user">
          <Show when={safeMe()}>
            {(current) => (
              <span class="topbar__who">
                {current().organization.name}
                {' · '}
                {personName(current().user) || current().user?.email}
              </span>
            )}
          </Show>
          <LanguageSwitch />
          <button
            type="button"
            class="button button--small"
            onClick={() => {
              navigate('/clients', { replace: true });
              signOut();
            }}
          >
            {t('app.signOut')}
          </button>
        </div>
      </header>
      <nav id="main-nav" class="sidenav" classList={{ 'sidenav--open': menuOpen() }} aria-label={t('app.mainNav')}>
        <p class="sidenav__group" id="nav-follow-up">
          {t('nav.followUp')}
        </p>
        <ul aria-labelledby="nav-follow-up">
          <li>
            <NavLink href="/clients" section={section()}>
              {t('nav.clients')}
            </NavLink>
          </li>
          <Show when={contactsOn()}>
            <li>
              <NavLink href="/contacts" section={section()}>
                {t('nav.contacts')}
              </NavLink>
            </li>
          </Show>
          <li>
            <NavLink href="/interventions" section={section()}>
              {t('nav.interventions')}
            </NavLink>
          </li>
          <li>
            <NavLink href="/invoices" section={section()}>
              {t('nav.invoices')}
            </NavLink>
          </li>
          <li>
            <NavLink href="/quotes" section={section()}>
              {t('nav.quotes')}
            </NavLink>
          </li>
        </ul>
        <Show when={isAdmin()}>
          <ul>
            <li>
              <NavLink href="/settings" section={section()}>
                {t('nav.settings')}
              </NavLink>
            </li>
          </ul>
        </Show>
      </nav>
      <main id="main" class="content" tabIndex={-1}>
        <Loader>{props.children}</Loader>
      </main>
    </div>
  );
}

export function App() {
  // Nothing read for one user may be shown to the next one: forget every cached read.
  createEffect(
    on(
      () => session()?.email,
      (email) => {
        if (email !== undefined) return;
        query.clear();
        resetDisplayOptions();
      },
      { defer: true },
    ),
  );
  return (
    <Show when={session()} fallback={<SignInPage />}>
      <Router root={Shell}>
        <Route path="/" component={() => <Navigate href="/clients" />} />
        <Route path="/clients" component={ClientsPage} />
        <Route path="/clients/new" component={NewClientPage} />
        <Route path="/clients/:clientId" component={ClientRecord}>
          <Route path="/" component={ClientDetailsTab} />
          <Route path="/contacts" component={ClientContactsTab} />
          <Route path="/contacts/new" component={ContactRecord} />
          <Route path="/contacts/:contactId" component={ContactRecord} />
          <Route path="/addresses" component={ClientAddressesTab} />
          <Route path="/addresses/new" component={AddressRecord} />
          <Route path="/addresses/:addressId" component={AddressRecord} />
          <Route path="/documents" component={ClientDocumentsTab} />
          <Route path="/documents/new" component={DocumentRecord} />
          <Route path="/documents/:documentId" component={DocumentRecord} />
          <Route path="/documents/:documentId/report" component={DocumentReport} />
        </Route>
        <Route path="/contacts" component={DirectoryPage} />
        <Route path="/contacts/new" component={NewDirectoryContactPage} />
        <Route path="/interventions" component={() => <DocumentsPage type="intervention" />} />
        <Route path="/invoices" component={() => <DocumentsPage type="invoice" />} />
        <Route path="/quotes" component={() => <DocumentsPage type="quote" />} />
        <Route path="/documents/new" component={NewDocumentPage} />
        <Route path="/settings" component={SettingsPage} />
        <Route path="*" component={NotFound} />
      </Router>
      <Show when={sessionExpired()}>
        <SignInAgain />
      </Show>
    </Show>
  );
}
