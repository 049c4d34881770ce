// Sign-in: the pasted token goes once to POST /v1/console/session and is
// then dropped; the browser keeps only the HttpOnly session cookie.
import { signIn } from '../api.js';
import { h, field, errorBox, showError } from '../ui.js';
import { t } from '../i18n.js';

export function render(main, { onSignedIn }) {
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true, spellcheck: 'false', id: 'signin-token' });
  const box = errorBox();
  const form = h('form', { class: 'card narrow', id: 'signin-form' },
    h('h1', {}, t('sign_in_title')),
    h('p', {}, t('sign_in_help')),
    field(t('token'), input),
    box,
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('sign_in'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const session = await signIn(input.value.trim());
      input.value = '';
      onSignedIn(session);
    } catch (error) {
      showError(box, error);
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
  main.append(form);
  input.focus();
}
