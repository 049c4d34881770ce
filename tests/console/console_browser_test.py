#!/usr/bin/python3
"""The admin console (issue 16, docs/console.md) in a real headless Chromium.

Starts `keytrail serve` on a free loopback port with a fresh data directory,
reads the operator token it writes, and drives the console through Selenium:
sign-in, accounts, groups, tokens (create / shown once / search /
regenerate / disable / reveal refused and allowed / delete), a user and a
personal token, a token's timeline after real POST /v1/verify calls, account
isolation, CSRF and ended sessions, keyboard-only creation. Screenshots of
the main screens go to the artifacts directory.

usage: console_browser_test.py [keytrail binary] [artifacts dir]
  (or KEYTRAIL_BINARY; artifacts default to a temporary directory)
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

SECRET_RE = re.compile(r"kt_[0-9A-Za-z]{38}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, data_dir):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(os.path.dirname(data_dir), "serve.log"), "w+")
        self.process = subprocess.Popen(
            [binary, "serve", "--listen", f"127.0.0.1:{self.port}",
             "--data", data_dir, "--durability", "async", "--log-level", "warn",
             "--webhooks-allow-http-loopback"],
            stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.time() + 30
        self.operator = None
        # stderr is a file, so the first start writes the operator token to
        # <data>/operator-token (docs/deploy.md, "First start").
        token_file = os.path.join(data_dir, "operator-token")
        while time.time() < deadline:
            match = None
            if os.path.exists(token_file):
                with open(token_file) as f:
                    match = SECRET_RE.search(f.read())
            if match and self.ready():
                self.operator = match.group(0)
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("keytrail serve did not start")

    def ready(self):
        try:
            return self.call("GET", "/readyz")[0] == 200
        except OSError:
            return False

    def call(self, method, path, body=None, token=None, headers=None):
        request = urllib.request.Request(self.base + path, method=method)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, data, timeout=10) as response:
                text = response.read().decode()
                return response.status, (json.loads(text) if text.startswith("{") else text), response.headers
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, (json.loads(text) if text.startswith("{") else text), error.headers

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Console:
    """The browser, with the few moves the test makes over and over."""

    def __init__(self, server, artifacts):
        self.server = server
        self.artifacts = artifacts
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,900",
                     "--lang=en-US", "--no-first-run"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
        self.driver = webdriver.Chrome(service=service, options=options)
        # Lists re-render after each action: an element found just before
        # may be replaced, so a stale one is looked up again.
        self.wait = WebDriverWait(self.driver, 30, ignored_exceptions=(StaleElementReferenceException,))

    def quit(self):
        self.driver.quit()

    def find(self, css):
        return self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def click(self, css):
        for attempt in range(5):
            element = self.wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, css)))
            try:
                element.click()
                return element
            except StaleElementReferenceException:
                if attempt == 4:
                    raise
                time.sleep(0.1)

    def gone(self, css):
        self.wait.until(EC.invisibility_of_element_located((By.CSS_SELECTOR, css)))

    def type(self, css, text, clear=True):
        element = self.find(css)
        if clear:
            element.clear()
        element.send_keys(text)
        return element

    def open(self, hash_path=""):
        self.driver.get(f"{self.server.base}/console/{hash_path}")

    def go(self, hash_path):
        self.driver.execute_script("location.hash = arguments[0]", hash_path)

    def shot(self, name):
        time.sleep(0.2)
        self.driver.save_screenshot(os.path.join(self.artifacts, f"console-{name}.png"))

    def sign_in(self, token):
        self.open()
        self.type("#signin-token", token)
        self.click("#signin-form button[type=submit]")
        self.find("#sign-out")

    def sign_out(self):
        self.click("#sign-out")
        self.find("#signin-token")

    def submit_dialog(self):
        self.click("dialog[open] button[type=submit]")

    def dialog_error(self):
        return self.find("dialog[open] .error").text

    def read_secret_and_close(self):
        value = self.find("dialog[open] input[data-secret]").get_attribute("value")
        assert SECRET_RE.fullmatch(value), value
        self.click("dialog[open] .buttons button.primary")
        self.gone("dialog[open]")
        return value

    def row(self, token_id):
        return self.find(f"tr[data-token-id='{token_id}']")

    def row_action(self, token_id, action):
        self.click(f"tr[data-token-id='{token_id}'] button[data-action='{action}']")

    def cookie(self):
        return self.driver.get_cookie("kt_session")

    def severe_console_errors(self):
        # API refusals the test provokes on purpose show up as "network"
        # entries; anything else (a script error, a CSP violation) fails.
        return [entry for entry in self.driver.get_log("browser")
                if entry["level"] == "SEVERE" and entry.get("source") != "network"]


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def token_id_by_name(server, token, account, name):
    status, page, _ = server.call("GET", f"/v1/accounts/{account}/tokens?q={urllib.parse.quote(name)}", token=token)
    check(status == 200, page)
    return [t for t in page["items"] if t["name"] == name][0]["id"]


def run(binary, artifacts):
    work = tempfile.mkdtemp(prefix="keytrail-console-")
    server = Server(binary, os.path.join(work, "data"))
    console = Console(server, artifacts)
    started = time.time()
    try:
        scenario(server, console)
        errors = console.severe_console_errors()
        check(not errors, f"browser console errors: {errors}")
    except Exception:
        console.shot("failure")
        raise
    finally:
        console.quit()
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"console browser test passed in {time.time() - started:.1f} s; screenshots in {artifacts}")


def scenario(server, c):
    op = server.operator
    # --- Assets: CSP and friends; /console redirects.
    status, body, headers = server.call("GET", "/console/")
    check(status == 200 and "app.js" in body, "index.html")
    csp = headers["Content-Security-Policy"]
    check("default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp, csp)
    check(headers["X-Content-Type-Options"] == "nosniff", "nosniff")

    # --- Operator signs in (the token never reaches a URL or storage).
    c.sign_in(op)
    check(op not in c.driver.current_url, "token in URL")
    storage = c.driver.execute_script("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)")
    check(op not in storage, "token in storage")
    cookie = c.cookie()
    check(cookie and cookie["httpOnly"] and cookie.get("sameSite") == "Strict", f"cookie {cookie}")
    check(c.driver.execute_script("return document.cookie").find("kt_session") < 0, "cookie visible to JS")

    # --- Accounts: acme and globex.
    for account in ("acme", "globex"):
        c.find("#accounts-list")
        c.click("#accounts-create")
        c.type("#account-id", account)
        c.type("#account-name", account.title())
        c.submit_dialog()
        c.find(f"tr[data-account-id='{account}']")
    c.shot("accounts")

    # --- Groups of acme: an API group with full access, a user group.
    c.go("/a/acme/groups")
    for name, kind, full in (("Admins", "api", True), ("Staff", "user", False)):
        c.click("#groups-create")
        c.type("#group-name", name)
        Select(c.find("#group-type")).select_by_value(kind)
        if full:
            c.click("#group-full")
        else:
            c.type("#group-permissions", "tokens:view")
        if full:  # the API group binds its tokens to loopback, with one shared limit
            c.type("#group-cidrs", "127.0.0.0/8")
            c.type("#group-limit", "5000")
            c.type("#group-window", "60")
        c.submit_dialog()
        c.gone("dialog[open]")
    c.find("#groups-list tr[data-group-id]")
    admins = [g for g in server.call("GET", "/v1/accounts/acme/groups", token=op)[1]["items"] if g["name"] == "Admins"][0]
    check(admins["bound_cidrs"] == ["127.0.0.0/8"] and admins["rate_limit"]["limit"] == 5000, admins)

    # --- Create the account admin's token: shown once, then used to sign in.
    c.go("/a/acme/tokens")
    c.click("#tokens-create")
    c.submit_dialog()  # the description is required: the browser refuses
    c.find("dialog[open] #create-name:invalid")
    c.type("#create-name", "Acme admin")
    c.submit_dialog()
    admin_secret = c.read_secret_and_close()
    status, verified, _ = server.call("POST", "/v1/verify", {"token": admin_secret})
    check(verified["valid"] and verified["account"] == "acme", verified)
    c.sign_out()

    c.sign_in(admin_secret)
    check("acme" in c.find("#who").text, "signed in to acme")
    c.find("#tokens-results")
    # A second token, found by search.
    c.click("#tokens-create")
    c.type("#create-name", "Integração Portal X")
    c.type("#create-description", "nightly import")
    c.submit_dialog()
    portal_secret = c.read_secret_and_close()
    portal_id = token_id_by_name(server, admin_secret, "acme", "Integração Portal X")
    c.type("#tokens-q", "portal")
    c.click("#tokens-find")
    c.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#tokens-results tr[data-token-id]")) == 1)
    c.row(portal_id)
    c.shot("tokens")

    # Reveal refused: the account keeps secrets "once".
    c.row_action(portal_id, "reveal")
    c.submit_dialog()
    check("NOT_REVEALABLE" in c.dialog_error() or "reveal" in c.dialog_error().lower(), c.dialog_error())
    c.click("dialog[open] button.secondary")

    # Regenerate: the old value stops at once.
    c.row_action(portal_id, "regenerate")
    check(c.find("dialog[open] .warning").text, "regenerate warning")
    c.submit_dialog()
    new_portal = c.read_secret_and_close()
    check(new_portal != portal_secret, "new secret")
    check(server.call("POST", "/v1/verify", {"token": portal_secret})[1]["code"] == "REVOKED", "old secret revoked")

    # Renew (extend): refused in the form for a token that never expires
    # (the API's error, with what was typed kept), then done once it has an
    # expiry: the expiry moves 30 days later and the secret stays the same.
    c.row_action(portal_id, "extend")
    c.type("dialog[open] input[name=days]", "30")
    c.submit_dialog()
    check("never expires" in c.dialog_error(), c.dialog_error())
    check(c.find("dialog[open] input[name=days]").get_attribute("value") == "30", "typed days kept")
    c.click("dialog[open] button.secondary")
    in_30_days = time.strftime("%Y-%m-%dT00:00:00Z", time.gmtime(time.time() + 30 * 86400))
    in_60_days = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 60 * 86400))
    status, patched, _ = server.call("PATCH", f"/v1/accounts/acme/tokens/{portal_id}",
                                     {"expires_at": in_30_days}, token=admin_secret)
    check(status == 200, patched)
    c.go("/a/acme/tokens")
    c.row_action(portal_id, "extend")
    c.type("dialog[open] input[name=days]", "30")
    c.submit_dialog()
    c.wait.until(lambda d: server.call("GET", f"/v1/accounts/acme/tokens/{portal_id}",
                                       token=admin_secret)[1]["expires_at"].startswith(in_60_days))
    check(server.call("POST", "/v1/verify", {"token": new_portal})[1]["valid"], "extended token still valid")

    # Disable, then enable.
    c.row_action(portal_id, "disable")
    c.submit_dialog()
    c.find(f"tr[data-token-id='{portal_id}'][data-status='disabled']")
    check(server.call("POST", "/v1/verify", {"token": new_portal})[1]["code"] == "DISABLED", "disabled")
    c.row_action(portal_id, "enable")
    c.submit_dialog()
    c.find(f"tr[data-token-id='{portal_id}'][data-status='active']")

    # Settings: revealable; a regenerated secret can then be shown (after a confirmation).
    c.go("/a/acme/settings")
    c.type("#settings-ttl", "90")
    c.type("#settings-max-ttl", "400")  # the expiry policy
    Select(c.find("#settings-visibility")).select_by_value("revealable")
    c.click("#settings-form button[type=submit]")
    c.wait.until(lambda d: server.call("GET", "/v1/accounts/acme", token=admin_secret)[1]["settings"]["secret_visibility"] == "revealable")
    check(server.call("GET", "/v1/accounts/acme", token=admin_secret)[1]["settings"]["max_token_ttl_days"] == 400,
          "expiry policy saved")
    c.shot("settings")
    c.go("/a/acme/tokens")
    c.row_action(portal_id, "regenerate")
    c.submit_dialog()
    revealable = c.read_secret_and_close()
    c.row_action(portal_id, "reveal")
    c.find("dialog[open] p")  # the confirmation comes first
    c.submit_dialog()
    shown = c.find("dialog[open] input[data-secret]").get_attribute("value")
    check(shown == revealable, "revealed value")
    c.click("dialog[open] .buttons button.primary")
    # The create form now proposes the account's default expiry (90 days).
    c.click("#tokens-create")
    check(c.find("#create-expires").get_attribute("value") != "", "default expiry")
    c.click("dialog[open] button.secondary")

    # Timeline after real verifications.
    for _ in range(3):
        check(server.call("POST", "/v1/verify", {"token": revealable})[1]["valid"], "verify")
    time.sleep(2.5)  # usage is flushed to the log about every second
    c.go(f"/a/acme/tokens/{portal_id}")
    c.find("tr.usage-ip")
    c.find("svg.chart rect.bar")
    c.find("tr[data-type='TokenRegenerated']")
    c.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "tr[data-type='TokenUsed']") or d.refresh() or False)
    c.shot("timeline")

    # Metadata, bound CIDRs, a rate limit and credits, edited on the token's
    # page: bad JSON stays in the dialog; then verification hands the
    # metadata on and spends a credit.
    c.click("#token-limits")
    c.type("#limits-metadata", "not json")
    c.submit_dialog()
    check(c.dialog_error(), "metadata error shown")
    c.type("#limits-metadata", '{"plan": "gold"}')
    c.type("#limits-cidrs", "127.0.0.0/8")
    c.type("#limits-limit", "1000")
    c.type("#limits-window", "60")
    c.type("#limits-identity", "customer-42")
    c.type("#limits-credits", "500")
    c.type("#limits-refill", "500")
    c.submit_dialog()
    c.wait.until(lambda d: "gold" in d.find_element(By.ID, "token-metadata").text)
    c.wait.until(lambda d: "500" in d.find_element(By.ID, "token-credits").text)
    detail = server.call("GET", f"/v1/accounts/acme/tokens/{portal_id}", token=admin_secret)[1]
    check(detail["bound_cidrs"] == ["127.0.0.0/8"] and detail["rate_limit"]["limit"] == 1000, detail)
    check(detail["identity"] == "customer-42", detail)
    check(detail["credits"] == {"remaining": 500, "leased": 0,
                                "refill": {"amount": 500, "interval": "monthly"}}, detail)
    verified = server.call("POST", "/v1/verify", {"token": revealable})[1]
    check(verified["valid"] and verified["meta"] == {"plan": "gold"}, verified)
    check(verified["credits"]["remaining"] == 499, verified)

    # Analytics: the verifications above, counted by outcome.
    c.go("/a/acme/analytics")
    c.wait.until(lambda d: "VALID" in d.find_element(By.ID, "analytics-results").text)

    # Webhooks: subscribe (the signing secret shown once), see it listed,
    # open its delivery log, remove it.
    c.go("/a/acme/webhooks")
    c.click("#webhooks-create")
    c.type("#webhook-url", "http://127.0.0.1:9/hook")
    c.submit_dialog()
    webhook_secret = c.find("dialog[open] input[data-secret]").get_attribute("value")
    check(webhook_secret.startswith("whsec_"), webhook_secret)
    c.click("dialog[open] .buttons button.primary")
    c.find("#webhooks-list tr[data-webhook-id]")
    hooks = server.call("GET", "/v1/accounts/acme/webhooks", token=admin_secret)[1]["items"]
    check(len(hooks) == 1 and hooks[0]["url"] == "http://127.0.0.1:9/hook", hooks)
    check(webhook_secret not in json.dumps(hooks), "webhook secret listed")
    c.click("#webhooks-list button[data-action=deliveries]")
    c.find("#webhook-deliveries h2")
    c.shot("webhooks")
    c.click("#webhooks-list button[data-action=remove]")
    c.submit_dialog()
    c.wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#webhooks-list tr[data-webhook-id]"))

    # Delete with confirmation.
    c.go("/a/acme/tokens")
    c.row_action(portal_id, "delete")
    c.submit_dialog()
    c.wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, f"tr[data-token-id='{portal_id}']"))
    check(server.call("POST", "/v1/verify", {"token": revealable})[1]["code"] == "REVOKED", "deleted")

    # --- A user and a personal token (made acting as the user).
    c.go("/a/acme/users")
    c.click("#users-create")
    c.type("#user-email", "ana@acme.test")
    c.type("#user-name", "Ana")
    c.click("dialog[open] input[name=groups]")
    c.submit_dialog()
    c.gone("dialog[open]")
    c.click("#users-list a")
    c.click("#personal-create")
    c.type("#personal-name", "Ana laptop")
    c.submit_dialog()
    personal = c.read_secret_and_close()
    status, verified, _ = server.call("POST", "/v1/verify", {"token": personal})
    check(verified["valid"] and verified["kind"] == "personal", verified)
    c.find("#user-detail tr[data-token-id]")
    c.shot("users")

    # --- Audit: the live tail and the signed head.
    c.go("/a/acme/audit")
    c.find("#audit-rows tr[data-type='TokenCreated']")
    c.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#head-verdict").get_attribute("data-verdict") in ("true", "null"))
    verdict = c.find("#head-verdict").get_attribute("data-verdict")
    c.shot("audit")

    # --- Keyboard only: create a token with Tab/Enter/typing.
    c.go("/a/acme/tokens")
    create = c.find("#tokens-create")
    c.driver.execute_script("arguments[0].focus()", create)
    create.send_keys(Keys.ENTER)
    name = c.find("dialog[open] #create-name")
    check(c.driver.switch_to.active_element == name, "focus in the dialog")
    name.send_keys("Keyboard token")
    c.driver.switch_to.active_element.send_keys(Keys.ENTER)
    keyboard_secret = c.read_secret_and_close()
    check(server.call("POST", "/v1/verify", {"token": keyboard_secret})[1]["valid"], "keyboard token")

    # --- CSRF: a write with the session cookie but no X-CSRF-Token is refused.
    session_cookie = f"kt_session={c.cookie()['value']}"
    status, problem, _ = server.call("POST", "/v1/accounts/acme/groups",
                                     {"name": "x", "type": "api", "permissions": []},
                                     headers={"Cookie": session_cookie})
    check(status == 403, f"CSRF {status} {problem}")
    status, _, _ = server.call("GET", "/v1/accounts/acme/tokens", headers={"Cookie": session_cookie})
    check(status == 200, "cookie GET")

    # --- Sign-out ends the session server-side: the old cookie is refused.
    c.sign_out()
    status, _, _ = server.call("GET", "/v1/accounts/acme/tokens", headers={"Cookie": session_cookie})
    check(status == 401, f"ended session answered {status}")

    # --- Isolation: globex's admin sees nothing of acme.
    status, group, _ = server.call("POST", "/v1/accounts/globex/groups",
                                   {"name": "Admins", "type": "api", "permissions": ["*"]}, token=op)
    status, globex_token, _ = server.call("POST", "/v1/accounts/globex/tokens",
                                          {"name": "Globex admin", "groups": [group["id"]]}, token=op)
    c.sign_in(globex_token["secret"])
    check("globex" in c.find("#who").text, "globex")
    c.find("#tokens-results .empty, #tokens-results tr")
    check("Acme admin" not in c.driver.page_source, "acme's token seen from globex")
    c.go("/a/acme/tokens")
    c.find("#main .error")  # NOT_FOUND for another account
    check("Acme admin" not in c.driver.page_source, "acme's token seen from globex")

    # --- Failed and successful sign-ins are in the log.
    c.sign_out()
    c.open()
    c.type("#signin-token", "kt_" + "A" * 38)
    c.click("#signin-form button[type=submit]")
    check("UNAUTHENTICATED" in c.find("#signin-form .error").text.upper() or c.find("#signin-form .error").text, "sign-in error")
    c.shot("signin")
    status, events, _ = server.call("GET", "/v1/audit?account=acme&limit=1000", token=op)
    types = [e["type"] for e in events["items"]]
    check("ConsoleSignedIn" in types and "ConsoleSignedOut" in types, types)
    status, events, _ = server.call("GET", "/v1/audit?limit=1000&type=ConsoleSignInFailed", token=op)
    check(len(events["items"]) >= 1, "failed sign-in event")
    check(all("kt_" not in json.dumps(e) for e in events["items"]), "a secret in the log")
    c.driver.set_window_size(390, 844)  # phone width
    c.sign_in(admin_secret)
    c.find("#tokens-results")
    c.shot("tokens-phone")
    # The language switch: Portuguese, the source documents' language.
    c.driver.set_window_size(1280, 900)
    Select(c.find("#lang")).select_by_value("pt-BR")
    c.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#main h1").text == "Tokens de API")
    check(c.find("#tokens-create").text == "Cadastrar", "pt-BR labels")
    c.find("#tokens-results")
    c.shot("tokens-pt")
    print(f"head verdict in the browser: {verdict}")


if __name__ == "__main__":
    import urllib.parse  # noqa: F401  (token_id_by_name)
    binary = os.environ.get("KEYTRAIL_BINARY") or (sys.argv[1] if len(sys.argv) > 1 else None)
    if not binary:
        sys.exit("usage: console_browser_test.py <keytrail binary> [artifacts dir]")
    artifacts = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="console-shots-")
    os.makedirs(artifacts, exist_ok=True)
    run(binary, artifacts)
