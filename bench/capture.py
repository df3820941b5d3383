"""What the web app really sends when a page opens: headless Chromium runs the built SPA against a development
server on the benchmark database, signed in as each page's role, and records every GraphQL request.

`python -m bench capture-pages` opens the SPA on a neutral page (the shell mounts and sends its own operations,
which are not counted), then navigates inside the app to each page of `bench.app_pages` and records the requests
sent until the network is quiet. It prints, per page, the operations and variables it saw, and compares them with
the page's declaration in `bench/app_pages.py` (operation names, and each variable the declaration gives),
exiting non-zero on a difference. The SPA must be built (`frontend/dist`, `make build` or `npm run build`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from typing import Any

import httpx

from bench.harness import Server, free_port

NEUTRAL = "/kb"  # the shell mounts here; its own requests are sent before any page is captured
QUIET_SECONDS = 2.5  # the network is quiet when no GraphQL request started for this long


class Browser:
    """Headless Chromium driven over the DevTools protocol (one tab)."""

    def __init__(self) -> None:
        binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if binary is None:
            raise SystemExit("capture-pages needs Chromium: apt-get install chromium")
        self.port = free_port()
        self.profile = tempfile.TemporaryDirectory(prefix="bench-chromium-")
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile.name}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                tabs = httpx.get(f"http://127.0.0.1:{self.port}/json/list", timeout=2).json()
                page = next(t for t in tabs if t["type"] == "page")
                break
            except (httpx.HTTPError, StopIteration):
                if time.monotonic() > deadline:
                    raise RuntimeError("Chromium did not start") from None
                time.sleep(0.3)
        from websockets.sync.client import connect

        self.socket = connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=30)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []
        self.call("Network.enable")
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))
            self.events.append(message)

    def pump(self, seconds: float) -> None:
        """Collect events for `seconds`."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                self.events.append(json.loads(self.socket.recv(timeout=left)))
            except TimeoutError:
                return

    def graphql_requests(self, quiet: float = QUIET_SECONDS, limit: float = 30) -> list[dict[str, Any]]:
        """The GraphQL POST bodies sent from now until no new one started for `quiet` seconds."""
        found: list[dict[str, Any]] = []
        seen = len(self.events)
        started = last = time.monotonic()
        while time.monotonic() - last < quiet and time.monotonic() - started < limit:
            self.pump(0.25)
            for event in self.events[seen:]:
                if event.get("method") != "Network.requestWillBeSent":
                    continue
                request = event["params"]["request"]
                if request["url"].split("?")[0].endswith("/graphql") and request.get("method") == "POST":
                    body = request.get("postData")
                    if body is None:
                        body = self.call("Network.getRequestPostData", requestId=event["params"]["requestId"])[
                            "postData"
                        ]
                    found.append(json.loads(body))
                    last = time.monotonic()
            seen = len(self.events)
        return found

    def close(self) -> None:
        from bench.compare import _stop

        try:
            self.socket.close()
        finally:
            _stop(self.process)
            self.profile.cleanup()


def capture(
    server: Server, email: str, paths: list[str]
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """The shell's requests and, for each path, the requests its page sends on open (as `email`)."""
    cookie = server.login(email)
    name, value = cookie.split("=", 1)
    browser = Browser()
    try:
        browser.call("Network.setCookie", name=name, value=value, url=server.url, httpOnly=True)
        browser.call("Page.navigate", url=f"{server.url}{NEUTRAL}")
        shell = browser.graphql_requests(quiet=4)
        pages = {}
        for path in paths:
            script = (
                f"window.history.pushState({{}}, '', {json.dumps(path)});"
                "window.dispatchEvent(new PopStateEvent('popstate', {state: {}}));"
            )
            browser.call("Runtime.evaluate", expression=script)
            pages[path] = browser.graphql_requests()
            # Back to the neutral page, so the next page mounts afresh.
            back = (
                f"window.history.pushState({{}}, '', {json.dumps(NEUTRAL)});"
                "window.dispatchEvent(new PopStateEvent('popstate', {state: {}}));"
            )
            browser.call("Runtime.evaluate", expression=back)
            browser.graphql_requests(quiet=1.5)
        return shell, pages
    finally:
        browser.close()


def names(bodies: list[dict[str, Any]]) -> list[str]:
    return [str(b.get("operationName")) for b in bodies]


def run_capture(scale: str = "small") -> int:
    """Open every page of bench/app_pages.py in the SPA as its role; compare what it sent with the declaration."""
    from bench.app_pages import PAGES
    from bench.harness import bench_database
    from bench.pages import EMAILS, gather_facts, login

    url = bench_database(scale)
    dev = Server(url, {"RAPPORT_ENV": "development"}).start()
    ok = True
    try:
        cookies = {email: login(dev, email) for email in EMAILS}
        facts = gather_facts(dev, cookies, url)
        for email in EMAILS:
            pages = [page for page in PAGES if page.email == email]
            shell, seen = capture(dev, email, [page.path(facts) for page in pages])
            print(f"{email}: the shell and the neutral page {NEUTRAL} sent {', '.join(names(shell))} (not counted)")
            for page in pages:
                sent = seen[page.path(facts)]
                declared = [(op.operation, op.variables(facts)) for op in page.ops]
                got = [(str(b.get("operationName")), b.get("variables") or {}) for b in sent]
                same = sorted(declared, key=repr) == sorted(got, key=repr)
                ok = ok and same
                print(f"  {page.name:26} {'same' if same else 'DIFFERENT'}: {', '.join(names(sent))}")
                if not same:
                    for item in got:
                        if item not in declared:
                            print(f"      sent, not declared: {json.dumps(item, ensure_ascii=False)}")
                    for item in declared:
                        if item not in got:
                            print(f"      declared, not sent: {json.dumps(item, ensure_ascii=False)}")
    finally:
        dev.stop()
    print("capture-pages: the declarations are what the app sends" if ok else "capture-pages: DIFFERENCES")
    return 0 if ok else 1


__all__ = ["Browser", "capture", "names", "run_capture"]
