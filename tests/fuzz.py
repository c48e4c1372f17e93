"""Fuzzing (``nox -s fuzz -- --seconds 120``): random and mutated input into the text
converter and the XML loaders, validators and renderers, for a bounded time.

A PipelineError is the expected way to refuse bad input; any other exception, or a single
case running over the per-case bound, fails the session and saves the input that caused it.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
import traceback
from pathlib import Path

from pipeline.encode import encode, serialize_tei
from pipeline.findings import PipelineError
from pipeline.ingest import decode_text, ingest_text
from pipeline.render import render
from pipeline.resources import SAMPLE
from pipeline.validate import load_xml, validate_xml

HERE = Path(__file__).parent
SEEDS_TEXT = [SAMPLE, *sorted((HERE / "fixtures" / "encode").glob("*.txt"))]
SEEDS_XML = sorted((HERE / "fixtures" / "validate").glob("*.xml"))
PER_CASE_SECONDS = 20


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A few random byte-level edits: flips, inserts, deletions, splices, repeats."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(data) + 1)
        choice = rng.random()
        if choice < 0.3 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif choice < 0.5:
            data[at:at] = rng.choice([b"[Page ", b"]", b"\n\n", b"  1. ", b"\xe2\x80\x9d7",
                                      b"<", b"&", b"\r", b"\t", b"\xa0",
                                      bytes([rng.randrange(256)])])
        elif choice < 0.7:
            del data[at:at + rng.randint(1, 64)]
        elif choice < 0.85:
            other = rng.randrange(len(data) + 1)
            data[at:at] = data[other:other + rng.randint(1, 200)]
        else:
            data[at:at] = data[at:at + 40] * rng.randint(2, 50)
    return bytes(data)


def text_case(data: bytes) -> None:
    encoded = encode(ingest_text(decode_text(data, "fuzz.txt"), "fuzz.txt"))
    render(encoded.tree, "fuzz.txt", ["txt"])
    validate_xml(serialize_tei(encoded.tree), "fuzz.tei.xml")


def xml_case(data: bytes) -> None:
    document = load_xml(data, "fuzz.xml")
    validate_xml(data, "fuzz.xml")
    render(document.tree, "fuzz.xml")


def on_alarm(signum: int, frame: object) -> None:
    raise TimeoutError(f"one case ran over {PER_CASE_SECONDS} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--crashes", type=Path, default=Path("fuzz-crashes"))
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    signal.signal(signal.SIGALRM, on_alarm)
    seeds = [(p.read_bytes(), text_case) for p in SEEDS_TEXT] + \
        [(p.read_bytes(), xml_case) for p in SEEDS_XML]
    end, cases, refused = time.monotonic() + args.seconds, 0, 0
    while time.monotonic() < end:
        if rng.random() < 0.1:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))
            case = rng.choice([text_case, xml_case])
        else:
            original, case = rng.choice(seeds)
            data = mutate(original, rng)
            if case is text_case and rng.random() < 0.5:  # keep it valid UTF-8: go deeper
                data = data.decode("utf-8", errors="ignore").encode("utf-8")
        cases += 1
        signal.alarm(PER_CASE_SECONDS)
        try:
            case(data)
        except PipelineError:
            refused += 1
        except Exception:
            signal.alarm(0)
            args.crashes.mkdir(exist_ok=True)
            saved = args.crashes / f"crash-{seed}-{cases}.bin"
            saved.write_bytes(data)
            traceback.print_exc()
            print(f"fuzz: {case.__name__} failed on {saved} (seed {seed})", file=sys.stderr)
            return 1
        finally:
            signal.alarm(0)
    print(f"fuzz: {cases} cases in {args.seconds:g} s, {refused} refused cleanly, "
          f"no unexpected exception (seed {seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
