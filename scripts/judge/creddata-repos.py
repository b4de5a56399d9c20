#!/usr/bin/env python3
"""Choose, split and cap the CredData repositories the learned judge trains and validates on.

Stdlib only; run by hand (CI needs neither the network nor the data). It never names a held-out
repository: the held-out ids are read at run time from the planners' file
(../shared/data/creddata-holdout.txt beside the main checkout, or --holdout), and every command
refuses them.

  list                      every usable repository: id, name, split, label counts, fetched or not
  names SPLIT [--fetched] [--limit N]
                            owner/name of one split (train | val), most generic true labels first
  link DIR                  a mirror root of symlinks, DIR/<owner>+<name>/repo -> the git directory,
                            because some fetched snapshots are clones with a work tree (repo/.git)
  cap OUT                   apply the per-repository cap to OUT/labels.json (keeps OUT/labels.full.json)
  summary OUT [OUT ...]     label counts per category per split, for the data README

The split is by repository and deterministic: a repository is in validation when the first 32 bits of
sha256(SALT + id) mod 100 fall below VAL_PERCENT. One repository's lines never appear in both splits.
"""
import argparse
import binascii
import collections
import csv
import hashlib
import io
import json
import os
import subprocess
import sys

SALT = "scan-keys-judge-split-v1:"
VAL_PERCENT = 22

# Per repository, at most CAP labels of each (kind, ground truth) group are counted; the rest become
# neutral ("X", capped: true), chosen by a hash of the label id so the choice is stable. Neutral keeps
# the scorer honest: a finding on a capped line is neither a hit nor a false positive.
CAP = {("generic", "T"): 150, ("generic", "F"): 600, ("other", "T"): 150, ("other", "F"): 600}

# The scorer's generic categories (creddata-score.py); UUID, Nonce and Salt are skipped when scoring.
GENERIC = {"Password", "Secret", "Key", "Token", "Auth", "API", "Credential", "Nonce", "Salt", "UUID",
           "URL Credentials", "Basic Authorization", "Bearer Authorization", "CMD Password", "SQL Password",
           "CMD Token", "CMD Secret", "CMD ConvertTo-SecureString", "CURL User Password", "Other"}
SKIPPED = {"UUID", "Nonce", "Salt"}

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.normpath(os.path.join(HERE, "../.."))


def fail(msg):
    print(f"creddata-repos: {msg}", file=sys.stderr)
    sys.exit(2)


def holdout_path(arg):
    if arg:
        return arg
    # the main checkout sits beside shared/; a worktree sits one level deeper (wt/<branch>)
    for up in ("..", "../.."):
        p = os.path.normpath(os.path.join(REPO_ROOT, up, "shared/data/creddata-holdout.txt"))
        if os.path.isfile(p):
            return p
    fail("cannot find shared/data/creddata-holdout.txt; pass --holdout FILE (refusing to run without it).")


def read_holdout(path):
    try:
        with open(path) as f:
            ids = {l.strip().lower() for l in f if l.strip() and not l.startswith("#")}
    except OSError as e:
        fail(f"cannot read the held-out list {path}: {e.strerror}.")
    if not ids:
        fail(f"the held-out list {path} is empty; refusing to run.")
    return ids


def git(gd, *args):
    r = subprocess.run(["git", "--git-dir", gd] + list(args), capture_output=True)
    if r.returncode:
        fail(f"git {' '.join(args[:2])} in {gd} failed: {r.stderr.decode(errors='replace').strip()}")
    return r.stdout.decode("utf-8", errors="replace")


def git_dir(mirror_root, name):
    # CredData spells one repository with a ".git" tail; fetch stores it without
    for n in (name, name[:-4] if name.endswith(".git") else None):
        if not n:
            continue
        base = os.path.join(mirror_root, n.replace("/", "+"), "repo")
        for gd in (os.path.join(base, ".git"), base):
            if os.path.isfile(os.path.join(gd, "HEAD")) and os.path.isdir(os.path.join(gd, "objects")):
                return gd
    return None


def kind(category):
    return "generic" if all(c in GENERIC for c in category.split(":")) else "other"


def in_val(rid):
    return int(hashlib.sha256((SALT + rid).encode()).hexdigest()[:8], 16) % 100 < VAL_PERCENT


def load(mirror_root, held):
    cd = git_dir(mirror_root, "Samsung/CredData")
    if not cd:
        fail(f"no Samsung/CredData snapshot under {mirror_root}; fetch github:Samsung/CredData first.")
    snapshot = json.loads(git(cd, "show", "HEAD:snapshot.json"))
    names = {}
    for key, url in snapshot.items():
        rid = f"{binascii.crc32(binascii.unhexlify(key)):08x}"
        names[rid] = url.rstrip("/").split("github.com/")[-1]
    repos = []
    for entry in git(cd, "ls-tree", "--name-only", "HEAD", "meta/").split():
        rid = os.path.basename(entry)[:-4].lower()
        if rid in held or rid not in names:
            continue  # held-out labels are never even parsed
        counts = collections.Counter()
        for r in csv.DictReader(io.StringIO(git(cd, "show", f"HEAD:meta/{rid}.csv"))):
            cats = set(r["Category"].split(":"))
            k = kind(r["Category"])
            if k == "generic" and cats & SKIPPED:
                k = "skipped"
            counts[f"{k}_{r['GroundTruth']}"] += 1
        repos.append({"id": rid, "name": names[rid], "split": "val" if in_val(rid) else "train",
                      "counts": counts, "fetched": git_dir(mirror_root, names[rid]) is not None})
    repos.sort(key=lambda r: (-r["counts"]["generic_T"], -r["counts"]["generic_F"], r["id"]))
    return repos


