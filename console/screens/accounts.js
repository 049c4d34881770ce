// The operator's accounts: list and create; choosing one opens its tokens.
import { api } from '../api.js';
import { h, field, errorBox, showError, dialog, table } from '../ui.js';
import { t, formatTime } from '../i18n.js';

export async function render(main) {
  const box = errorBox();
  const list = h('div', { id: 'accounts-list' });
  main.append(h('h1', {}, t('accounts')),
    h('div', { class: 'buttons' }, h('button', { type: 'button', id: 'accounts-create', onclick: () => create() }, t('new_account'))),
    box, list);
  async function load() {
    try {
      const page = await api('GET', '/v1/accounts', { query: { limit: 1000 } });
      list.replaceChildren(table(t('accounts'), [
        [t('id'), (a) => h('a', { href: `#/a/${encodeURIComponent(a.id)}/tokens` }, a.id)],
        [t('name'), (a) => a.name],
        [t('plan'), (a) => a.plan.name],
        [t('created'), (a) => formatTime(a.created_at)],
      ], page.items, { rowAttrs: (a) => ({ 'data-account-id': a.id }) }));
    } catch (error) {
      showError(box, error);
    }
  }
  async function create() {
    const id = h('input', { type: 'text', name: 'id', required: true, pattern: '[a-z0-9][a-z0-9\\-]{0,62}', id: 'account-id' });
    const name = h('input', { type: 'text', name: 'name', required: true, id: 'account-name' });
    const done = await dialog(t('new_account'), (form) => form.append(field(t('id'), id), field(t('name'), name)),
      { submitLabel: t('create'), onSubmit: () => api('POST', '/v1/accounts', { body: { id: id.value, name: name.value } }) });
    if (done) load();
  }
  await load();
}
