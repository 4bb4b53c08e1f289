"""A running Tidings on a real Synapse: healthy when synced, and a stop still sends the reply."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from bot.settings import MatrixSettings, Settings
from tests.ops.conftest import SLOW_SECONDS
from tests.support.synapse import MatrixPerson, Synapse

TITLE = "HTS Renews Offensive Against Zenki Fighters West Of Aleppo"


async def test_matrix_bot_is_healthy_and_finishes_a_reply_when_stopped(
    synapse: Synapse, bot_settings: Settings, start_bot, slow_site, tmp_path: Path
):
    site, url = slow_site
    account = await synapse.register("tidings")
    settings = bot_settings.model_copy(
        update={
            "matrix": MatrixSettings(
                homeserver=synapse.url,
                user_id=account.user_id,
                password=account.password,
                allowed_inviters=[f":{synapse.server_name}"],
                encryption=False,
                send_interval=0.0,
            )
        }
    )
    ana = await MatrixPerson(synapse, await synapse.register("ana")).__aenter__()
    try:
        async with start_bot(settings) as bot:
            async with asyncio.timeout(30):
                while True:
                    status, body = await bot.get("/healthz")
                    if status == 200:
                        break
                    await asyncio.sleep(0.1)  # until the first sync
            assert json.loads(body)["adapters"] == {"matrix": True}

            room = await ana.create_room(invite=[account.user_id])
            await ana.wait_membership(room, account.user_id, "join")
            command = await ana.send(room, f"!summarize {url}")
            async with asyncio.timeout(30):
                await site.asked.wait()
            bot.stop.set()
            async with asyncio.timeout(SLOW_SECONDS + 20):
                await bot.task
            answer = await ana.replies_to(room, command, within=10)
        assert TITLE in json.dumps(answer["content"], ensure_ascii=False)
    finally:
        await ana.__aexit__()
