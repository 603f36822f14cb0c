"""Knowledge at scale: the first answer after a cold start, warm search, memory, and how soon a new source answers.

For a product with 50k and 200k chunks (~170 words each, the synthetic English-like text of knowledge_bm25, in
sources of 3,000 chunks), the indexer's snapshot (runa.knowledge.logic.compaction / snapshot) is written to the
knowledge bucket of a moto server (devtools.moto_server, its own process) and the pointer set. Then, in a fresh
Python process with an empty /tmp directory, as a chat function's cold start:

- first answer: `runa.knowledge.services.retrieval.search` once, from the first call to the passages: the pointer
  read, the source list, the S3 client made, the snapshot fetched from S3 into /tmp (bytes printed) and
  memory-mapped, the search, and the batch read of the winning chunks' text. The imports before it are printed
  apart (Lambda's INIT), and so is the DynamoDB client, which a chat turn has made before it searches (its token
  cap and session reads come first);
- warm search: 300 questions of 2-6 words on the loaded index, our own code only (the pointer read and the chunk
  read answered from memory, as the issue measured: DynamoDB's network time excluded);
- peak RSS of that process (VmHWM) after the warm questions;
- the same process's CPU time for the first answer and the warm questions, and the machine's load average: on a
  shared machine the wall-clock figures (the targets) stretch with the load, the CPU times much less;
- a new source (3,000 chunks) written as its indexing job does (chunks, its own segment in S3), made ready and the
  version bumped, in that warm process; then the time until a question finds it (the next question reads the
  pointer, lists the sources and fetches that segment).

Only the chunks the first question finds are written to DynamoDB (writing 200k items to moto takes minutes; the
batch read costs the same whatever the table holds). Run: python -m devtools.bench knowledge_scale
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
for _path in (str(ROOT / "layers" / "shared"), str(ROOT)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from devtools.bench.knowledge_bm25 import SEED, WORDS_PER_CHUNK, _Text, _vocabulary  # noqa: E402
from devtools.fake_aws import FAKE_AWS_ENVIRONMENT  # noqa: E402

SIZES = tuple(int(n) for n in os.environ.get("KNOWLEDGE_SCALE_SIZES", "50000,200000").split(","))
PER_SOURCE = 3_000
QUERIES = 300
TARGETS = {
    "first_s": {50_000: 0.5, 200_000: 1.0},
    "p50_ms": {50_000: 2.0},
    "p99_ms": {50_000: 10.0},
    "rss_mb": {200_000: 300.0},
    "new_source_s": {50_000: 5.0, 200_000: 5.0},
}
NEW_SOURCE = "ks_zzzz_new"

CHILD = r"""
import json, os, sys, time


def peak_mb():
    # VmHWM, not ru_maxrss: ru_maxrss survives exec, so a child forked from a big parent would report the parent's.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


started = time.perf_counter()
from runa.knowledge.services import retrieval
from runa.knowledge.data import chunks, index_version, snapshots, sources
from runa.knowledge.logic import snapshot
from runa.knowledge.models import SourceRecord, SourceStats, StoredChunk
imported = time.perf_counter()
job = json.loads(sys.stdin.read())
rss_job_mb = peak_mb()
owner = job["owner"]
# Where the first answer's time goes: SDK clients made, and the snapshot fetched and mapped.
from runa.core import aws
spent = {"clients": 0.0, "fetch": 0.0}
def timed(name, function):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - t
    return wrapper
# The chat turn reads DynamoDB (its token cap, the session) before it searches: that client exists already.
aws.client("dynamodb")
real_client = aws.client
aws.client = timed("clients", real_client)
snapshots.open_snapshot = timed("fetch", snapshots.open_snapshot)
first_start, first_cpu = time.perf_counter(), time.process_time()
passages = retrieval.search(owner, job["queries"][0], 4)
first = time.perf_counter() - first_start
first_cpu = time.process_time() - first_cpu
rss_first_mb = peak_mb()
entry = retrieval.retriever().cache[owner]
fetched = sum(f.stat().st_size for f in __import__("pathlib").Path(os.environ["KNOWLEDGE_SNAPSHOT_DIR"]).glob("*.rks"))
# Warm: our code only; the pointer and the chunk texts from memory.
ports = retrieval.retrieval_ports()
pointer = entry.pointer
from dataclasses import replace
local = replace(
    ports,
    read_pointer=lambda o: pointer,
    get_chunks=lambda o, refs: {r: StoredChunk(source_id=r[0], generation=r[1], seq=r[2], text="") for r in refs},
)
times, cpu_times = [], []
for query in job["queries"]:
    t, c = time.perf_counter(), time.process_time()
    retrieval.retriever().search(owner, query, 4, local)
    times.append(time.perf_counter() - t)
    cpu_times.append(time.process_time() - c)
