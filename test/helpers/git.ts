// Real git repositories in temporary directories.
import { execFileSync } from "node:child_process";
import { tempDir } from "./cli.js";

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** `git init` with a local identity and no signing, so commits work anywhere. */
export function initRepo(dir = tempDir("scan-keys-repo-")): string {
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.name", "Test User");
  git(dir, "config", "user.email", "test@example.invalid");
  git(dir, "config", "commit.gpgsign", "false");
  return dir;
}
