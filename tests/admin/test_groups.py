"""Consumer groups with real clients: members and lag while a consumer runs, resets refused while
it runs, resets applied after it closes (and it resumes from them), deleting offsets and groups."""

from __future__ import annotations

import asyncio
import subprocess
import time
from typing import Any

import pytest

from explorer.harness import KafkaCluster
from protocol.admin import (
    Admin,
    GroupActiveError,
    OffsetResetError,
    ResetTarget,
    TopicPartition,
    offset_reset,
)
from protocol.codec import ApiKey
from protocol.errors import GroupIdNotFoundError, GroupSubscribedToTopicError
from tests.admin.conftest import GroupConsumer, produce, started_admin, unique
from tests.conftest import Kcat

pytestmark = pytest.mark.broker

BASE_TS = (int(time.time()) - 3600) * 1000
"""Record i of each partition has timestamp BASE_TS + i: recent, since records older than the
retention (7 days) are deleted by the broker's first retention check, 30 s after it starts."""


async def new_topic(admin: Admin, cluster: KafkaCluster, records: int = 10) -> str:
    topic = unique("grp")
    await admin.create_topic(topic, 3, 1)
    await asyncio.to_thread(produce, cluster, topic, dict.fromkeys(range(3), records), timestamp_ms=BASE_TS)
    return topic


async def start_consumer(cluster: KafkaCluster, group: str, topic: str, protocol: str = "classic",
                         commit: dict[int, int] | None = None) -> GroupConsumer:
    consumer = GroupConsumer(cluster, group, [topic], protocol=protocol)
    await asyncio.to_thread(consumer.wait_assigned, 3)
    if commit:
        await asyncio.to_thread(consumer.commit, topic, commit)
    return consumer


async def wait_inactive(admin: Admin, group: str) -> None:
    for _ in range(200):
        if not (await admin.describe_group(group)).is_active:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"group {group} is still active")


async def committed(admin: Admin, group: str) -> dict[int, int]:
    return {tp.partition: c.offset for tp, c in (await admin.committed_offsets(group)).items()}


def plan_rows(plan: object) -> dict[int, tuple[int | None, int]]:
    return {c.partition: (c.before, c.after) for c in plan.changes}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("broker", "protocol"), [("kafka", "classic"), ("kafka", "consumer"),
                                                  ("kafka25", "classic")])
