// The rewriters as pure text → text: imports where a formatter would put them,
// and refusals wherever a lookup would not compile or a rewrite is a guess.
import { describe, expect, it } from "vitest";
import { rewriteSecret } from "../src/fix/rewrite.js";
import { randomToken } from "./helpers/keys.js";

const K = `tok_${randomToken(24)}`; // any string: the rewriter is told what the secret is

const ok = (path: string, text: string, name = "API_KEY") => {
  const r = rewriteSecret(text, path, K, name);
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.text;
};
const refused = (path: string, text: string) => {
  const r = rewriteSecret(text, path, K, "API_KEY");
  return r.ok ? undefined : r.reason;
};

describe("fix rewriters: imports", () => {
  it("Python: after the docstring and __future__, before the first import; a blank line when there were none", () => {
    expect(ok("a.py", `"""Doc\nstring."""\nfrom __future__ import annotations\nx = "${K}"\n`)).toBe(
      `"""Doc\nstring."""\nfrom __future__ import annotations\nimport os\n\nx = os.environ["API_KEY"]\n`,
    );
    expect(ok("a.py", `#!/usr/bin/env python3\nimport json\nx = '${K}'\n`)).toBe(`#!/usr/bin/env python3\nimport os\nimport json\nx = os.environ['API_KEY']\n`);
    expect(ok("a.py", `import os, sys\nx = "${K}"\n`)).toBe(`import os, sys\nx = os.environ["API_KEY"]\n`);
  });

  it("Go: next to a single import, or a new import after package", () => {
    expect(ok("m.go", `package main\n\nimport "fmt"\n\nvar k = "${K}"\n`)).toBe(`package main\n\nimport "fmt"\nimport "os"\n\nvar k = os.Getenv("API_KEY")\n`);
    expect(ok("m.go", `package cfg\n\nvar k = \`${K}\`\n`)).toBe(`package cfg\n\nimport "os"\n\nvar k = os.Getenv("API_KEY")\n`);
  });

  it("C#: using System at the top when the file has no usings", () => {
    expect(ok("A.cs", `class A { string k = @"${K}"; }\n`)).toBe(`using System;\n\nclass A { string k = Environment.GetEnvironmentVariable("API_KEY"); }\n`);
  });
});

describe("fix rewriters: no guess that breaks the code", () => {
  it.each([
    ["app.js", `const h = "Bearer ${K}";\n`, /inside a longer string/],
    ["app.js", `switch (x) { case "${K}": break; }\n`, /case label/],
    ["a.py", `x = f"${K}"\n`, /prefixed string/],
    ["a.py", `x = """${K}"""\n`, /triple-quoted/],
    ["m.go", `package m\n\nconst (\n\tA = "${K}"\n)\n`, /const block/],
    ["A.java", `@Key("${K}") class A {}\n`, /annotation/],
    ["A.cs", `class A { const string K = "${K}"; }\n`, /const/],
    ["p.php", `<?php\nclass A { private $key = '${K}'; }\n`, /property default/],
    ["p.php", `<?php\nconst KEY = '${K}';\n`, /constant/],
    ["m.rs", `const KEY: &str = "${K}";\n`, /const or static/],
    ["m.rs", `let k = r"${K}";\n`, /raw or byte/],
    ["s.sh", `cat <<EOF\n${K}\nEOF\n`, /here-document/],
    ["data.json", `{"k": "${K}"}\n`, /JSON is data/],
    ["notes.txt", `${K}\n`, /no rewriter/],
  ])("%s: %s", (path, text, why) => {
    expect(refused(path, text)).toMatch(why);
  });

  it("rewrites every occurrence or none", () => {
    expect(refused("app.js", `const a = "${K}";\nconst b = "x${K}";\n`)).toMatch(/longer string/);
  });
});
