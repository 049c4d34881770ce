// The console's shell: sign-in, the navigation, the language switch and
// the hash routes (#/a/<account>/tokens, ...). Each screen is a module of
// screens/ exporting render(main, context).
import { currentSession, signOut, setUnauthenticatedHandler } from './api.js';
import { h } from './ui.js';
import { t, languages, language, setLanguage } from './i18n.js';
import * as signin from './screens/signin.js';
import * as accounts from './screens/accounts.js';
import * as tokens from './screens/tokens.js';
import * as token from './screens/token.js';
import * as groups from './screens/groups.js';
import * as users from './screens/users.js';
import * as settings from './screens/settings.js';
import * as grants from './screens/grants.js';
import * as audit from './screens/audit.js';
import * as analytics from './screens/analytics.js';
import * as webhooks from './screens/webhooks.js';

const screens = { tokens, groups, users, settings, grants, webhooks, analytics, audit };
const state = { session: null };
let cleanup = null;

function main() { return document.getElementById('main'); }

// The route of the current hash: {account, screen, id}.
function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'a' && parts[1]) return { account: parts[1], screen: parts[2] || 'tokens', id: parts[3] };
  if (parts[0] === 'accounts') return { screen: 'accounts' };
  return { screen: '' };
}

export function go(path) {
  if (location.hash === '#' + path) render();
  else location.hash = path;
}

function homeOf(session) {
  return session.operator ? '/accounts' : `/a/${encodeURIComponent(session.account)}/tokens`;
}

function renderChrome(current) {
  document.title = t('app_title');
  document.querySelector('.skip').textContent = t('skip');
  document.getElementById('lang-label').textContent = t('language');
  const select = document.getElementById('lang');
  select.replaceChildren(...languages.map(([code, label]) => h('option', { value: code }, label)));
  select.value = language();
  const out = document.getElementById('sign-out');
  out.textContent = t('sign_out');
  out.hidden = !state.session;
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('nav'));
  const who = document.getElementById('who');
  who.replaceChildren();
  nav.replaceChildren();
  if (!state.session) return;
  who.textContent = t('signed_in_as', { token: state.session.token, account: state.session.account });
  const items = [];
  if (state.session.operator) items.push(['/accounts', t('accounts'), current.screen === 'accounts']);
  const account = current.account || (state.session.operator ? null : state.session.account);
  if (account) {
    for (const name of Object.keys(screens)) {
      items.push([`/a/${encodeURIComponent(account)}/${name}`, t(name), current.screen === name]);
    }
  }
  nav.append(h('ul', {}, items.map(([path, label, active]) =>
    h('li', {}, h('a', { href: '#' + path, 'aria-current': active ? 'page' : null }, label)))));
}

async function render() {
  if (cleanup) { cleanup(); cleanup = null; }
  const current = route();
  renderChrome(current);
  // Each render gets its own container: a screen still loading from an
  // earlier render fills a container that is no longer on the page.
  const root = h('div', { class: 'screen' });
  main().replaceChildren(root);
  if (!state.session) {
    signin.render(root, { onSignedIn: (session) => { state.session = session; go(homeOf(session)); } });
    return;
  }
  let done = null;
  if (current.screen === 'accounts' && state.session.operator) {
    done = await accounts.render(root, { session: state.session, go });
  } else if (current.account && current.screen === 'tokens' && current.id) {
    done = await token.render(root, { session: state.session, account: current.account, id: current.id, go });
  } else if (current.account && screens[current.screen]) {
    done = await screens[current.screen].render(root, { session: state.session, account: current.account, id: current.id, go });
  } else {
    go(homeOf(state.session));
    return;
  }
  if (!root.isConnected) { if (done) done(); return; }
  cleanup = done;
  if (!document.querySelector('dialog[open]')) main().focus({ preventScroll: true });
}

async function start() {
  document.documentElement.lang = language();
  document.getElementById('lang').addEventListener('change', (event) => { setLanguage(event.target.value); render(); });
  document.getElementById('sign-out').addEventListener('click', async () => {
    try { await signOut(); } catch { /* the session is gone either way */ }
    state.session = null;
    location.hash = '';
    render();
  });
  setUnauthenticatedHandler(() => {
    if (!state.session) return;
    state.session = null;
    render();
  });
  window.addEventListener('hashchange', render);
  state.session = await currentSession();
  render();
}

start();
