/**
 * Long because the endpoint list, its form, the secret shown once and the delivery log share one endpoint's state.
 * Webhooks: add an endpoint (URL, the events it receives), its secret shown once with a copy
 * button, a test event, the delivery log of one endpoint (polled while something is pending),
 * replaying one event or everything since a date, rotating the secret, disabling and enabling.
 */
import { action, createAsync, revalidate, useAction, useSubmission } from '@solidjs/router';
import { createEffect, createSignal, For, onCleanup, Show } from 'solid-js';
import { changeEventTypes } from '../../../shared/event-types';
import { ConfirmDialog } from '../../components/dialog';
import { CheckboxField, TextField } from '../../components/fields';
import { ResourceTable } from '../../components/resource-table';
import { ErrorBox, Loader, Notice } from '../../components/status';
import { t, tMaybe } from '../../i18n';
import { api, listWebhookDeliveries, listWebhookEndpoints, type WebhookDelivery, type WebhookEndpoint } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { fieldErrors } from '../../lib/forms';
import { Panel, type SettingsSection } from './section';

type EventTypeName = (typeof changeEventTypes)[number];

const createEndpoint = action(
  async (url: string, eventTypes: ['*'] | EventTypeName[]) => api.createWebhookEndpoint({ url: url.trim(), eventTypes }),
  'createWebhookEndpoint',
);
const setEndpointStatus = action(
  async (endpointId: string, status: 'enabled' | 'disabled') => api.patchWebhookEndpoint(endpointId, { status }),
  'setWebhookStatus',
);
const deleteEndpoint = action(async (endpointId: string) => api.deleteWebhookEndpoint(endpointId), 'deleteWebhookEndpoint');
const rotateSecret = action(async (endpointId: string) => api.rotateWebhookSecret(endpointId), 'rotateWebhookSecret');
const testEndpoint = action(async (endpointId: string) => api.testWebhookEndpoint(endpointId), 'testWebhookEndpoint');
const replayEvents = action(
  async (endpointId: string, request: { eventId: string } | { since: string }) => api.replayWebhookEvents(endpointId, request),
  'replayWebhookEvents',
);

const POLL_MS = 1500;

