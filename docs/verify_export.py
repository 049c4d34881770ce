#!/usr/bin/env python3
"""Verify keytrail's audit trail with nothing but Python's standard library.

    python3 verify_export.py export audit.jsonl --public-key audit_key.pub
    python3 verify_export.py inclusion proof.json head.json --public-key K
    python3 verify_export.py consistency proof.json old.json new.json \
        --public-key K

`export` checks a `keytrail export` file: every event's leaf hash, the root
of the signed head (from the events and the "omitted" subtrees) and the
head's Ed25519 signature. `inclusion` checks an answer of
GET /v1/audit/proof/inclusion against a head of GET /v1/audit/head;
`consistency` one of GET /v1/audit/proof/consistency against two heads.
The key is the PEM of GET /v1/audit/public-key (or its 64 hex digits).

Exit code 0 when everything verifies, 1 otherwise. docs/auditing.md explains
each step; tests/http/audit_export_test.cc runs this script.
"""

import argparse
import base64
import calendar
import hashlib
import json
import struct
import sys
import time


class Failure(Exception):
    pass


# --- RFC 8032 Ed25519 signature verification (section 5.1.7) -------------
P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _recover_x(y, sign):
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P or (x == 0 and sign):
        return None
    return P - x if x & 1 != sign else x


def _add(a, b):  # extended coordinates (X, Y, Z, T)
    e0, f0 = (a[1] - a[0]) * (b[1] - b[0]) % P, (a[1] + a[0]) * (b[1] + b[0]) % P
    c, d = 2 * a[3] * b[3] * D % P, 2 * a[2] * b[2] % P
    e, f, g, h = f0 - e0, d - c, d + c, f0 + e0
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s, point):
    result = (0, 1, 1, 0)
    while s:
        if s & 1:
            result = _add(result, point)
        point, s = _add(point, point), s >> 1
    return result


def _decode_point(data):
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _recover_x(y, sign) if y < P else None
    return None if x is None else (x, y, 1, x * y % P)


_BY = 4 * pow(5, P - 2, P) % P
BASE = (_recover_x(_BY, 0), _BY, 1, _recover_x(_BY, 0) * _BY % P)


def ed25519_verify(public_key, message, signature):
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a, r = _decode_point(public_key), _decode_point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message)
                       .digest(), "little") % L
    lhs, rhs = _mul(s, BASE), _add(r, _mul(k, a))
    return (lhs[0] * rhs[2] - rhs[0] * lhs[2]) % P == 0 and \
        (lhs[1] * rhs[2] - rhs[1] * lhs[2]) % P == 0


def load_public_key(text):
    text = text.strip()
    if len(text) == 64:
        return bytes.fromhex(text)
    body = "".join(l for l in text.splitlines() if not l.startswith("-----"))
    der = base64.b64decode(body)
    if len(der) != 44 or der[:12] != bytes.fromhex("302a300506032b6570032100"):
        raise ValueError("not an Ed25519 public key")
    return der[12:]


# --- Signed tree heads ---------------------------------------------------
def head_signed_bytes(head):
    """kTreeHeadContext 0x00 BE64(tree_size) root_hash BE64(timestamp us)."""
    stamp, fraction = head["timestamp"].rstrip("Z").split(".")
    seconds = calendar.timegm(time.strptime(stamp, "%Y-%m-%dT%H:%M:%S"))
    micros = seconds * 1_000_000 + int(fraction.ljust(6, "0")[:6])
    return (b"keytrail-tree-head-v1\x00" + struct.pack(">Q", head["tree_size"])
            + bytes.fromhex(head["root_hash"]) + struct.pack(">Q", micros))


def check_head(head, public_key):
    signature = bytes.fromhex(head["signature"])
    if not ed25519_verify(public_key, head_signed_bytes(head), signature):
        raise Failure("the head's signature does not verify with this key")


