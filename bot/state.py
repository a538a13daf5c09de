"""The bot's own state in the store's SQLite file: subscriptions, result lists, chat context.

Kept in the same database as the speeches so that a restart loses nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bot_subscriptions (
    chat_id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    last_sent TEXT,            -- local date of the last digest, ISO
    last_sent_at REAL NOT NULL DEFAULT 0, -- when it was sent (digest covers speeches added since)
    last_point TEXT,           -- ref of the last "today's point", never repeated twice in a row
    created_at REAL NOT NULL,
    user_id INTEGER            -- who subscribed: access is checked again at each digest
);
CREATE TABLE IF NOT EXISTS bot_results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    question TEXT NOT NULL,
    speech_id INTEGER,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS bot_chats (
    chat_id INTEGER PRIMARY KEY,
    speech_id INTEGER
);
"""

_SUBSCRIPTION = "chat_id, time, last_sent, last_sent_at, last_point, user_id"


@dataclass(frozen=True)
class Subscription:
    chat_id: int
    time: dt.time
    last_sent: str | None
    last_sent_at: float
    last_point: str | None
    user_id: int | None = None


class BotState:
    def __init__(self, data_dir: str | Path) -> None:
        self._db = sqlite3.connect(
            Path(data_dir) / "speechbot.sqlite3", isolation_level=None, check_same_thread=False
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(bot_subscriptions)")}
        if "user_id" not in columns:  # a data directory from before access was rechecked
            self._db.execute("ALTER TABLE bot_subscriptions ADD COLUMN user_id INTEGER")

    def close(self) -> None:
        self._db.close()

    # subscriptions
    def subscribe(self, chat_id: int, at: dt.time, user_id: int | None = None) -> None:
        self._db.execute(
            "INSERT INTO bot_subscriptions (chat_id, time, last_sent_at, created_at, user_id)"
            " VALUES (?,?,?,?,?)"
            " ON CONFLICT(chat_id) DO UPDATE SET time=excluded.time, user_id=excluded.user_id",
            (chat_id, at.strftime("%H:%M"), time.time(), time.time(), user_id),
        )

    def unsubscribe(self, chat_id: int) -> bool:
        return (
            self._db.execute("DELETE FROM bot_subscriptions WHERE chat_id=?", (chat_id,)).rowcount
            > 0
        )

    def subscription(self, chat_id: int) -> Subscription | None:
        row = self._db.execute(
            f"SELECT {_SUBSCRIPTION} FROM bot_subscriptions WHERE chat_id=?",
            (chat_id,),
        ).fetchone()
        return _subscription(row) if row else None

    def subscriptions(self) -> list[Subscription]:
        rows = self._db.execute(f"SELECT {_SUBSCRIPTION} FROM bot_subscriptions ORDER BY chat_id")
        return [_subscription(r) for r in rows]

    def claim_digest(self, chat_id: int, local_date: str, sent_at: float) -> bool:
        """Mark today's digest as sent; False when it already was (never twice)."""
        cur = self._db.execute(
            "UPDATE bot_subscriptions SET last_sent=?, last_sent_at=? WHERE chat_id=?"
            " AND (last_sent IS NULL OR last_sent < ?)",
            (local_date, sent_at, chat_id, local_date),
        )
        return cur.rowcount == 1

    def release_digest(self, chat_id: int, previous: Subscription) -> None:
        """Undo a claim when sending failed for a reason worth retrying."""
        self._db.execute(
            "UPDATE bot_subscriptions SET last_sent=?, last_sent_at=? WHERE chat_id=?",
            (previous.last_sent, previous.last_sent_at, chat_id),
        )

    def set_last_point(self, chat_id: int, ref: str) -> None:
        self._db.execute(
            "UPDATE bot_subscriptions SET last_point=? WHERE chat_id=?", (ref, chat_id)
        )

    def subscriber_count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM bot_subscriptions").fetchone()[0]

    # result lists, so that paging buttons work after a restart
    def save_results(self, chat_id: int, question: str, speech_id: int | None) -> int:
        """A new result list's id: random, so that no one can guess another chat's."""
        while True:
            result_id = secrets.randbits(62) or 1
            try:
                self._db.execute(
                    "INSERT INTO bot_results (id, chat_id, question, speech_id, created_at)"
                    " VALUES (?,?,?,?,?)",
                    (result_id, chat_id, question, speech_id, time.time()),
                )
            except sqlite3.IntegrityError:  # taken (one chance in 2**62 per list): draw again
                continue
            return result_id

    def results(self, result_id: int) -> tuple[int, str, int | None] | None:
        return self._db.execute(
            "SELECT chat_id, question, speech_id FROM bot_results WHERE id=?", (result_id,)
        ).fetchone()

    # the chat's current speech (/use)
    def use(self, chat_id: int, speech_id: int | None) -> None:
        self._db.execute(
            "INSERT INTO bot_chats (chat_id, speech_id) VALUES (?,?)"
            " ON CONFLICT(chat_id) DO UPDATE SET speech_id=excluded.speech_id",
            (chat_id, speech_id),
        )

    def current_speech(self, chat_id: int) -> int | None:
        row = self._db.execute(
            "SELECT speech_id FROM bot_chats WHERE chat_id=?", (chat_id,)
        ).fetchone()
        return row[0] if row else None


def _subscription(row) -> Subscription:
    hour, minute = (int(x) for x in row[1].split(":"))
    return Subscription(row[0], dt.time(hour, minute), row[2], row[3], row[4], row[5])