/** The secret of an endpoint, once, with a copy button. */
function SecretBox(props: { url: string; secret: string }) {
  const [copied, setCopied] = createSignal(false);
  return (
    <div class="secret" role="status">
      <p>
        <strong>{t('webhooks.secretLabel', { url: props.url })}</strong>
      </p>
      <p>{t('webhooks.secretOnce')}</p>
      <code class="secret__value">{props.secret}</code>
      <p>
        <button
          type="button"
          class="button"
          onClick={() =>
            navigator.clipboard.writeText(props.secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied() ? t('webhooks.copied') : t('webhooks.copy')}
        </button>
      </p>
    </div>
  );
}

const typesLabel = (endpoint: WebhookEndpoint) =>
  endpoint.eventTypes.includes('*') ? t('webhooks.allEvents') : endpoint.eventTypes.join(', ');

/** The delivery log of one endpoint, with the replays. */
function DeliveryLog(props: { endpoint: WebhookEndpoint }) {
  const deliveries = createAsync(() => listWebhookDeliveries(props.endpoint.id));
  const replay = useAction(replayEvents);
  const replaying = useSubmission(replayEvents);
  const [since, setSince] = createSignal('');
  const [replayed, setReplayed] = createSignal<number | null>(null);

  // Poll while a delivery waits for its attempt (a test just sent, a retry scheduled).
  createEffect(() => {
    let items: WebhookDelivery[] = [];
    try {
      items = deliveries.latest?.items ?? [];
    } catch {
      return;
    }
    if (!items.some((d) => d.status === 'pending')) return;
    const timer = setTimeout(() => void revalidate(listWebhookDeliveries.keyFor(props.endpoint.id), true), POLL_MS);
    onCleanup(() => clearTimeout(timer));
  });

  return (
    <section class="webhook-log" aria-labelledby="webhook-log-title">
      <h3 id="webhook-log-title">{t('webhooks.logTitle', { url: props.endpoint.url })}</h3>
      <form
        class="inline-form"
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          setReplayed(null);
          if (!since()) return;
          replay(props.endpoint.id, { since: new Date(since()).toISOString() }).then(
            (answer) => setReplayed(answer.accepted),
            () => undefined,
          );
        }}
      >
        <TextField label={t('webhooks.replaySince')} type="datetime-local" value={since()} onInput={setSince} required />
        <button type="submit" class="button" disabled={replaying.pending || !since()}>
          {t('webhooks.replaySinceSubmit')}
        </button>
        <button type="button" class="button" onClick={() => void revalidate(listWebhookDeliveries.keyFor(props.endpoint.id), true)}>
          {t('webhooks.refresh')}
        </button>
      </form>
      <Show when={replayed() !== null}>
        <Notice>{t('webhooks.replayed', { count: replayed() ?? 0 })}</Notice>
      </Show>
      <Loader>
        <ResourceTable
          caption={t('webhooks.logTitle', { url: props.endpoint.url })}
          items={deliveries()?.items}
          empty={t('webhooks.logEmpty')}
          columns={[
            { header: t('webhooks.event'), cell: (d) => <code>{d.eventType}</code> },
            {
              header: t('webhooks.deliveryStatus'),
              cell: (d) => (
                <span class={`status status--${d.status}`} title={d.error ?? undefined}>
                  {tMaybe(`webhooks.status.${d.status}`) ?? d.status}
                </span>
              ),
            },
            {
              header: t('webhooks.httpCode'),
              nowrap: true,
              cell: (d) => (d.responseStatus === null ? t('common.none') : String(d.responseStatus)),
            },
            {
              header: t('webhooks.duration'),
              narrow: true,
              nowrap: true,
              cell: (d) => (d.durationMs === null ? t('common.none') : `${d.durationMs} ms`),
            },
            { header: t('webhooks.attempt'), narrow: true, cell: (d) => String(d.attempt) },
            { header: t('webhooks.at'), narrow: true, nowrap: true, cell: (d) => formatDateTime(d.at) },
            {
              header: t('webhooks.nextAttempt'),
              nowrap: true,
              cell: (d) => (d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : t('common.none')),
            },
          ]}
          action={{
            label: t('webhooks.replay'),
            name: (d) => d.eventType,
            question: (d) => t('webhooks.replayQuestion', { type: d.eventType, url: props.endpoint.url }),
            available: (d) => d.eventType !== 'webhook.test',
            run: (d) => replay(props.endpoint.id, { eventId: d.eventId }),
            pending: replaying.pending ?? false,
            error: replaying.error,
          }}
        />
      </Loader>
      <ErrorBox error={replaying.error} />
    </section>
  );
}

