// What several screens read: the account, its groups and users, and the
// token actions (reveal, regenerate, extend, disable/enable, delete) with their
// confirmations.
import { api, accountPath } from '../api.js';
import { h, field, dialog, confirmDialog, secretDialog, announce } from '../ui.js';
import { t } from '../i18n.js';

export async function loadAccount(account) {
  return api('GET', accountPath(account));
}

export async function loadAll(account, what) {
  const page = await api('GET', accountPath(account, `/${what}`), { query: { limit: 1000 } });
  return page.items;
}

// Resolves to true when the token changed (so the caller reloads).
export async function tokenAction(account, token, action) {
  const base = accountPath(account, `/tokens/${encodeURIComponent(token.id)}`);
  if (action === 'reveal') {
    const revealed = await dialog(t('reveal'), (form) => form.append(h('p', {}, t('reveal_confirm', { name: token.name }))),
      { submitLabel: t('reveal'), onSubmit: () => api('POST', `${base}:reveal`) });
    if (revealed) await secretDialog(t('reveal'), revealed.secret, token.name);
    return false;
  }
  if (action === 'regenerate') {
    const grace = h('input', { type: 'number', min: 0, max: 604800, step: 1, name: 'grace', inputmode: 'numeric' });
    const result = await dialog(t('regenerate'), (form) => form.append(
      h('p', { class: 'warning' }, t('regenerate_warning')), field(t('grace'), grace)),
    { submitLabel: t('regenerate'), danger: true,
      onSubmit: () => api('POST', `${base}:regenerate`, { body: { grace_seconds: Number(grace.value || 0) } }) });
    if (!result) return false;
    await secretDialog(t('shown_once_title'), result.secret);
    return true;
  }
  if (action === 'extend') {
    const days = h('input', { type: 'number', min: 1, max: 3650, step: 1, name: 'days', inputmode: 'numeric' });
    const done = await dialog(t('extend'), (form) => form.append(
      h('p', {}, t('extend_help')), field(t('extend_days'), days)),
    { submitLabel: t('extend'),
      onSubmit: () => api('POST', `${base}:extend`, { body: days.value ? { days: Number(days.value) } : {} }) });
    if (done) announce(t('state_changed'));
    return Boolean(done);
  }
  if (action === 'disable' || action === 'enable') {
    const done = await dialog(t(action), (form) => form.append(h('p', {}, `${t(action)}: ${token.name}`)),
      { submitLabel: t(action), danger: action === 'disable', onSubmit: () => api('POST', `${base}:${action}`) });
    if (done) announce(t('state_changed'));
    return Boolean(done);
  }
  if (action === 'delete') {
    const done = await dialog(t('delete'), (form) => form.append(h('p', {}, t('delete_confirm', { name: token.name }))),
      { submitLabel: t('delete'), danger: true, onSubmit: async () => { await api('DELETE', base); return true; } });
    if (done) announce(t('state_changed'));
    return Boolean(done);
  }
  return false;
}

// The buttons of a token's row.
export function tokenButtons(account, token, reload) {
  const act = (action) => async () => { if (await tokenAction(account, token, action)) reload(); };
  if (token.status === 'revoked') return [];
  const buttons = [
    h('button', { type: 'button', class: 'small', 'data-action': 'reveal', onclick: act('reveal') }, t('reveal')),
    h('button', { type: 'button', class: 'small', 'data-action': 'regenerate', onclick: act('regenerate') }, t('regenerate')),
    h('button', { type: 'button', class: 'small', 'data-action': 'extend', onclick: act('extend') }, t('extend')),
  ];
  if (token.status === 'disabled') {
    buttons.push(h('button', { type: 'button', class: 'small', 'data-action': 'enable', onclick: act('enable') }, t('enable')));
  } else {
    buttons.push(h('button', { type: 'button', class: 'small', 'data-action': 'disable', onclick: act('disable') }, t('disable')));
  }
  buttons.push(h('button', { type: 'button', class: 'small danger', 'data-action': 'delete', onclick: act('delete') }, t('delete')));
  return buttons;
}

// Now + `days`, as the value of an <input type=date>.
export function dateInDays(days) {
  const date = new Date(Date.now() + days * 86400000);
  return date.toISOString().slice(0, 10);
}

// An <input type=date> value as the end of that day, RFC 3339 UTC.
export function endOfDay(value) {
  return value ? `${value}T23:59:59Z` : null;
}

export { confirmDialog };
