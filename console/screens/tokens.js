// "Tokens de API": the list with smart search, updated-since, status,
// group and user filters, sorting and pages; create with the shown-once
// dialog; the actions of each token.
import { api, accountPath } from '../api.js';
import { h, field, errorBox, showError, dialog, secretDialog, table, statusBadge } from '../ui.js';
import { t, formatTime } from '../i18n.js';
import { loadAccount, loadAll, tokenButtons, dateInDays, endOfDay } from './common.js';

export async function render(main, { account }) {
  const heading = h('h1', {}, t('tokens'));
  const box = errorBox();
  main.append(heading, box);
  let groups = [], users = [], settings = {};
  try {
    [groups, users, settings] = await Promise.all([
      loadAll(account, 'groups'), loadAll(account, 'users'),
      loadAccount(account).then((a) => a.settings)]);
  } catch (error) {
    showError(box, error);
    return;
  }
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const userName = new Map(users.map((u) => [u.id, u.name || u.email]));

  const q = h('input', { type: 'search', name: 'q', id: 'tokens-q' });
  const since = h('input', { type: 'date', name: 'updated_since', id: 'tokens-since' });
  const status = h('select', { name: 'status', id: 'tokens-status' },
    h('option', { value: '' }, t('any')),
    ['active', 'disabled', 'expired', 'revoked'].map((s) => h('option', { value: s }, t(s))));
  const group = h('select', { name: 'group', id: 'tokens-group' }, h('option', { value: '' }, t('any')),
    groups.filter((g) => g.type === 'api').map((g) => h('option', { value: g.id }, g.name)));
  const user = h('select', { name: 'user', id: 'tokens-user' }, h('option', { value: '' }, t('any')),
    users.map((u) => h('option', { value: u.id }, u.name || u.email)));
  const sort = h('select', { name: 'sort', id: 'tokens-sort' },
    [['created_at', t('created')], ['name', t('description')], ['updated_at', t('updated_since')], ['last_used_at', t('last_used')]]
      .map(([value, label]) => h('option', { value }, label)));
  const order = h('select', { name: 'order', id: 'tokens-order' },
    h('option', { value: 'desc' }, t('desc')), h('option', { value: 'asc' }, t('asc')));

  const filters = h('form', { class: 'filters', role: 'search', id: 'tokens-filters' },
    field(t('search'), q), field(t('updated_since'), since), field(t('status'), status),
    field(t('group'), group), field(t('user'), user), field(t('sort'), sort), field(t('order'), order),
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', class: 'primary', id: 'tokens-find' }, t('find')),
      h('button', { type: 'button', id: 'tokens-create', onclick: () => create() }, t('create'))));
  const results = h('div', { id: 'tokens-results', 'aria-live': 'polite' });
  const pager = h('nav', { class: 'pager', 'aria-label': t('page', { n: '' }) });
  main.append(filters, results, pager);

  let cursors = [null];  // the cursor of each page seen
  let pageIndex = 0;

  async function load() {
    showError(box, null);
    const query = {
      q: q.value.trim(), status: status.value, group: group.value, user: user.value,
      updated_since: since.value ? `${since.value}T00:00:00Z` : '', sort: sort.value, order: order.value,
      limit: 20, cursor: cursors[pageIndex] || '',
    };
    let page;
    try {
      page = await api('GET', accountPath(account, '/tokens'), { query });
    } catch (error) {
      showError(box, error);
      return;
    }
    cursors[pageIndex + 1] = page.next_cursor;
    results.replaceChildren(table(t('tokens'), [
      [t('description'), (tok) => h('div', {},
        h('a', { href: `#/a/${encodeURIComponent(account)}/tokens/${encodeURIComponent(tok.id)}`, class: 'token-name' }, tok.name),
        tok.description ? h('small', { class: 'muted' }, tok.description) : null)],
      [t('status'), (tok) => [statusBadge(tok.status), tok.disabled_reason ? h('small', { class: 'muted' }, ` ${t('reason_' + tok.disabled_reason)}`) : null]],
      [t('expiry'), (tok) => tok.expires_at ? formatTime(tok.expires_at) : t('never')],
      [t('masked'), (tok) => h('code', {}, tok.masked)],
      [t('group'), (tok) => tok.kind === 'personal'
        ? `${t('kind_personal')}: ${userName.get(tok.user) || tok.user}`
        : tok.groups.map((g) => groupName.get(g) || g).join(', ')],
      [t('created'), (tok) => formatTime(tok.created_at)],
      [t('last_used'), (tok) => tok.last_used_at ? `${formatTime(tok.last_used_at)} (${tok.last_used_ip || ''})` : '—'],
      [t('actions'), (tok) => h('div', { class: 'actions' }, tokenButtons(account, tok, load))],
    ], page.items, { rowAttrs: (tok) => ({ 'data-token-id': tok.id, 'data-status': tok.status }) }));
    pager.replaceChildren(
      h('button', { type: 'button', disabled: pageIndex === 0, onclick: () => { pageIndex--; load(); } }, t('previous')),
      h('span', {}, t('page', { n: pageIndex + 1 })),
      h('button', { type: 'button', disabled: !page.next_cursor, onclick: () => { pageIndex++; load(); } }, t('next')));
  }

  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    cursors = [null];
    pageIndex = 0;
    load();
  });

  async function create() {
    const apiGroups = groups.filter((g) => g.type === 'api');
    const name = h('input', { type: 'text', name: 'name', required: true, maxlength: 100, id: 'create-name' });
    const description = h('textarea', { name: 'description', maxlength: 1000, rows: 2, id: 'create-description' });
    const expires = h('input', { type: 'date', name: 'expires_at', id: 'create-expires',
      value: settings.default_token_ttl_days ? dateInDays(settings.default_token_ttl_days) : '' });
    const environment = h('select', { name: 'environment', id: 'create-environment' },
      h('option', { value: '' }, t('environment_none')), h('option', { value: 'live' }, 'live'),
      h('option', { value: 'test' }, 'test'));
    const checks = apiGroups.map((g) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'groups', value: g.id, checked: apiGroups.length === 1 }), g.name));
    const created = await dialog(t('new_token'), (form) => form.append(
      field(t('description'), name),
      field(t('details'), description),
      h('fieldset', {}, h('legend', {}, t('groups')), checks.length ? checks : h('p', { class: 'muted' }, t('no_records'))),
      field(t('expiry'), expires, settings.default_token_ttl_days
        ? `${t('default_ttl')}: ${settings.default_token_ttl_days}` : t('never')),
      field(t('environment'), environment)),
    { submitLabel: t('create'), onSubmit: (form) => {
      const body = {
        name: name.value,
        groups: [...form.querySelectorAll('input[name=groups]:checked')].map((c) => c.value),
      };
      if (description.value.trim()) body.description = description.value;
      if (expires.value) body.expires_at = endOfDay(expires.value);
      if (environment.value) body.environment = environment.value;
      return api('POST', accountPath(account, '/tokens'), { body });
    } });
    if (!created) return;
    await secretDialog(t('shown_once_title'), created.secret);
    document.getElementById('tokens-create')?.focus();
    load();
  }

  await load();
}
