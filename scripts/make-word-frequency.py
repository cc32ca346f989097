#!/usr/bin/env python3
"""Writes app/vocabulary/word-frequency-en.txt: the 5,000 most frequent
English words, most frequent first, from wordfreq's "large" English list.

    pip download wordfreq==3.1.1 --no-deps -d /tmp/wordfreq
    pip install msgpack
    python3 scripts/make-word-frequency.py /tmp/wordfreq/wordfreq-3.1.1-py3-none-any.whl

Only words of letters (with one inner apostrophe, "don't") are kept.
"""
import gzip
import io
import re
import sys
import zipfile

import msgpack

TOP = 5000
OUT = "app/vocabulary/word-frequency-en.txt"

wheel = zipfile.ZipFile(sys.argv[1])
data = msgpack.load(
    gzip.open(io.BytesIO(wheel.read("wordfreq/data/large_en.msgpack.gz"))), raw=False
)
assert data[0] == {"format": "cB", "version": 1}, data[0]
words = []
for bucket in data[1:]:
    for word in bucket:
        if re.fullmatch(r"[a-z]+(?:'[a-z]+)?", word) and word not in words:
            words.append(word)
    if len(words) >= TOP:
        break
with open(OUT, "w") as out:
    out.write("# The 5,000 most frequent English words, most frequent first.\n")
    out.write("# From wordfreq 3.1.1 (large_en), by Robyn Speer and contributors,\n")
    out.write("# https://github.com/rspeer/wordfreq; data CC BY-SA 4.0,\n")
    out.write("# see LICENSE-wordfreq.txt. Made by scripts/make-word-frequency.py.\n")
    for word in words[:TOP]:
        out.write(word + "\n")
print(f"wrote {min(TOP, len(words))} words to {OUT}")
