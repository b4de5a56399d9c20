// Every generic true value in every common assignment shape (in the spirit of
// gitleaks' sample generator): ~30 contexts × a few kinds of value. Each
// true value must be found with a generic rule, and each look-alike
// (placeholders, defaults, dictionary words, references) must stay silent
// in every shape. Values are random, made at test time.
import { describe, expect, it } from "vitest";
import { compileBuiltinRules, createScanner } from "../src/commands/ruleset.js";
import { randomToken } from "./helpers/keys.js";

const scanner = createScanner(compileBuiltinRules());

/** {N}: setting name in its natural case for the syntax; {V}: the value. */
const SHAPES: Record<string, { path: string; text: string }> = {
  "= quoted": { path: "app.py", text: 'service_{n} = "{V}"' },
  ":= (Go short)": { path: "main.go", text: 'service{N} := "{V}"' },
  "Go var": { path: "main.go", text: 'var service{N} string = "{V}"' },
  "Go backticks": { path: "main.go", text: "service{N} := `{V}`" },
  ": (JS object)": { path: "app.js", text: "const cfg = { service{N}: '{V}' };" },
  "=> (PHP array)": { path: "config.php", text: "'service_{n}' => '{V}'," },
  "PHP .=": { path: "config.php", text: '$service{N} .= "{V}";' },
  "YAML unquoted": { path: "config.yml", text: "service_{n}: {V}" },
  "YAML quoted": { path: "config.yml", text: "service_{n}: '{V}'" },
  JSON: { path: "config.json", text: '{\n  "service_{n}": "{V}"\n}' },
  "JSON escaped newline": { path: "config.json", text: '{"config.ini": "SERVICE_{U}={V}\\nBACKUP_ENABLED=true"}' },
  "XML attribute": { path: "web.config", text: '<add key="Service{N}" value="{V}" />' },
  "XML element": { path: "settings.xml", text: "<service{N}>{V}</service{N}>" },
  "XML element multi-line": { path: "settings.xml", text: "<service{N}>\n    {V}\n</service{N}>" },
  INI: { path: "app.ini", text: "[svc]\nservice_{n}={V}" },
  TOML: { path: "app.toml", text: 'service_{n} = "{V}"' },
  "shell export": { path: "env.sh", text: "export SERVICE_{U}={V}" },
  ".env": { path: ".env.example.local", text: "SERVICE_{U}={V}" },
  "Dockerfile ENV": { path: "Dockerfile", text: "ENV SERVICE_{U}={V}" },
  properties: { path: "app.properties", text: "service.{n}={V}" },
  "make ::=": { path: "Makefile", text: "SERVICE_{U} ::= {V}" },
  "make :::=": { path: "Makefile", text: "SERVICE_{U} :::= {V}" },
  "C#": { path: "Program.cs", text: 'private const string Service{N} = "{V}";' },
  Java: { path: "App.java", text: 'private static final String SERVICE_{U} = "{V}";' },
  Rust: { path: "main.rs", text: 'const SERVICE_{U}: &str = "{V}";' },
  TypeScript: { path: "app.ts", text: 'const service{N}: string = "{V}";' },
  Kotlin: { path: "App.kt", text: 'val service{N} = "{V}"' },
  Ruby: { path: "app.rb", text: 'SERVICE_{U} = "{V}"' },
  "Python call": { path: "app.py", text: 'os.environ.setdefault("SERVICE_{U}", "{V}")' },
  "logstash =>": { path: "pipeline.conf", text: '  "service{N}" => "{V}"' },
};

const NAMES = { token: ["Token", "token", "TOKEN"], password: ["Password", "password", "PASSWORD"] } as const;
const HEX = "0123456789abcdef";

function fill(shape: string, name: readonly [string, string, string], value: string): string {
  return shape.replaceAll("{N}", name[0]).replaceAll("{n}", name[1]).replaceAll("{U}", name[2]).replaceAll("{V}", value);
}

function generic(path: string, text: string) {
  return scanner.scan({ path, text, source: "tree" }).filter((f) => f.provider === "Generic");
}

// Machine-made secrets: found as tokens. People-made passwords: found as passwords.
const TRUE_VALUES: [string, () => string, keyof typeof NAMES][] = [
  ["random alphanumeric token", () => randomToken(32), "token"],
  ["64 hex", () => randomToken(64, HEX), "token"],
  ["moderate password", () => `k${randomToken(3, "0123456789")}Jx${randomToken(5)}`, "password"],
];

const LOOK_ALIKES = ["password", "changeme", "${DB_PASSWORD}", "<password>", "your-password-here", "xxxxxxxxxx", "**********", "sunshine", "correcthorse", "Password123", "admin123!"];

describe("generic secrets in every common assignment shape", () => {
  for (const [label, make, kind] of TRUE_VALUES) {
    it.each(Object.keys(SHAPES))(`finds a ${label} in %s`, (shapeName) => {
      const shape = SHAPES[shapeName]!;
      const value = make();
      const found = generic(shape.path, fill(shape.text, NAMES[kind], value));
      expect(found.map((f) => f.secret)).toContain(value);
    });
  }

  for (const value of LOOK_ALIKES) {
    it.each(Object.keys(SHAPES))(`stays silent on "${value}" in %s`, (shapeName) => {
      const shape = SHAPES[shapeName]!;
      for (const kind of ["token", "password"] as const) {
        expect(generic(shape.path, fill(shape.text, NAMES[kind], value))).toEqual([]);
      }
    });
  }
});
