/**
 * Clients per provider, created on first use and shared afterwards: one HTTP/2 session pool per provider rather than
 * per conversation. The chat plugin, `/batch` and the CLI all resolve "model name -> clients" through this.
 */
import type { ModelConfig, ProviderConfig } from "../../config/schema.ts";
import { UserFacingError } from "../errors/user-facing-error.ts";
import { createBedrockClients, type BedrockClients } from "./create-bedrock-clients.ts";

export class BedrockClientPool {
  readonly #providers: ReadonlyMap<string, ProviderConfig>;
  readonly #create: (provider: ProviderConfig) => BedrockClients;
  readonly #clients = new Map<string, BedrockClients>();

  constructor(providers: readonly ProviderConfig[], create: (provider: ProviderConfig) => BedrockClients = createBedrockClients) {
    this.#providers = new Map(providers.map((provider) => [provider.name, provider]));
    this.#create = create;
  }

  /** The clients of the provider `model` runs on. */
  forModel(model: Pick<ModelConfig, "name" | "api_provider">): BedrockClients {
    return this.forProvider(model.api_provider, `model "${model.name}"`);
  }

  forProvider(name: string, usedBy = "this request"): BedrockClients {
    const existing = this.#clients.get(name);
    if (existing) return existing;
    const provider = this.#providers.get(name);
    if (!provider) throw new UserFacingError(`${usedBy} uses provider "${name}", which is not a usable bedrock provider in the config.`);
    const clients = this.#create(provider);
    this.#clients.set(name, clients);
    return clients;
  }

  /** Closes every client's sockets (graceful shutdown). */
  destroy(): void {
    for (const clients of this.#clients.values()) clients.destroy();
    this.#clients.clear();
  }
}
