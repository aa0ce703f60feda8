/** Reads a Prometheus text exposition into `name{labels}` -> value, for before/after comparisons in tests. */
export type Samples = Map<string, number>;

export async function scrapeMetrics(baseUrl: string): Promise<Samples> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  const samples: Samples = new Map();
  for (const line of (await response.text()).split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const space = line.lastIndexOf(" ");
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

/** A sample's value (0 when absent), e.g. `sample(s, "bedrock_bot_chat_turns_total", { model: "nova", outcome: "ok" })`. */
export function sample(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels);
  let total = 0;
  for (const [key, value] of samples) {
    const brace = key.indexOf("{");
    if ((brace === -1 ? key : key.slice(0, brace)) !== name) continue;
    const labelText = brace === -1 ? "" : key.slice(brace);
    if (wanted.every(([label, expected]) => labelText.includes(`${label}="${expected}"`))) total += value;
  }
  return total;
}

/** Scrapes until `done` holds (a counter the bot bumps right after the Discord call a test waited for). */
export async function scrapeUntil(baseUrl: string, done: (samples: Samples) => boolean): Promise<Samples> {
  for (;;) {
    const samples = await scrapeMetrics(baseUrl);
    if (done(samples)) return samples;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
