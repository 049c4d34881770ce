// Small DOM helpers shared by the screens. Text always goes in as text
// (never as HTML), so nothing from the API can run as script.
import { t } from './i18n.js';

// h('button', {class: 'x', onclick: fn}, 'text', child...)
export function h(tag, attrs = {}, ...children) {
  const svg = tag.startsWith('svg:');
  const element = svg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'class') element.setAttribute('class', value);
    else if (key === 'value' && !svg) element.value = value;
    else if (key === 'checked' && !svg) element.checked = Boolean(value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

let counter = 0;
// A labelled form field: label + control (+ help), with matching ids.
export function field(label, control, help) {
  const id = control.id || `f${++counter}`;
  control.id = id;
  const parts = [h('label', { for: id }, label), control];
  if (help) {
    const helpId = `${id}-help`;
    control.setAttribute('aria-describedby', helpId);
    parts.push(h('small', { id: helpId, class: 'help' }, help));
  }
  return h('div', { class: 'field' }, parts);
}

// The place under a form where its API error goes.
export function errorBox() {
  return h('div', { class: 'error', role: 'alert', hidden: true });
}

// Shows an ApiError's problem (title, detail, field errors) in `box`.
export function showError(box, error) {
  box.replaceChildren();
  if (!error) { box.hidden = true; return; }
  const problem = error.problem || { title: t('error'), detail: String(error.message || error) };
  box.append(h('strong', {}, problem.title || t('error')));
  if (problem.detail) box.append(h('p', {}, problem.detail));
  if (Array.isArray(problem.errors)) {
    box.append(h('ul', {}, problem.errors.map((e) => h('li', {}, `${e.field}: ${e.message}`))));
  }
  box.hidden = false;
  box.focus?.();
}

// Announces `text` to screen readers and shows it briefly.
export function announce(text) {
  const status = document.getElementById('status');
  status.textContent = text;
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => { status.textContent = ''; }, 4000);
}

// A modal <dialog>: resolves with what `onSubmit` returns, or null when
// cancelled. `build(form, close)` fills the form. An error thrown by
// onSubmit is shown in the dialog, which stays open with what was typed.
export function dialog(title, build, { submitLabel = t('confirm'), onSubmit, danger = false } = {}) {
  return new Promise((resolve) => {
    const box = errorBox();
    const form = h('form', { method: 'dialog', class: 'dialog-form' });
    const titleId = `d${++counter}`;
    const element = h('dialog', { 'aria-labelledby': titleId }, h('h2', { id: titleId }, title), form);
    const close = (value) => { element.close(); element.remove(); resolve(value); };
    build(form, close);
    form.append(box, h('div', { class: 'buttons' },
      h('button', { type: 'button', class: 'secondary', onclick: () => close(null) }, t('cancel')),
      onSubmit ? h('button', { type: 'submit', class: danger ? 'danger' : 'primary' }, submitLabel) : null));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!onSubmit) return;
      const submit = form.querySelector('button[type=submit]');
      submit.disabled = true;
      try {
        close(await onSubmit(form));
      } catch (error) {
        showError(box, error);
      } finally {
        submit.disabled = false;
      }
    });
    element.addEventListener('cancel', (event) => { event.preventDefault(); close(null); });
    document.body.append(element);
    element.showModal();
    const first = form.querySelector('input, select, textarea, button');
    first?.focus();
  });
}

// Asks to confirm `message`; resolves true/false.
export async function confirmDialog(title, message, { danger = false, label } = {}) {
  const result = await dialog(title, (form) => form.append(h('p', {}, message)),
    { onSubmit: async () => true, danger, submitLabel: label || t('confirm') });
  return result === true;
}

// The shown-once dialog: the secret with a copy button. The value lives
// only in this dialog's DOM and is gone when it closes.
export function secretDialog(title, secret, help = t('shown_once_help')) {
  return dialog(title, (form, close) => {
    const output = h('input', { type: 'text', readonly: true, value: secret, class: 'secret', 'aria-label': t('token'), 'data-secret': '' });
    const copy = h('button', { type: 'button', class: 'primary', onclick: async () => {
      output.select();
      try { await navigator.clipboard.writeText(secret); } catch { document.execCommand?.('copy'); }
      copy.textContent = t('copied');
      announce(t('copied'));
    } }, t('copy'));
    form.append(h('p', {}, help), h('div', { class: 'row' }, output, copy),
      h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'primary', onclick: () => close(true) }, t('close'))));
  });
}

// A table with a caption; `columns` are [label, row => cell].
export function table(caption, columns, rows, { empty = t('no_records'), rowAttrs = () => ({}) } = {}) {
  if (!rows.length) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, columns.map(([label]) => h('th', { scope: 'col' }, label)))),
    h('tbody', {}, rows.map((row) => h('tr', rowAttrs(row), columns.map(([label, cell]) => h('td', { 'data-label': label }, cell(row))))))));
}

export function statusBadge(status) {
  return h('span', { class: `badge ${status}` }, t(status));
}
