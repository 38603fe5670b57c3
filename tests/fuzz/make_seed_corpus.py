#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz harnesses (tests/fuzz/corpus/<harness>/seed_*) from the
fixtures in tests/data, in the input layouts that fuzz_harnesses.h and each harness describe.
Regression inputs (crash_*, found by the fuzzers) live beside the seeds and are not rewritten."""
import json, os, struct

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
OUT = os.path.join(HERE, "corpus")


def read(*p):
    with open(os.path.join(DATA, *p), "rb") as f:
        return f.read()


def put(harness, name, data):
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed_" + name), "wb") as f:
        f.write(data)


# MovieLens 100K: u.item \0 u.user \0 u.data
ml = "ml-100k-mini"
put("movielens_100k", "mini", read(ml, "u.item") + b"\0" + read(ml, "u.user") + b"\0" + read(ml, "u.data"))
put("movielens_100k", "one_rating", read(ml, "u.item").split(b"\n")[0] + b"\n\0" +
    read(ml, "u.user").split(b"\n")[0] + b"\n\0" + b"1\t1\t5\t881250001\n")
# MovieLens 1M: movies.dat \0 users.dat \0 ratings.dat
ml = "ml-1m-mini"
put("movielens_1m", "mini", read(ml, "movies.dat") + b"\0" + read(ml, "users.dat") + b"\0" + read(ml, "ratings.dat"))
put("movielens_1m", "latin1_title", b"1::Caf\xe9 Society (1995)::Comedy|Drama\n\0" + b"1::F::25::3::12345\n\0" +
    b"1::1::5::978300760\n")

# CSV: schema.json \0 items.csv \0 interactions.csv \0 users.csv
cx = "csv_example"
put("csv_dataset", "example", read(cx, "schema.json") + b"\0" + read(cx, "items.csv") + b"\0" +
    read(cx, "interactions.csv") + b"\0" + read(cx, "users.csv"))
schema = {"delimiter": "\t",
          "interactions": {"user": "u", "item": "i"},
          "items": {"columns": [{"name": "i", "kind": "id"}, {"name": "p", "kind": "numeric",
                                 "normalize": "zscore", "binning": "uniform", "buckets": 3},
                                {"name": "new", "kind": "cold"}]}}
put("csv_dataset", "tabs_no_users", json.dumps(schema).encode() + b"\0" +
    b"i\tp\tnew\nx\t1.5\t0\ny\t-2\t1\nz\t\t0\n\0" + b"u\ti\nA\tx\nA\ty\nB\tz\nB\tx\n")

# Embedding import: option byte, then metadata.tsv \0 vectors
meta = b"item_id\tclicks\tgenre\na\t10\tx\nb\t0\ty|z\nc\t3\t\n"
vec_tsv = b"1\t0\n0\t1\n0.6\t0.8\n"
put("embedding_import", "tsv", b"\x00" + meta + b"\0" + vec_tsv)
put("embedding_import", "ids_only", b"\x06" + b"first\nsecond\n\0" + b"3\t4\n0\t2\n")
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }"
header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
npy = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + struct.pack("<6f", 1, 0, 0, 1, 0.6, 0.8)
put("embedding_import", "npy", b"\x01" + meta + b"\0" + npy)


# Checkpoint: mode byte, then the whole file (mode 0) or the payload only (mode 1, the harness adds
# the header). Sections as checkpoint.h lays them out, with tiny towers.
def section(tag, body):
    return tag + struct.pack("<Q", len(body)) + body


def blocks(bs):
    out = struct.pack("<I", len(bs))
    for b in bs:
        out += struct.pack("<Q", len(b)) + struct.pack("<%df" % len(b), *b)
    return out


payload = (section(b"META", json.dumps({"format": "towerlab-checkpoint", "writer": "TowerLab",
                                        "dataset_source": {"dataset": "synthetic"}}).encode()) +
           section(b"CONF", json.dumps({"batch_size": 64, "tau": 0.1, "model": {"output_dim": 8}}).encode()) +
           section(b"DATA", json.dumps({"name": "synthetic", "users": 3, "items": 2, "train_clicks": 5,
                                        "train_hash": 12345, "user_fields": "user_id", "item_fields": "item_id"}).encode()) +
           section(b"STEP", struct.pack("<q", 7)) +
           section(b"RNG_", b"1 2 3") +
           section(b"UTWR", blocks([[0.5, -0.5], [0.25]])) +
           section(b"UOPT", struct.pack("<q", 7) + blocks([[0.0, 0.0]])) +
           section(b"ITWR", blocks([[1.0]])) +
           section(b"IOPT", struct.pack("<q", 7) + blocks([])) +
           section(b"FREQ", struct.pack("<Q", 2) + struct.pack("<4d", 1, 2, 3, 4)))
h = 1469598103934665603
for byte in payload:
    h = ((h ^ byte) * 1099511628211) % (1 << 64)
file = b"TWRLCKPT" + struct.pack("<IIQQ", 1, 32, len(payload), h) + payload
put("checkpoint", "payload", b"\x01" + payload)
put("checkpoint", "file", b"\x00" + file)
