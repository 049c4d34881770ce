// Groups: type API (bound to group tokens) or user (held by users), with
// their permissions; "full access" is the permission *.
import { api, accountPath } from '../api.js';
import { h, field, errorBox, showError, dialog, confirmDialog, table } from '../ui.js';
import { t } from '../i18n.js';

export async function render(main, { account }) {
  const box = errorBox();
  const list = h('div', { id: 'groups-list' });
  main.append(h('h1', {}, t('groups')),
    h('div', { class: 'buttons' }, h('button', { type: 'button', id: 'groups-create', onclick: () => edit(null) }, t('new_group'))),
    box, list);

  async function load() {
    try {
      const page = await api('GET', accountPath(account, '/groups'), { query: { limit: 1000 } });
      list.replaceChildren(table(t('groups'), [
        [t('name'), (g) => g.name],
        [t('group_type'), (g) => t(`type_${g.type}`)],
        [t('permissions'), (g) => h('code', {}, g.permissions.join(' ') || '—')],
        [t('actions'), (g) => h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'small', onclick: () => edit(g) }, t('save')),
          h('button', { type: 'button', class: 'small danger', onclick: () => remove(g) }, t('delete')))],
      ], page.items, { rowAttrs: (g) => ({ 'data-group-id': g.id }) }));
    } catch (error) {
      showError(box, error);
    }
  }

  async function edit(group) {
    const name = h('input', { type: 'text', name: 'name', required: true, value: group?.name || '', id: 'group-name' });
    const type = h('select', { name: 'type', id: 'group-type', disabled: Boolean(group) },
      h('option', { value: 'api' }, t('type_api')), h('option', { value: 'user' }, t('type_user')));
    if (group) type.value = group.type;
    const full = h('input', { type: 'checkbox', name: 'full', id: 'group-full', checked: group?.permissions.includes('*') });
    const perms = h('textarea', { name: 'permissions', rows: 4, id: 'group-permissions',
      value: (group?.permissions || []).filter((p) => p !== '*').join('\n') });
    const done = await dialog(group ? group.name : t('new_group'), (form) => form.append(
      field(t('name'), name), field(t('group_type'), type),
      h('label', { class: 'check' }, full, t('full_access')),
      field(t('permissions'), perms, t('permissions_help'))),
    { submitLabel: t('save'), onSubmit: () => {
      const permissions = perms.value.split(/\s+/).filter(Boolean);
      if (full.checked) permissions.push('*');
      if (group) {
        return api('PATCH', accountPath(account, `/groups/${encodeURIComponent(group.id)}`), { body: { name: name.value, permissions } });
      }
      return api('POST', accountPath(account, '/groups'), { body: { name: name.value, type: type.value, permissions } });
    } });
    if (done) load();
  }

  async function remove(group) {
    const ok = await dialog(t('delete'), (form) => form.append(h('p', {}, group.name)), {
      danger: true, submitLabel: t('delete'),
      onSubmit: async () => { await api('DELETE', accountPath(account, `/groups/${encodeURIComponent(group.id)}`)); return true; } });
    if (ok) load();
  }
  void confirmDialog;
  await load();
}
