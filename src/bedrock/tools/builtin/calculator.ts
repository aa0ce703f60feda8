/**
 * `calculator`: arithmetic, functions, units and small matrices through mathjs, never `eval`. The instance follows
 * mathjs's security guide ("Expression parser security"): functions that change the instance (`import`,
 * `createUnit`, `config`) or parse nested expressions (`evaluate`, `parse`, `simplify`, `derivative`...) are
 * replaced by ones that throw. mathjs itself blocks property tricks such as `[].constructor`. Functions that build
 * arbitrarily large matrices from a short expression (`zeros(1e5, 1e5)`, `1:1e9`, `kron`) are disabled too, since
 * a one-line expression must not exhaust the bot's memory.
 */
import { all, create } from "mathjs";
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

let restricted: { evaluate: Evaluate; format: Format } | undefined;

/** Built once, on first use (creating a full mathjs instance takes a few tens of ms). */
function restrictedMath(): { evaluate: Evaluate; format: Format } {
  if (restricted !== undefined) return restricted;
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
  restricted = { evaluate, format };
  return restricted;
}

/** Evaluates `expression` (`(17 + 4) * 3`, `sqrt(2)`, `10 cm to inch`) and formats the result; throws on errors. */
export function calculate(expression: string): string {
  if (expression.length > MAX_EXPRESSION_LENGTH) throw new Error(`the expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  const math = restrictedMath();
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
