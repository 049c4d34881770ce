// Users: create, activate/deactivate, the "API per user" license, their
// personal tokens (API sessions) with last use and IP, and a new personal
// token (made acting as the user, so it is the user's own).
import { api, accountPath } from '../api.js';
import { h, field, errorBox, showError, dialog, secretDialog, table, statusBadge } from '../ui.js';
import { t, formatTime } from '../i18n.js';
import { loadAll, tokenButtons } from './common.js';

export async function render(main, { account, id, session }) {
  const box = errorBox();
  const list = h('div', { id: 'users-list' });
  const detail = h('section', { id: 'user-detail', 'aria-live': 'polite' });
  main.append(h('h1', {}, t('users')),
    h('div', { class: 'buttons' }, h('button', { type: 'button', id: 'users-create', onclick: () => edit(null) }, t('new_user'))),
    box, list, detail);
  let groups = [];

  async function load() {
    try {
      groups = await loadAll(account, 'groups');
      const users = await loadAll(account, 'users');
      list.replaceChildren(table(t('users'), [
        [t('name'), (u) => h('a', { href: `#/a/${encodeURIComponent(account)}/users/${encodeURIComponent(u.id)}` }, u.name || u.email)],
        [t('email'), (u) => u.email],
        [t('status'), (u) => statusBadge(u.active ? 'active' : 'inactive')],
        [t('licenses'), (u) => u.licenses.includes('api_per_user') ? t('license_api') : '—'],
        [t('actions'), (u) => h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'small', onclick: () => edit(u) }, t('save')),
          h('button', { type: 'button', class: 'small', 'data-action': u.active ? 'deactivate' : 'activate',
            onclick: () => toggle(u) }, u.active ? t('deactivate') : t('activate')))],
      ], users, { rowAttrs: (u) => ({ 'data-user-id': u.id }) }));
      if (id) await showUser(users.find((u) => u.id === id));
    } catch (error) {
      showError(box, error);
    }
  }

  async function toggle(user) {
    try {
      await api('POST', accountPath(account, `/users/${encodeURIComponent(user.id)}:${user.active ? 'deactivate' : 'activate'}`));
      load();
    } catch (error) {
      showError(box, error);
    }
  }

  async function edit(user) {
    const email = h('input', { type: 'email', name: 'email', required: true, value: user?.email || '', disabled: Boolean(user), id: 'user-email' });
    const name = h('input', { type: 'text', name: 'name', value: user?.name || '', id: 'user-name' });
    const license = h('input', { type: 'checkbox', name: 'api_per_user', id: 'user-license', checked: user ? user.licenses.includes('api_per_user') : true });
    const checks = groups.filter((g) => g.type === 'user').map((g) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'groups', value: g.id, checked: user?.groups.includes(g.id) }), g.name));
    const done = await dialog(user ? (user.name || user.email) : t('new_user'), (form) => form.append(
      field(t('email'), email), field(t('name'), name),
      h('label', { class: 'check' }, license, t('license_api')),
      h('fieldset', {}, h('legend', {}, t('groups')), checks.length ? checks : h('p', { class: 'muted' }, t('no_records')))),
    { submitLabel: t('save'), onSubmit: (form) => {
      const body = { name: name.value, groups: [...form.querySelectorAll('input[name=groups]:checked')].map((c) => c.value),
        licenses: license.checked ? ['api_per_user'] : [] };
      if (user) return api('PATCH', accountPath(account, `/users/${encodeURIComponent(user.id)}`), { body });
      return api('POST', accountPath(account, '/users'), { body: { ...body, email: email.value } });
    } });
    if (done) load();
  }

  async function showUser(user) {
    if (!user) { detail.replaceChildren(); return; }
    const base = accountPath(account, `/users/${encodeURIComponent(user.id)}`);
    const sessions = await api('GET', `${base}/sessions`, { query: { limit: 1000 } });
    const reload = () => load();
    detail.replaceChildren(
      h('h2', {}, `${t('sessions')}: ${user.name || user.email}`),
      h('div', { class: 'buttons' }, h('button', { type: 'button', id: 'personal-create', onclick: () => createPersonal(user) }, t('new_personal'))),
      table(t('sessions'), [
        [t('name'), (s) => s.name || s.id],
        [t('status'), (s) => statusBadge(s.status)],
        [t('created'), (s) => formatTime(s.created_at)],
        [t('last_used'), (s) => formatTime(s.last_used_at)],
        [t('ip'), (s) => s.last_used_ip || '—'],
        [t('use_count'), (s) => String(s.use_count ?? 0)],
        [t('actions'), (s) => h('div', { class: 'actions' }, tokenButtons(account, { ...s, name: s.name || s.id }, reload))],
      ], sessions.items, { rowAttrs: (s) => ({ 'data-token-id': s.id }) }));
  }

  async function createPersonal(user) {
    const name = h('input', { type: 'text', name: 'name', required: true, id: 'personal-name' });
    const created = await dialog(t('new_personal'), (form) => form.append(field(t('description'), name)),
      { submitLabel: t('create'), onSubmit: () => api('POST', accountPath(account, `/users/${encodeURIComponent(user.id)}/tokens`),
        { body: { name: name.value }, headers: session.user === user.id ? {} : { 'Acting-User': user.id } }) });
    if (!created) return;
    await secretDialog(t('shown_once_title'), created.secret);
    load();
  }

  await load();
}
