/**
 * Sign-in with email and password; an invited user's first sign-in asks for a new password.
 * Shown as the page when signed out, and as a modal over the current screen when the session
 * has expired (the screen below keeps everything that was typed).
 */
import { createSignal, Match, onMount, Show, Switch, type JSX } from 'solid-js';
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
        <SignInStep
          title={t('signIn.newPasswordTitle')}
          submitLabel={t('signIn.newPasswordSubmit')}
          pending={pending()}
          error={error()}
          onSubmit={submitNewPassword}
        >
          <p>{t('signIn.newPasswordIntro')}</p>
          <PasswordField
            label={t('signIn.newPassword')}
            kind="new"
            value={newPassword}
            onInput={setNewPassword}
            hint={t('signIn.passwordHint')}
          />
          <PasswordField label={t('signIn.confirmPassword')} kind="new" value={confirmation} onInput={setConfirmation} />
        </SignInStep>
      </Match>
      <Match when={!challenge()}>
        <SignInStep
          title={t('signIn.title')}
          submitLabel={t('signIn.submit')}
          pending={pending()}
          error={error()}
          onSubmit={submitPassword}
        >
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
          <PasswordField label={t('signIn.password')} kind="current" value={password} onInput={setPassword} />
        </SignInStep>
      </Match>
    </Switch>
  );
}

/** A required password field; `kind` tells the password manager whether to fill or to make one. */
function PasswordField(props: {
  label: string;
  kind: 'current' | 'new';
  value: () => string;
  onInput: (v: string) => void;
  hint?: string;
}) {
  return (
    <TextField
      label={props.label}
      type="password"
      autocomplete={`${props.kind}-password`}
      value={props.value()}
      onInput={(v) => props.onInput(v)}
      hint={props.hint}
      required
    />
  );
}

/** One step of the sign-in (password, then a new password if asked): its fields, why it failed, its button. */
function SignInStep(props: {
  title: string;
  submitLabel: string;
  pending: boolean;
  error: string | null;
  onSubmit: (event: SubmitEvent) => void;
  children: JSX.Element;
}) {
  return (
    <form class="stack" onSubmit={(event) => props.onSubmit(event)}>
      <h1 id="sign-in-title">{props.title}</h1>
      {props.children}
      <Show when={props.error}>
        <p class="error-box" role="alert">
          {props.error}
        </p>
      </Show>
      <button type="submit" class="button button--primary" disabled={props.pending}>
        {props.pending ? t('signIn.pending') : props.submitLabel}
      </button>
    </form>
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
    <dialog ref={dialog} class="dialog" aria-labelledby="sign-in-title" onCancel={(event) => event.preventDefault()}>
      <SignInForm again />
      <button type="button" class="button button--link" onClick={() => signOut()}>
        {t('app.signOut')}
      </button>
    </dialog>
  );
}
