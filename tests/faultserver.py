"""A small fault-injecting OpenAI-compatible server for tests and benchmarks (stdlib only).

``POST /v1/chat/completions`` answers from a script of faults, per stage (the stage is the name
of the requested JSON schema: ExtractReply, CheckReply, DigestReply) or for any stage, and
otherwise with a well-formed reply computed from the request itself: extract quotes every
sentence and bullet of the sections to extract from; check calls every claim supported with the
story sentence that shares the most words with it; digest takes the first claims. Every request
is counted and kept, so tests count calls at the server, not from the engine's own report.

Fault actions (dicts), consumed one per request:
    {"status": 429}             an HTTP error (with retry-after-ms: 10)
    {"hang": 5.0}               sleep this long before answering well-formed
    {"content": "..."}          this raw content, finish_reason stop
    {"truncate": True}          the good reply cut in half, finish_reason length
    {"mutate": fn}              fn(good reply dict) -> dict, sent as JSON
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STAGES = {"ExtractReply": "extract", "CheckReply": "check", "DigestReply": "digest"}

_BLOCK = re.compile(r"<<<(?P<tag>[A-Z_]+)(?P<attrs>[^\n]*)\n(?P<body>.*?)\n(?P=tag)>>>", re.S)
_ATTR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*")')
_WORD = re.compile(r"[A-Za-z0-9]+")


def blocks(text: str) -> list[tuple[str, dict, str]]:
    out = []
    for m in _BLOCK.finditer(text):
        attrs = {k: json.loads(v) for k, v in _ATTR.findall(m.group("attrs"))}
        out.append((m.group("tag"), attrs, m.group("body")))
    return out


def units(body: str) -> list[str]:
    """Bullets and sentences of a section body, verbatim."""
    out = []
    for line in body.splitlines():
        line = line.strip()
        if line.startswith("- "):
            line = line[2:].strip()
        if not line:
            continue
        out.extend(s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line) if s.strip())
    return out


def _words(s: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(s) if len(w) > 3}


def good_reply(stage: str, data: str) -> dict:
    bl = blocks(data)
    if stage == "extract":
        todo = next((b.splitlines() for t, _, b in bl if t == "EXTRACT_FROM"), [])
        claims = []
        for tag, attrs, body in bl:
            if tag == "SECTION" and attrs.get("name") in todo:
                claims += [{"section": attrs["name"], "quote": u, "claim": u} for u in units(body)]
        return {"claims": claims}
    if stage == "check":
        story = [u for t, _, b in bl if t == "SOURCE" for u in units(b)]
        verdicts = []
        for line in next((b for t, _, b in bl if t == "CLAIMS"), "").splitlines():
            m = re.match(r"\[(\S+?)\] \([^)]*\) (.*)", line)
            if not m:
                continue
            cid, text = m.groups()
            best = max(story, key=lambda s: len(_words(s) & _words(text)), default="")
            verdicts.append({"claim_id": cid, "label": "supported", "evidence": best,
                             "rationale": "The story states this."})
        return {"verdicts": verdicts}
    if stage == "digest":
        limits = dict(re.findall(r"(\w+): (\d+)", next((b for t, _, b in bl if t == "LIMITS"), "")))
        n = int(limits.get("max_bullets", 3))
        bullets = []
        for line in next((b for t, _, b in bl if t == "SUPPORTED_CLAIMS"), "").splitlines()[:n]:
            m = re.match(r"\[(\S+?)\] (.*)", line)
            if m:
                bullets.append({"text": m.group(2), "claim_ids": [m.group(1)]})
        return {"bullets": bullets}
    raise ValueError(stage)


class FaultServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.requests: list[dict] = []
        self.stage_counts: Counter = Counter()
        self._script: dict[str | None, list[dict]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):  # quiet
                pass

            def do_GET(self):
                self._send(200, {"status": "ok"} if self.path.endswith("health") else {"data": []})

            def do_POST(self):
                n = int(self.headers.get("content-length") or 0)
                try:
                    body = json.loads(self.rfile.read(n) or b"{}")
                except ValueError:
                    return self._send(400, {"error": {"message": "bad json"}})
                server._handle(self, body)

            def _send(self, status: int, obj: dict, headers: dict | None = None):
                data = json.dumps(obj).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://{host}:{self.port}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # --- control ---------------------------------------------------------------------------

    def start(self) -> "FaultServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def plan(self, stage: str | None, *actions: dict) -> None:
        """Queue fault actions for a stage ('extract', 'check', 'digest') or None for any."""
        with self._lock:
            self._script.setdefault(stage, []).extend(actions)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.stage_counts.clear()
            self._script.clear()

    @property
    def calls(self) -> int:
        return len(self.requests)

    # --- serving ---------------------------------------------------------------------------

    def _handle(self, h, body: dict) -> None:
        rf = body.get("response_format") or {}
        stage = STAGES.get((rf.get("json_schema") or {}).get("name", ""), "unknown")
        with self._lock:
            self.requests.append(body)
            self.stage_counts[stage] += 1
            queue = self._script.get(stage) or self._script.get(None) or []
            action = queue.pop(0) if queue else {}
        if "status" in action:
            return h._send(action["status"], {"error": {"message": f"scripted {action['status']}",
                                                          "type": "server_error"}}, {"retry-after-ms": "10"})
        if "hang" in action:
            if self._stop.wait(action["hang"]):
                return
        messages = body.get("messages") or []
        data = next((m.get("content", "") for m in messages if m.get("role") == "user"), "")
        finish = "stop"
        if "content" in action:
            content = action["content"]
        else:
            reply = good_reply(stage, data) if stage != "unknown" else {}
            if "mutate" in action:
                reply = action["mutate"](reply)
            content = json.dumps(reply, ensure_ascii=False)
            if action.get("truncate"):
                content, finish = content[: len(content) // 2], "length"
        prompt_tokens = len(json.dumps(messages)) // 4
        h._send(200, {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "fault"),
            "choices": [{"index": 0, "finish_reason": finish,
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(content) // 4,
                      "total_tokens": prompt_tokens + len(content) // 4},
        })


if __name__ == "__main__":  # a manual server: python tests/faultserver.py [port]
    import sys

    srv = FaultServer(port=int(sys.argv[1]) if len(sys.argv) > 1 else 0).start()
    print(srv.base_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        srv.stop()
