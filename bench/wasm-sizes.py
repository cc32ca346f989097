#!/usr/bin/env python3
"""What the browser's first WebAssembly is made of.

Reads the main module that `cargo leptos build --release --split` leaves
before wasm-bindgen and wasm-opt (it still has its function names), and
prints the bytes of code per crate and the generic functions copied most.
Sizes are before wasm-opt, so compare them with each other, not with the
page weight.

    python3 bench/wasm-sizes.py [target/front/wasm32-unknown-unknown/wasm-release/app_split.wasm] [rows]
"""
import collections
import re
import sys

DEFAULT = "target/front/wasm32-unknown-unknown/wasm-release/app_split.wasm"


def leb(data, i):
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def functions(data):
    """(code bytes, name) of every function defined in the module."""
    if data[:4] != b"\0asm":
        sys.exit("not a WebAssembly module")
    i, imported, sizes, names = 8, 0, [], {}
    while i < len(data):
        section = data[i]
        size, i = leb(data, i + 1)
        end = i + size
        if section == 2:  # imports: functions are numbered after them
            count, j = leb(data, i)
            for _ in range(count):
                for _ in range(2):
                    length, j = leb(data, j)
                    j += length
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb(data, j)
                    imported += 1
                elif kind in (1, 2):
                    j += 1 if kind == 1 else 0
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:
                    j += 2
        elif section == 10:  # code
            count, j = leb(data, i)
            for _ in range(count):
                length, body = leb(data, j)
                sizes.append(length + body - j)
                j = body + length
        elif section == 0:  # custom: the "name" section
            length, j = leb(data, i)
            if data[j : j + length] == b"name":
                j += length
                while j < end:
                    kind = data[j]
                    sub, j = leb(data, j + 1)
                    if kind == 1:
                        count, k = leb(data, j)
                        for _ in range(count):
                            index, k = leb(data, k)
                            length, k = leb(data, k)
                            names[index] = data[k : k + length].decode("utf8", "replace")
                            k += length
                    j += sub
        i = end
    return [(size, names.get(n + imported, "?")) for n, size in enumerate(sizes)]


def crate_of(name):
    """The crate a (legacy or v0) mangled name belongs to; for a trait
    impl, the implementing type's crate."""
    legacy = re.match(r"_ZN(\d+)", name)
    if legacy:
        first = name[legacy.end() : legacy.end() + int(legacy.group(1))]
        if first.startswith("_$LT$"):
            own = re.match(r"_\$LT\$(?:\$RF\$)?(?:mut\$u20\$)?([a-z_0-9]+)\.\.", first)
            trait = re.search(r"\$u20\$as\$u20\$([a-z_0-9]+)\.\.", first)
            if own:
                return own.group(1)
            # A blanket impl (`<T as Trait>`): the trait's crate.
            return f"{trait.group(1)} (blanket)" if trait else "?"
        return first
    v0 = re.search(r"C(?:s[0-9A-Za-z_]+_)?(\d+)([a-z_0-9]+)", name)
    if name.startswith("_R") and v0:
        return v0.group(2)[: int(v0.group(1))]
    return "?"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else DEFAULT
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    funcs = functions(open(path, "rb").read())
    total = sum(size for size, _ in funcs)
    print(f"{path}: {len(funcs)} functions, {total} bytes of code before wasm-opt\n")
    by_crate = collections.Counter()
    for size, name in funcs:
        by_crate[crate_of(name)] += size
    print("Bytes  Share  Crate")
    for crate, size in by_crate.most_common(rows):
        print(f"{size:7d} {100 * size / total:5.1f}%  {crate}")
    copies, bytes_of = collections.Counter(), collections.Counter()
    for size, name in funcs:
        generic = re.sub(r"17h[0-9a-f]{16}E$", "", name)
        copies[generic] += 1
        bytes_of[generic] += size
    print("\nBytes  Copies  Generic function")
    for generic, size in bytes_of.most_common(rows):
        print(f"{size:7d} {copies[generic]:5d}  {generic[:140]}")


if __name__ == "__main__":
    main()
