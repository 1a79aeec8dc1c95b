"""The producer form's Qt-free logic: formats and their errors, placeholders, preparing records,
templates on disk, time parsing and the words for failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.produce.form import HeaderField, ProduceForm
from explorer.produce.payload import Payload, PayloadError, editable, encode, preview, read_file
from explorer.produce.placeholders import expand, has_placeholders
from explorer.produce.request import prepare, records
from explorer.produce.sending import explain
from explorer.produce.templates import TemplateError, TemplateStore
from explorer.produce.timestamps import parse_timestamp
from protocol.errors import KafkaTimeoutError, TopicAuthorizationError, UnknownTopicOrPartitionError


def problem(text: str, fmt: str) -> tuple[str, int | None, int | None]:
    with pytest.raises(PayloadError) as caught:
        encode(text, fmt)  # type: ignore[arg-type]
    return str(caught.value), caught.value.line, caught.value.column


def test_formats_encode_or_say_where_they_fail() -> None:
    assert encode("é {{n}}", "text") == "é {{n}}".encode()
    assert encode(' {"a": [1, 2]} ', "json") == b' {"a": [1, 2]} '  # sent as typed
    assert encode("0x00 FF:10\n0a", "hex") == b"\x00\xff\x10\x0a"
    assert encode("aGVsbG8", "base64") == b"hello" and encode("-_8", "base64") == b"\xfb\xff"
    assert encode("", "null") is None and encode("", "hex") == b""
    assert problem('{\n  "a": 1,\n  "b": \n}', "json") == (
        "Value at line 4, column 1: not valid JSON (Expecting value)", 4, 1)
    assert problem("", "json")[0] == "Value at line 1, column 1: it is empty, which is not JSON"
    assert problem("00 1g", "hex") == ("Value at line 1, column 5: “g” is not a hex digit", 1, 5)
    assert problem("abc", "hex")[0] == "Value: an odd number of hex digits (3): each byte takes two"
    assert problem("ab\nc*", "base64")[1:] == (2, 2)


def test_files(tmp_path: Path) -> None:
    data = tmp_path / "v.bin"
    data.write_bytes(b"\x00\x01")
    assert read_file(str(data)) == b"\x00\x01"
    with pytest.raises(PayloadError, match="cannot be read"):
        read_file(str(tmp_path / "missing"))
    with pytest.raises(PayloadError, match="at most 1 can be sent"):
        read_file(str(data), limit=1)
    with pytest.raises(PayloadError, match="choose a file"):
        read_file(" ")


def test_editable_round_trips_bytes() -> None:
    samples = [None, b"", b"plain text", b'{"a": 1}', b"[1]", "tab\tnewline\né".encode(), b"a\r\nb",
               b"\x00\x01\xff", bytes(range(256)) * 3, b"{not json"]
    for data in samples:
        payload = editable(data)
        assert (None if payload.format == "null" else encode(payload.text, payload.format)) == data, data
    assert editable(None, key=True) == Payload("", "text") and editable(b"", key=True) == Payload("", "hex")
    assert editable(b'{"a": 1}').format == "json" and editable(b"a\r\nb").format == "hex"
    assert preview(b"x" * 200).endswith("…") and preview(b"\xff\x00") == "ff 00 (2 bytes)"


def test_placeholders_and_records() -> None:
    assert has_placeholders("a{{ n }}") and not has_placeholders("{{x}}")
    assert expand("{{n}}-{{i}}-{{ n }}", 4) == "5-4-5"
    form = ProduceForm(topic="t", key=Payload(""), value=Payload('{"n": {{n}}}', "json"), copies=3,
                       headers=(HeaderField("h", "{{i}}"), HeaderField("raw", "ff", "hex"),
                                HeaderField("", "")),
                       timestamp="1700000000000")
    built = list(records(prepare(form, "UTC")))
    assert built == [(None, f'{{"n": {n}}}'.encode(), [("h", str(n - 1).encode()), ("raw", b"\xff")], None,
                      1_700_000_000_000) for n in (1, 2, 3)]
    with pytest.raises(PayloadError, match="Topic: choose the topic"):
        prepare(ProduceForm(), "UTC")
    with pytest.raises(PayloadError, match="Header 1: a header needs a name"):
        prepare(ProduceForm(topic="t", headers=(HeaderField(" ", "v"),)), "UTC")
    with pytest.raises(PayloadError, match="Timestamp: “soon” is not a time"):
        prepare(ProduceForm(topic="t", timestamp="soon"), "UTC")
    with pytest.raises(PayloadError, match=r"Key at line 1, column 1: “\{” is not a hex digit"):
        prepare(ProduceForm(topic="t", key=Payload("{{n}}", "hex")), "UTC")


def test_timestamps() -> None:
    assert parse_timestamp("", "UTC") is None
    assert parse_timestamp("2023-11-14 22:13:20.007", "UTC") == 1_700_000_000_007
    assert parse_timestamp("2023-11-14T23:13:20+01:00", "local") == 1_700_000_000_000
    assert parse_timestamp("1700000000000", "local") == 1_700_000_000_000


def test_templates_store(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "templates.json"
    store = TemplateStore(path)
    form = ProduceForm(topic="orders", partition=2, key=Payload("k"), value=Payload("{}", "json"),
                       headers=(HeaderField("h", "00", "hex"),), compression="zstd", acks=1, copies=4,
                       partitioner="fnv1a")
    store.save("Orders", form)
    store.save("another", ProduceForm(topic="x"))
    assert TemplateStore(path).names() == ["another", "Orders"] and TemplateStore(path).get("Orders") == form
    assert list(tmp_path.joinpath("cfg").iterdir()) == [path]  # no temporary files left behind
    store.delete("another")
    assert TemplateStore(path).names() == ["Orders"]
    with pytest.raises(TemplateError):
        store.save("  ", form)
    path.write_text("{broken")
    broken = TemplateStore(path)
    assert broken.names() == [] and "cannot be read" in (broken.problem or "")
    broken.save("fresh", form)
    assert TemplateStore(path).names() == ["fresh"] and len(list(path.parent.glob("*.broken"))) == 1
    path.write_text(json.dumps({"templates": {"odd": {"partition": -3, "acks": 7, "copies": 10**9,
                                                      "key": {"format": "file"}, "headers": [1]}}}))
    odd = TemplateStore(path).get("odd")
    assert (odd.partition, odd.acks, odd.copies) == (None, -1, 100_000)
    assert (odd.key.format, odd.headers) == ("text", ())


def test_failures_in_words() -> None:
    missing = UnknownTopicOrPartitionError("no such topic", context="Producing to t")
    assert explain(missing, "t") == ("There is no topic “t” on this cluster (check its name). "
                                     "Nothing was sent.")
    denied = explain(TopicAuthorizationError(context="Producing to t-0"), "t", 2, 5)
    assert denied.startswith("You are not allowed to write to “t”: the cluster's ACLs deny it. "
                             "2 of 5 records")
    assert "may or may not have been written" in explain(KafkaTimeoutError("slow"), "t")
