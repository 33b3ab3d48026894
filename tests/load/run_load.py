"""Load run: gunicorn (4 workers) and simulated clerks and leaders; see tests/load/README.md. Not a pytest file."""

import argparse
import http.cookiejar
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "Load-test-2023!"
# Record types clerks edit: each has a free-text `note`, so an edit is a unique token we can look for later.
EDITED = [
    "bureau.enterprise",
    "projects.projectapplication",
    "patents.patent",
    "awards.appraisal",
    "bureau.certification",
]
SETUP_SCRIPT = """
import json, sys, django
django.setup()
from django.contrib.auth.models import Group
from django.contrib.auth import get_user_model
from bureau.devtools import demo
from bureau.registry import registry
from tests.reliability.builders import new_record
demo.demo_ledger_load()
User = get_user_model()
for n in range({clerks}):
    u = User.objects.create_user(f"clerk{{n}}", password={password!r}); u.groups.add(Group.objects.get(name="录入员"))
for n in range({leaders}):
    u = User.objects.create_user(f"leader{{n}}", password={password!r}); u.groups.add(Group.objects.get(name="领导"))
targets = {{}}
for label in {edited!r}:
    model = registry.by_label(label).model
    while model.objects.count() < 20:
        new_record(model)
    targets[label] = list(model.objects.values_list("pk", flat=True)[:20])
print(json.dumps(targets))
"""
VERIFY_SCRIPT = """
import json, sys, django
django.setup()
from bureau.registry import registry
edits = json.load(sys.stdin)
missing = [e for e in edits if not registry.by_label(e[0]).model.history.filter(id=e[1], note=e[2]).exists()]
print(json.dumps({"checked": len(edits), "missing": missing[:20], "missing_count": len(missing)}))
"""


class FormParser(HTMLParser):
    """Collects the fields of the page's POST form that carries a `version` (the record's edit form)."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = {"method": (a.get("method") or "get").lower(), "fields": []}
        elif self.current is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "file"}:
                self.current["fields"].append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.current["fields"].append((self.select, a.get("value", "")))
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea and self.current is not None:
            self.current["fields"].append(tuple(self.textarea))
            self.textarea = None
        elif tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None

    def edit_form(self) -> list | None:
        for form in self.forms:
            if form["method"] == "post" and any(name == "version" for name, _ in form["fields"]):
                return form["fields"]
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(int)
        self.conflicts = 0
        self.acknowledged = []

    def add(self, page, seconds, ok):
        with self.lock:
            self.times[page].append(seconds)
            if not ok:
                self.errors[page] += 1


class SimUser:
    def __init__(self, base, username, stats, targets):
        self.base, self.username, self.stats, self.targets = base, username, stats, targets
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def csrf(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, page, path, data=None, ok=(200,)):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Referer": self.base + path}
        if data is not None:
            headers["X-CSRFToken"] = self.csrf()
        req = urllib.request.Request(self.base + path, data=body, headers=headers)
        start = time.perf_counter()
        try:
            with self.opener.open(req, timeout=60) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        except OSError:
            status, content = 0, b""
        self.stats.add(page, time.perf_counter() - start, status in ok)
        return status, content.decode("utf-8", "replace")

    def login(self):
        self.request("login form", "/accounts/login/")
        status, _ = self.request(
            "login",
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
            ok=(302,),
        )
        return status == 302

    def clerk_step(self):
        label = random.choice(EDITED)
        app, model = label.split(".")
        self.request("list", f"/{app}/{model}/")
        self.request(
            "list filtered", f"/{app}/{model}/?" + urllib.parse.urlencode({"q": random.choice("科技公司中心县市")})
        )
        pk = random.choice(self.targets[label])
        self.request("detail", f"/{app}/{model}/{pk}/")
        status, html = self.request("edit form", f"/{app}/{model}/{pk}/edit/")
        parser = FormParser()
        parser.feed(html)
        fields = parser.edit_form()
        if status != 200 or fields is None:
            return
        token = f"load-{secrets.token_hex(6)}"
        data = [(name, value) for name, value in fields if name != "note"] + [("note", token)]
        status, html = self.request("edit save", f"/{app}/{model}/{pk}/edit/", data, ok=(302, 200))
        if status == 302:
            with self.stats.lock:
                self.stats.acknowledged.append([label, pk, token])
        elif "此记录已被他人修改" in html:
            with self.stats.lock:
                self.stats.conflicts += 1
        else:
            self.stats.add("edit save (refused)", 0, False)

    def leader_step(self):
        self.request("dashboard", "/")
        if random.random() < 0.2:
            self.request("report draft", "/reports/2023/draft.pdf")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=120)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="ledger-load-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bureau.settings.test", "LEDGER_VAR_DIR": str(var_dir)}
    if args.database == "sqlite":
        env.pop("DATABASE_URL", None)
    elif not env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("--database postgres needs DATABASE_URL=postgresql://… (an empty database)")
    python = sys.executable
    clerks = max(1, args.users * 4 // 5)
    leaders = args.users - clerks
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
    script = SETUP_SCRIPT.format(clerks=clerks, leaders=leaders, password=PASSWORD, edited=EDITED)
    setup = subprocess.run([python, "-c", script], cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True)
    targets = json.loads(setup.stdout.strip().splitlines()[-1])

    port = free_port()
    gunicorn = Path(python).with_name("gunicorn")
    log = (var_dir / "gunicorn.log").open("w")  # closed when the script exits
    server = subprocess.Popen(
        [
            str(gunicorn),
            "bureau.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        stats = Stats()
        deadline = time.monotonic() + args.duration

        def run(username, clerk):
            user = SimUser(base, username, stats, targets)
            if not user.login():
                return
            while time.monotonic() < deadline:
                user.clerk_step() if clerk else user.leader_step()

        threads = [threading.Thread(target=run, args=(f"clerk{n}", True)) for n in range(clerks)]
        threads += [threading.Thread(target=run, args=(f"leader{n}", False)) for n in range(leaders)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    verify = subprocess.run(
        [python, "-c", VERIFY_SCRIPT],
        cwd=BASE_DIR,
        env=env,
        input=json.dumps(stats.acknowledged),
        capture_output=True,
        text=True,
        check=True,
    )
    lost = json.loads(verify.stdout.strip().splitlines()[-1])
    total = sum(len(t) for t in stats.times.values())
    print(
        f"\n{args.database}, {args.users} users, {args.workers} workers, {elapsed:.0f} s: "
        f"{total} requests, {total / elapsed:.1f} requests/s"
    )
    print(f"{'page':<22}{'count':>7}{'median ms':>11}{'p95 ms':>9}{'errors':>8}")
    for page, times in sorted(stats.times.items()):
        times = sorted(times)
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        median = statistics.median(times) * 1000
        print(f"{page:<22}{len(times):>7}{median:>11.0f}{p95 * 1000:>9.0f}{stats.errors[page]:>8}")
    print(
        f"errors: {sum(stats.errors.values())}; "
        f"edit conflicts shown to the user (此记录已被他人修改): {stats.conflicts}"
    )
    print(
        f"acknowledged edits: {lost['checked']}, missing from the database: {lost['missing_count']} {lost['missing']}"
    )
    return 1 if sum(stats.errors.values()) or lost["missing_count"] else 0


if __name__ == "__main__":
    sys.exit(main())
