"""Reading a topic's messages for the message browser: Qt-free logic under the page's widgets.

Memory strategy: **spill to disk, index in memory**. Every fetched chunk is appended to
anonymous temporary files as self-describing blocks of about 1 MiB (the decompressed record
bytes of its batches, each batch's metadata, each record's position); memory keeps only each
row's offset and timestamp (16 bytes, in paged ``int64`` arrays) and a small per-block index
(first row, partition, file and place). A row's key, value and headers are read back by
rebuilding its block's lazy :class:`~protocol.records.RecordView` into an LRU bounded in bytes
(16 MiB), so the table decodes only the rows on screen, scrolling anywhere is a bisect and at
most one block read, and a million 120-byte messages take about 17 MiB of memory (130 MiB on
disk). Nothing is fetched again: the rows stay readable after retention or compaction removed
them from the topic. Past 10 million rows (160 MiB) the oldest go, with their files.

Modules: :mod:`~explorer.messages.store` (rows, blocks, spill, cache),
:mod:`~explorer.messages.seek` (where to start and stop), :mod:`~explorer.messages.reader`
(fetching into a store, never in a group), :mod:`~explorer.messages.filtering` (the filtered
index, built in time slices), :mod:`~explorer.messages.hits` (whole-topic search hits as rows),
:mod:`~explorer.messages.decoders` (text, JSON, hex, base64), :mod:`~explorer.messages.jsonl`
(the export schema), :mod:`~explorer.messages.export` and :mod:`~explorer.messages.replay`.
"""