export const WebhooksSection: SettingsSection = () => {
  const endpoints = createAsync(() => listWebhookEndpoints());
  const [url, setUrl] = createSignal('');
  const [all, setAll] = createSignal(true);
  const [types, setTypes] = createSignal<EventTypeName[]>([]);
  const [secret, setSecret] = createSignal<{ url: string; secret: string } | null>(null);
  const [selected, setSelected] = createSignal<string | null>(null);
  const [rotating, setRotating] = createSignal<WebhookEndpoint | null>(null);
  const [tested, setTested] = createSignal<string | null>(null);
  const create = useAction(createEndpoint);
  const creation = useSubmission(createEndpoint);
  const setStatus = useAction(setEndpointStatus);
  const statusChange = useSubmission(setEndpointStatus);
  const remove = useAction(deleteEndpoint);
  const removal = useSubmission(deleteEndpoint);
  const rotate = useAction(rotateSecret);
  const rotation = useSubmission(rotateSecret);
  const test = useAction(testEndpoint);
  const testing = useSubmission(testEndpoint);
  const errors = () => fieldErrors(creation.error);
  const selectedEndpoint = () => endpoints()?.items.find((e) => e.id === selected());
  const toggleType = (type: EventTypeName, on: boolean) =>
    setTypes((current) => (on ? [...current, type] : current.filter((t) => t !== type)));

  return (
    <Panel id="webhooks" title={t('webhooks.title')}>
      <p class="field-hint">{t('webhooks.hint')}</p>
      <form
        class="webhook-form"
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          setSecret(null);
          create(url(), all() ? ['*'] : types()).then(
            (created) => {
              setSecret({ url: created.url, secret: created.secret });
              setUrl('');
              setAll(true);
              setTypes([]);
            },
            () => undefined,
          );
        }}
      >
        <TextField label={t('webhooks.url')} type="url" maxLength={2000} value={url()} onInput={setUrl} error={errors().url} required />
        <fieldset class="webhook-types">
          <legend>{t('webhooks.eventTypes')}</legend>
          <CheckboxField label={t('webhooks.allEvents')} checked={all()} onChange={setAll} />
          <Show when={!all()}>
            <div class="webhook-types__list">
              <For each={changeEventTypes}>
                {(type) => <CheckboxField label={type} checked={types().includes(type)} onChange={(on) => toggleType(type, on)} />}
              </For>
            </div>
          </Show>
          <Show when={errors().eventTypes}>
            <p class="field-error">{errors().eventTypes}</p>
          </Show>
        </fieldset>
        <button type="submit" class="button button--primary" disabled={creation.pending || (!all() && types().length === 0)}>
          {t('webhooks.add')}
        </button>
      </form>
      <ErrorBox error={creation.error} />
      <Show when={secret()}>{(s) => <SecretBox url={s().url} secret={s().secret} />}</Show>
      <Show when={tested()}>
        <Notice>{t('webhooks.testSent')}</Notice>
      </Show>

      <ConfirmDialog
        open={rotating() !== null}
        title={t('webhooks.rotate')}
        confirmLabel={t('webhooks.rotate')}
        pending={rotation.pending}
        onCancel={() => setRotating(null)}
        onConfirm={() => {
          const endpoint = rotating();
          if (!endpoint) return;
          rotate(endpoint.id).then(
            (rotated) => {
              setSecret({ url: rotated.url, secret: rotated.secret });
              setRotating(null);
            },
            () => setRotating(null),
          );
        }}
      >
        <p>{t('webhooks.rotateQuestion', { url: rotating()?.url ?? '' })}</p>
      </ConfirmDialog>

      <ResourceTable
        caption={t('webhooks.title')}
        items={endpoints()?.items}
        empty={t('webhooks.empty')}
        columns={[
          {
            header: t('webhooks.url'),
            cell: (e) => <span class="webhook-url">{e.url}</span>,
          },
          { header: t('webhooks.eventTypes'), narrow: true, cell: typesLabel },
          {
            header: t('webhooks.endpointStatus'),
            cell: (e) => (
              <>
                <span class={`status status--${e.status}`}>{t(`webhooks.endpoint.${e.status}`)}</span>
                <Show when={e.disabledReason}>
                  <span class="field-hint"> {e.disabledReason}</span>
                </Show>
              </>
            ),
          },
          {
            header: t('common.actions'),
            cell: (e) => (
              <div class="row-actions">
                <button
                  type="button"
                  class="button button--small"
                  aria-label={t('webhooks.testFor', { url: e.url })}
                  disabled={testing.pending}
                  onClick={() => {
                    setTested(null);
                    setSelected(e.id);
                    test(e.id).then(
                      () => setTested(e.id),
                      () => undefined,
                    );
                  }}
                >
                  {t('webhooks.test')}
                </button>
                <button
                  type="button"
                  class="button button--small"
                  aria-label={t('webhooks.logFor', { url: e.url })}
                  aria-pressed={selected() === e.id}
                  onClick={() => setSelected(selected() === e.id ? null : e.id)}
                >
                  {t('webhooks.log')}
                </button>
                <button
                  type="button"
                  class="button button--small"
                  aria-label={t('webhooks.rotateFor', { url: e.url })}
                  onClick={() => setRotating(e)}
                >
                  {t('webhooks.rotate')}
                </button>
                <button
                  type="button"
                  class="button button--small"
                  aria-label={t(e.status === 'enabled' ? 'webhooks.disableFor' : 'webhooks.enableFor', { url: e.url })}
                  disabled={statusChange.pending}
                  onClick={() => void setStatus(e.id, e.status === 'enabled' ? 'disabled' : 'enabled').catch(() => undefined)}
                >
                  {e.status === 'enabled' ? t('webhooks.disable') : t('webhooks.enable')}
                </button>
              </div>
            ),
          },
        ]}
        action={{
          label: t('common.delete'),
          danger: true,
          name: (e) => e.url,
          question: (e) => t('webhooks.deleteQuestion', { url: e.url }),
          run: (e) => {
            if (selected() === e.id) setSelected(null);
            return remove(e.id);
          },
          pending: removal.pending ?? false,
          error: removal.error,
        }}
      />
      <ErrorBox error={statusChange.error ?? rotation.error ?? testing.error} />
      <Show when={selectedEndpoint()}>{(endpoint) => <DeliveryLog endpoint={endpoint()} />}</Show>
    </Panel>
  );
};
