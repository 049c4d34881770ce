// The audit log: a live tail over GET /v1/audit/stream (Server-Sent
// Events), a type filter, and the latest signed tree head with its
// Ed25519 signature checked in the browser (WebCrypto).
import { api } from '../api.js';
import { h, field, errorBox, showError } from '../ui.js';
import { t, formatTime } from '../i18n.js';

const kContext = 'keytrail-tree-head-v1';

function bytesOf(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

function be64(value) {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

// "2026-11-24T10:00:00.123456Z" -> microseconds since the epoch (BigInt).
function micros(text) {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z$/.exec(text);
  if (!match) throw new Error('bad time');
  return BigInt(Date.parse(match[1] + 'Z')) * 1000n + BigInt((match[2] || '').padEnd(6, '0'));
}

// Whether `head` is signed by `publicKeyHex`; null when the browser has no
// Ed25519.
export async function verifyHead(head, publicKeyHex) {
  let key;
  try {
    key = await crypto.subtle.importKey('raw', bytesOf(publicKeyHex), { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return null;
  }
  const context = new TextEncoder().encode(kContext);
  const message = new Uint8Array([...context, 0, ...be64(head.tree_size), ...bytesOf(head.root_hash), ...be64(micros(head.timestamp))]);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, bytesOf(head.signature), message);
}

export async function render(main, { account }) {
  const box = errorBox();
  const headBox = h('section', { class: 'card', id: 'audit-head', 'aria-live': 'polite' });
  const type = h('input', { type: 'text', name: 'type', id: 'audit-type', placeholder: 'TokenCreated' });
  const toggle = h('button', { type: 'button', id: 'audit-toggle' }, t('pause'));
  const filters = h('form', { class: 'filters', id: 'audit-filters' }, field(t('filter_type'), type),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('find')), toggle));
  const rows = h('tbody', { id: 'audit-rows' });
  main.append(h('h1', {}, t('audit')), box, headBox, filters,
    h('div', { class: 'table-wrap' }, h('table', {}, h('caption', { class: 'visually-hidden' }, t('audit')),
      h('thead', {}, h('tr', {}, [t('time'), 'seq', t('type'), t('actor'), t('details')].map((l) => h('th', { scope: 'col' }, l)))),
      rows)));

  async function loadHead() {
    try {
      const [head, key] = await Promise.all([
        api('GET', '/v1/audit/head', { query: { account } }),
        api('GET', '/v1/audit/public-key', { query: { account } })]);
      const ok = await verifyHead(head, key.public_key);
      headBox.replaceChildren(h('h2', {}, t('head')), h('dl', { class: 'facts' },
        h('dt', {}, t('tree_size')), h('dd', { id: 'head-size' }, String(head.tree_size)),
        h('dt', {}, t('time')), h('dd', {}, formatTime(head.timestamp)),
        h('dt', {}, t('root_hash')), h('dd', {}, h('code', { class: 'hash' }, head.root_hash))),
      h('p', { id: 'head-verdict', class: ok === true ? 'ok' : ok === false ? 'bad' : 'muted', 'data-verdict': String(ok) },
        ok === true ? t('signature_ok') : ok === false ? t('signature_bad') : t('signature_unknown')),
      h('button', { type: 'button', onclick: loadHead }, t('verify_head')));
    } catch (error) {
      showError(box, error);
    }
  }

  let source = null;
  let live = true;
  function open() {
    if (source) source.close();
    rows.replaceChildren();
    const params = new URLSearchParams({ account });
    if (type.value.trim()) params.set('type', type.value.trim());
    source = new EventSource(`/v1/audit/stream?${params}`);
    source.addEventListener('audit', (message) => {
      if (!live) return;
      const event = JSON.parse(message.data);
      rows.prepend(h('tr', { 'data-type': event.type },
        h('td', {}, formatTime(event.time)), h('td', {}, String(event.seq)), h('td', {}, event.type),
        h('td', {}, [event.actor?.token, event.actor?.user, event.actor?.ip].filter(Boolean).join(' · ')),
        h('td', {}, h('code', { class: 'data' }, JSON.stringify(event.data)))));
      while (rows.children.length > 500) rows.lastChild.remove();
    });
  }
  filters.addEventListener('submit', (event) => { event.preventDefault(); open(); });
  toggle.addEventListener('click', () => {
    live = !live;
    toggle.textContent = live ? t('pause') : t('resume');
  });
  await loadHead();
  open();
  return () => source?.close();
}
