#!/usr/bin/env bash
# Throughput of `mamori scan` with 1 and 2 threads:
#   - 10,000 small files (2.5 KB on average) cut from corpora/text,
#   - 1 GB of text in 1,010 files of ~1 MB (ten copies of the 100 MB corpus, if present),
#   - the 100 MB corpus as one file (a single file is scanned by one thread).
# Each case runs RUNS times (default 5); the fastest wall time is reported with its
# user+sys CPU time (user+sys > wall means both cores were busy).
#
#   bash cli/bench/run.sh            # data in /tmp/mamori-bench
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
DATA=${DATA:-/tmp/mamori-bench}
CORPUS=${CORPUS:-/tmp/kwbench/data/corpus_100mb.txt}
CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1} cargo build --release -q -p mamori-cli
BIN=$PWD/target/release/mamori
mkdir -p "$DATA"

python3 - "$DATA" "$CORPUS" <<'EOF'
import glob, os, random, sys
data, corpus = sys.argv[1], sys.argv[2]
small = os.path.join(data, "small")
if not os.path.isdir(small):
    random.seed(4)
    lines = []
    for p in sorted(glob.glob("corpora/text/*.txt")):
        lines += open(p, encoding="utf-8").read().splitlines()
    for i in range(10000):
        d = os.path.join(small, f"d{i // 100:03d}")
        os.makedirs(d, exist_ok=True)
        n = random.randint(10, 60)
        s = random.randrange(0, len(lines) - n)
        with open(os.path.join(d, f"f{i:05d}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines[s:s + n]) + "\n")
big = os.path.join(data, "big")
if os.path.exists(corpus) and not os.path.isdir(big):
    raw = open(corpus, "rb").read()
    pieces, i = [], 0
    while i < len(raw):
        j = min(len(raw), i + 1_000_000)
        k = raw.rfind(b"\n", i, j)
        if j < len(raw) and k > i:
            j = k + 1
        pieces.append(raw[i:j])
        i = j
    for c in range(10):
        d = os.path.join(big, f"copy{c}")
        os.makedirs(d)
        for p, piece in enumerate(pieces):
            open(os.path.join(d, f"part{p:03d}.txt"), "wb").write(piece)
EOF

measure() { # name path threads extra-args...
    local name=$1 path=$2 threads=$3
    shift 3
    local files bytes best=""
    files=$(find "$path" -type f | wc -l)
    bytes=$(find "$path" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
    cat $(find "$path" -type f) > /dev/null # warm the page cache
    for _ in $(seq "$RUNS"); do
        local t
        /usr/bin/time -o "$DATA/time.txt" -f '%e %U %S %M' \
            "$BIN" scan "$path" -j "$threads" "$@" > /dev/null 2>&1 || true
        t=$(tail -1 "$DATA/time.txt")
        if [[ -z $best ]] || awk -v a="${t%% *}" -v b="${best%% *}" 'BEGIN {exit !(a < b)}'; then
            best=$t
        fi
    done
    read -r wall user sys rss <<< "$best"
    awk -v n="$name" -v th="$threads" -v f="$files" -v b="$bytes" -v w="$wall" -v u="$user" \
        -v s="$sys" -v r="$rss" 'BEGIN {
        if (w < 0.01) w = 0.01;
        printf "%-28s threads=%s  files=%6d  %7.1f MB  wall=%6.2fs  user+sys=%6.2fs  %8.0f files/s  %7.1f MB/s  rss=%d KB\n",
            n, th, f, b / 1e6, w, u + s, f / w, b / 1e6 / w, r }'
}

for threads in 1 2; do
    measure "10k small files, -q" "$DATA/small" "$threads" -q
    measure "10k small files, jsonl" "$DATA/small" "$threads" -f jsonl
done
if [[ -d $DATA/big ]]; then
    for threads in 1 2; do
        measure "1 GB in 1,010 files, -q" "$DATA/big" "$threads" -q
        measure "1 GB in 1,010 files, jsonl" "$DATA/big" "$threads" -f jsonl
    done
fi
if [[ -f $CORPUS ]]; then
    for threads in 1 2; do
        measure "100 MB single file, -q" "$CORPUS" "$threads" -q
    done
fi
