// One token: its fields, actions, what verification enforces and hands on
// (metadata, bound CIDRs, rate limit; editable), and its timeline — the
// events and the usage by IP and by hour, the hours drawn as an SVG bar
// chart.
import { api, accountPath } from '../api.js';
import { h, field, dialog, errorBox, showError, table, statusBadge } from '../ui.js';
import { t, formatTime } from '../i18n.js';
import { tokenButtons } from './common.js';

// Bars of `buckets` ({hour, count}), one per hour, scaled to the largest.
export function hourChart(buckets) {
  const width = 600, height = 160, pad = 24;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const step = buckets.length ? (width - pad * 2) / buckets.length : 0;
  const svg = h('svg:svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart', 'aria-label': t('usage_by_hour') });
  svg.append(h('svg:line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: 'axis' }));
  buckets.forEach((bucket, i) => {
    const barHeight = ((height - pad * 2) * bucket.count) / max;
    const x = pad + i * step + step * 0.1;
    const rect = h('svg:rect', { x, y: height - pad - barHeight, width: Math.max(1, step * 0.8), height: barHeight, class: 'bar' },
      h('svg:title', {}, `${formatTime(bucket.hour)}: ${bucket.count}`));
    svg.append(rect);
    svg.append(h('svg:text', { x: x + step * 0.4, y: height - pad - barHeight - 4, class: 'label', 'text-anchor': 'middle' }, String(bucket.count)));
  });
  svg.append(h('svg:text', { x: pad, y: height - 6, class: 'label' }, buckets.length ? formatTime(buckets[0].hour) : ''));
  return svg;
}

export async function render(main, { account, id, go }) {
  const base = accountPath(account, `/tokens/${encodeURIComponent(id)}`);
  const box = errorBox();
  const body = h('div', {});
  main.append(h('p', {}, h('a', { href: `#/a/${encodeURIComponent(account)}/tokens` }, `← ${t('tokens')}`)), box, body);

  async function load() {
    let tok, timeline, byIp, byHour;
    const since = new Date(Date.now() - 7 * 86400000).toISOString();
    try {
      [tok, timeline, byIp, byHour] = await Promise.all([
        api('GET', base),
        api('GET', `${base}/timeline`, { query: { limit: 200 } }),
        api('GET', `${base}/usage`, { query: { by: 'ip', since } }),
        api('GET', `${base}/usage`, { query: { by: 'hour', since } }),
      ]);
    } catch (error) {
      showError(box, error);
      return;
    }
    body.replaceChildren(
      h('h1', {}, tok.name),
      h('dl', { class: 'facts' },
        h('dt', {}, t('status')), h('dd', {}, statusBadge(tok.status)),
        h('dt', {}, t('masked')), h('dd', {}, h('code', {}, tok.masked)),
        h('dt', {}, t('kind')), h('dd', {}, t(`kind_${tok.kind}`)),
        h('dt', {}, t('expiry')), h('dd', {}, tok.expires_at ? formatTime(tok.expires_at) : t('never')),
        h('dt', {}, t('created')), h('dd', {}, formatTime(tok.created_at)),
        h('dt', {}, t('last_used')), h('dd', {}, tok.last_used_at ? `${formatTime(tok.last_used_at)} — ${tok.last_used_ip}` : '—'),
        h('dt', {}, t('use_count')), h('dd', { id: 'token-use-count' }, String(tok.use_count)),
        h('dt', {}, t('metadata')), h('dd', { id: 'token-metadata' },
          tok.metadata ? h('code', {}, JSON.stringify(tok.metadata)) : '—'),
        h('dt', {}, t('bound_cidrs')), h('dd', { id: 'token-cidrs' },
          (tok.bound_cidrs || []).length ? tok.bound_cidrs.join(', ') : t('any_ip')),
        h('dt', {}, t('rate_limit')), h('dd', { id: 'token-rate-limit' }, tok.rate_limit
          ? t('rate_limit_value', { limit: tok.rate_limit.limit, seconds: tok.rate_limit.window_ms / 1000 })
            + (tok.identity ? ` (${tok.identity})` : '')
          : '—'),
        h('dt', {}, t('credits')), h('dd', { id: 'token-credits' }, creditsText(tok.credits))),
      h('div', { class: 'actions' }, tokenButtons(account, tok, () => load()),
        tok.status === 'revoked' ? null
          : h('button', { type: 'button', class: 'small', id: 'token-limits', onclick: () => editLimits(tok) }, t('edit_limits'))),
      h('section', { 'aria-labelledby': 'usage-hour' },
        h('h2', { id: 'usage-hour' }, t('usage_by_hour')), hourChart(byHour.items)),
      h('section', { 'aria-labelledby': 'usage-ip' },
        h('h2', { id: 'usage-ip' }, t('usage_by_ip')),
        table(t('usage_by_ip'), [
          [t('ip'), (b) => b.ip], [t('count'), (b) => String(b.count)],
          [t('first_used'), (b) => formatTime(b.first_used_at)], [t('last_used'), (b) => formatTime(b.last_used_at)],
        ], byIp.items, { rowAttrs: () => ({ class: 'usage-ip' }) })),
      h('section', { 'aria-labelledby': 'timeline' },
        h('h2', { id: 'timeline' }, t('timeline')),
        table(t('timeline'), [
          [t('time'), (e) => formatTime(e.time)], [t('type'), (e) => e.type],
          [t('actor'), (e) => [e.actor?.token, e.actor?.user, e.actor?.ip].filter(Boolean).join(' · ')],
          [t('details'), (e) => h('code', { class: 'data' }, summary(e.data))],
        ], timeline.items.slice().reverse(), { rowAttrs: (e) => ({ 'data-type': e.type }) })));
  }
  function creditsText(credits) {
    if (!credits) return t('unlimited');
    let text = t('credits_value', { remaining: credits.remaining, leased: credits.leased });
    if (credits.refill) {
      text += ' · ' + t('credits_refill_value',
        { amount: credits.refill.amount, interval: t(`refill_${credits.refill.interval}`) });
    }
    return text;
  }
  // Metadata, bound CIDRs, rate limit and credits in one PATCH; the API's
  // error stays in the dialog with what was typed. Credits are sent only
  // when changed: a PATCH of credits sets the remaining uses again.
  async function editLimits(tok) {
    const metadata = h('textarea', { name: 'metadata', rows: 3, id: 'limits-metadata' });
    metadata.value = tok.metadata ? JSON.stringify(tok.metadata) : '';
    const cidrs = h('input', { type: 'text', name: 'bound_cidrs', id: 'limits-cidrs',
      value: (tok.bound_cidrs || []).join(', '), placeholder: '10.0.0.0/8, 2001:db8::/32' });
    const limit = h('input', { type: 'number', min: 1, max: 1000000, name: 'limit', id: 'limits-limit',
      value: tok.rate_limit?.limit ?? '' });
    const seconds = h('input', { type: 'number', min: 1, max: 86400, name: 'window_seconds', id: 'limits-window',
      value: tok.rate_limit ? tok.rate_limit.window_ms / 1000 : '' });
    const identity = h('input', { type: 'text', name: 'identity', id: 'limits-identity', maxlength: 100,
      value: tok.identity || '' });
    const remaining = h('input', { type: 'number', min: 0, name: 'credits_remaining', id: 'limits-credits',
      value: tok.credits?.remaining ?? '' });
    const refill = h('input', { type: 'number', min: 1, name: 'refill_amount', id: 'limits-refill',
      value: tok.credits?.refill?.amount ?? '' });
    const interval = h('select', { name: 'refill_interval', id: 'limits-refill-interval' },
      ...['daily', 'monthly'].map((v) => h('option', { value: v }, t(`refill_${v}`))));
    interval.value = tok.credits?.refill?.interval ?? 'monthly';
    const initial = [remaining.value, refill.value, interval.value].join('|');
    const done = await dialog(t('edit_limits'), (form) => form.append(
      field(t('metadata'), metadata, t('metadata_help')), field(t('bound_cidrs'), cidrs, t('bound_cidrs_help')),
      field(t('rate_limit_calls'), limit), field(t('rate_limit_window'), seconds),
      field(t('credits_remaining'), remaining, t('credits_help')), field(t('credits_refill'), refill),
      field(t('credits_interval'), interval),
      field(t('identity'), identity, t('identity_help'))),
    { submitLabel: t('save'), onSubmit: () => {
      let meta = null;
      if (metadata.value.trim()) {
        try { meta = JSON.parse(metadata.value); } catch {
          throw { problem: { title: t('metadata'), detail: t('metadata_not_json') } };
        }
      }
      const body = {
        metadata: meta,
        bound_cidrs: cidrs.value.split(',').map((c) => c.trim()).filter(Boolean),
        rate_limit: limit.value ? { limit: Number(limit.value), window_ms: Number(seconds.value || 60) * 1000 } : null,
      };
      if (body.rate_limit) body.identity = identity.value.trim() || null;  // only with a limit
      if ([remaining.value, refill.value, interval.value].join('|') !== initial) {
        body.credits = remaining.value === '' ? null : {
          remaining: Number(remaining.value),
          refill: refill.value ? { amount: Number(refill.value), interval: interval.value } : null,
        };
      }
      return api('PATCH', base, { body });
    } });
    if (done) load();
  }
  function summary(data) {
    if (!data) return '';
    const { token_id, account_id, ...rest } = data;  // said by the page already
    return JSON.stringify(rest);
  }
  await load();
  void go;
}
