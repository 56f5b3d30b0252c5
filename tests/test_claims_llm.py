"""LLM-proposed claims against a small OpenAI-compatible server on 127.0.0.1 (real HTTP)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from provcheck.claims.llm import extract_claims_llm

BRIEFING = ("Police made arrests in Leeds, York and Hull. "
            "Gemma Riley, the liaison officer, said that about 40 fans were ejected.")


class ChatServer(ThreadingHTTPServer):
    """Answers /v1/chat/completions with ``reply`` (a string, or None for a broken body) after ``delay``."""

    reply: str | None = "[]"
    delay: float = 0.0
    requests: list[dict]

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that timed out has gone; nothing to report."""


class _Handler(BaseHTTPRequestHandler):
    server: ChatServer

    def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
        length = int(self.headers.get("Content-Length", 0))
        self.server.requests.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
        time.sleep(self.server.delay)
        body = b"{not json" if self.server.reply is None else json.dumps(
            {"choices": [{"message": {"role": "assistant", "content": self.server.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def chat() -> Iterator[ChatServer]:
    server = ChatServer(("127.0.0.1", 0), _Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _url(server: ChatServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/v1"


def test_aligned_proposals_become_claims_and_the_rest_are_dropped(chat: ChatServer) -> None:
    chat.reply = json.dumps(["Police made arrests in Leeds", "about 40 fans were ejected",
                             "Harrowgate fans burnt down the stand"])
    result = extract_claims_llm(BRIEFING, _url(chat))
    assert not result.fell_back
    assert (result.proposed, result.dropped) == (3, 1)
    assert result.dropped_texts == ["Harrowgate fans burnt down the stand"]
    assert [[BRIEFING[s.start:s.end] for s in c.spans] for c in result.claims] == [
        ["Police made arrests in Leeds"], ["about 40 fans were ejected."]]
    for claim in result.claims:
        assert BRIEFING[claim.start:claim.end] == claim.text
    ejected = result.claims[1]
    assert ejected.attribution == "Gemma Riley" and ejected.atoms[0].value == 40



def test_verbatim_part_of_a_sentence_aligns(chat: ChatServer) -> None:
    chat.reply = json.dumps(["the liaison officer, said that about 40 fans"])
    (claim,) = extract_claims_llm(BRIEFING, _url(chat)).claims
    assert claim.text == "the liaison officer, said that about 40 fans"
    assert BRIEFING[claim.start:claim.end] == claim.text
    sent = chat.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["body"]["messages"][-1]["content"] == BRIEFING


def test_decomposition_matches_a_multi_span_piece(chat: ChatServer) -> None:
    chat.reply = "```json\n" + json.dumps(["police made arrests in York"]) + "\n```"
    (claim,) = extract_claims_llm(BRIEFING, _url(chat)).claims
    assert [BRIEFING[s.start:s.end] for s in claim.spans] == ["Police made arrests in", "York"]
    assert BRIEFING[claim.start:claim.end] == claim.text and [a.text for a in claim.atoms] == ["York"]


@pytest.mark.parametrize("reply", [None, "I cannot help with that.", json.dumps({"claims": 3})])
def test_malformed_replies_fall_back_to_the_rules(chat: ChatServer, reply: str | None,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    chat.reply = reply
    result = extract_claims_llm(BRIEFING, _url(chat))
    assert result.fell_back and result.warning and "rule-based" in result.warning
    assert len(result.claims) >= 4  # the rule-based decomposition
    assert any("rule-based" in r.message for r in caplog.records)


def test_time_out_falls_back(chat: ChatServer) -> None:
    chat.delay, chat.reply = 2.0, json.dumps(["Police made arrests in Leeds"])
    result = extract_claims_llm(BRIEFING, _url(chat), timeout=0.3)
    assert result.fell_back and "Timeout" in (result.warning or "")
