"""A Virtuoso killed (SIGKILL) in the middle of a load: a clear error, then a consistent store.

These tests run their own server (they kill it), on one database folder that is restarted
after each kill, as an operator would after a crash.
"""
from __future__ import annotations

import shutil
import threading

import pytest
from rdflib import Literal, Namespace
from rdflib.namespace import RDF

from unkg.errors import StoreError
from unkg.store.sparql import STAGING_PREFIX

from .virtuoso import temporary_server

pytestmark = pytest.mark.virtuoso

EX = Namespace("http://example.org/")
G = "https://w3id.org/unkg/graph/test/crash"
#: triples of the one update request the server is killed in (with the union graph kept in
#: the same request, long enough to be cut a second after it was sent)
BIG = 60_000


def triples(n: int, tag: str):
    return [(EX[f"{tag}/{i}"], RDF.value, Literal(f"{tag} {i}")) for i in range(n)]


@pytest.fixture(scope="module")
def server():
    s = temporary_server().start()
    yield s
    s.stop()
    shutil.rmtree(s.folder, ignore_errors=True)


def staging_graphs(store) -> list[str]:
    return [g for g in store._all_graphs() if g.startswith(STAGING_PREFIX)]


def test_kill_during_a_staged_load_then_restart_and_retry(server):
    store = server.store(retries=2, backoff=0.05, chunk_triples=500, request_triples=2000)
    old, new = triples(300, "old"), triples(10_000, "new")
    store.replace_graph(G, old)
    updates = 0
    original = store._exchange

    def exchange(text, **kw):
        # SIGKILL the server once the third update of the staged load has been answered
        nonlocal updates
        result = original(text, **kw)
        if kw.get("update"):
            updates += 1
            if updates == 3:
                server.kill()
        return result

    store._exchange = exchange
    with pytest.raises(StoreError) as e:
        store.replace_graph(G, new)
    msg = e.value.message
    assert server.update_url in msg and "refused the connection" in msg and "\n" not in msg

    server.start()
    after = server.store()
    assert after.graphs() == [G]
    assert set(after.triples(G)) == set(old)          # the old graph, whole: the staged part is not shown
    assert set(after.triples()) == set(old)            # and so is the union
    assert staging_graphs(after)                       # (it is on the server, hidden)

    after.chunk_triples, after.request_triples = 500, 2000
    after.replace_graph(G, new)                        # the retry
    assert after.count(G) == 10_000 and set(after.triples(G)) == set(new)
    assert set(after.triples()) == set(new)             # the union followed the final move
    assert after.graphs() == [G] and staging_graphs(after) == []


def test_kill_during_one_update_request_rolls_it_back(server):
    store = server.store(retries=1, backoff=0.05, request_triples=1_000_000)
    old, new = triples(300, "before"), triples(BIG, "big")
    store.replace_graph(G, old)
    sent = threading.Event()
    original = store._exchange

    def exchange(text, **kw):
        if kw.get("update"):
            sent.set()
        return original(text, **kw)

    store._exchange = exchange
    errors: list[Exception] = []

    def load():
        try:
            store.replace_graph(G, new)
        except StoreError as e:
            errors.append(e)

    worker = threading.Thread(target=load)
    worker.start()
    assert sent.wait(120)
    threading.Event().wait(1.0)            # the server is parsing and inserting 60 000 triples (2-3 s, 7 s loaded)
    server.kill()
    worker.join(120)
    assert len(errors) == 1 and server.update_url in errors[0].message

    server.start()
    after = server.store()
    n = after.count(G)
    assert n in (300, BIG)                              # the old graph or the new one, never a part
    assert set(after.triples(G)) == (set(old) if n == 300 else set(new))
    assert set(after.triples()) == set(after.triples(G))     # and the union graph agrees with it
    after.replace_graph(G, new)
    assert after.count(G) == BIG and len(list(after.triples())) == BIG
