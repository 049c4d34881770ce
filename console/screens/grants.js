// Third-party keys: tokens of other accounts that act in this one with
// some of its API groups.
import { api, accountPath } from '../api.js';
import { h, field, errorBox, showError, dialog, table } from '../ui.js';
import { t, formatTime } from '../i18n.js';
import { loadAll } from './common.js';

export async function render(main, { account }) {
  const box = errorBox();
  const list = h('div', { id: 'grants-list' });
  main.append(h('h1', {}, t('grants')),
    h('div', { class: 'buttons' }, h('button', { type: 'button', id: 'grants-create', onclick: () => create() }, t('new_grant'))),
    box, list);
  let groups = [];

  async function load() {
    try {
      groups = await loadAll(account, 'groups');
      const names = new Map(groups.map((g) => [g.id, g.name]));
      const grants = await loadAll(account, 'grants');
      list.replaceChildren(table(t('grants'), [
        [t('token'), (g) => h('code', {}, g.token)],
        [t('token_account'), (g) => g.token_account],
        [t('groups'), (g) => g.groups.map((id) => names.get(id) || id).join(', ')],
        [t('created'), (g) => formatTime(g.created_at)],
        [t('actions'), (g) => h('button', { type: 'button', class: 'small danger', onclick: () => remove(g) }, t('remove'))],
      ], grants, { rowAttrs: (g) => ({ 'data-grant-id': g.id }) }));
    } catch (error) {
      showError(box, error);
    }
  }

  async function create() {
    const token = h('input', { type: 'text', name: 'token', required: true, id: 'grant-token', pattern: 'tok_[0-9A-Za-z]+' });
    const checks = groups.filter((g) => g.type === 'api').map((g) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'groups', value: g.id }), g.name));
    const done = await dialog(t('new_grant'), (form) => form.append(field(t('grant_token'), token),
      h('fieldset', {}, h('legend', {}, t('groups')), checks)),
    { submitLabel: t('create'), onSubmit: (form) => api('POST', accountPath(account, '/grants'), { body: {
      token: token.value.trim(), groups: [...form.querySelectorAll('input[name=groups]:checked')].map((c) => c.value) } }) });
    if (done) load();
  }

  async function remove(grant) {
    const ok = await dialog(t('remove'), (form) => form.append(h('p', {}, t('remove_grant_confirm'))), {
      danger: true, submitLabel: t('remove'),
      onSubmit: async () => { await api('DELETE', accountPath(account, `/grants/${encodeURIComponent(grant.id)}`)); return true; } });
    if (ok) load();
  }
  await load();
}
