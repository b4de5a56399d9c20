#!/usr/bin/env python3
"""Group the generic true secrets of a CredData set by the shape of the line that holds them, and say for each
shape how many scan-keys reports, how many a rule proposes but the judge drops, and how many no rule proposes.

Stdlib only; run by hand on a set built as scripts/judge/README.md says (never on held-out repositories).

  miss-shapes.py OUT REPORT [JUDGE_OFF_REPORT [CHECKS_OFF_REPORT]] [--examples N] > miss-analysis.md

OUT is a creddata-build.py output (OUT/data, OUT/labels.json); REPORT is `scan-keys OUT/data --format json`
from the build under test; JUDGE_OFF_REPORT (optional) is the same scan from a build whose generic judge accepts
every candidate, CHECKS_OFF_REPORT one that also skips the judged rules' value checks (placeholders, stopwords,
allow patterns, named checks, entropy), so "never proposed" means no generic rule's regex matches. Values in examples
are printed as character classes only (a lower, A upper, 9 digit, punctuation kept).
"""
import collections
import json
import os
import re
import sys

SKIPPED = {"UUID", "Nonce", "Salt"}
GENERIC = {"Password", "Secret", "Key", "Token", "Auth", "API", "Credential", "Nonce", "Salt", "UUID",
           "URL Credentials", "Basic Authorization", "Bearer Authorization", "CMD Password", "SQL Password",
           "CMD Token", "CMD Secret", "CMD ConvertTo-SecureString", "CURL User Password", "Other"}
SECRET_WORD = re.compile(r"pass|pwd|secret|token|key|auth|cred|api|private|signature", re.I)

LANG = {".yaml": "YAML", ".yml": "YAML", ".toml": "TOML", ".ini": "INI/cfg", ".cfg": "INI/cfg", ".conf": "INI/cfg",
        ".properties": "properties", ".env": ".env", ".json": "JSON", ".xml": "XML", ".config": "XML",
        ".tf": "HCL", ".hcl": "HCL", ".sh": "shell", ".bash": "shell", ".ps1": "PowerShell", ".md": "docs",
        ".rst": "docs", ".txt": "docs", ".adoc": "docs", ".asciidoc": "docs", ".html": "docs", ".ldif": "LDIF",
        ".rsp": "INI/cfg", ".sql": "SQL", ".bat": "shell", ".cmd": "shell", ".zsh": "shell"}


def lang_of(path):
    base = os.path.basename(path).lower()
    if base.startswith(".env") or base.endswith(".env"):
        return ".env"
    if base in ("dockerfile",) or base.startswith("docker-compose"):
        return "YAML" if base.endswith((".yml", ".yaml")) else "Dockerfile"
    ext = os.path.splitext(base)[1]
    return LANG.get(ext, "code")


def shape_of_value(v):
    return "".join("a" if c.islower() else "A" if c.isupper() else "9" if c.isdigit() else c for c in v)


def classes(v):
    return sum(any(f(c) for c in v) for f in (str.islower, str.isupper, str.isdigit)) + any(
        not c.isalnum() for c in v)


