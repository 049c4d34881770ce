// Groups: type API (bound to group tokens) or user (held by users), with
// their permissions; "full access" is the permission *. A group may bind
// its tokens to CIDRs and give them one shared rate limit.
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
        [t('limits'), (g) => [
          (g.bound_cidrs || []).length ? g.bound_cidrs.join(', ') : t('any_ip'),
          g.rate_limit ? t('rate_limit_value', { limit: g.rate_limit.limit, seconds: g.rate_limit.window_ms / 1000 }) : '',
        ].filter(Boolean).join(' · ')],
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
    const cidrs = h('input', { type: 'text', name: 'bound_cidrs', id: 'group-cidrs',
      value: (group?.bound_cidrs || []).join(', '), placeholder: '10.0.0.0/8, 2001:db8::/32' });
    const limit = h('input', { type: 'number', min: 1, max: 1000000, name: 'limit', id: 'group-limit',
      value: group?.rate_limit?.limit ?? '' });
    const seconds = h('input', { type: 'number', min: 1, max: 86400, name: 'window_seconds', id: 'group-window',
      value: group?.rate_limit ? group.rate_limit.window_ms / 1000 : '' });
    const done = await dialog(group ? group.name : t('new_group'), (form) => form.append(
      field(t('name'), name), field(t('group_type'), type),
      h('label', { class: 'check' }, full, t('full_access')),
      field(t('permissions'), perms, t('permissions_help')),
      field(t('bound_cidrs'), cidrs, t('group_cidrs_help')),
      field(t('rate_limit_calls'), limit, t('group_rate_limit_help')), field(t('rate_limit_window'), seconds)),
    { submitLabel: t('save'), onSubmit: () => {
      const permissions = perms.value.split(/\s+/).filter(Boolean);
      if (full.checked) permissions.push('*');
      const body = {
        name: name.value, permissions,
        bound_cidrs: cidrs.value.split(',').map((c) => c.trim()).filter(Boolean),
        rate_limit: limit.value ? { limit: Number(limit.value), window_ms: Number(seconds.value || 60) * 1000 } : null,
      };
      if (group) {
        return api('PATCH', accountPath(account, `/groups/${encodeURIComponent(group.id)}`), { body });
      }
      return api('POST', accountPath(account, '/groups'), { body: { ...body, type: type.value } });
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