# --- RFC 6962 / RFC 9162 Merkle tree ---------------------------------------
def canonical(value):
    """RFC 8785 for keytrail's JSON (ASCII keys, integers, no floats)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


def leaf_hash(event):
    envelope = {k: v for k, v in event.items() if k != "leaf_hash"}
    return hashlib.sha256(b"\x00" + canonical(envelope).encode()).digest()


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(n):  # the largest power of two smaller than n
    return 1 << ((n - 1).bit_length() - 1)


def mth(begin, end, leaves, omitted):
    """MTH(D[begin:end]) from known leaves and omitted subtree hashes."""
    if (begin, end) in omitted:
        return omitted[(begin, end)]
    if end - begin == 1:
        if begin not in leaves:
            raise Failure(f"seq {begin + 1} is missing: neither exported "
                          "nor in an omitted subtree")
        return leaves[begin]
    k = begin + split(end - begin)
    return node(mth(begin, k, leaves, omitted), mth(k, end, leaves, omitted))


def root_from_inclusion(index, size, leaf, path):  # RFC 9162 2.1.3.2
    if index >= size:
        raise Failure("the leaf index is not in the tree")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise Failure("the audit path is too long")
        if fn & 1 or fn == sn:
            r = node(p, r)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn:
        raise Failure("the audit path is too short")
    return r


def check_consistency(first, second, first_root, second_root, path):
    if first == second:  # RFC 9162 2.1.4.2
        if path or first_root != second_root:
            raise Failure("equal sizes need equal roots and an empty proof")
        return
    if not 0 < first < second or not path:
        raise Failure("a consistency proof needs 0 < first < second")
    if first & (first - 1) == 0:
        path = [first_root] + path
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise Failure("the consistency proof is too long")
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn or fr != first_root or sr != second_root:
        raise Failure("the proof does not lead from the old root to the new")


# --- Commands --------------------------------------------------------------
def verify_export(lines, public_key):
    lines = [l for l in lines if l.strip()]
    head = json.loads(lines.pop())
    omitted = {}
    if lines and lines[-1].startswith('{"omitted":'):
        for o in json.loads(lines.pop())["omitted"]:
            omitted[(o["first_seq"] - 1, o["last_seq"])] = bytes.fromhex(o["hash"])
    leaves, previous = {}, 0
    for line in lines:
        event = json.loads(line)
        seq = event["seq"]
        if seq <= previous or seq > head["tree_size"]:
            raise Failure(f"seq {seq} is out of order or beyond the head")
        computed = leaf_hash(event)
        if computed.hex() != event["leaf_hash"]:
            raise Failure(f"seq {seq}: the event hashes to {computed.hex()} "
                          f"but its leaf_hash is {event['leaf_hash']}")
        leaves[seq - 1], previous = computed, seq
    size = head["tree_size"]
    root = mth(0, size, leaves, omitted) if size else hashlib.sha256().digest()
    if root.hex() != head["root_hash"]:
        raise Failure(f"the events give the root {root.hex()} but the head "
                      f"says {head['root_hash']}")
    check_head(head, public_key)
    return f"{len(leaves)} events verified against the head of {size} events"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["export", "inclusion",
                                            "consistency"])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--public-key", required=True)
    args = parser.parse_args()
    with open(args.public_key) as f:
        public_key = load_public_key(f.read())
    docs = []
    for name in args.files:
        with open(name, encoding="utf-8") as f:
            docs.append(f.read())
    try:
        if args.command == "export":
            # "\n" only: str.splitlines() also splits at U+2028/U+2029, which JSON
            # leaves unescaped inside a string (a token's name may hold one).
            print("OK:", verify_export(docs[0].split("\n"), public_key))
        elif args.command == "inclusion":
            proof, head = json.loads(docs[0]), json.loads(docs[1])
            check_head(head, public_key)
            root = root_from_inclusion(
                proof["seq"] - 1, head["tree_size"],
                bytes.fromhex(proof["leaf_hash"]),
                [bytes.fromhex(h) for h in proof["audit_path"]])
            if root.hex() != head["root_hash"] or \
                    proof["tree_size"] != head["tree_size"]:
                raise Failure("the audit path does not lead to the head")
            print(f"OK: seq {proof['seq']} is in the head's tree")
        else:
            proof, old, new = (json.loads(d) for d in docs[:3])
            check_head(old, public_key)
            check_head(new, public_key)
            check_consistency(old["tree_size"], new["tree_size"],
                              bytes.fromhex(old["root_hash"]),
                              bytes.fromhex(new["root_hash"]),
                              [bytes.fromhex(h) for h in
                               proof["consistency_path"]])
            print(f"OK: the tree of {new['tree_size']} events extends the "
                  f"tree of {old['tree_size']}")
    except (Failure, KeyError, ValueError, IndexError) as error:
        print("FAILED:", error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
