// The check every install-hook suite ends with: a commit with a key is
// blocked by the installed hook (and names the file), a clean one goes through.
import { expect } from "vitest";
import { commitCount, git, keyLine, tryGit, write } from "./gitrepo.js";

export function expectBlocksThenAllows(repo: string): void {
  write(repo, "k.txt", `${keyLine()}\n`);
  git(repo, "add", "k.txt");
  const before = commitCount(repo);
  const blocked = tryGit(repo, ["commit", "-m", "with key"]);
  expect(blocked.code).not.toBe(0);
  expect(blocked.out).toMatch(/k\.txt:1:/);
  expect(commitCount(repo)).toBe(before);
  write(repo, "k.txt", "clean\n");
  git(repo, "add", "k.txt");
  const clean = tryGit(repo, ["commit", "-m", "clean"]);
  expect(clean.code, clean.out).toBe(0);
  expect(commitCount(repo)).toBe(before + 1);
}
