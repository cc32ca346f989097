#!/usr/bin/env python3
"""Checks that the server's dependencies have the same features in the
release build (`cargo leptos build`) as in the test build (`cargo test
--workspace`). When they differ, each build recompiles the server the other
made, and `make run` after `make test` waits minutes for it."""
import subprocess
import sys


def features(*args):
    out = subprocess.run(
        ["cargo", "tree", "--locked", "-f", "{p} {f}", "--prefix", "none", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = {}
    for line in out.splitlines():
        line = line.replace("(*)", "").strip()
        if not line:
            continue
        name, version, *rest = line.split(" ")
        # A path dependency names its folder before its features.
        rest = [r for r in rest if not r.startswith("(")]
        found[f"{name} {version}"] = set(",".join(rest).split(",")) - {""}
    return found


release = features("-p", "ourvoice", "-e", "normal,build")
test = features("--workspace", "-e", "normal,build,dev")
differ = [
    (crate, release[crate], test[crate])
    for crate in sorted(release)
    if crate in test and release[crate] != test[crate]
]
for crate, built, tested in differ:
    print(f"{crate}: release build has {sorted(built)}, test build {sorted(tested)}")
if differ:
    print("Ask for the test build's features in server/Cargo.toml too.")
    sys.exit(1)
print(f"The release and test builds share the features of all {len(release)} crates.")
