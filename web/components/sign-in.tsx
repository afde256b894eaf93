/**
 * Sign-in with email and password; an invited user's first sign-in asks for a new password.
 * Shown as the page when signed out, and as a modal over the current screen when the session
 * has expired (the screen below keeps everything that was typed).
 */
import { createSignal, Match, onMount, Show, Switch } from 'solid-js';
import { t, tMaybe } from '../i18n';
import { CognitoError, completeNewPassword, session, signIn, signOut, type NewPasswordChallenge } from '../lib/auth';
import { usePageTitle } from '../lib/page-title';
import { TextField } from './fields';
import { LanguageSwitch } from './language-switch';

function cognitoMessage(error: unknown, step: 'password' | 'new-password'): string {
  if (!(error instanceof CognitoError)) return t('signIn.error.other');
  // A wrong password at sign-in is a wrong password, whatever name the user pool gives the refusal
  // (cognito-local answers InvalidPasswordException where Cognito answers NotAuthorizedException).
  if (step === 'password' && error.code === 'InvalidPasswordException') return t('signIn.error.NotAuthorizedException');
  return tMaybe(`signIn.error.${error.code}`) ?? t('signIn.error.other');
}

function SignInForm(props: { again?: boolean }) {
  const [email, setEmail] = createSignal(props.again ? (session()?.email ?? '') : '');
  const [password, setPassword] = createSignal('');
  const [newPassword, setNewPassword] = createSignal('');
  const [confirmation, setConfirmation] = createSignal('');
  const [challenge, setChallenge] = createSignal<NewPasswordChallenge | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [pending, setPending] = createSignal(false);

  async function submitPassword(event: SubmitEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await signIn(email(), password());
      if (result.kind === 'new-password') setChallenge(result.challenge);
    } catch (e) {
      setError(cognitoMessage(e, 'password'));
    } finally {
      setPending(false);
    }
  }

  async function submitNewPassword(event: SubmitEvent) {
    event.preventDefault();
    const current = challenge();
    if (!current) return;
    if (newPassword() !== confirmation()) {
      setError(t('signIn.passwordsDiffer'));
      return;
    }
    setPending(true);
    setError(null);
    try {
      await completeNewPassword(current, newPassword());
    } catch (e) {
      setError(cognitoMessage(e, 'new-password'));
    } finally {
      setPending(false);
    }
  }

  return (
    <Switch>
      <Match when={challenge()}>
        <form class="stack" onSubmit={submitNewPassword}>
          <h1 id="sign-in-title">{t('signIn.newPasswordTitle')}</h1>
          <p>{t('signIn.newPasswordIntro')}</p>
          <TextField
            label={t('signIn.newPassword')}
            type="password"
            autocomplete="new-password"
            value={newPassword()}
            onInput={setNewPassword}
            hint={t('signIn.passwordHint')}
            required
          />
          <TextField
            label={t('signIn.confirmPassword')}
            type="password"
            autocomplete="new-password"
            value={confirmation()}
            onInput={setConfirmation}
            required
          />
          <Show when={error()}>
            <p class="error-box" role="alert">
              {error()}
            </p>
          </Show>
          <button type="submit" class="button button--primary" disabled={pending()}>
            {pending() ? t('signIn.pending') : t('signIn.newPasswordSubmit')}
          </button>
        </form>
      </Match>
      <Match when={!challenge()}>
        <form class="stack" onSubmit={submitPassword}>
          <h1 id="sign-in-title">{t('signIn.title')}</h1>
          <Show when={props.again}>
            <p class="notice">{t('signIn.again')}</p>
          </Show>
          <TextField
            label={t('signIn.email')}
            type="email"
            autocomplete="username"
            inputMode="email"
            value={email()}
            onInput={setEmail}
            required
          />
          <TextField
            label={t('signIn.password')}
            type="password"
            autocomplete="current-password"
            value={password()}
            onInput={setPassword}
            required
          />
          <Show when={error()}>
            <p class="error-box" role="alert">
              {error()}
            </p>
          </Show>
          <button type="submit" class="button button--primary" disabled={pending()}>
            {pending() ? t('signIn.pending') : t('signIn.submit')}
          </button>
        </form>
      </Match>
    </Switch>
  );
}

export function SignInPage() {
  usePageTitle(() => t('signIn.title'));
  return (
    <main class="sign-in" id="main">
      <div class="sign-in__card">
        <p class="brand">{t('app.name')}</p>
        <SignInForm />
        <LanguageSwitch />
      </div>
    </main>
  );
}

/** Over the current screen, once the session could not be refreshed. */
export function SignInAgain() {
  let dialog!: HTMLDialogElement;
  onMount(() => dialog.showModal());
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="sign-in-title"
      onCancel={(event) => event.preventDefault()}
    >
      <SignInForm again />
      <button type="button" class="button button--link" onClick={() => signOut()}>
        {t('app.signOut')}
      </button>
    </dialog>
  );
}