def line_shape(path, line, vs, ve):
    """The shape of the slot the value sits in, from the text before (and just after) it."""
    pre, val, post = line[:vs], line[vs:ve if ve > vs else len(line)], line[ve:] if ve > vs else ""
    p = pre.rstrip()
    lang = lang_of(path)
    if re.search(r"""["']?\b(d|p|q|dp|dq|qi|k)["']?\s*:\s*["']?$""", pre):
        return "JWK private member (d/p/q/dp/dq/qi/k)"
    if re.search(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s/@'\"]*:$", pre) and post.startswith("@"):
        return "URL userinfo (scheme://user:PASS@host)"
    if re.search(r"[A-Za-z][A-Za-z0-9+.-]*://$", pre) and post.startswith(("@", ":")):
        return "URL userinfo (scheme://TOKEN@host or user part)"
    if re.search(r"[?&;][\w.\[\]-]+=$", pre):
        return "URL query parameter (?name=VALUE)"
    if re.search(r"ConvertTo-SecureString", line, re.I):
        return "CLI: ConvertTo-SecureString"
    if re.search(r"\bcurl\b.*\s(-u|--user)\s+['\"]?[^\s:'\"]*:$", pre):
        return "CLI: curl -u user:PASS"
    if re.search(r"(^|\s)-p$", pre) or re.search(r"(mysql|mysqladmin|mysqldump|sshpass|psql)\b.*\s-p['\"]?$", pre):
        return "CLI flag glued/short (-pPASS, -p PASS)"
    if re.search(r"(^|\s)--?[A-Za-z][\w-]*(=|\s+)['\"]?$", pre) and not re.search(r"[=:]\s*['\"]?$", pre.split()[-1] if pre.split() else "") or re.search(r"\s--[\w-]+=['\"]?$", pre):
        return "CLI flag (--password VALUE, --token=VALUE)"
    if re.search(r"\b(Authorization|Proxy-Authorization)\b['\"]?\s*[:=,]\s*['\"]?\s*(Bearer|Basic|Token|token|Digest|OAuth)?\s*$", pre, re.I) or \
       re.search(r"\b(Bearer|Basic)\s+$", pre):
        return "HTTP header: Authorization / Bearer / Basic"
    if re.search(r"\b(X-[\w-]+|Api-?Key|Private-Token|Auth-Token|Cookie|Set-Cookie)['\"]?\s*[:,]\s*['\"]?$", pre, re.I):
        return "HTTP header: X-…/Api-Key/Private-Token/Cookie"
    if lang == "XML" or re.search(r"<[\w:.-]+(\s[^<>]*)?>$", pre):
        if re.search(r"<[\w:.-]+(\s[^<>]*)?>$", pre):
            return "XML/HTML element text (<password>VALUE<)"
        if re.search(r"[\w:.-]+\s*=\s*['\"]$", pre):
            return "XML attribute (name=\"VALUE\")"
    m = re.search(r"([\w.$\[\]'\"-]+?)['\"\]]?\s*(:=|=>|==|=|:|<-|->)\s*(\[|\{)?\s*[@bru]?['\"`]?$", pre)
    if m:
        name = m.group(1).strip("'\"[]$").split(".")[-1]
        op = m.group(2)
        tail = "secret word at end of name" if re.search(r"(pass(word|wd|phrase)?|pwd|secret|token|key|auth|credentials?|api)$", name, re.I) \
            else "secret word inside name" if SECRET_WORD.search(name) else "name has no secret word"
        if op == "==":
            return f"comparison (x == VALUE) [{lang}]"
        return f"assignment in {lang} ({tail})"
    if re.search(r"\(\s*(\w+\s*=\s*)?['\"`]?$", pre) or re.search(r"[(,]\s*['\"`][^'\"`]*['\"`]\s*,\s*['\"`]?$", pre) or \
       re.search(r",\s*['\"`]?$", pre):
        return f"call argument / list element [{lang}]"
    if re.search(r"\s['\"]?$", pre) and re.search(r"\b(password|passwd|pwd|token|secret|key)\b", pre, re.I):
        return f"prose / bare value after a secret word [{lang}]"
    return f"other [{lang}]"


def main(argv):
    ex = 3
    if "--examples" in argv:
        i = argv.index("--examples")
        ex = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    out, report = argv[0], argv[1]
    propose = argv[2] if len(argv) > 2 else None
    regex = argv[3] if len(argv) > 3 else None
    labels = json.load(open(os.path.join(out, "labels.json")))
    data = os.path.join(out, "data")

    def lines_of(rep):
        found = collections.defaultdict(set)
        for f in json.load(open(rep)).get("findings", []):
            p = f["file"].replace("\\", "/")
            if not os.path.isfile(os.path.join(data, p)):
                p = os.path.relpath(os.path.abspath(p), os.path.abspath(data))
            found[p].add(int(f["line"]))
        return found

    rep, prop = lines_of(report), lines_of(propose) if propose else None
    rx = lines_of(regex) if regex else None
    cache = {}
    stats = collections.defaultdict(collections.Counter)
    examples = collections.defaultdict(list)
    total = collections.Counter()
    for l in labels:
        cats = set(l["category"].split(":"))
        if l["ground_truth"] != "T" or not cats <= GENERIC or cats & SKIPPED:
            continue
        f = l["file"]
        if f not in cache:
            with open(os.path.join(data, f), encoding="utf-8", errors="replace") as fh:
                cache[f] = fh.read().split("\n")
        text = cache[f][l["line"] - 1] if l["line"] <= len(cache[f]) else ""
        vs, ve = l["value_start"], l["value_end"]
        hit = lambda found: any(ln in found.get(f, ()) for ln in range(l["line"], l.get("line_end", l["line"]) + 1))
        status = "reported" if hit(rep) else "proposed, judged out" if prop is not None and hit(prop) else \
            "matched, dropped by checks" if rx is not None and hit(rx) else "never proposed"
        shape = line_shape(f, text, vs, ve) if vs >= 0 else "multi-line / no value span"
        val = text[vs:ve if ve > vs else len(text)] if vs >= 0 else ""
        stats[shape][status] += 1
        total[status] += 1
        vkey = "short (<8)" if len(val) < 8 else "single class" if classes(val) < 2 else None
        if vkey and status != "reported":
            stats[shape]["value " + vkey] += 1
        if status != "reported" and len(examples[(shape, status)]) < ex:
            short = text.strip()
            shown = text[:vs].lstrip()[-70:] + "<" + shape_of_value(val)[:40] + ">" + text[ve:ve + 25] if vs >= 0 else short[:80]
            if any(shown.replace(chr(96), chr(39)) in e for e in examples[(shape, status)]):
                continue
            examples[(shape, status)].append(f"`{l['category']}` {os.path.splitext(f)[1] or os.path.basename(f)}: `{shown.replace(chr(96), chr(39))}`")
    n = sum(total.values())
    ST = ("reported", "proposed, judged out", "matched, dropped by checks", "never proposed")
    print(f"# Generic true secrets by shape ({os.path.basename(os.path.abspath(out))}: {n} labels, UUID/Nonce/Salt skipped)\n")
    print(", ".join(f"{st} {total[st]} ({total[st] / n:.1%})" for st in ST) + "\n")
    print("Values are shown as classes (a lower, A upper, 9 digit); `<…>` marks the labelled span.\n")
    print("| shape | labels | reported | judged out | dropped by checks | never proposed | missed, <8 chars | missed, one class |")
    print("|---|---|---|---|---|---|---|---|")
    order = sorted(stats.items(), key=lambda kv: -(sum(kv[1][st] for st in ST[1:])))
    for shape, c in order:
        tot = sum(c[st] for st in ST)
        print(f"| {shape} | {tot} | " + " | ".join(str(c[st]) for st in ST) +
              f" | {c['value short (<8)']} | {c['value single class']} |")
    print("\n## Examples of misses\n")
    for shape, c in order:
        if not any(c[st] for st in ST[1:]):
            continue
        print(f"### {shape}\n")
        for status in ST[1:][::-1]:
            for e in examples.get((shape, status), ()):
                print(f"- {status}: {e}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
