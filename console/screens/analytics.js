// Analytics: the account's verifications counted by outcome, token, hour or
// client IP over a window (docs/api.md "Analytics").
import { api, accountPath } from '../api.js';
import { h, field, errorBox, showError, table } from '../ui.js';
import { t } from '../i18n.js';

export async function render(main, { account }) {
  const box = errorBox();
  const by = h('select', { name: 'by', id: 'analytics-by' },
    ...['outcome', 'token', 'hour', 'ip'].map((b) => h('option', { value: b }, t(`by_${b}`))));
  const since = h('input', { type: 'date', name: 'since', id: 'analytics-since' });
  const results = h('div', { id: 'analytics-results' });
  const form = h('form', { class: 'card filters', id: 'analytics-form' },
    field(t('group_by'), by), field(t('since'), since),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('search'))));
  main.append(h('h1', {}, t('analytics')), form, box, results);

  async function load() {
    try {
      const query = { by: by.value, limit: 100 };
      if (since.value) query.since = `${since.value}T00:00:00Z`;
      const page = await api('GET', accountPath(account, '/analytics'), { query });
      showError(box, null);
      const label = (item) => item.outcome ?? item.token_id ?? item.hour ?? item.ip ?? '';
      results.replaceChildren(table(t('analytics'), [
        [t(`by_${by.value}`), (item) => h('code', {}, String(label(item)))],
        [t('counts'), (item) => Object.entries(item.counts || {}).map(([code, n]) => `${code} ${n}`).join(', ')],
        [t('total'), (item) => String(item.total ?? '')],
      ], page.items));
    } catch (error) {
      showError(box, error);
    }
  }
  form.addEventListener('submit', (event) => { event.preventDefault(); load(); });
  await load();
}
