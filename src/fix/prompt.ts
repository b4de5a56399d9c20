// The yes / no / all / quit question, asked per secret on a terminal.
// @inquirer/expand is loaded only here, so scans never pay for it.

export type Answer = "yes" | "no" | "all" | "quit" | "abort";

export async function ask(message: string): Promise<Answer> {
  const { default: expand } = await import("@inquirer/expand");
  try {
    return await expand<Answer>({
      message,
      default: "y",
      choices: [
        { key: "y", name: "Yes, fix this one", value: "yes" },
        { key: "n", name: "No, leave it as it is", value: "no" },
        { key: "a", name: "All: fix this one and every one after it", value: "all" },
        { key: "q", name: "Quit: fix nothing more (what you accepted is still applied)", value: "quit" },
      ],
    });
  } catch (err) {
    // Ctrl-C or a closed terminal: stop, and change nothing at all.
    if (err instanceof Error && (err.name === "ExitPromptError" || err.name === "AbortPromptError")) return "abort";
    throw err;
  }
}
