"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests.

It answers the methods the bot uses, feeds updates through getUpdates, serves file
downloads, records every call, and can be told to fail (403, 429 with retry_after) for
chosen chats.  The real python-telegram-bot Application talks to it through ``base_url``.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

BOT_ID = 999000
BOT_USERNAME = "speech_test_bot"
TOKEN = "123456:TEST-TOKEN"


class FakeBotApi:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.call_times: list[float] = []  # time.perf_counter() of each call, for benchmarks
        self.files: dict[str, bytes] = {}
        self.failures: dict[int, list[tuple[int, dict[str, Any]]]] = {}  # chat id → queued errors
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._lock = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- lifecycle -------------------------------------------------------------------

    def __enter__(self) -> FakeBotApi:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/file/bot"

    # --- feeding updates ---------------------------------------------------------------

    def _push(self, update: dict[str, Any]) -> int:
        with self._lock:
            update["update_id"] = next(self._update_ids)
            self._updates.append(update)
            self._lock.notify_all()
            return update["update_id"]

    def message(
        self,
        chat_id: int,
        user_id: int,
        text: str,
        chat_type: str = "private",
        reply_to_bot: bool = False,
        edited: bool = False,
    ) -> int:
        msg = self._message(chat_id, user_id, chat_type)
        msg["text"] = text
        if text.startswith("/"):
            length = len(text.split()[0])
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        mention = f"@{BOT_USERNAME}"
        if mention in text:
            msg.setdefault("entities", []).append(
                {"type": "mention", "offset": text.index(mention), "length": len(mention)}
            )
        if reply_to_bot:
            reply = self._message(chat_id, BOT_ID, chat_type)
            reply["from"] = self._user(BOT_ID, is_bot=True)
            reply["text"] = "（机器人之前的回答）"
            msg["reply_to_message"] = reply
        if edited:
            msg["edit_date"] = int(time.time())
            return self._push({"edited_message": msg})
        return self._push({"message": msg})

    def document(
        self,
        chat_id: int,
        user_id: int,
        filename: str,
        data: bytes,
        declared_size: int | None = None,
    ) -> int:
        file_id = f"file{len(self.files) + 1}"
        self.files[file_id] = data
        msg = self._message(chat_id, user_id, "private")
        msg["document"] = {
            "file_id": file_id,
            "file_unique_id": file_id + "u",
            "file_name": filename,
            "file_size": declared_size if declared_size is not None else len(data),
        }
        return self._push({"message": msg})

    def callback(self, chat_id: int, user_id: int, message_id: int, data: str) -> int:
        message = self._message(chat_id, BOT_ID, "private")
        message["message_id"] = message_id
        message["from"] = self._user(BOT_ID, is_bot=True)
        message["text"] = "…"
        return self._push(
            {
                "callback_query": {
                    "id": str(next(self._message_ids)),
                    "from": self._user(user_id),
                    "chat_instance": str(chat_id),
                    "data": data,
                    "message": message,
                }
            }
        )

    def inline(self, user_id: int, query: str) -> int:
        return self._push(
            {
                "inline_query": {
                    "id": str(next(self._message_ids)),
                    "from": self._user(user_id),
                    "query": query,
                    "offset": "",
                }
            }
        )

    def fail_next(
        self, chat_id: int, status: int, times: int = 1, retry_after: int | None = None
    ) -> None:
        """Make the next ``times`` sends to ``chat_id`` fail with this HTTP status."""
        body: dict[str, Any] = {"ok": False, "error_code": status}
        if status == 403:
            body["description"] = "Forbidden: bot was blocked by the user"
        elif status == 429:
            body["description"] = f"Too Many Requests: retry after {retry_after or 1}"
            body["parameters"] = {"retry_after": retry_after or 1}
        else:
            body["description"] = "Bad Request: chat not found"
        self.failures.setdefault(chat_id, []).extend([(status, body)] * times)

    # --- inspecting calls --------------------------------------------------------------

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [
                params
                for name, params in self.calls
                if name == method and (chat_id is None or int(params.get("chat_id", 0)) == chat_id)
            ]

    def texts(self, chat_id: int | None = None) -> list[str]:
        return [p["text"] for p in self.sent("sendMessage", chat_id)]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out; calls so far: {[c[0] for c in self.calls]}")
                self._lock.wait(min(remaining, 0.05))

    def wait_for_replies(self, chat_id: int, count: int, timeout: float = 15.0) -> list[str]:
        self.wait_for(lambda: len(self.sent("sendMessage", chat_id)) >= count, timeout)
        return self.texts(chat_id)

    # --- internals -------------------------------------------------------------------

    @staticmethod
    def _user(user_id: int, is_bot: bool = False) -> dict[str, Any]:
        return {"id": user_id, "is_bot": is_bot, "first_name": f"user{user_id}"}

    def _message(self, chat_id: int, user_id: int, chat_type: str) -> dict[str, Any]:
        chat = {"id": chat_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "测试群"
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self._user(user_id),
        }

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = params.get("chat_id")
        if chat_id is not None and method in ("sendMessage", "editMessageText"):
            queue = self.failures.get(int(chat_id))
            if queue:
                status, body = queue.pop(0)
                return status, body
        if method == "getMe":
            return 200, {
                "ok": True,
                "result": {
                    **self._user(BOT_ID, True),
                    "username": BOT_USERNAME,
                    "can_join_groups": True,
                    "supports_inline_queries": True,
                },
            }
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._take_updates(params)}
        if method == "sendDocument":
            document = params.get("document") or {}
            message = self._message(int(chat_id or 0), BOT_ID, "private")
            message["from"] = self._user(BOT_ID, True)
            message["caption"] = params.get("caption", "")
            message["document"] = {
                "file_id": "sent" + str(message["message_id"]),
                "file_unique_id": "sentu" + str(message["message_id"]),
                "file_name": document.get("filename", ""),
                "file_size": len(document.get("data", b"")),
            }
            return 200, {"ok": True, "result": message}
        if method in ("sendMessage", "editMessageText"):
            message = self._message(int(chat_id or 0), BOT_ID, "private")
            message["from"] = self._user(BOT_ID, True)
            message["text"] = params.get("text", "")
            if method == "editMessageText" and params.get("message_id"):
                message["message_id"] = int(params["message_id"])
            return 200, {"ok": True, "result": message}
        if method == "getFile":
            file_id = params["file_id"]
            return 200, {
                "ok": True,
                "result": {
                    "file_id": file_id,
                    "file_unique_id": file_id + "u",
                    "file_size": len(self.files.get(file_id, b"")),
                    "file_path": f"documents/{file_id}",
                },
            }
        return 200, {"ok": True, "result": True}

    def _take_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 0.5)
        deadline = time.monotonic() + timeout
        with self._lock:
            # as Telegram does: asking from an offset confirms (forgets) the earlier updates
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while True:
                ready = [u for u in self._updates if u["update_id"] >= offset]
                if ready or time.monotonic() >= deadline:
                    return ready
                self._lock.wait(deadline - time.monotonic())

    def _record(self, method: str, params: dict[str, Any]) -> None:
        with self._lock:
            self.calls.append((method, params))
            self.call_times.append(time.perf_counter())
            self._lock.notify_all()

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                path = urlparse(self.path).path
                file_id = path.rsplit("/", 1)[-1]
                if "/file/bot" in path and file_id in api.files:
                    self._send(200, api.files[file_id], "application/octet-stream")
                else:
                    self._send(404, b"not found", "text/plain")

            def do_POST(self) -> None:
                path = urlparse(self.path).path
                method = path.rsplit("/", 1)[-1]
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                content_type = self.headers.get("Content-Type") or ""
                if content_type.startswith("multipart/form-data"):
                    params = _multipart(content_type, body)
                else:
                    params = {}
                    raw = body.decode("utf-8")
                    for key, values in parse_qs(raw, keep_blank_values=True).items():
                        params[key] = _value(values[0])
                if method != "getUpdates":
                    api._record(method, params)
                status, body = api._answer(method, params)
                self._send(
                    status, json.dumps(body, ensure_ascii=False).encode(), "application/json"
                )

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client went away (shutdown during a long poll)

        return Handler


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """A multipart/form-data request (files: sendDocument): fields as in a form; a file
    field as {"filename": …, "data": bytes}."""
    message = BytesParser(policy=default).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            params[name] = {"filename": filename, "data": data}
        else:
            params[name] = _value(data.decode("utf-8"))
    return params
