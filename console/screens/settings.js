// Plan and settings: the plan (the operator changes it), the default
// token duration, the expiry policy (maximum lifetime), the prefix of new
// secrets and whether secrets may be shown again.
import { api, accountPath } from '../api.js';
import { h, field, errorBox, showError, announce } from '../ui.js';
import { t } from '../i18n.js';

export async function render(main, { account, session }) {
  const box = errorBox();
  main.append(h('h1', {}, t('settings')), box);
  let data;
  try {
    data = await api('GET', accountPath(account));
  } catch (error) {
    showError(box, error);
    return;
  }
  const ttl = h('input', { type: 'number', min: 1, max: 3650, name: 'default_token_ttl_days', id: 'settings-ttl',
    value: data.settings.default_token_ttl_days ?? '' });
  const maxTtl = h('input', { type: 'number', min: 1, max: 3650, name: 'max_token_ttl_days', id: 'settings-max-ttl',
    value: data.settings.max_token_ttl_days ?? '' });
  const prefix = h('input', { type: 'text', name: 'token_prefix', id: 'settings-prefix', maxlength: 17,
    pattern: '[a-z0-9]{1,16}_', placeholder: 'kt_', value: data.settings.token_prefix ?? '' });
  const visibility = h('select', { name: 'secret_visibility', id: 'settings-visibility' },
    h('option', { value: 'once' }, t('visibility_once')), h('option', { value: 'revealable' }, t('visibility_revealable')));
  visibility.value = data.settings.secret_visibility;
  const settingsBox = errorBox();
  const settingsForm = h('form', { class: 'card', id: 'settings-form' },
    h('h2', {}, t('settings')), field(t('default_ttl'), ttl), field(t('max_ttl'), maxTtl),
    field(t('token_prefix'), prefix), field(t('visibility'), visibility), settingsBox,
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('save'))));
  settingsForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const body = { default_token_ttl_days: ttl.value ? Number(ttl.value) : null,
        max_token_ttl_days: maxTtl.value ? Number(maxTtl.value) : null, secret_visibility: visibility.value };
      // The prefix is sent only when changed: each change is an event.
      const newPrefix = prefix.value || 'kt_';
      if (newPrefix !== (data.settings.token_prefix || 'kt_')) body.token_prefix = newPrefix;
      await api('PATCH', accountPath(account, '/settings'), { body });
      data.settings.token_prefix = newPrefix;
      showError(settingsBox, null);
      announce(t('saved'));
    } catch (error) {
      showError(settingsBox, error);
    }
  });

  const planName = h('input', { type: 'text', name: 'plan', value: data.plan.name, id: 'plan-name', disabled: !session.operator });
  const access = h('input', { type: 'checkbox', name: 'api_access', checked: data.plan.api_access, id: 'plan-access', disabled: !session.operator });
  const max = h('input', { type: 'number', min: 0, name: 'max_active_tokens', value: data.plan.max_active_tokens ?? '', id: 'plan-max', disabled: !session.operator });
  const planBox = errorBox();
  const planForm = h('form', { class: 'card', id: 'plan-form' },
    h('h2', {}, t('plan')), field(t('name'), planName), h('label', { class: 'check' }, access, t('api_access')),
    field(t('max_tokens'), max), planBox,
    session.operator ? h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('save'))) : null);
  planForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('PUT', accountPath(account, '/plan'), { body: {
        name: planName.value, api_access: access.checked, max_active_tokens: max.value ? Number(max.value) : null } });
      showError(planBox, null);
      announce(t('saved'));
    } catch (error) {
      showError(planBox, error);
    }
  });
  main.append(h('div', { class: 'cards' }, settingsForm, planForm));
}
