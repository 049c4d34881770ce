// Webhooks: the account's endpoints subscribed to its tokens' events
// (docs/api.md "Webhooks"): list, subscribe (the signing secret shown once),
// remove, and each one's delivery log.
import { api, accountPath } from '../api.js';
import { h, field, errorBox, showError, dialog, secretDialog, table } from '../ui.js';
import { t, formatTime } from '../i18n.js';

const kinds = [
  'token.created', 'token.revoked', 'token.disabled', 'token.enabled', 'token.regenerated',
  'token.expiring', 'token.used_from_new_ip', 'secret.leaked_lookup',
];

export async function render(main, { account }) {
  const box = errorBox();
  const list = h('div', { id: 'webhooks-list' });
  const deliveries = h('div', { id: 'webhook-deliveries' });
  main.append(h('h1', {}, t('webhooks')),
    h('div', { class: 'buttons' }, h('button', { type: 'button', id: 'webhooks-create', onclick: () => create() }, t('new_webhook'))),
    box, list, deliveries);
  const path = (suffix = '') => accountPath(account, `/webhooks${suffix}`);

  async function load() {
    try {
      const page = await api('GET', path());
      list.replaceChildren(table(t('webhooks'), [
        [t('url'), (w) => h('code', {}, w.url)],
        [t('events'), (w) => w.events.join(', ')],
        [t('created'), (w) => formatTime(w.created_at)],
        [t('actions'), (w) => h('div', { class: 'buttons' },
          h('button', { type: 'button', class: 'small', 'data-action': 'deliveries', onclick: () => showDeliveries(w) }, t('deliveries')),
          h('button', { type: 'button', class: 'small danger', 'data-action': 'remove', onclick: () => remove(w) }, t('remove')))],
      ], page.items, { rowAttrs: (w) => ({ 'data-webhook-id': w.id }) }));
    } catch (error) {
      showError(box, error);
    }
  }

  async function create() {
    const url = h('input', { type: 'url', name: 'url', required: true, maxlength: 2048, id: 'webhook-url', placeholder: 'https://' });
    const checks = kinds.map((kind) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'events', value: kind, checked: kind === 'token.created' || kind === 'token.revoked' }), kind));
    const created = await dialog(t('new_webhook'), (form) => form.append(field(t('url'), url),
      h('fieldset', {}, h('legend', {}, t('events')), checks)),
    { submitLabel: t('create'), onSubmit: (form) => api('POST', path(), { body: {
      url: url.value.trim(), events: [...form.querySelectorAll('input[name=events]:checked')].map((c) => c.value) } }) });
    if (!created) return;
    await secretDialog(t('webhook_secret_title'), created.secret, t('webhook_secret_help'));
    load();
  }

  async function remove(webhook) {
    const ok = await dialog(t('remove'), (form) => form.append(h('p', {}, t('remove_webhook_confirm', { url: webhook.url }))), {
      danger: true, submitLabel: t('remove'),
      onSubmit: async () => { await api('DELETE', path(`/${encodeURIComponent(webhook.id)}`)); return true; } });
    if (ok) { deliveries.replaceChildren(); load(); }
  }

  async function showDeliveries(webhook) {
    try {
      const page = await api('GET', path(`/${encodeURIComponent(webhook.id)}/deliveries`), { query: { limit: 100 } });
      deliveries.replaceChildren(h('h2', {}, `${t('deliveries')}: ${webhook.url}`), table(t('deliveries'), [
        [t('time'), (d) => formatTime(d.at)],
        [t('type'), (d) => d.type],
        [t('attempt'), (d) => String(d.attempt)],
        [t('status'), (d) => d.status ? String(d.status) : (d.error || '')],
        [t('outcome'), (d) => d.outcome],
      ], page.items));
    } catch (error) {
      showError(box, error);
    }
  }

  await load();
}
