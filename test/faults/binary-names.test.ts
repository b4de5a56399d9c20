// Issue 25 (smaller items): a text file whose name is on a list of binary
// formats (`.db`, `.bin`, `.a`, `.o`). git calls UTF-16 text binary, and
// --staged and --history read such files back from their blobs, except
// those with a "binary" name: the tree scan found the key, the hook did not.
import { describe, expect, it } from "vitest";
import { fakeKey, faultJson, git, initRepo, write } from "./helpers.js";

const NAMES = ["data.db", "blob.bin", "lib.a", "obj.o"];

/** UTF-16LE with a BOM: text to the tree scan, binary to git. */
const utf16 = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, "utf16le")]);

describe("text files with binary-looking names", () => {
  it("are read back and scanned by --staged and --history, as the tree scan reads them", () => {
    const repo = initRepo();
    for (const name of NAMES) write(repo, name, utf16(`token = "${fakeKey()}"\n`));
    git(repo, "add", "-A");
    const found = (args: string[]) => faultJson(`binary names, ${args[0]}`, args, { cwd: repo }).report.findings.map((f) => f.file).sort();
    expect(found(["."])).toEqual([...NAMES].sort());
    expect(found(["--staged"])).toEqual([...NAMES].sort());
    git(repo, "commit", "-qm", "utf-16", "--no-verify");
    expect(found(["--history"])).toEqual([...NAMES].sort());
  });
});