rss_mb = peak_mb()
# A new source becomes ready: its chunks, the source flipped to its generation, the version bumped.
new = job["new_source"]
record = SourceRecord(owner=owner, id=new["id"], type="text", name="New", created_at="2026-12-07T00:00:00Z")
sources.put_new(record)
chunks.put_all(
    owner, [StoredChunk(source_id=new["id"], generation=1, seq=i, text=t) for i, t in enumerate(new["texts"])]
)
docs = [snapshot.Doc(new["id"], 1, i, t) for i, t in enumerate(new["texts"])]
snapshots.put_source_segment(owner, new["id"], 1, snapshot.build_segment(docs))  # as its indexing job does
sources.activate(owner, new["id"], 1, SourceStats(pages=1, chunks=len(new["texts"]), bytes=0), "2026-12-07T00:00:01Z")
index_version.bump(owner)
ready = time.perf_counter()
found = False
while time.perf_counter() - ready < 30:
    hits = retrieval.search(owner, new["query"], 4)
    if hits and hits[0].source_id == new["id"]:
        found = True
        break
new_source_s = time.perf_counter() - ready
times.sort()
cpu_times.sort()
print(json.dumps({
    "first_cpu_s": first_cpu,
    "cpu_p50_ms": cpu_times[len(cpu_times) // 2] * 1000,
    "cpu_p99_ms": cpu_times[int(len(cpu_times) * 0.99) - 1] * 1000,
    "load": os.getloadavg()[0],
    "import_s": imported - started,
    "first_s": first,
    "first_hits": len(passages),
    "clients_s": spent["clients"],
    "fetch_s": spent["fetch"],
    "fetched_bytes": fetched,
    "p50_ms": times[len(times) // 2] * 1000,
    "p99_ms": times[int(len(times) * 0.99) - 1] * 1000,
    "rss_mb": rss_mb,
    "rss_first_mb": rss_first_mb,
    "rss_job_mb": rss_job_mb,
    "rss_end_mb": peak_mb(),
    "new_source_s": new_source_s if found else None,
}))
"""


def _ok(name: str, size: int, value: float | None) -> str:
    target = TARGETS[name].get(size)
    if target is None:
        return ""
    if value is None:
        return f"(target <= {target:g}: MISSED)"
    return f"(target <= {target:g}: {'ok' if value <= target else 'MISSED'})"


def _setup(size: int, text: _Text, queries: list[str], prefix: str) -> dict[str, Any]:
    from runa.knowledge.data import chunks, index_version, snapshots, sources
    from runa.knowledge.logic import compaction, snapshot
    from runa.knowledge.models import SourceRecord, SourceStats, StoredChunk

    owner = f"playground#bench#prod_{size}_{prefix}"
    texts = [text.draw(WORDS_PER_CHUNK) for _ in range(size)]
    source_ids = [f"ks_{n:05d}" for n in range((size + PER_SOURCE - 1) // PER_SOURCE)]
    by_source = [
        [
            snapshot.Doc(sid, 1, seq, texts[n * PER_SOURCE + seq])
            for seq in range(min(PER_SOURCE, size - n * PER_SOURCE))
        ]
        for n, sid in enumerate(source_ids)
    ]
    started = time.perf_counter()
    data = snapshot.pack(compaction._segments(by_source))
    build_s = time.perf_counter() - started
    for sid in source_ids:
        record = SourceRecord(owner=owner, id=sid, type="text", name=f"Source {sid}", created_at="2026-12-07T00:00:00Z")
        sources.put_new(record)
        sources.activate(owner, sid, 1, SourceStats(pages=1, chunks=PER_SOURCE, bytes=0), "2026-12-07T00:00:00Z")
    key = snapshots.put(owner, data)
    index_version.set_snapshot(owner, key, len(data), None)
    index_version.bump(owner)
    # The chunks the first question finds (see the module's docstring).
    segments = snapshot.open_snapshot(data)
    hits = snapshot.search(segments, queries[0], 4)
    stored = []
    for hit in hits:
        (sid, generation), seq = segments[hit.segment].doc(hit.doc)
        stored.append(
            StoredChunk(source_id=sid, generation=generation, seq=seq, text=by_source[int(sid[3:])][seq].text)
        )
    chunks.put_all(owner, stored)
    return {"owner": owner, "build_s": build_s, "bytes": len(data)}


def main() -> None:
    from devtools.infra import create_resources
    from devtools.moto_server import MotoProcess
    from runa.core.aws import reset_clients
    from runa.core.settings import reset_settings

    server = MotoProcess()
    server.start()
    host, port = server.get_host_and_port()
    env = {**os.environ, **FAKE_AWS_ENVIRONMENT, "AWS_ENDPOINT_URL": f"http://{host}:{port}"}
    os.environ.update(env)
    reset_clients()
    reset_settings()
    try:
        prefix = f"bench-{uuid.uuid4().hex[:6]}"
        infra = create_resources(prefix=prefix)
        os.environ["KNOWLEDGE_TABLE"] = infra.physical["KnowledgeTable"]
        os.environ["KNOWLEDGE_BUCKET"] = infra.physical["KnowledgeBucket"]
        reset_settings()
        rng = random.Random(SEED)  # noqa: S311 - reproducible synthetic text, not security
        text = _Text(rng, _vocabulary(rng))
        queries = [text.draw(rng.randint(2, 6)) for _ in range(QUERIES)]
        new_texts = [f"zebrafjord ferry timetable {text.draw(WORDS_PER_CHUNK - 3)}" for _ in range(PER_SOURCE)]
        print(f"{WORDS_PER_CHUNK} words a chunk, sources of {PER_SOURCE} chunks, {QUERIES} questions of 2-6 words")
        for size in SIZES:
            setup = _setup(size, text, queries, prefix[-6:])
            job = {
                "owner": setup["owner"],
                "queries": queries,
                "new_source": {"id": NEW_SOURCE, "texts": new_texts, "query": "zebrafjord ferry"},
            }
            with tempfile.TemporaryDirectory(prefix="knowledge-scale-") as tmp:
                child_env = {
                    **env,
                    "KNOWLEDGE_TABLE": os.environ["KNOWLEDGE_TABLE"],
                    "KNOWLEDGE_BUCKET": os.environ["KNOWLEDGE_BUCKET"],
                    "KNOWLEDGE_SNAPSHOT_DIR": tmp,
                    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
                    "PYTHONPATH": os.pathsep.join([str(ROOT / "layers" / "shared"), str(ROOT)]),
                    "POWERTOOLS_SERVICE_NAME": "bench",
                }
                result = subprocess.run(  # noqa: S603 - our own script
                    [sys.executable, "-c", CHILD],
                    input=json.dumps(job),
                    env=child_env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"\n{size} chunks: snapshot {setup['bytes'] / 1e6:.1f} MB, built in {setup['build_s']:.1f} s (indexer)"
            )
            print(f"  imports (INIT)            {figures['import_s']:.3f} s")
            print(
                f"  first answer after cold   {figures['first_s']:.3f} s, {figures['fetched_bytes']:,} bytes fetched "
                f"{_ok('first_s', size, figures['first_s'])}"
            )
            print(
                f"    of which SDK clients made {figures['clients_s']:.3f} s, snapshot fetched to /tmp and mapped "
                f"{figures['fetch_s']:.3f} s (its S3 client included)"
            )
            print(f"  warm search p50           {figures['p50_ms']:.2f} ms {_ok('p50_ms', size, figures['p50_ms'])}")
            print(f"  warm search p99           {figures['p99_ms']:.2f} ms {_ok('p99_ms', size, figures['p99_ms'])}")
            print(
                f"  CPU time of this process: first answer {figures['first_cpu_s']:.3f} s, warm p50 "
                f"{figures['cpu_p50_ms']:.2f} ms, p99 {figures['cpu_p99_ms']:.2f} ms (machine load average "
                f"{figures['load']:.1f} on {os.cpu_count()} CPUs: wall figures stretch with it)"
            )
            print(f"  peak RSS                  {figures['rss_mb']:.0f} MB {_ok('rss_mb', size, figures['rss_mb'])}")
            new_s = figures["new_source_s"]
            shown = f"{new_s:.2f} s" if new_s is not None else "not found"
            print(f"  new source searchable in  {shown} {_ok('new_source_s', size, new_s)}")
    finally:
        server.stop()
        reset_clients()


if __name__ == "__main__":
    main()
