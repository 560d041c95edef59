"""The fake Bot API server's flood limit and random faults, which the benchmark relies on."""

from __future__ import annotations

import httpx
import pytest

from bot.emulator import FakeBotApi, RateCap


def test_rate_cap_counts_a_sliding_window() -> None:
    cap = RateCap(3)
    assert [cap.admit(t) for t in (0.0, 0.1, 0.2)] == [None, None, None]
    assert cap.admit(0.5) == 1  # a fourth within one second: refused
    assert cap.admit(1.0) is None  # the send of 0.0 has left the window
    assert cap.refused == 1


async def test_sends_beyond_the_cap_get_429_with_retry_after() -> None:
    async with FakeBotApi(rate_cap=5) as fake, httpx.AsyncClient() as client:
        user = fake.make_user("Ani", started=True)
        url = f"{fake.api_url}{fake.token}/sendMessage"
        answers = [
            (await client.post(url, data={"chat_id": user.id, "text": f"ke-{i}"})).json()
            for i in range(7)
        ]
        assert [a["ok"] for a in answers] == [True] * 5 + [False] * 2
        assert answers[5]["error_code"] == 429
        assert answers[5]["parameters"]["retry_after"] == 1
        assert len(fake.messages_to(user)) == 5
        assert fake.rate_cap is not None
        assert fake.rate_cap.refused == 2
        # Other methods are not sends: not capped.
        assert (await client.post(f"{fake.api_url}{fake.token}/getMe")).json()["ok"]


async def test_no_cap_unless_asked() -> None:
    async with FakeBotApi() as fake, httpx.AsyncClient() as client:
        user = fake.make_user("Ani", started=True)
        url = f"{fake.api_url}{fake.token}/sendMessage"
        for i in range(40):
            answer = await client.post(url, data={"chat_id": user.id, "text": f"ke-{i}"})
            assert answer.json()["ok"]
        assert fake.rate_cap is None


async def test_a_fault_with_a_probability_hits_some_calls() -> None:
    async with FakeBotApi() as fake, httpx.AsyncClient() as client:
        user = fake.make_user("Ani", started=True)
        fault = fake.inject_fault(status=502, times=None, probability=0.2)
        url = f"{fake.api_url}{fake.token}/sendMessage"
        codes = [
            (await client.post(url, data={"chat_id": user.id, "text": "x"})).status_code
            for _ in range(200)
        ]
        assert 20 <= codes.count(502) <= 60  # about 40; seeded, so always the same
        assert codes.count(502) == fault.hits
        assert len(fake.messages_to(user)) == codes.count(200)


def test_probability_must_make_sense() -> None:
    fake = FakeBotApi()
    with pytest.raises(ValueError, match="probability"):
        fake.inject_fault(status=502, probability=0)