async def test_members_lag_and_resets(broker: str, protocol: str, request: pytest.FixtureRequest) -> None:
    cluster: KafkaCluster = request.getfixturevalue(broker)
    admin = await started_admin(cluster)
    try:
        topic = await new_topic(admin, cluster)
        group = unique("g")
        consumer = await start_consumer(cluster, group, topic, protocol, commit={0: 4, 1: 10})

        listed = {g.group_id: g for g in await admin.list_groups()}
        assert (listed[group].state, listed[group].protocol_type) == ("Stable", "consumer")
        expected_type = protocol if cluster.kraft else None  # ListGroups v5 (4.0+) reports the type
        assert listed[group].group_type == expected_type
        assert group in {g.group_id for g in await admin.list_groups(states=["stable"])}
        assert group not in {g.group_id for g in await admin.list_groups(states=["Empty"])}
        if cluster.kraft:
            other = "classic" if protocol == "consumer" else "consumer"
            assert group in {g.group_id for g in await admin.list_groups(types=[protocol])}
            assert group not in {g.group_id for g in await admin.list_groups(types=[other])}

        described = await admin.describe_group(group)
        assert described.group_type == protocol and described.is_active and described.exists
        (member,) = described.members
        assert (member.client_id, member.host) == ("lag-probe", "/127.0.0.1")
        assert member.assignment == tuple(TopicPartition(topic, p) for p in range(3))
        assert member.subscription == (topic,)

        lag = await admin.group_lag(group)
        rows = {p.partition: (p.committed, p.high_watermark, p.lag, p.client_id) for p in lag.partitions}
        assert rows == {0: (4, 10, 6, "lag-probe"), 1: (10, 10, 0, "lag-probe"),
                        2: (None, 10, None, "lag-probe")}
        assert lag.total_lag == 6

        with pytest.raises(GroupActiveError) as refused:
            await admin.reset_offsets(group, ResetTarget.earliest(), dry_run=True)
        assert "stop its consumers first" in str(refused.value) and "lag-probe" in str(refused.value)
        with pytest.raises(GroupActiveError):
            await admin.delete_group(group)

        await asyncio.to_thread(consumer.close)
        await wait_inactive(admin, group)

        preview = await admin.reset_offsets(group, ResetTarget.earliest(), [topic])
        assert not preview.applied and plan_rows(preview) == {0: (4, 0), 1: (10, 0), 2: (None, 0)}
        assert await committed(admin, group) == {0: 4, 1: 10}
        shifted = await admin.reset_offsets(group, ResetTarget.shifted_by(-6))
        assert plan_rows(shifted) == {0: (4, 0), 1: (10, 4)}
        latest = await admin.reset_offsets(group, ResetTarget.latest())
        assert plan_rows(latest) == {0: (4, 10), 1: (10, 10)}
        by_time = await admin.reset_offsets(group, ResetTarget.at_timestamp(BASE_TS + 7), [topic])
        assert plan_rows(by_time) == {0: (4, 7), 1: (10, 7), 2: (None, 7)}
        future = await admin.reset_offsets(group, ResetTarget.at_timestamp(BASE_TS + 10**9), [topic])
        assert {after for _, after in plan_rows(future).values()} == {10}
        with pytest.raises(OffsetResetError, match="no committed offset to shift"):
            await admin.reset_offsets(group, ResetTarget.shifted_by(1), [topic])

        target = {TopicPartition(topic, 0): 2, TopicPartition(topic, 1): 5, TopicPartition(topic, 2): 99}
        applied = await admin.reset_offsets(group, ResetTarget.to_offsets(target), dry_run=False)
        assert applied.applied and plan_rows(applied) == {0: (4, 2), 1: (10, 5), 2: (None, 10)}  # clamped
        assert await committed(admin, group) == {0: 2, 1: 5, 2: 10}

        produce_more = asyncio.to_thread(produce, cluster, topic, {2: 1}, timestamp_ms=BASE_TS + 10)
        await produce_more  # so partition 2 has a record at the reset offset 10
        resumed = await start_consumer(cluster, group, topic, protocol)
        assert await asyncio.to_thread(resumed.first_offsets, 3) == {0: 2, 1: 5, 2: 10}
        with pytest.raises(GroupActiveError):
            await admin.reset_offsets(group, ResetTarget.latest(), dry_run=False)
        await asyncio.to_thread(resumed.close)
        await wait_inactive(admin, group)
    finally:
        await admin.client.close()


async def test_plan_applies_as_previewed(admin: Admin, kafka: KafkaCluster) -> None:
    """A preview is committed as shown, even if the log grew in between."""
    topic = await new_topic(admin, kafka, records=4)
    group = unique("g")
    consumer = await start_consumer(kafka, group, topic, commit={0: 1, 1: 1, 2: 1})
    await asyncio.to_thread(consumer.close)
    await wait_inactive(admin, group)
    plan = await admin.plan_offset_reset(group, ResetTarget.latest())
    await asyncio.to_thread(produce, kafka, topic, {0: 3})
    done = await admin.apply_offset_reset(plan)
    assert done.applied and plan_rows(done) == {0: (1, 4), 1: (1, 4), 2: (1, 4)}
    assert await committed(admin, group) == {0: 4, 1: 4, 2: 4}


@pytest.mark.parametrize("broker", ["kafka", "kafka25"])
async def test_delete_offsets_and_groups(broker: str, request: pytest.FixtureRequest) -> None:
    cluster: KafkaCluster = request.getfixturevalue(broker)
    admin = await started_admin(cluster)
    try:
        topic, other = await new_topic(admin, cluster, 2), await new_topic(admin, cluster, 2)
        group = unique("g")
        consumer = await start_consumer(cluster, group, topic, commit={0: 1, 1: 2})
        await asyncio.to_thread(consumer.commit, other, {0: 1})
        refused = await admin.delete_group_offsets(group, [topic])  # the running group reads it
        assert all(isinstance(e, GroupSubscribedToTopicError) for e in refused.values()) and len(refused) == 3
        deleted = await admin.delete_group_offsets(group, [other])  # not subscribed: allowed
        assert set(deleted) == {TopicPartition(other, p) for p in range(3)} and not any(deleted.values())
        assert set(await admin.committed_offsets(group)) == {TopicPartition(topic, p) for p in (0, 1)}

        await asyncio.to_thread(consumer.close)
        await wait_inactive(admin, group)
        await admin.delete_group(group)
        gone = (await admin.describe_groups([group]))[group]
        assert not gone.exists and isinstance(gone.error, GroupIdNotFoundError) and gone.state == "Dead"
        assert group not in {g.group_id for g in await admin.list_groups()}
        outcome = (await admin.delete_groups([group]))[group]
        assert isinstance(outcome, GroupIdNotFoundError)
    finally:
        await admin.client.close()


