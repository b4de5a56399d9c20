// Format name → reporter. Only the text reporter is loaded eagerly: the others
// are imported when asked for, to keep the pre-commit hook's start-up small.
import type { Finding } from "../engine/types.js";
import type { FormatName } from "./formats.js";
import type { ReportContext } from "./context.js";

export type Reporter = (findings: Finding[], ctx: ReportContext) => string;

export async function reporterFor(format: FormatName): Promise<Reporter> {
  switch (format) {
    case "text":
      return (await import("./text.js")).textReport;
    case "json":
      return (await import("./json.js")).jsonReport;
    case "gitleaks":
      return (await import("./gitleaks.js")).gitleaksReport;
    case "sarif":
      return (await import("./sarif.js")).sarifReport;
    case "junit":
      return (await import("./junit.js")).junitReport;
    case "github":
      return (await import("./github.js")).githubReport;
    case "html":
      return (await import("./html.js")).htmlReport;
  }
}