def check_not_held(labels, held, where):
    bad = {str(l.get("file", "")).split("/")[0] for l in labels} & held
    if bad:
        fail(f"{where} holds labels of {len(bad)} held-out repositories; delete it and rebuild.")


def cmd_cap(out, held):
    full = os.path.join(out, "labels.full.json")
    path = os.path.join(out, "labels.json")
    src = full if os.path.exists(full) else path
    labels = json.load(open(src))
    check_not_held(labels, held, src)
    if src == path:
        os.replace(path, full)
    groups = collections.defaultdict(list)
    for i, l in enumerate(labels):
        if l["ground_truth"] in ("T", "F"):
            groups[(l["file"].split("/")[0], kind(l["category"]), l["ground_truth"])].append(i)
    capped = 0
    for (rid, k, gt), idx in groups.items():
        limit = CAP[(k, gt)]
        if len(idx) <= limit:
            continue
        idx.sort(key=lambda i: hashlib.sha256(f"{SALT}{rid}:{labels[i]['id']}".encode()).hexdigest())
        for i in idx[limit:]:
            labels[i] = dict(labels[i], ground_truth="X", capped=True, capped_ground_truth=gt)
            capped += 1
    with open(path, "w") as f:
        json.dump(labels, f, indent=0)
    print(f"{out}: {len(labels)} labels, {capped} made neutral by the cap", file=sys.stderr)


def cmd_summary(outs, held):
    for out in outs:
        labels = json.load(open(os.path.join(out, "labels.json")))
        check_not_held(labels, held, out)
        man = json.load(open(os.path.join(out, "manifest.json")))
        per = collections.defaultdict(collections.Counter)
        for l in labels:
            gt = l["ground_truth"] if not l.get("capped") else "capped"
            for c in l["category"].split(":"):
                per[c][gt] += 1
        print(f"## {os.path.basename(out.rstrip('/'))}: {len(man['used'])} repositories, "
              f"{len(man['skipped'])} skipped")
        print(f"{'category':34s} {'T':>6s} {'F':>6s} {'X':>6s} {'capped':>7s}  kind")
        for c, n in sorted(per.items(), key=lambda x: (-x[1]["T"], x[0])):
            k = "skipped" if c in SKIPPED else kind(c)
            print(f"{c:34s} {n['T']:6d} {n['F']:6d} {n['X']:6d} {n['capped']:7d}  {k}")
        gen = collections.Counter()
        for l in labels:
            cats = set(l["category"].split(":"))
            if kind(l["category"]) == "generic" and not cats & SKIPPED:
                gen["capped" if l.get("capped") else l["ground_truth"]] += 1
        print(f"generic (scored, UUID/Nonce/Salt skipped): T={gen['T']} F={gen['F']} X={gen['X']} "
              f"capped={gen['capped']}")
        print("repositories:", " ".join(sorted(u["repo"] for u in man["used"])))
        for s in man["skipped"]:
            print(f"skipped: {s['repo']} ({s['why']})")
        print()


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror-root", default=os.path.normpath(os.path.join(REPO_ROOT, "../../.mirror"))
                    if os.path.basename(os.path.dirname(REPO_ROOT)) == "wt"
                    else os.path.normpath(os.path.join(REPO_ROOT, "../.mirror")))
    ap.add_argument("--holdout")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("list")
    p = sub.add_parser("names")
    p.add_argument("split", choices=("train", "val"))
    p.add_argument("--fetched", action="store_true")
    p.add_argument("--limit", type=int)
    sub.add_parser("link").add_argument("dir")
    sub.add_parser("cap").add_argument("out")
    sub.add_parser("summary").add_argument("outs", nargs="+")
    a = ap.parse_args(argv)
    held = read_holdout(holdout_path(a.holdout))
    if a.cmd == "cap":
        return cmd_cap(a.out, held)
    if a.cmd == "summary":
        return cmd_summary(a.outs, held)
    repos = load(a.mirror_root, held)
    if a.cmd == "list":
        for r in repos:
            c = r["counts"]
            print(f"{r['id']} {r['split']:5s} {'fetched' if r['fetched'] else '-':7s} "
                  f"genT={c['generic_T']:<5d} genF={c['generic_F']:<5d} otherT={c['other_T']:<4d} "
                  f"otherF={c['other_F']:<5d} {r['name']}")
    elif a.cmd == "names":
        sel = [r for r in repos if r["split"] == a.split and (r["fetched"] or not a.fetched)]
        print("\n".join(r["name"] for r in sel[:a.limit]))
    elif a.cmd == "link":
        os.makedirs(a.dir, exist_ok=True)
        for r in [{"name": "Samsung/CredData"}] + repos:
            gd = git_dir(a.mirror_root, r["name"])
            if not gd:
                continue
            d = os.path.join(a.dir, r["name"].replace("/", "+"))
            os.makedirs(d, exist_ok=True)
            link = os.path.join(d, "repo")
            if os.path.islink(link):
                os.remove(link)
            os.symlink(os.path.abspath(gd), link)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
