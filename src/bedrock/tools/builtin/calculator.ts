/**
 * `calculator`: arithmetic, functions, units and small matrices through mathjs, never `eval`. The instance follows
 * mathjs's security guide ("Expression parser security"): functions that change the instance (`import`,
 * `createUnit`, `config`) or parse nested expressions (`evaluate`, `parse`, `simplify`, `derivative`...) are
 * replaced by ones that throw. mathjs itself blocks property tricks such as `[].constructor`. Functions that build
 * arbitrarily large matrices from a short expression (`zeros(1e5, 1e5)`, `1:1e9`, `kron`) are disabled too, since
 * a one-line expression must not exhaust the bot's memory.
 *
 * mathjs is imported on the first calculation, not with this module: loading it costs about 2 s of CPU and 70 MB,
 * more than the rest of the bot's start, and most bots never get a calculation.
 */
import { z } from "zod";
import { defineTool } from "../tool-registry.ts";

/** Long enough for any real calculation, short enough to keep parsing cheap. */
const MAX_EXPRESSION_LENGTH = 1000;
/** Significant digits in results. */
const PRECISION = 14;

const DISABLED_FUNCTIONS = [
  // mathjs security guide: these alter the instance or parse arbitrary input into expression trees.
  "import",
  "createUnit",
  "evaluate",
  "parse",
  "simplify",
  "derivative",
  // Same reasons, found in the API: compile/parser/resolve and the other symbolic functions parse strings too.
  "compile",
  "parser",
  "resolve",
  "rationalize",
  "simplifyConstant",
  "simplifyCore",
  "symbolicEqual",
  "leafCount",
  "config",
  // Size taken from an argument, not from the expression's length.
  "zeros",
  "ones",
  "identity",
  "range",
  "random",
  "randomInt",
  "pickRandom",
  "resize",
  "reshape",
  "kron",
  "diag",
] as const;

type Evaluate = (expression: string, scope: Map<string, unknown>) => unknown;
type Format = (value: unknown, options: { precision: number }) => string;

let restricted: Promise<{ evaluate: Evaluate; format: Format }> | undefined;

/** Built once, on first use; calls made while it loads share the one instance. */
function restrictedMath(): Promise<{ evaluate: Evaluate; format: Format }> {
  restricted ??= createRestrictedMath();
  return restricted;
}

async function createRestrictedMath(): Promise<{ evaluate: Evaluate; format: Format }> {
  const { all, create } = await import("mathjs");
  if (all === undefined) throw new Error("mathjs did not export its function set");
  const math = create(all);
  const evaluate = math.evaluate.bind(math) as Evaluate; // kept before `evaluate` itself is disabled below
  const format = math.format.bind(math) as Format;
  const disabled = Object.fromEntries(
    DISABLED_FUNCTIONS.map((name) => [
      name,
      () => {
        throw new Error(`function ${name} is disabled in this calculator`);
      },
    ]),
  );
  math.import(disabled, { override: true });
  return { evaluate, format };
}

/** Evaluates `expression` (`(17 + 4) * 3`, `sqrt(2)`, `10 cm to inch`) and formats the result; throws on errors. */
export async function calculate(expression: string): Promise<string> {
  if (expression.length > MAX_EXPRESSION_LENGTH) throw new Error(`the expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  const math = await restrictedMath();
  // A fresh scope per call: variables or functions defined in one expression never leak into the next.
  const result = math.evaluate(expression, new Map());
  if (typeof result === "function") throw new Error("the expression is a function, not a value");
  return math.format(result, { precision: PRECISION });
}

const inputSchema = z.object({
  expression: z
    .string()
    .min(1)
    .max(MAX_EXPRESSION_LENGTH)
    .describe("A mathjs expression, e.g. (17 + 4) * 3, sqrt(2) / 3, 5!, det([1, 2; 3, 4]), 10 cm to inch."),
});

export function createCalculatorTool() {
  return defineTool({
    name: "calculator",
    description:
      "Evaluates a math expression exactly instead of guessing: arithmetic, powers, roots, trigonometry, logarithms, factorials, unit conversions (10 cm to inch) and small matrices.",
    inputSchema,
    run: ({ expression }) => calculate(expression),
  });
}
