/**
 * USD for people, the one rule everywhere money is shown (Discord replies, the CLI, `config check` prices): cents for
 * budgets and anything from 10 cents up (`$4.93`, `$5.00`), two significant digits below, for the fractions of a cent
 * one chat answer costs (`$0.0012`) and the prices of cheap models (`$0.035` per 1M tokens), where rounding to cents
 * would say `$0.00`; under a hundredth of a cent, `<$0.0001`.
 */
const SMALLEST = 0.0001;

export function formatUsd(amount: number): string {
  if (amount === 0 || Math.abs(amount) >= 0.1) return `$${amount.toFixed(2)}`;
  if (Math.abs(amount) < SMALLEST) return `<$${SMALLEST}`;
  const decimals = 1 - Math.floor(Math.log10(Math.abs(amount)));
  return `$${Number(amount.toFixed(decimals)).toString()}`;
}