async def test_kcat_group_members_lag_and_resume(admin: Admin, kafka: KafkaCluster, kcat: Kcat) -> None:
    """kcat's balanced consumer (-G): seen as a member while it runs, resumes from a reset."""
    topic = await new_topic(admin, kafka, records=5)
    group = unique("kcat")
    boot = kafka.bootstrap("PLAINTEXT")
    proc = subprocess.Popen([kcat.path, "-b", boot, "-G", group, "-X", "client.id=kcat-probe",
                             "-X", "auto.offset.reset=earliest", "-X", "auto.commit.interval.ms=100",
                             "-f", "%p:%o\\n", topic],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(300):
            described = await admin.describe_group(group)
            if described.members and described.members[0].assignment:
                break
            await asyncio.sleep(0.05)
        (member,) = described.members
        assert member.client_id == "kcat-probe" and len(member.assignment) == 3
        with pytest.raises(GroupActiveError):
            await admin.reset_offsets(group, ResetTarget.earliest(), [topic], dry_run=False)
        for _ in range(300):  # kcat auto-commits what it has read
            lag = await admin.group_lag(group)
            if [p.lag for p in lag.partitions] == [0, 0, 0]:
                break
            await asyncio.sleep(0.05)
    finally:
        proc.terminate()
        proc.wait(15)
    assert proc.returncode == 0
    await wait_inactive(admin, group)
    lag = await admin.group_lag(group)
    assert [(p.committed, p.lag, p.client_id) for p in lag.partitions] == [(5, 0, None)] * 3

    reset = await admin.reset_offsets(group, ResetTarget.shifted_by(-2), dry_run=False)
    assert plan_rows(reset) == {p: (5, 3) for p in range(3)}
    assert await committed(admin, group) == {p: 3 for p in range(3)}
    started = time.monotonic()
    done = await asyncio.to_thread(kcat.run, "-b", boot, "-G", group, "-X", "client.id=kcat-probe", "-e",
                                   "-f", "%p:%o\\n", topic)
    seen = sorted(tuple(map(int, line.split(":"))) for line in done.stdout.decode().split())
    assert seen == [(p, o) for p in range(3) for o in (3, 4)], (
        f"after {time.monotonic() - started:.1f}s: {done.stderr.decode()[-6000:]}")


async def test_commit_refused_when_consumers_join_after_the_check(
        admin: Admin, kafka: KafkaCluster, monkeypatch: pytest.MonkeyPatch) -> None:
    """The coordinator's own refusal (a member joined after the state check) reads the same."""
    topic = await new_topic(admin, kafka, records=3)
    group = unique("g")
    plan = await admin.plan_offset_reset(group, ResetTarget.earliest(), [topic])  # no group yet: allowed
    consumer = await start_consumer(kafka, group, topic)
    try:
        monkeypatch.setattr(offset_reset, "refuse_if_active", lambda group, action: None)
        refusal = r"refused the commit \((UNKNOWN_MEMBER_ID|ILLEGAL_GENERATION)"
        with pytest.raises(GroupActiveError, match=refusal):
            await admin.apply_offset_reset(plan)
    finally:
        await asyncio.to_thread(consumer.close)


async def test_browsing_never_joins(admin: Admin, kafka: KafkaCluster) -> None:
    """Listing, describing, lag and resets use no group-membership request at all."""
    topic = await new_topic(admin, kafka, records=2)
    group = unique("g")
    sent: list[int] = []
    real_send = admin.client.send

    async def send(node: int, api_key: int, body: Any, **kwargs: Any) -> dict[str, Any]:
        sent.append(api_key)
        return await real_send(node, api_key, body, **kwargs)

    admin.client.send = send  # type: ignore[method-assign,assignment]
    offsets = {TopicPartition(topic, p): 1 for p in range(3)}
    await admin.reset_offsets(group, ResetTarget.to_offsets(offsets), dry_run=False)
    lag = await admin.group_lag(group)
    assert [(p.committed, p.lag, p.error) for p in lag.partitions] == [(1, 1, None)] * 3
    await admin.list_groups()
    await admin.describe_groups([group])
    membership = {ApiKey.JOIN_GROUP, ApiKey.SYNC_GROUP, ApiKey.HEARTBEAT, ApiKey.LEAVE_GROUP, 68}
    assert ApiKey.OFFSET_COMMIT in sent and not membership & set(sent)
